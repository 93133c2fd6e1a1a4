// Pure helpers of the activities pages: visitors' phones and tickets, the calendar's days in
// Beijing time, ICS addresses, occupancy warnings and the activity form's own checks.

import { formatDate, toMillis, type Instant } from './time'
import type { FieldErrors } from './validation'

/** A mainland mobile number as the server accepts it: 1[3-9] then 9 digits. Spaces and dashes
 *  typed for readability are ignored; a +86/0086 prefix is not accepted (the server wants 11). */
export function normalizePhone(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s-]/g, '')
}

export function isMainlandMobile(text: string | null | undefined): boolean {
  return /^1[3-9]\d{9}$/.test(normalizePhone(text))
}

/** 13812341234 → 138****1234 (as the server masks it); anything shorter is left alone. */
export function maskPhone(phone: string | null | undefined): string {
  const p = normalizePhone(phone)
  if (p.includes('*') || p.length < 7) return p
  return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`
}

/** A visitor's name for a door display: 张三丰 → 张**, Li → L* (the server may mask it already). */
export function maskName(name: string | null | undefined): string {
  const chars = Array.from((name ?? '').trim())
  if (chars.length <= 1) return chars.join('')
  if (chars.slice(1).every((c) => c === '*')) return chars.join('')
  return chars[0] + '*'.repeat(chars.length - 1)
}

/** 16 Crockford base32 characters → "ABCD-EFGH-JKMN-PQRS" (groups of 4 read aloud at a desk). */
export function groupTicketNo(ticketNo: string | null | undefined, sep = '-'): string {
  const t = (ticketNo ?? '').replace(/[\s-]/g, '').toUpperCase()
  return (t.match(/.{1,4}/g) ?? []).join(sep)
}

/** The address of a ticket's page. The trailing slash is load-bearing: a ticket code holds dots
 *  (T2.<kid>.<session>.<no>.<sig>), and the server answers a path whose last segment has an
 *  "extension" with 404 文件不存在 instead of the app — so without it the ticket page (and the
 *  server's own ticket_url, /p/tickets/{code}) breaks on reload, bookmark or shared link. */
export function ticketPagePath(code: string): string {
  return `/tickets/${encodeURIComponent(code)}/`
}

/** What a person typed or a scanner read at the desk → what POST /checkin takes as `code`:
 *  a signed ticket code (T2.…, or an old T1.…) as-is; a ticket number without spaces/dashes, upper case, with
 *  Crockford's look-alikes (O→0, I/L→1) read as the digits they stand for. */
export function normalizeTicketInput(text: string | null | undefined): string {
  const t = (text ?? '').trim()
  if (/^T\d+\./.test(t)) return t
  // A ticket URL or a QR holding one: take the code from its last path segment or ?code=.
  const url = /[?&]code=([^&#\s]+)/.exec(t) ?? /\/tickets?\/([^/?#\s]+)/.exec(t)
  if (url) return decodeURIComponent(url[1])
  return t.replace(/[\s-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1')
}

/** Every Beijing date from start to end inclusive ("YYYY-MM-DD"); [] when either is bad. */
export function campaignDays(start: string, end: string, max = 62): string[] {
  const a = toMillis(start)
  const b = toMillis(end)
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return []
  const out: string[] = []
  for (let t = a; t <= b && out.length < max; t += 86_400_000) out.push(formatDate(t))
  return out
}

/** Items grouped by the Beijing day they start on, days in order, items by start time. */
export function bucketByDay<T extends { starts_at: Instant }>(items: readonly T[]): { date: string; items: T[] }[] {
  const map = new Map<string, T[]>()
  for (const it of items) {
    const d = formatDate(it.starts_at)
    if (!d) continue
    const list = map.get(d) ?? []
    list.push(it)
    map.set(d, list)
  }
  return [...map.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, list]) => ({ date, items: list.sort((x, y) => toMillis(x.starts_at) - toMillis(y.starts_at)) }))
}

/** "5月20日 周六" for a Beijing date. */
export function dayLabel(date: string): string {
  const ms = toMillis(date)
  if (Number.isNaN(ms)) return ''
  const d = new Date(ms + 8 * 3600_000)
  const week = '日一二三四五六'[d.getUTCDay()]
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 周${week}`
}

/** The date the calendar opens on: today when inside the campaign, else its first day. */
export function defaultDay(days: readonly string[], now: Instant = Date.now()): string {
  const today = formatDate(now)
  return days.includes(today) ? today : (days[0] ?? '')
}

export interface FeedFilter {
  campaign?: number | string | null
  district?: string | null
  category?: string | null
  audience?: string | null
  mode?: string | null
  q?: string | null
  date?: string | null
}

/** GET /public/calendar.ics for the visitor's filter. A subscribed feed covers the whole week,
 *  so the day chosen on screen is left out; empty values are dropped; keys in a fixed order. */
export function calendarFeedUrl(f: FeedFilter): string {
  const params = new URLSearchParams()
  for (const k of ['campaign', 'district', 'category', 'audience', 'mode', 'q'] as const) {
    const v = f[k]
    if (v === null || v === undefined || String(v).trim() === '') continue
    params.append(k, String(v).trim())
  }
  const qs = params.toString()
  return `/api/v1/public/calendar.ics${qs ? `?${qs}` : ''}`
}

export function activityIcsUrl(id: number | string): string {
  return `/api/v1/public/activities/${encodeURIComponent(String(id))}/calendar.ics`
}

export const NEAR_LIMIT_RATIO = 0.9

/** Warn when the people inside reach 90 % of the venue's safe occupancy. No safe figure → no
 *  warning (the server's `near_limit` says the same; this keeps the page honest between polls). */
export function occupancyLevel(occupancy: number, safe: number | null | undefined): 'ok' | 'near' | 'over' {
  if (!safe || safe <= 0 || !Number.isFinite(occupancy)) return 'ok'
  if (occupancy >= safe) return 'over'
  if (occupancy >= safe * NEAR_LIMIT_RATIO) return 'near'
  return 'ok'
}

/** Whole percent of safe occupancy, for a progress bar (capped at 100). */
export function occupancyPercent(occupancy: number, safe: number | null | undefined): number {
  if (!safe || safe <= 0 || occupancy <= 0) return 0
  return Math.min(100, Math.round((occupancy / safe) * 100))
}

/** "svg" text from the API → an <img> source. As an image an SVG runs no script, and data:
 *  URLs are what the CSP's img-src allows. */
export function svgDataUrl(svg: string | null | undefined): string {
  const s = (svg ?? '').trim()
  if (!s.startsWith('<svg') && !s.startsWith('<?xml')) return ''
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(s)}`
}

export function isPartySize(n: unknown, max = 5): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max
}

export interface ReservationForm {
  name: string
  phone: string
  party_size: number
}

export function validateReservation(v: ReservationForm, maxParty = 5): FieldErrors {
  const e: FieldErrors = {}
  const name = v.name.trim()
  if (!name) e.name = '请填写姓名'
  else if (name.length > 50) e.name = '姓名不能超过 50 个字'
  if (!normalizePhone(v.phone)) e.phone = '请填写手机号'
  else if (!isMainlandMobile(v.phone)) e.phone = '请填写 11 位中国大陆手机号（1 开头，第二位 3–9）'
  if (!isPartySize(v.party_size, maxParty)) e.party_size = `人数须为 1 到 ${maxParty} 人`
  return e
}

export interface SessionRow {
  /** a published session's id, kept through a change (its tickets stay valid); none when new */
  id?: number | null
  starts_at: string
  ends_at: string
  capacity: number | null
  high_demand: boolean
  opens_at: string
  lottery_cutoff: string
}

export interface ActivityFormValues {
  title: string
  category: string
  mode: string
  district: string
  venue: string
  address: string
  starts_at: string
  ends_at: string
  audience: string[]
  contact_name: string
  contact_phone: string
  online_url: string
  security_owner: string
  safe_occupancy: number | null
  sessions: SessionRow[]
}

/** Client checks of the activity form, keyed by the API's field names (sessions.0.capacity);
 *  the safety gate itself (emergency plan for large events) is the server's, at submit. */
export function validateActivity(v: ActivityFormValues): FieldErrors {
  const e: FieldErrors = {}
  const offline = v.mode !== 'online'
  const online = v.mode !== 'offline'
  if (!v.title.trim()) e.title = '请填写活动名称'
  if (!v.category) e.category = '请选择活动类别'
  if (!v.mode) e.mode = '请选择活动形式'
  if (!v.district) e.district = '请选择所在区'
  if (offline && !v.venue.trim()) e.venue = '请填写活动场地'
  if (offline && !v.address.trim()) e.address = '请填写详细地址' // the server's rule: where people go
  if (!v.starts_at) e.starts_at = '请选择开始时间'
  if (!v.ends_at) e.ends_at = '请选择结束时间'
  else if (v.starts_at && toMillis(v.ends_at) <= toMillis(v.starts_at)) e.ends_at = '结束时间须晚于开始时间'
  if (v.audience.length === 0) e.audience = '请至少选择一类面向人群'
  if (!v.contact_name.trim()) e.contact_name = '请填写联系人'
  if (!v.contact_phone.trim()) e.contact_phone = '请填写联系电话'
  if (online && !v.online_url.trim()) e.online_url = '线上活动须填写线上地址'
  else if (online && !/^https?:\/\/\S+$/.test(v.online_url.trim()))
    e.online_url = '线上地址须以 http:// 或 https:// 开头'
  if (online && !v.security_owner.trim()) e.security_owner = '线上活动须填写网络安全责任人'
  if (v.safe_occupancy !== null && (!Number.isInteger(v.safe_occupancy) || v.safe_occupancy < 1))
    e.safe_occupancy = '安全容量须为正整数'
  v.sessions.forEach((s, i) => {
    const p = `sessions.${i}`
    if (!s.starts_at) e[`${p}.starts_at`] = '请选择场次开始时间'
    if (!s.ends_at) e[`${p}.ends_at`] = '请选择场次结束时间'
    else if (s.starts_at && toMillis(s.ends_at) <= toMillis(s.starts_at)) e[`${p}.ends_at`] = '场次结束须晚于开始'
    if (s.capacity === null || !Number.isInteger(s.capacity) || s.capacity < 1) e[`${p}.capacity`] = '名额须为正整数'
    if (s.high_demand && !s.lottery_cutoff) e[`${p}.lottery_cutoff`] = '热门场次须设置抽签截止时间'
    if (s.opens_at && s.starts_at && toMillis(s.opens_at) >= toMillis(s.starts_at))
      e[`${p}.opens_at`] = '开放预约时间须早于场次开始'
    if (s.lottery_cutoff && s.starts_at && toMillis(s.lottery_cutoff) >= toMillis(s.starts_at))
      e[`${p}.lottery_cutoff`] = '抽签截止须早于场次开始'
  })
  if (offline && v.sessions.length === 0) e.sessions = '线下活动至少需要一个场次'
  return e
}
