import { describe, expect, it } from 'vitest'
import type { FormField, FormTemplate } from '@/api/report-types'
import {
  allFields,
  canonicalText,
  formatValue,
  normalizeInput,
  requiredProblem,
  toWire,
  validateValue,
  valueToText,
} from './report-values'

const count: FormField = {
  code: 'activities_held',
  label: '举办活动次数',
  unit: '次',
  type: 'integer',
  min: 0,
  max: null,
  required: true,
}
const money: FormField = {
  code: 'fund_municipal',
  label: '北京市财政经费投入情况',
  unit: '万元',
  type: 'decimal',
  min: 0,
  max: 100000,
  required: true,
}
const bounded: FormField = { code: 'pct', label: '比例', unit: '%', type: 'integer', min: 1, max: 100, required: false }

describe('validateValue', () => {
  it('accepts blanks (required is a submit-time check) and good values', () => {
    expect(validateValue(count, '')).toBeNull()
    expect(validateValue(count, '  ')).toBeNull()
    expect(validateValue(count, '12')).toBeNull()
    expect(validateValue(money, '12')).toBeNull()
    expect(validateValue(money, '12.3')).toBeNull()
    expect(validateValue(money, '12.34')).toBeNull()
    expect(validateValue(money, '.5')).toBeNull()
  })

  it('integers refuse decimals and text', () => {
    expect(validateValue(count, '1.5')).toBe('举办活动次数须为整数')
    expect(validateValue(count, '十二')).toBe('举办活动次数须为整数')
    expect(validateValue(count, '12a')).toBe('举办活动次数须为整数')
    expect(validateValue(count, '99999999999999999999')).toBe('举办活动次数数值过大')
  })

  it('amounts allow at most two decimals', () => {
    expect(validateValue(money, '1.234')).toBe('北京市财政经费投入情况最多保留两位小数')
    expect(validateValue(money, '1.2.3')).toBe('北京市财政经费投入情况须为数字，最多两位小数')
    expect(validateValue(money, 'abc')).toBe('北京市财政经费投入情况须为数字，最多两位小数')
  })

  it('checks min and max exactly (no float rounding)', () => {
    expect(validateValue(count, '-1')).toBe('举办活动次数不能小于 0')
    expect(validateValue(money, '-0.01')).toBe('北京市财政经费投入情况不能小于 0')
    expect(validateValue(money, '100000')).toBeNull()
    expect(validateValue(money, '100000.01')).toBe('北京市财政经费投入情况不能大于 100000')
    expect(validateValue(bounded, '0')).toBe('比例不能小于 1')
    expect(validateValue(bounded, '101')).toBe('比例不能大于 100')
    expect(validateValue(bounded, '100')).toBeNull()
  })

  it('reads full-width digits and thousands separators from a Chinese IME', () => {
    expect(normalizeInput('１２，３４５．５')).toBe('12345.5')
    expect(validateValue(count, '１２，０００')).toBeNull()
    expect(validateValue(money, '1,234.５6')).toBeNull()
  })

  it('required is separate', () => {
    expect(requiredProblem(count, '')).toBe('请填写举办活动次数')
    expect(requiredProblem(count, '0')).toBeNull()
    expect(requiredProblem(bounded, '')).toBeNull()
  })
})

describe('conversions', () => {
  it('sends integers as numbers, amounts as exact strings, blanks as null', () => {
    expect(toWire(count, ' 12 ')).toBe(12)
    expect(toWire(count, '')).toBeNull()
    expect(toWire(money, '0.1')).toBe('0.10')
    expect(toWire(money, '1,234.5')).toBe('1234.50')
  })

  it('treats 1.5 and 1.50 as the same amount', () => {
    expect(canonicalText(money, '1.5')).toBe(canonicalText(money, '1.50'))
    expect(canonicalText(count, '007')).toBe('7')
    expect(valueToText(money, 1.1)).toBe('1.10')
    expect(valueToText(money, '20.25')).toBe('20.25')
    expect(valueToText(count, 12000)).toBe('12000')
    expect(valueToText(count, null)).toBe('')
  })

  it('formats for reading', () => {
    expect(formatValue(count, 12000)).toBe('12,000')
    expect(formatValue(money, 1234.5)).toBe('1,234.50')
    expect(formatValue(money, 0)).toBe('0.00')
    expect(formatValue(count, null)).toBe('—')
  })

  it('lists fields in form order', () => {
    const form: FormTemplate = {
      title_suffix: '',
      rules: [],
      sections: [
        { code: 'a', label: 'A', fields: [count] },
        { code: 'b', label: 'B', fields: [money, bounded] },
      ],
    }
    expect(allFields(form).map((f) => f.code)).toEqual(['activities_held', 'fund_municipal', 'pct'])
  })
})
