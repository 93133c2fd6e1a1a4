// Money is reported in 万元 with at most two decimals. It is handled as an integer count of
// 0.01 万元 ("fen") parsed from the decimal text, so sums never drift: 0.1 + 0.2 is "0.30".

export type Decimal = string | number

/** Parse a decimal (string or number) into integer hundredths; null when not a number.
 *  More than two decimals are rounded half away from zero on the third digit. */
export function toFen(value: Decimal | null | undefined): number | null {
  if (value === null || value === undefined) return null
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null
    // toFixed(6) avoids exponent notation (1e-7) while keeping every digit that matters.
    text = Math.abs(value) < 1e15 ? value.toFixed(6) : String(value)
  } else {
    text = value.trim().replace(/,/g, '')
  }
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text)
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return null
  const negative = m[1] === '-'
  const whole = m[2] === '' ? 0 : Number(m[2])
  const frac = (m[3] ?? '').padEnd(3, '0')
  let fen = whole * 100 + Number(frac.slice(0, 2))
  if (Number(frac[2]) >= 5) fen += 1
  if (!Number.isSafeInteger(fen)) return null
  return negative && fen !== 0 ? -fen : fen
}

/** Format integer hundredths as "1234.50" (no grouping), exactly two places. */
export function fenToString(fen: number): string {
  const negative = fen < 0
  const abs = Math.abs(fen)
  const whole = Math.floor(abs / 100)
  const cents = abs % 100
  return `${negative ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`
}

/** "0.30" — a decimal shown with exactly two places; empty string for a non-number. */
export function formatWan(value: Decimal | null | undefined): string {
  const fen = toFen(value)
  return fen === null ? '' : fenToString(fen)
}

/** "12,345.60" — grouped thousands for tables and totals. */
export function formatWanGrouped(value: Decimal | null | undefined): string {
  const plain = formatWan(value)
  if (plain === '') return ''
  const [whole, cents] = plain.split('.')
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = sign ? whole.slice(1) : whole
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`
}

/** Exact sum of decimals as a two-place string; blanks and non-numbers are skipped. */
export function sumWan(values: Iterable<Decimal | null | undefined>): string {
  let total = 0
  for (const v of values) {
    const fen = toFen(v)
    if (fen !== null) total += fen
  }
  return fenToString(total)
}

/** True when the text is a valid amount with at most two decimals. */
export function isWanAmount(text: string): boolean {
  return /^\d+(\.\d{1,2})?$/.test(text.trim())
}

/** "1,234" — integer counts (participants, activities). */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return ''
  return Math.trunc(value).toLocaleString('en-US')
}
