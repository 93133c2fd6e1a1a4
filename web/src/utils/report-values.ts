// Figures of the statistics form: client-side checks that mirror the server (integer vs at
// most two decimals, min/max), the text ⇄ wire conversions and display formatting. Amounts in
// 万元 go through number.ts's integer hundredths, so nothing drifts.

import type { FormField, FormTemplate, WireValue } from '@/api/report-types'
import { fenToString, formatCount, formatWanGrouped, toFen } from './number'

/** Full-width digits and punctuation from a Chinese IME, thousands separators and spaces
 *  removed: "１２，３４５．５" → "12345.5". */
export function normalizeInput(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[－—]/g, '-')
    .replace(/[,，\s]/g, '')
}

const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/

function decimalPlaces(t: string): number {
  const dot = t.indexOf('.')
  return dot < 0 ? 0 : t.length - dot - 1
}

/** The type/range problem of a typed value, as the Chinese message shown at the field;
 *  null when it is fine (an empty box is fine here: "required" is checked on submit). */
export function validateValue(field: Pick<FormField, 'label' | 'type' | 'min' | 'max'>, text: string): string | null {
  const t = normalizeInput(text)
  if (t === '') return null
  let fen: number | null
  if (field.type === 'integer') {
    if (!INTEGER.test(t)) return `${field.label}须为整数`
    const n = Number(t)
    if (!Number.isSafeInteger(n)) return `${field.label}数值过大`
    fen = n * 100
  } else {
    if (!DECIMAL.test(t)) return `${field.label}须为数字，最多两位小数`
    if (decimalPlaces(t) > 2) return `${field.label}最多保留两位小数`
    fen = toFen(t)
    if (fen === null) return `${field.label}数值过大`
  }
  if (field.min !== null && field.min !== undefined && fen < (toFen(field.min) ?? 0))
    return `${field.label}不能小于 ${field.min}`
  if (field.max !== null && field.max !== undefined && fen > (toFen(field.max) ?? 0))
    return `${field.label}不能大于 ${field.max}`
  return null
}

/** "请填写…" when a required field is empty on submit. */
export function requiredProblem(field: Pick<FormField, 'label' | 'required'>, text: string): string | null {
  return field.required && normalizeInput(text) === '' ? `请填写${field.label}` : null
}

/** Canonical text for comparing what is typed with what is stored ("1.5" ≡ "1.50"). */
export function canonicalText(field: Pick<FormField, 'type'>, text: string): string {
  const t = normalizeInput(text)
  if (t === '') return ''
  if (field.type === 'integer') return INTEGER.test(t) ? String(Number(t)) : t
  if (!DECIMAL.test(t) || decimalPlaces(t) > 2) return t
  const fen = toFen(t)
  return fen === null ? t : fenToString(fen)
}

/** What goes on the wire: integers as numbers, amounts as exact decimal strings, '' as null. */
export function toWire(field: Pick<FormField, 'type'>, text: string): WireValue {
  const t = canonicalText(field, text)
  if (t === '') return null
  return field.type === 'integer' ? Number(t) : t
}

/** A stored value as the text of its input box. */
export function valueToText(field: Pick<FormField, 'type'>, value: WireValue | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  if (field.type === 'integer') return String(value)
  const fen = toFen(value)
  return fen === null ? String(value) : fenToString(fen)
}

/** A value for reading: "12,000" or "1,234.50"; "—" when empty. */
export function formatValue(field: Pick<FormField, 'type'> | undefined, value: WireValue | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  if (field?.type === 'decimal') return formatWanGrouped(value)
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? formatCount(n) : String(value)
}

/** Every field of a form, in order. */
export function allFields(form: FormTemplate | null | undefined): FormField[] {
  return form ? form.sections.flatMap((s) => s.fields) : []
}

/** code → field */
export function fieldIndex(form: FormTemplate | null | undefined): Map<string, FormField> {
  return new Map(allFields(form).map((f) => [f.code, f]))
}
