// Sums and year-over-year comparisons for the organizer's totals table and charts.

import type { FormField } from '@/api/report-types'
import { fenToString, formatCount, toFen } from './number'

export interface YearOverYear {
  /** "+1,200" / "-3.50"; empty without a previous value */
  delta: string
  /** "+25.0%"; empty when the previous value is 0 or missing */
  percent: string
  direction: 'up' | 'down' | 'same' | 'none'
}

function fenOf(field: Pick<FormField, 'type'>, v: number | string | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null
  return field.type === 'integer' ? Number(v) * 100 : toFen(v)
}

export function yearOverYear(
  field: Pick<FormField, 'type'>,
  current: number | string | null | undefined,
  previous: number | string | null | undefined,
): YearOverYear {
  const c = fenOf(field, current) ?? 0
  const p = fenOf(field, previous)
  if (p === null) return { delta: '', percent: '', direction: 'none' }
  const d = c - p
  const sign = d > 0 ? '+' : ''
  const delta = field.type === 'integer' ? `${sign}${formatCount(d / 100)}` : `${sign}${fenToString(d)}`
  const percent = p === 0 ? '' : `${sign}${((d / p) * 100).toFixed(1)}%`
  return { delta, percent, direction: d > 0 ? 'up' : d < 0 ? 'down' : 'same' }
}

/** Exact sum of several 万元 fields of one set of values ("经费合计"). */
export function sumFields(
  values: Record<string, number | string | null | undefined>,
  codes: readonly string[],
): string {
  let fen = 0
  for (const c of codes) fen += toFen(values[c] ?? null) ?? 0
  return fenToString(fen)
}

/** Sum each field over many rows (what the dashboard's 合计 must equal). */
export function sumRows(
  rows: readonly Record<string, number | string | null | undefined>[],
  fields: readonly Pick<FormField, 'code' | 'type'>[],
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of fields) {
    let fen = 0
    for (const r of rows) fen += fenOf(f, r[f.code] ?? null) ?? 0
    out[f.code] = f.type === 'integer' ? String(fen / 100) : fenToString(fen)
  }
  return out
}

/** The five funding fields of the default form, for the "funding by source" chart. */
export const FUND_FIELDS = ['fund_municipal', 'fund_district', 'fund_enterprise', 'fund_in_kind', 'fund_other']
