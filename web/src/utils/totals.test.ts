import { describe, expect, it } from 'vitest'
import { FUND_FIELDS, sumFields, sumRows, yearOverYear } from './totals'

const int = { code: 'participants_offline', type: 'integer' as const }
const dec = { code: 'fund_municipal', type: 'decimal' as const }

describe('万元 sums', () => {
  it('adds the five funding sources exactly', () => {
    expect(
      sumFields(
        { fund_municipal: 0.1, fund_district: '0.2', fund_enterprise: null, fund_in_kind: 1.005, fund_other: 10 },
        FUND_FIELDS,
      ),
    ).toBe('11.31')
    expect(sumFields({}, FUND_FIELDS)).toBe('0.00')
  })

  it('sums rows per field (what the dashboard total must equal)', () => {
    const rows = [
      { participants_offline: 12000, fund_municipal: '10.5' },
      { participants_offline: 300, fund_municipal: 0.1 },
      { participants_offline: null, fund_municipal: 0.2 },
    ]
    expect(sumRows(rows, [int, dec])).toEqual({ participants_offline: '12300', fund_municipal: '10.80' })
  })
})

describe('year over year', () => {
  it('gives the change and percent', () => {
    expect(yearOverYear(int, 1500, 1200)).toEqual({ delta: '+300', percent: '+25.0%', direction: 'up' })
    expect(yearOverYear(dec, 18, 20.25)).toEqual({ delta: '-2.25', percent: '-11.1%', direction: 'down' })
    expect(yearOverYear(int, 5, 5)).toEqual({ delta: '0', percent: '0.0%', direction: 'same' })
  })

  it('has no percent against zero and nothing without a previous year', () => {
    expect(yearOverYear(int, 5, 0)).toEqual({ delta: '+5', percent: '', direction: 'up' })
    expect(yearOverYear(int, 5, null)).toEqual({ delta: '', percent: '', direction: 'none' })
  })
})
