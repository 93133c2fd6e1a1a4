import { describe, expect, it } from 'vitest'
import { ApiError, apiErrorFromBody, errorMessage, parseRetryAfter } from '@/api/api-error'
import {
  isDate,
  isMailAddress,
  isPhone,
  mailAddressProblem,
  mapServerErrors,
  passwordProblem,
  validateCampaign,
  type CampaignFormValues,
} from './validation'

describe('server error mapping', () => {
  const fields = ['year', 'edition', 'name', 'contacts', 'report_deadline']

  it('places each detail on its field', () => {
    const err = apiErrorFromBody(422, {
      error: {
        code: 'validation_failed',
        message: '提交的内容未通过校验',
        field: null,
        details: [
          { field: 'year', code: 'invalid', message: '年份须为 4 位数字' },
          { field: 'report_deadline', code: 'required', message: '请填写截止时间' },
        ],
      },
    })
    expect(mapServerErrors(err, fields)).toEqual({
      fields: { year: '年份须为 4 位数字', report_deadline: '请填写截止时间' },
      general: [],
    })
  })

  it('uses the top-level field when there are no details', () => {
    const err = new ApiError({ status: 409, code: 'conflict', message: '该年度已存在', field: 'year' })
    expect(mapServerErrors(err, fields).fields).toEqual({ year: '该年度已存在' })
  })

  it('maps indexed paths to a known root and unknown fields to general', () => {
    const m = mapServerErrors(
      {
        message: 'x',
        details: [
          { field: 'contacts[0].phone', code: 'invalid', message: '电话格式不正确' },
          { field: 'mystery', code: 'bad', message: '未知字段错误' },
        ],
      },
      fields,
    )
    expect(m.fields).toEqual({ contacts: '电话格式不正确' })
    expect(m.general).toEqual(['未知字段错误'])
  })

  it('prefers an exact indexed field when the form knows it', () => {
    const m = mapServerErrors(
      { message: 'x', details: [{ field: 'contacts[1].phone', code: 'i', message: '电话不对' }] },
      ['contacts.1.phone'],
    )
    expect(m.fields).toEqual({ 'contacts.1.phone': '电话不对' })
  })

  it('falls back to the message when nothing names a field', () => {
    const err = new ApiError({ status: 500, code: 'internal', message: '服务器内部错误' })
    expect(mapServerErrors(err, fields)).toEqual({ fields: {}, general: ['服务器内部错误'] })
  })
})

describe('ApiError parsing', () => {
  it('parses the wire form', () => {
    const e = apiErrorFromBody(401, { error: { code: 'unauthenticated', message: '登录名或密码错误', field: null } })
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(401)
    expect(e.code).toBe('unauthenticated')
    expect(e.message).toBe('登录名或密码错误')
    expect(e.field).toBeNull()
    expect(e.details).toEqual([])
  })

  it('gives a Chinese message for a body that is not the wire form', () => {
    expect(apiErrorFromBody(502, '<html>').message).toBe('服务器暂时不可用，请稍后再试')
    expect(apiErrorFromBody(418, null).message).toBe('请求失败（HTTP 418）')
  })

  it('keeps line numbers from CSV import details', () => {
    const e = apiErrorFromBody(422, {
      error: {
        code: 'validation_failed',
        message: '导入失败',
        details: [{ line: 3, field: 'type', code: 'invalid', message: '类型无效' }],
      },
    })
    expect(e.details[0]).toEqual({ line: 3, field: 'type', code: 'invalid', message: '类型无效' })
  })

  it('parses Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('120')).toBe(120)
    expect(parseRetryAfter(null)).toBeNull()
    const now = Date.parse('2024-01-01T00:00:00Z')
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:01:00 GMT', now)).toBe(60)
  })

  it('turns anything thrown into a message', () => {
    expect(errorMessage(new ApiError({ status: 409, code: 'conflict', message: '冲突' }))).toBe('冲突')
    expect(errorMessage('boom')).toBe('操作失败，请稍后再试')
  })
})

describe('client-side checks', () => {
  const good: CampaignFormValues = {
    year: '2024',
    edition: 30,
    name: '2024年北京科技周',
    theme: '科技创新',
    start_date: '2024-05-18',
    end_date: '2024-05-25',
    report_deadline: '2024-06-10 18:00:00',
    contacts: [{ name: '张三', phone: '010-12345678' }],
    contact_email: 'kjz@example.cn',
  }

  it('accepts a valid campaign, ignoring blank contact rows', () => {
    expect(validateCampaign(good)).toEqual({})
    expect(validateCampaign({ ...good, contacts: [{ name: '', phone: ' ' }] })).toEqual({})
  })

  it('flags each bad field', () => {
    const e = validateCampaign({
      ...good,
      year: '24',
      edition: 0,
      name: ' ',
      end_date: '2024-05-01',
      report_deadline: '',
      contacts: [
        { name: '', phone: '12' },
        { name: '', phone: '' },
      ],
      contact_email: 'nope',
    })
    expect(Object.keys(e).sort()).toEqual(
      [
        'contact_email',
        'contacts.0.name',
        'contacts.0.phone',
        'edition',
        'end_date',
        'name',
        'report_deadline',
        'year',
      ].sort(),
    )
  })

  it('keeps visitors’ data from 1 to 1098 days, a blank box refused', () => {
    for (const ok of [1, 90, 1098])
      expect(validateCampaign({ ...good, personal_data_days: ok }), String(ok)).toEqual({})
    for (const bad of [0, 1099, 2.5, null])
      expect(validateCampaign({ ...good, personal_data_days: bad }).personal_data_days, String(bad)).toBe(
        '观众个人信息保存天数须为1至1098天',
      )
  })

  it('wants the report deadline after the last day of the campaign', () => {
    expect(validateCampaign({ ...good, report_deadline: '2024-05-25 18:00:00' }).report_deadline).toBe(
      '报送截止时间须晚于活动结束日期',
    )
    expect(validateCampaign({ ...good, report_deadline: '2024-05-26 00:00:00' })).toEqual({})
  })

  it('checks dates, phones and passwords', () => {
    expect(isDate('2024-02-29')).toBe(true)
    expect(isDate('2023-02-29')).toBe(false)
    expect(isPhone('13800138000')).toBe(true)
    expect(isPhone('010-62345678')).toBe(true)
    expect(isPhone('abc')).toBe(false)
    expect(isPhone('+86 (10) 6234-5678')).toBe(true)
    expect(isPhone('12')).toBe(false)
    expect(passwordProblem('short')).toMatch('10')
    expect(passwordProblem('alllowercaseletters')).toMatch('3 类')
    expect(passwordProblem('Abcdefgh12')).toBeNull()
    expect(passwordProblem('Admin12345', 'admin12345')).toMatch('登录名')
  })
})

describe('nested server fields', () => {
  it('map to the closest known key', () => {
    const known = ['sections.0.fields.1.code', 'sections.0.label', 'rules.2.expression', 'rules']
    const m = mapServerErrors(
      {
        message: '表单定义有误',
        details: [
          { field: 'sections[0].fields[1].code', code: 'invalid', message: '指标代码有误' },
          { field: 'sections[0].label', code: 'required', message: '请填写类别名称' },
          { field: 'rules[2].expression', code: 'invalid', message: '规则表达式有误' },
          { field: 'rules[3].id', code: 'invalid', message: '规则编号重复' },
        ],
      },
      known,
    )
    expect(m.fields).toEqual({
      'sections.0.fields.1.code': '指标代码有误',
      'sections.0.label': '请填写类别名称',
      'rules.2.expression': '规则表达式有误',
      rules: '规则编号重复',
    })
    expect(m.general).toEqual([])
  })
})

describe('unit e-mail address (as the server checks it)', () => {
  it('accepts plain ASCII addresses', () => {
    for (const a of ['110101@example.org.cn', 'kjz.office+2023@bj-kw.gov.cn', "o'brien_x@a-b.example.com", 'A@B.CN'])
      expect(isMailAddress(a), a).toBe(true)
  })
  it('refuses what the server refuses', () => {
    const bad = [
      '',
      'no-at.example.cn',
      'a@localhost',
      'a..b@example.cn',
      '.a@example.cn',
      'a.@example.cn',
      'a@-example.cn',
      'a@example-.cn',
      'a@example..cn',
      'a@example.cn.',
      'a b@example.cn',
      'a@example.cn\r\nBcc: x@evil.cn',
      '<a@example.cn>',
      'a@b@example.cn',
      '张三@example.cn',
      'a@例子.cn',
      `${'a'.repeat(65)}@example.cn`,
      `a@${'b'.repeat(64)}.cn`,
      `${'a'.repeat(60)}@${'b'.repeat(40)}.cn`, // the last one is over 100 characters
    ]
    for (const a of bad) expect(isMailAddress(a), a).toBe(false)
  })
  it("gives the server's message, and none for an empty box", () => {
    expect(mailAddressProblem('')).toBe('')
    expect(mailAddressProblem('  110101@example.org.cn ')).toBe('')
    expect(mailAddressProblem('张三@example.cn')).toBe('电子邮箱格式不正确，例如 name@example.org.cn')
  })
})
