import { describe, expect, it } from 'vitest'
import {
  ID_CARD_MESSAGES,
  idCardCheckChar,
  idCardMessage,
  idCardProblem,
  idCardProblemOf,
  isLast4,
  maskIdCard,
  normalizeIdCard,
  normalizeLast4,
} from './id-card'

const TODAY = '2027-05-20'

describe('ID card numbers as typed', () => {
  it('drops spaces and upper-cases x', () => {
    expect(normalizeIdCard(' 110105 19491231 002x ')).toBe('11010519491231002X')
    expect(normalizeIdCard(null)).toBe('')
  })

  it('computes the check character (ISO 7064 MOD 11-2)', () => {
    expect(idCardCheckChar('11010519491231002')).toBe('X')
    expect(idCardCheckChar('44030420000101123')).toBe('9')
  })

  it('takes valid numbers, typed in groups or with a small x', () => {
    for (const ok of [
      '11010519491231002X',
      '440304200001011239',
      '110105 19491231 002x',
      '110105200002290013', // 29 February of a leap year
      '11010519000101001X', // the first day allowed
      '930156199003071231', // a foreigner's permanent residence card (starts with 9)
      '810000198001010014', // a Hong Kong residence permit
    ])
      expect(idCardProblem(ok, TODAY), ok).toBeNull()
  })

  it('names each problem in the order the server checks', () => {
    const cases: [string, string][] = [
      ['', 'required'],
      ['   ', 'required'],
      ['1101051949123100', 'length'],
      ['11010519491231002X1', 'length'],
      ['11010519491231002A', 'format'],
      ['1101051949123100X2', 'format'],
      ['１１０１０５１９４９１２３１００２Ｘ', 'format'], // full-width digits are not digits
      ['100105194912310021', 'region'],
      ['720105194912310021', 'region'],
      ['110105194902300021', 'birth'], // 30 February
      ['110105190002290011', 'birth'], // 1900 was no leap year
      ['110105189912310021', 'birth'], // before 1900
      ['110105202705210021', 'birth'], // tomorrow
      ['110105194912310021', 'checksum'],
    ]
    for (const [typed, problem] of cases) expect(idCardProblem(typed, TODAY), typed).toBe(problem)
  })

  it('accepts someone born today, in Beijing', () => {
    const first17 = '11010520270520001'
    expect(idCardProblem(first17 + idCardCheckChar(first17), TODAY)).toBeNull()
  })

  it('says it in the server’s words', () => {
    expect(idCardMessage('110105194912310021', TODAY)).toBe('身份证号码校验位不符，请核对')
    expect(idCardMessage('110105194902300021', TODAY)).toBe('身份证号码中的出生日期不正确')
    expect(idCardMessage('', TODAY)).toBe('本活动实行实名预约，请填写持票人的身份证号码')
    expect(idCardMessage('11010519491231002X', TODAY)).toBe('')
    for (const [problem, message] of Object.entries(ID_CARD_MESSAGES)) expect(idCardProblemOf(message)).toBe(problem)
    expect(idCardProblemOf('别的问题')).toBeNull()
  })
})

describe('what is shown of a card', () => {
  it('masks all but the last four, as the server does', () => {
    expect(maskIdCard('11010519491231002x')).toBe('**************002X')
    expect(maskIdCard('**************002X')).toBe('**************002X')
    expect(maskIdCard('')).toBe('')
  })

  it('reads the last four typed at the gate', () => {
    expect(normalizeLast4(' 002x ')).toBe('002X')
    expect(isLast4('002x')).toBe(true)
    expect(isLast4('1239')).toBe(true)
    for (const bad of ['', '02X', '0X21', '00221', 'abcd']) expect(isLast4(bad), bad).toBe(false)
  })
})
