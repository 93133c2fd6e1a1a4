import { describe, expect, it } from 'vitest'
import type { FormField, FormTemplate } from '@/api/report-types'
import { diffValues, formatChange } from './report-diff'

const count: FormField = {
  code: 'participants_offline',
  label: '线下活动群众参与数量',
  unit: '人次',
  type: 'integer',
  min: 0,
  max: null,
  required: true,
}
const money: FormField = {
  code: 'fund_district',
  label: '区级财政经费投入情况',
  unit: '万元',
  type: 'decimal',
  min: 0,
  max: null,
  required: true,
}
const form: FormTemplate = {
  title_suffix: '',
  rules: [],
  sections: [{ code: 's', label: 'S', fields: [count, money] }],
}

describe('formatChange', () => {
  it('shows before → after with the exact difference', () => {
    expect(formatChange(money, { field: 'fund_district', before: 20.25, after: 18.0 })).toEqual({
      field: 'fund_district',
      label: '区级财政经费投入情况',
      unit: '万元',
      before: '20.25',
      after: '18.00',
      delta: '-2.25',
      kind: 'down',
    })
    const up = formatChange(count, { field: 'participants_offline', before: 12000, after: 13500 })
    expect([up.before, up.after, up.delta, up.kind]).toEqual(['12,000', '13,500', '+1,500', 'up'])
  })

  it('handles blanks on either side', () => {
    const set = formatChange(count, { field: 'participants_offline', before: null, after: 5 })
    expect([set.before, set.after, set.delta, set.kind]).toEqual(['—', '5', '', 'set'])
    expect(formatChange(count, { field: 'participants_offline', before: 5, after: null }).kind).toBe('cleared')
  })

  it('keeps the server label and falls back to the code for unknown fields', () => {
    expect(formatChange(undefined, { field: 'gone', label: '已删除指标', before: 1, after: 2 }).label).toBe(
      '已删除指标',
    )
    expect(formatChange(undefined, { field: 'gone', before: 1, after: 2 }).label).toBe('gone')
  })
})

describe('diffValues', () => {
  it('lists only fields that differ, treating 18 and 18.00 as equal', () => {
    const d = diffValues(
      form,
      { participants_offline: 100, fund_district: 18 },
      { participants_offline: 120, fund_district: '18.00' },
    )
    expect(d.map((c) => [c.field, c.before, c.after])).toEqual([['participants_offline', '100', '120']])
    expect(diffValues(form, {}, {})).toEqual([])
  })
})
