// Resident identity card numbers (居民身份证号码, GB 11643-1999) for real-name bookings: the
// server's rules (domain/id_card.cpp) mirrored, so the form can say what is wrong before sending.
// The server stays the authority; its messages are the ones below, so a visitor reads the same
// sentence whichever side caught the mistake.
import { formatDate } from './time'

/** What is wrong with a typed number, in the order the server checks. */
export type IdCardProblem = 'required' | 'length' | 'format' | 'region' | 'birth' | 'checksum'

/** The server's wording of each problem (its 422 on `id_card`). */
export const ID_CARD_MESSAGES: Record<IdCardProblem, string> = {
  required: '本活动实行实名预约，请填写持票人的身份证号码',
  length: '身份证号码须为18位',
  format: '身份证号码须为17位数字加1位数字或X',
  region: '身份证号码的地区码不正确',
  birth: '身份证号码中的出生日期不正确',
  checksum: '身份证号码校验位不符，请核对',
}

// Province-level regions by the first two digits (GB/T 2260), with Hong Kong, Macao and Taiwan
// residence permits (81–83). Foreigners' permanent residence cards (2023 format) start with 9.
const REGIONS = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 83,
])
// ISO 7064 MOD 11-2: weight 2^(17-i) mod 11 for position i, the sum mod 11 picks the character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** As the server reads it: spaces dropped (people type it in groups), x upper-cased. */
export function normalizeIdCard(text: string | null | undefined): string {
  return (text ?? '').replace(/\s/g, '').replace(/x/g, 'X')
}

/** The check character (0–9 or X) of the first 17 digits. */
export function idCardCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < WEIGHTS.length; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

function isRealDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

/** The first problem of a typed number, or null when it is valid. `today` ("YYYY-MM-DD" in
 *  Beijing) bounds the birth date: no one holding a ticket is born after today. */
export function idCardProblem(text: string | null | undefined, today = formatDate(Date.now())): IdCardProblem | null {
  const n = normalizeIdCard(text)
  if (!n) return 'required'
  if (n.length !== 18) return 'length'
  if (!/^\d{17}[\dX]$/.test(n)) return 'format'
  if (n[0] !== '9' && !REGIONS.has(Number(n.slice(0, 2)))) return 'region'
  const birth = `${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`
  const [y, m, d] = birth.split('-').map(Number)
  // Fixed-width "YYYY-MM-DD" strings compare as dates.
  if (y < 1900 || !isRealDate(y, m, d) || birth > today) return 'birth'
  if (idCardCheckChar(n) !== n[17]) return 'checksum'
  return null
}

/** The problem in the server's Chinese, or '' when the number is valid. */
export function idCardMessage(text: string | null | undefined, today?: string): string {
  const p = idCardProblem(text, today)
  return p ? ID_CARD_MESSAGES[p] : ''
}

/** Which problem a server message names (to say it in another language); null when unknown. */
export function idCardProblemOf(message: string | null | undefined): IdCardProblem | null {
  const hit = Object.entries(ID_CARD_MESSAGES).find(([, m]) => m === message)
  return hit ? (hit[0] as IdCardProblem) : null
}

/** "**************002X" as the server masks it: only the last four shown (the region and birth
 *  date say too much about the holder). */
export function maskIdCard(text: string | null | undefined): string {
  const n = normalizeIdCard(text)
  if (!n) return ''
  if (n.includes('*')) return n
  const last4 = n.slice(-4)
  return '*'.repeat(14) + last4
}

/** What staff type at the gate from the card shown: the server compares it with the ticket's
 *  last four (spaces ignored, x = X); '' when nothing was typed. */
export function normalizeLast4(text: string | null | undefined): string {
  return normalizeIdCard(text)
}

/** Four characters of a card's end: digits, the last one possibly X. */
export function isLast4(text: string | null | undefined): boolean {
  return /^\d{3}[\dX]$/.test(normalizeLast4(text))
}
