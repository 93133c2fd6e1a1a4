import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/api-error'
import { ID_CARD_MESSAGES, type IdCardProblem } from '@/utils/id-card'
import { zhCN } from './catalogue'
import {
  codeProblem,
  idCardProblemText,
  phoneProblem,
  publicErrorMessage,
  publicFieldMessage,
  reservationProblems,
} from './public-errors'

const api = (status: number, code: string, message: string, field: string | null = null) =>
  new ApiError({ status, code, message, field })

describe('publicErrorMessage', () => {
  it('maps every code a public endpoint answers to English', () => {
    const cases: [ApiError, string][] = [
      [api(409, 'slot_full', '该场次已约满'), 'This session is full'],
      [api(409, 'conflict', '该手机号已预约', 'phone'), 'This mobile number already holds a place'],
      [api(409, 'conflict', '尚未开放预约'), 'This cannot be done right now'],
      [
        api(422, 'validation_failed', '手机号格式不正确', 'phone'),
        'Please enter an 11-digit mainland China mobile number',
      ],
      [api(422, 'validation_failed', '人数超出', 'party_size'), 'Too many or too few people'],
      [api(422, 'validation_failed', '不对'), 'The request was not valid'],
      [api(400, 'invalid_input', '手机号不能放在网址中', 'phone'), 'The request was not valid'],
      [api(404, 'not_found', '活动不存在或尚未发布'), 'Not found'],
      [api(429, 'rate_limited', '操作过于频繁'), 'Too many attempts'],
      [api(500, 'internal', '服务器内部错误'), 'The server is unavailable'],
      [api(503, 'unavailable', '服务暂不可用'), 'The server is unavailable'],
      [api(0, 'network', '无法连接服务器'), 'Cannot reach the server'],
    ]
    for (const [e, want] of cases) expect(publicErrorMessage(e, 'en'), e.code).toContain(want)
  })

  it('falls back to the server’s message for a code it does not know', () => {
    expect(publicErrorMessage(api(418, 'teapot', '我是茶壶'), 'en')).toBe('我是茶壶')
  })

  it('keeps the server’s Chinese message in Chinese', () => {
    expect(publicErrorMessage(api(409, 'slot_full', '该场次已约满'), 'zh-CN')).toBe('该场次已约满')
  })

  it('translates a 422 detail by its field only in English', () => {
    expect(publicFieldMessage('name', '姓名不能为空', 'en')).toContain('Please enter your name')
    expect(publicFieldMessage('name', '姓名不能为空', 'zh-CN')).toBe('姓名不能为空')
    expect(publicFieldMessage('other', '别的', 'en')).toBe('别的')
  })
})

describe('reservationProblems', () => {
  it('gives the form’s own checks in English', () => {
    expect(reservationProblems('en', { name: ' ', phone: '', party_size: 9 }, 5)).toEqual({
      name: 'Please enter your name',
      phone: 'Please enter your mobile number',
      party_size: 'From 1 to 5 people',
    })
    expect(reservationProblems('en', { name: 'x'.repeat(51), phone: '12345', party_size: 1 }, 5)).toEqual({
      name: 'The name can be at most 50 characters',
      phone: expect.stringContaining('11-digit'),
    })
    expect(reservationProblems('en', { name: 'Li Lei', phone: '138 1234 5678', party_size: 2 }, 5)).toEqual({})
  })

  it('keeps the Chinese checks as they are', () => {
    expect(reservationProblems('zh-CN', { name: '', phone: '', party_size: 1 }, 5)).toEqual({
      name: '请填写姓名',
      phone: '请填写手机号',
    })
  })
})

describe('a refused SMS code', () => {
  const refused = (code: string, message: string) =>
    new ApiError({
      status: 422,
      code: 'validation_failed',
      message,
      field: 'phone_code',
      details: [{ field: 'phone_code', code, message }],
    })

  it('reads in English by its detail code, with the tries left', () => {
    expect(publicErrorMessage(refused('code_wrong', '验证码不正确，还可再试4次'), 'en')).toBe(
      'The code is not right: 4 more tries',
    )
    expect(publicErrorMessage(refused('code_wrong', '验证码不正确，请重新获取'), 'en')).toBe('The code is not right')
    expect(publicErrorMessage(refused('code_required', '该场次需要短信验证'), 'en')).toContain('needs a verified')
    expect(publicErrorMessage(refused('code_exhausted', '验证码错误次数过多'), 'en')).toContain('Too many wrong tries')
    expect(publicErrorMessage(refused('code_expired', '验证码无效或已过期'), 'en')).toContain('has expired')
    expect(publicErrorMessage(refused('invalid', '验证码为6位数字'), 'en')).toBe('The code is 6 digits')
    expect(publicErrorMessage(refused('surprise', '新的问题'), 'en')).toBe('新的问题')
  })

  it('keeps the server’s Chinese, tries left included', () => {
    expect(publicErrorMessage(refused('code_wrong', '验证码不正确，还可再试4次'), 'zh-CN')).toBe(
      '验证码不正确，还可再试4次',
    )
  })
})

describe('the checks before asking for or sending a code', () => {
  it('wants a mainland mobile before texting it', () => {
    expect(phoneProblem('zh-CN', ' ')).toBe('请填写手机号')
    expect(phoneProblem('en', '010-12345678')).toContain('11-digit')
    expect(phoneProblem('en', '139 0000 0001')).toBe('')
  })

  it('wants six digits', () => {
    expect(codeProblem('zh-CN', '')).toBe('请填写短信验证码')
    expect(codeProblem('en', '12345')).toBe('The code is 6 digits')
    expect(codeProblem('en', '123 456')).toBe('')
  })
})

describe('a real-name holder’s ID card', () => {
  const refused = (message: string, code = 'invalid') =>
    new ApiError({
      status: 422,
      code: 'validation_failed',
      message,
      field: 'id_card',
      details: [{ field: 'id_card', code, message }],
    })

  it('reads in Chinese exactly as the server says it', () => {
    for (const [problem, message] of Object.entries(ID_CARD_MESSAGES))
      expect(zhCN[`id.${problem as IdCardProblem}`], problem).toBe(message)
    expect(idCardProblemText('zh-CN', '110105194912310021')).toBe('身份证号码校验位不符，请核对')
    expect(idCardProblemText('zh-CN', '11010519491231002x')).toBe('')
    expect(publicErrorMessage(refused('身份证号码校验位不符，请核对'), 'zh-CN')).toBe('身份证号码校验位不符，请核对')
  })

  it('reads the server’s refusals in English by their words', () => {
    expect(publicErrorMessage(refused('身份证号码校验位不符，请核对'), 'en')).toContain('does not match')
    expect(publicErrorMessage(refused('本活动实行实名预约，请填写持票人的身份证号码', 'required'), 'en')).toContain(
      'real-name booking',
    )
    expect(publicFieldMessage('id_card', '身份证号码中的出生日期不正确', 'en')).toContain('date of birth')
    expect(publicFieldMessage('id_card', '新的问题', 'en')).toBe('Please enter a valid ID card number')
    expect(idCardProblemText('en', '')).toContain('real-name booking')
    expect(idCardProblemText('en', '1101051949')).toBe('An ID card number has 18 characters')
  })

  it('says one card, one place per session, in English too', () => {
    const taken = api(
      409,
      'conflict',
      '该身份证件已有本场次的预约（含抽签报名和候补），每张证件每场只能预约一次',
      'id_card',
    )
    expect(publicErrorMessage(taken, 'en')).toContain('This ID card already holds a place')
    expect(publicErrorMessage(taken, 'zh-CN')).toBe(taken.message)
  })
})
