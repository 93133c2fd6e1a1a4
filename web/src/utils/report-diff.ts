// Changes between two sets of figures, formatted for the history and conflict tables.

import type { FormField, FormTemplate, WireValue } from '@/api/report-types'
import { fenToString, formatCount, toFen } from './number'
import { allFields, canonicalText, formatValue, valueToText } from './report-values'

export type ChangeKind = 'up' | 'down' | 'set' | 'cleared' | 'same'

export interface FormattedChange {
  field: string
  label: string
  unit: string
  before: string
  after: string
  /** "+12" / "-2.25"; empty when one side is blank */
  delta: string
  kind: ChangeKind
}

function asFen(field: Pick<FormField, 'type'> | undefined, v: WireValue | undefined): number | null {
  if (v === null || v === undefined || v === '') return null
  return field?.type === 'integer' ? (Number.isFinite(Number(v)) ? Number(v) * 100 : null) : toFen(v)
}

export function formatChange(
  field: (Pick<FormField, 'type' | 'label' | 'unit'> & { code?: string }) | undefined,
  change: { field: string; label?: string; before: WireValue | undefined; after: WireValue | undefined },
): FormattedChange {
  const b = asFen(field, change.before)
  const a = asFen(field, change.after)
  let kind: ChangeKind
  let delta = ''
  if (b === null && a === null) kind = 'same'
  else if (b === null) kind = 'set'
  else if (a === null) kind = 'cleared'
  else {
    const d = a - b
    kind = d > 0 ? 'up' : d < 0 ? 'down' : 'same'
    const sign = d > 0 ? '+' : ''
    delta = field?.type === 'integer' ? `${sign}${formatCount(d / 100)}` : `${sign}${fenToString(d)}`
  }
  return {
    field: change.field,
    label: change.label || field?.label || change.field,
    unit: field?.unit ?? '',
    before: formatValue(field, change.before),
    after: formatValue(field, change.after),
    delta,
    kind,
  }
}

/** Fields whose values differ between two sets, in form order. */
export function diffValues(
  form: FormTemplate | null | undefined,
  before: Record<string, WireValue | undefined>,
  after: Record<string, WireValue | undefined>,
): FormattedChange[] {
  const out: FormattedChange[] = []
  for (const f of allFields(form)) {
    const b = canonicalText(f, valueToText(f, before[f.code]))
    const a = canonicalText(f, valueToText(f, after[f.code]))
    if (a === b) continue
    out.push(formatChange(f, { field: f.code, before: before[f.code], after: after[f.code] }))
  }
  return out
}
