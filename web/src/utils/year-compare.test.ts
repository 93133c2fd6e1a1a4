import { describe, expect, it } from 'vitest'
import type { TotalsYear } from '@/api/report-types'
import {
  asYear,
  campaignCaption,
  compareQuery,
  compareRows,
  defaultCompareYears,
  districtsOverYears,
  itemOverYears,
} from './year-compare'

const int = { code: 'participants_offline', type: 'integer' as const }
const dec = { code: 'fund_municipal', type: 'decimal' as const }

function year(y: number, units: number, totals: Record<string, number>, groups: TotalsYear['groups'] = []): TotalsYear {
  return {
    year: y,
    edition: y - 1994,
    name: `${y}年北京科技周`,
    start_date: `${y}-05-20`,
    end_date: `${y}-05-31`,
    units,
    totals,
    groups,
  }
}

describe('the compare query', () => {
  it('joins distinct years oldest first, without the requested year', () => {
    expect(compareQuery([2023, 2021, 2023, 2025], 2025)).toBe('2021,2023')
    expect(compareQuery([], 2025)).toBeUndefined()
    expect(compareQuery([2025], 2025)).toBeUndefined()
  })

  it('sends at most ten years, as the server accepts', () => {
    const many = Array.from({ length: 14 }, (_, i) => 2000 + i)
    expect(compareQuery(many, 2025)?.split(',')).toHaveLength(10)
  })

  it('defaults to the campaign just before, as 与上届对比 did', () => {
    expect(defaultCompareYears([2026, 2023, 2024], 2025)).toEqual([2024])
    expect(defaultCompareYears([2026], 2025)).toEqual([])
  })
})

describe('captions', () => {
  it('name the week by edition and dates', () => {
    expect(campaignCaption({ year: 2023, edition: 29, start_date: '2023-05-20', end_date: '2023-05-31' })).toBe(
      '2023年（第29届，5月20日—5月31日）',
    )
    expect(campaignCaption({ year: 2024, edition: 0, start_date: '', end_date: '' })).toBe('2024年')
  })
})

describe('rows beside the chosen years', () => {
  it('give each year its total and this year’s change against it', () => {
    const rows = compareRows([int, dec], { participants_offline: 1500, fund_municipal: '18.00' }, [
      year(2022, 1, { participants_offline: 1200, fund_municipal: 20.25 }),
      year(2023, 0, { participants_offline: 0, fund_municipal: 0 }),
    ])
    expect(rows[0].total).toBe('1,500')
    expect(rows[0].years[0]).toEqual({
      year: 2022,
      value: '1,200',
      change: { delta: '+300', percent: '+25.0%', direction: 'up' },
    })
    expect(rows[1].years[0].change).toEqual({ delta: '-2.25', percent: '-11.1%', direction: 'down' })
    // A year where nobody filed has no change to show.
    expect(rows[0].years[1].change.direction).toBe('none')
    expect(rows[0].years[1].value).toBe('0')
  })
})

describe('chart series', () => {
  const current = asYear({
    campaign: { year: 2025, edition: 31, name: '', start_date: '2025-05-17', end_date: '2025-05-25' },
    units: 2,
    totals: { participants_offline: 300 },
    groups: [
      { key: '110108', name: '海淀区', units: 1, totals: { participants_offline: 200 } },
      { key: '110101', name: '东城区', units: 1, totals: { participants_offline: 100 } },
    ],
  })
  const y2023 = year(2023, 1, { participants_offline: 50 }, [
    { key: '110101', name: '东城区', units: 1, totals: { participants_offline: 50 } },
  ])
  const y2024 = year(2024, 0, { participants_offline: 0 }, [])

  it('put one item over the years, oldest first, this year once', () => {
    expect(itemOverYears('participants_offline', current, [y2024, y2023, { ...current }])).toEqual({
      years: ['2023年', '2024年', '2025年'],
      values: [50, 0, 300],
    })
  })

  it('give every district a value in every year, 0 where it had none', () => {
    expect(districtsOverYears('participants_offline', current, [y2023, y2024])).toEqual({
      districts: ['东城区', '海淀区'],
      series: [
        { name: '2023年', data: [50, 0] },
        { name: '2024年', data: [0, 0] },
        { name: '2025年', data: [100, 200] },
      ],
    })
  })
})
