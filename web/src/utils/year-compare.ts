// Comparing the requested campaign with any chosen years (GET …/totals?compare=2022,2023):
// the query, captions naming each week (edition and dates), the table's per-year columns
// and the chart series per item and per district.

import type { FormField, Totals, TotalsCampaign, TotalsGroup, TotalsYear } from '@/api/report-types'
import { formatValue } from './report-values'
import { yearOverYear, type YearOverYear } from './totals'

/** The server accepts at most this many years (docs/api.md). */
export const MAX_COMPARE_YEARS = 10

/** "2022,2023": distinct, ascending, without the requested year; undefined for none. */
export function compareQuery(years: readonly number[], current: number): string | undefined {
  const list = [...new Set(years)].filter((y) => Number.isInteger(y) && y !== current).sort((a, b) => a - b)
  return list.length ? list.slice(0, MAX_COMPARE_YEARS).join(',') : undefined
}

/** The campaign just before `current` among `years` (what "与上届对比" meant), else none. */
export function defaultCompareYears(years: readonly number[], current: number): number[] {
  const earlier = years.filter((y) => y < current)
  return earlier.length ? [Math.max(...earlier)] : []
}

function monthDay(date: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(date)
  return m ? `${Number(m[1])}月${Number(m[2])}日` : date
}

/** "2023年（第29届，5月20日—5月31日）": which week the figures are of. */
export function campaignCaption(c: Pick<TotalsCampaign, 'year' | 'edition' | 'start_date' | 'end_date'>): string {
  const parts: string[] = []
  if (c.edition) parts.push(`第${c.edition}届`)
  if (c.start_date && c.end_date) parts.push(`${monthDay(c.start_date)}—${monthDay(c.end_date)}`)
  return parts.length ? `${c.year}年（${parts.join('，')}）` : `${c.year}年`
}

export interface YearCell {
  year: number
  value: string
  /** this year's change against that year */
  change: YearOverYear
}

export interface CompareRow {
  code: string
  total: string
  years: YearCell[]
}

/** One row per item: this year's total and, per compared year, its total and the change. */
export function compareRows(
  fields: readonly Pick<FormField, 'code' | 'type'>[],
  totals: Record<string, number | string>,
  comparisons: readonly TotalsYear[],
): CompareRow[] {
  return fields.map((f) => ({
    code: f.code,
    total: formatValue(f, totals[f.code] ?? 0),
    years: comparisons.map((c) => ({
      year: c.year,
      value: formatValue(f, c.totals[f.code] ?? 0),
      change: c.units > 0 ? yearOverYear(f, totals[f.code] ?? 0, c.totals[f.code] ?? 0) : yearOverYear(f, 0, null),
    })),
  }))
}

export interface YearSeries {
  /** chart categories: each year's caption, oldest first */
  years: string[]
  values: number[]
}

/** The requested campaign's sums in the shape of a compared year's. */
export function asYear(t: Pick<Totals, 'campaign' | 'units' | 'totals' | 'groups'>): TotalsYear {
  return { ...t.campaign, units: t.units, totals: t.totals, groups: t.groups }
}

/** The chosen years and this one (once, even when chosen too), oldest first. */
function yearsInOrder(current: TotalsYear, comparisons: readonly TotalsYear[]): TotalsYear[] {
  return [...comparisons.filter((c) => c.year !== current.year), current].sort((a, b) => a.year - b.year)
}

/** One item over the chosen years and this one, oldest first (numbers for the chart). */
export function itemOverYears(code: string, current: TotalsYear, comparisons: readonly TotalsYear[]): YearSeries {
  const all = yearsInOrder(current, comparisons)
  return { years: all.map((c) => `${c.year}年`), values: all.map((c) => Number(c.totals[code] ?? 0)) }
}

export interface DistrictSeries {
  districts: string[]
  /** one series per year (oldest first): the item's area total per district, 0 when absent */
  series: { name: string; data: number[] }[]
}

/** One item per district across the years: districts in the union of every year's groups. */
export function districtsOverYears(
  code: string,
  current: TotalsYear,
  comparisons: readonly TotalsYear[],
): DistrictSeries {
  const all = yearsInOrder(current, comparisons)
  const names = new Map<string, string>()
  for (const y of all) for (const g of y.groups) if (g.key) names.set(g.key, names.get(g.key) || g.name || g.key)
  const keys = [...names.keys()].sort()
  const byKey = (groups: readonly TotalsGroup[]) => new Map(groups.map((g) => [g.key, g]))
  return {
    districts: keys.map((k) => names.get(k) ?? k),
    series: all.map((y) => {
      const m = byKey(y.groups)
      return { name: `${y.year}年`, data: keys.map((k) => Number(m.get(k)?.totals[code] ?? 0)) }
    }),
  }
}
