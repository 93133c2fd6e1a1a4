// Dates and times are always shown in Asia/Shanghai, whatever the browser's time zone.
// China has kept UTC+08:00 without daylight saving since 1991, so a fixed offset is exact
// for every date this platform handles and needs no time-zone database.

const OFFSET_MS = 8 * 3600 * 1000
const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export type Instant = string | number | Date

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** Milliseconds since the epoch, or NaN for an unparseable value. */
export function toMillis(value: Instant): number {
  if (value instanceof Date) return value.getTime()
  if (typeof value === 'number') return value
  const s = value.trim()
  // A bare date means midnight in Beijing, not in the browser's zone.
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return Date.parse(`${s}T00:00:00+08:00`)
  // Wall time without an offset ("2023-06-12 18:00[:00]") is Beijing time.
  const wall = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/.exec(s)
  if (wall) return Date.parse(`${wall[1]}T${wall[2]}${wall[3] ?? ':00'}+08:00`)
  return Date.parse(s)
}

export interface WallParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

export function wallParts(ms: number): WallParts {
  const d = new Date(ms + OFFSET_MS)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  }
}

/** "2023-06-12" in Beijing; empty string for a missing or invalid value. */
export function formatDate(value: Instant | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const ms = toMillis(value)
  if (Number.isNaN(ms)) return ''
  const p = wallParts(ms)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

/** "2023-06-12 18:00" (or with seconds) in Beijing. */
export function formatDateTime(value: Instant | null | undefined, withSeconds = false): string {
  if (value === null || value === undefined || value === '') return ''
  const ms = toMillis(value)
  if (Number.isNaN(ms)) return ''
  const p = wallParts(ms)
  const base = `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`
  return withSeconds ? `${base}:${pad(p.second)}` : base
}

/** "2023年6月12日" — for headings. */
export function formatDateZh(value: Instant | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const ms = toMillis(value)
  if (Number.isNaN(ms)) return ''
  const p = wallParts(ms)
  return `${p.year}年${p.month}月${p.day}日`
}

/** ISO 8601 with +08:00, as the API wants: "2023-06-12T18:00:00+08:00". */
export function toIsoShanghai(value: Instant): string {
  const ms = toMillis(value)
  if (Number.isNaN(ms)) return ''
  const p = wallParts(ms)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` + '+08:00'
}

/** Beijing wall time "YYYY-MM-DD HH:mm:ss" (the date-time picker's value format). */
export function toWallTime(value: Instant | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  return formatDateTime(value, true)
}

/** Start of a Beijing calendar day, as an API timestamp (for range filters). */
export function dayStartIso(date: string): string {
  return `${date}T00:00:00+08:00`
}
/** The start of the next Beijing day: the exclusive upper bound of a day range. */
export function nextDayStartIso(date: string): string {
  return toIsoShanghai(toMillis(date) + 24 * 3600 * 1000)
}

export interface Countdown {
  /** true once the deadline has passed */
  expired: boolean
  /** whole milliseconds left (0 when expired) */
  remainingMs: number
  days: number
  hours: number
  minutes: number
  seconds: number
  /** "剩余 3 天 04 小时 05 分 06 秒" or "已截止" */
  text: string
}

/** Time left until `deadline` as seen at `now`; pure so it can be tested without timers. */
export function countdown(deadline: Instant, now: Instant): Countdown {
  const left = toMillis(deadline) - toMillis(now)
  if (Number.isNaN(left)) {
    return { expired: false, remainingMs: 0, days: 0, hours: 0, minutes: 0, seconds: 0, text: '' }
  }
  if (left <= 0) {
    return { expired: true, remainingMs: 0, days: 0, hours: 0, minutes: 0, seconds: 0, text: '已截止' }
  }
  const days = Math.floor(left / DAY)
  const hours = Math.floor((left % DAY) / HOUR)
  const minutes = Math.floor((left % HOUR) / MINUTE)
  const seconds = Math.floor((left % MINUTE) / SECOND)
  const text =
    days > 0
      ? `剩余 ${days} 天 ${pad(hours)} 小时 ${pad(minutes)} 分 ${pad(seconds)} 秒`
      : `剩余 ${pad(hours)} 小时 ${pad(minutes)} 分 ${pad(seconds)} 秒`
  return { expired: false, remainingMs: left, days, hours, minutes, seconds, text }
}

/** "3 分 20 秒" for a wait such as a Retry-After header. */
export function formatWait(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  if (h > 0) return `${h} 小时 ${m} 分`
  if (m > 0) return sec > 0 ? `${m} 分 ${sec} 秒` : `${m} 分钟`
  return `${sec} 秒`
}
