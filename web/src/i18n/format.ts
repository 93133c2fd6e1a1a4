// Dates and times on the visitor pages: always Beijing time (utils/time.ts), written the way
// each language reads them. Chinese keeps the site's "2023-05-20 09:00" and "5月20日 周六".
import { dayLabel } from '@/utils/activity'
import { formatDate, formatDateTime, formatDateZh, formatWait, toMillis, wallParts, type Instant } from '@/utils/time'
import type { Lang } from './catalogue'

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number) => String(n).padStart(2, '0')

function enDate(ms: number, withYear: boolean): string {
  const p = wallParts(ms)
  const weekday = WEEKDAYS[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()]
  return `${weekday} ${p.day} ${MONTHS[p.month - 1]}${withYear ? ` ${p.year}` : ''}`
}

/** A calendar day: "5月20日 周六" / "Sat 20 May". */
export function dayText(lang: Lang, date: string): string {
  if (lang === 'zh-CN') return dayLabel(date)
  const ms = toMillis(date)
  return Number.isNaN(ms) ? '' : enDate(ms, false)
}

/** A calendar day with its year, for a date that may be months away: "2027年8月24日" / "24 Aug 2027". */
export function dateText(lang: Lang, date: string): string {
  if (lang === 'zh-CN') return formatDateZh(date)
  const ms = toMillis(date)
  if (Number.isNaN(ms)) return ''
  const p = wallParts(ms)
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`
}

/** A moment: "2023-05-20 09:00" / "Sat 20 May 2023, 09:00". */
export function dateTimeText(lang: Lang, value: Instant | null | undefined): string {
  if (lang === 'zh-CN') return formatDateTime(value)
  if (value === null || value === undefined || value === '') return ''
  const ms = toMillis(value)
  if (Number.isNaN(ms)) return ''
  const p = wallParts(ms)
  return `${enDate(ms, true)}, ${pad(p.hour)}:${pad(p.minute)}`
}

/** A span; the end shows its time only when it is the same Beijing day. */
export function timeRangeText(lang: Lang, start: Instant, end: Instant): string {
  const sameDay = formatDate(start) === formatDate(end)
  const endText = sameDay ? formatDateTime(end).slice(11) : dateTimeText(lang, end)
  return `${dateTimeText(lang, start)} – ${endText}`
}

/** A wait such as Retry-After: "3 分 20 秒" / "3 min 20 s". */
export function waitText(lang: Lang, seconds: number): string {
  if (lang === 'zh-CN') return formatWait(seconds)
  const s = Math.max(0, Math.ceil(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  if (h > 0) return `${h} h ${m} min`
  if (m > 0) return sec > 0 ? `${m} min ${sec} s` : `${m} min`
  return `${sec} s`
}
