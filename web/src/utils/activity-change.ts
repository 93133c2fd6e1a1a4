// Changing a published activity (docs/api.md "Changing a published activity"): which edits the
// server applies at once and which wait for review (so the editor asks for a reason exactly
// when the server will), and a readable account of what a change does, for the reviewer and
// the history. The comparison mirrors the server's (domain::CompareForChange): sessions are
// matched by id, times compared as instants, co-organizers as a set.
import type {
  Activity,
  ActivityInput,
  AffectedTicket,
  ChangePlan,
  ChangePlanSession,
  ChangeSummary,
} from '@/api/activity-types'
import type { ReviewState } from '@/api/report-types'
import { activityModeLabels, label } from '@/locales/zh-CN'
import { formatDateTime, toMillis } from './time'
import type { ErrorLike } from './validation'

/** Fields a published activity takes at once, without review. */
export const LIVE_FIELDS = ['description', 'contact_name', 'contact_phone', 'audience'] as const

/** Chinese names of the plan's fields, as the editor labels its boxes. */
export const CHANGE_FIELD_LABELS: Record<string, string> = {
  title: '活动名称',
  category: '活动类别',
  mode: '活动形式',
  district: '所在区',
  venue: '活动场地',
  address: '详细地址',
  starts_at: '开始时间',
  ends_at: '结束时间',
  is_free: '费用',
  reservation_required: '预约',
  real_name_required: '实名预约',
  online_url: '线上地址',
  security_owner: '网络安全责任人',
  safe_occupancy: '安全容量',
  co_organizers: '协办单位',
}

/** The order the server lists changed fields in (and the form shows them). */
const FIELD_ORDER = Object.keys(CHANGE_FIELD_LABELS) as (keyof typeof CHANGE_FIELD_LABELS)[]

/** The published activity as a change plan (the shape `before` and `proposed` come in). */
export function planOfActivity(a: Activity): ChangePlan {
  return {
    title: a.title,
    category: a.category,
    mode: a.mode,
    district: a.district?.code ?? '',
    venue: a.venue ?? '',
    address: a.address ?? '',
    starts_at: a.starts_at,
    ends_at: a.ends_at,
    is_free: a.is_free,
    reservation_required: a.reservation_required,
    real_name_required: a.real_name_required ?? false,
    online_url: a.online_url,
    security_owner: a.security_owner,
    safe_occupancy: a.safe_occupancy,
    co_organizers: (a.co_organizers ?? []).map((o) => o.code),
    sessions: (a.sessions ?? []).map((s) => ({
      id: s.id,
      starts_at: s.starts_at,
      ends_at: s.ends_at,
      capacity: s.capacity,
      high_demand: s.high_demand,
      opens_at: s.opens_at,
      lottery_cutoff: s.lottery_cutoff,
    })),
  }
}

/** An edit body (PUT /activities/{id}) as a change plan. */
export function planOfInput(b: ActivityInput): ChangePlan {
  return {
    title: b.title,
    category: b.category,
    mode: b.mode,
    district: b.district ?? '',
    venue: b.venue,
    address: b.address,
    starts_at: b.starts_at,
    ends_at: b.ends_at,
    is_free: b.is_free,
    reservation_required: b.reservation_required,
    real_name_required: b.real_name_required ?? false,
    online_url: b.online_url,
    security_owner: b.security_owner,
    safe_occupancy: b.safe_occupancy,
    co_organizers: b.co_organizers,
    sessions: b.sessions.map((s) => ({
      id: s.id ?? null,
      starts_at: s.starts_at,
      ends_at: s.ends_at,
      capacity: s.capacity,
      high_demand: s.high_demand,
      opens_at: s.opens_at,
      lottery_cutoff: s.lottery_cutoff,
    })),
  }
}

const text = (v: string | null | undefined) => v ?? ''
const sameTime = (a: string | null | undefined, b: string | null | undefined) =>
  !a || !b ? !a && !b : toMillis(a) === toMillis(b)
const codeSet = (v: readonly string[] | null | undefined) => [...new Set(v ?? [])].sort().join('\n')

/** What the comparison finds: the server's summary plus whether kept sessions' reservation
 *  settings (opening, high demand, lottery cut-off) changed, which also needs review. */
export interface PlanDifference extends ChangeSummary {
  session_settings: number[]
}

/** published → proposed, as the server compares them. */
export function comparePlans(published: ChangePlan, proposed: ChangePlan): PlanDifference {
  const a = published
  const b = proposed
  const differs: Record<string, boolean> = {
    title: a.title !== b.title,
    category: a.category !== b.category,
    mode: a.mode !== b.mode,
    district: text(a.district) !== text(b.district),
    venue: text(a.venue) !== text(b.venue),
    address: text(a.address) !== text(b.address),
    starts_at: !sameTime(a.starts_at, b.starts_at),
    ends_at: !sameTime(a.ends_at, b.ends_at),
    is_free: a.is_free !== b.is_free,
    reservation_required: a.reservation_required !== b.reservation_required,
    real_name_required: !!a.real_name_required !== !!b.real_name_required,
    online_url: text(a.online_url) !== text(b.online_url),
    security_owner: text(a.security_owner) !== text(b.security_owner),
    safe_occupancy: (a.safe_occupancy ?? null) !== (b.safe_occupancy ?? null),
    co_organizers: codeSet(a.co_organizers) !== codeSet(b.co_organizers),
  }
  const out: PlanDifference = {
    fields: FIELD_ORDER.filter((f) => differs[f]),
    moved: [],
    resized: [],
    removed: [],
    added: 0,
    place_changed: differs.venue || differs.address,
    session_settings: [],
  }
  const old = new Map(a.sessions.filter((s) => s.id !== null).map((s) => [s.id as number, s]))
  const kept = new Set<number>()
  for (const s of b.sessions) {
    const was = s.id === null ? undefined : old.get(s.id)
    if (!was) {
      // A new session; an id the plan does not have is the server's to refuse.
      if (s.id === null) out.added++
      continue
    }
    kept.add(was.id as number)
    if (!sameTime(was.starts_at, s.starts_at) || !sameTime(was.ends_at, s.ends_at)) out.moved.push(was.id as number)
    if (was.capacity !== s.capacity) out.resized.push({ session_id: was.id as number, capacity: s.capacity })
    if (
      was.high_demand !== s.high_demand ||
      !sameTime(was.opens_at, s.opens_at) ||
      !sameTime(was.lottery_cutoff, s.lottery_cutoff)
    )
      out.session_settings.push(was.id as number)
  }
  for (const s of a.sessions) if (s.id !== null && !kept.has(s.id)) out.removed.push(s.id)
  return out
}

export function isEmptyDifference(d: PlanDifference): boolean {
  return (
    d.fields.length === 0 &&
    d.moved.length === 0 &&
    d.resized.length === 0 &&
    d.removed.length === 0 &&
    d.added === 0 &&
    d.session_settings.length === 0
  )
}

/** Does saving this body on the published activity make a change for review (and so need a
 *  reason)? false when only description, contact or audience differ: those apply at once. */
export function needsReview(published: Activity, body: ActivityInput): boolean {
  if (published.status !== 'approved') return false
  return !isEmptyDifference(comparePlans(planOfActivity(published), planOfInput(body)))
}

/** A session's time slot: "2027-05-20 10:00–11:00", or both ends in full across midnight. */
export function sessionSlot(s: Pick<ChangePlanSession, 'starts_at' | 'ends_at'>): string {
  const start = formatDateTime(s.starts_at)
  const end = formatDateTime(s.ends_at)
  return start.slice(0, 10) === end.slice(0, 10) ? `${start}–${end.slice(11)}` : `${start} – ${end}`
}

function sessionSettings(s: ChangePlanSession): string {
  const parts = [s.opens_at ? `${formatDateTime(s.opens_at)} 开放预约` : '发布后即可预约']
  if (s.high_demand)
    parts.push(s.lottery_cutoff ? `热门·抽签，${formatDateTime(s.lottery_cutoff)} 截止报名` : '热门·抽签')
  return parts.join('；')
}

/** One readable line of a change: `before` → `after` (either may be empty: removed, added). */
export interface ChangeLine {
  kind: 'field' | 'moved' | 'resized' | 'removed' | 'added' | 'settings'
  /** the field or session, in Chinese */
  label: string
  before: string
  after: string
}

/** Unit codes → names (districts, co-organizers) for showing a plan; unknown codes show as is. */
export type UnitNames = Record<string, string>

/** The names the form knows (districts, units), then the activity's own for codes not listed. */
export function unitNamesFor(
  lists: { code: string; name: string }[][],
  current: Pick<Activity, 'co_organizers' | 'district'> | null,
): UnitNames {
  const out: UnitNames = {}
  for (const list of lists) for (const u of list) out[u.code] = u.name
  for (const o of current?.co_organizers ?? []) out[o.code] ??= o.name
  if (current?.district) out[current.district.code] ??= current.district.name
  return out
}

function fieldValue(field: string, plan: ChangePlan, names: UnitNames): string {
  switch (field) {
    case 'starts_at':
    case 'ends_at':
      return formatDateTime(plan[field])
    case 'is_free':
      return plan.is_free ? '免费' : '收费'
    case 'reservation_required':
      return plan.reservation_required ? '需预约' : '无需预约'
    case 'real_name_required':
      return plan.real_name_required ? '实名预约' : '无需实名'
    case 'mode':
      return label(activityModeLabels, plan.mode)
    case 'district':
      return plan.district ? (names[plan.district] ?? plan.district) : '未选择'
    case 'co_organizers':
      return plan.co_organizers.map((c) => names[c] ?? c).join('、') || '无'
    case 'safe_occupancy':
      return plan.safe_occupancy ? `${plan.safe_occupancy} 人` : '未填写'
    default: {
      const v = plan[field as keyof ChangePlan]
      return typeof v === 'string' && v !== '' ? v : '（空）'
    }
  }
}

/** What a change does, before → proposed, in lines a reviewer can read: the changed fields
 *  with their old and new values, then sessions moved, resized, with new reservation settings,
 *  removed and added (in the plans' own order). */
export function describeChange(before: ChangePlan, proposed: ChangePlan, names: UnitNames = {}): ChangeLine[] {
  const d = comparePlans(before, proposed)
  const lines: ChangeLine[] = d.fields.map((f) => ({
    kind: 'field',
    label: CHANGE_FIELD_LABELS[f] ?? f,
    before: fieldValue(f, before, names),
    after: fieldValue(f, proposed, names),
  }))
  const old = new Map(before.sessions.map((s) => [s.id, s]))
  const moved = new Set(d.moved)
  const resized = new Set(d.resized.map((r) => r.session_id))
  const settings = new Set(d.session_settings)
  for (const s of proposed.sessions) {
    const was = s.id === null ? undefined : old.get(s.id)
    if (!was) continue
    const id = was.id as number
    if (moved.has(id)) lines.push({ kind: 'moved', label: '场次改期', before: sessionSlot(was), after: sessionSlot(s) })
    if (resized.has(id))
      lines.push({
        kind: 'resized',
        label: `场次名额（${sessionSlot(s)}）`,
        before: `${was.capacity} 人`,
        after: `${s.capacity} 人`,
      })
    if (settings.has(id))
      lines.push({
        kind: 'settings',
        label: `预约设置（${sessionSlot(s)}）`,
        before: sessionSettings(was),
        after: sessionSettings(s),
      })
  }
  for (const s of before.sessions)
    if (s.id !== null && d.removed.includes(s.id))
      lines.push({
        kind: 'removed',
        label: '删除场次',
        before: `${sessionSlot(s)}（名额 ${s.capacity} 人）`,
        after: '',
      })
  for (const s of proposed.sessions)
    if (s.id === null)
      lines.push({ kind: 'added', label: '新增场次', before: '', after: `${sessionSlot(s)}（名额 ${s.capacity} 人）` })
  return lines
}

/** The server's refusal to displace tickets without consent (422 on `cancel_reservations`):
 *  its message ("此变更将取消N张已预约的票…"), or null for any other error. */
export function cancelReservationsMessage(e: unknown): string | null {
  if (!e || typeof e !== 'object') return null
  const err = e as ErrorLike & { status?: number }
  if (err.status !== undefined && err.status !== 422) return null
  const hit = (err.details ?? []).find((d) => d.field === 'cancel_reservations')
  if (hit) return hit.message || err.message
  return err.field === 'cancel_reservations' ? err.message : null
}

/** "等待区级审核" / "等待市级审核" under two levels, else "等待审核". */
export function changeWaitingLabel(review: ReviewState | null | undefined): string {
  return review?.level_label ? `等待${review.level_label}审核` : '等待审核'
}

/** What a change did to one visitor's ticket: 已取消, 改期, 改地点 (or both). */
export function affectedEffectLabel(t: Pick<AffectedTicket, 'effect' | 'session_id'>, summary: ChangeSummary): string {
  if (t.effect === 'cancelled') return '已取消'
  const moved = summary.moved.includes(t.session_id)
  if (moved && summary.place_changed) return '改期、改地点'
  if (!moved && summary.place_changed) return '改地点'
  return '改期'
}

export const changeStatusLabels: Record<string, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '已退回',
  withdrawn: '已撤回',
}

export const changeStatusTag: Record<string, 'info' | 'success' | 'warning' | 'danger' | 'primary'> = {
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'info',
}

/** The tickets a waiting change reaches, from the published sessions' places taken: people
 *  whose session moves (all of them when the venue or address changes) are told; those of a
 *  removed session, and at most what a cut leaves no room for, lose their places. */
export function changeImpact(
  published: Pick<Activity, 'sessions'>,
  summary: Pick<ChangeSummary, 'moved' | 'resized' | 'removed' | 'place_changed'>,
): { notified: number; cancelled: number } {
  let notified = 0
  let cancelled = 0
  const cut = new Map(summary.resized.map((r) => [r.session_id, r.capacity]))
  for (const s of published.sessions) {
    if (summary.removed.includes(s.id)) {
      cancelled += s.taken
      continue
    }
    const capacity = cut.get(s.id)
    const lost = capacity !== undefined ? Math.max(0, s.taken - Math.max(capacity, s.checked_in ?? 0)) : 0
    cancelled += lost
    if (summary.place_changed || summary.moved.includes(s.id)) notified += s.taken - lost
  }
  return { notified, cancelled }
}

/** The session of an affected ticket as it was, and where it went when it moved. */
export function affectedSessionLabel(
  t: Pick<AffectedTicket, 'session_id' | 'effect'>,
  before: ChangePlan,
  proposed: ChangePlan,
): string {
  const was = before.sessions.find((s) => s.id === t.session_id)
  const now = proposed.sessions.find((s) => s.id === t.session_id)
  if (!was) return now ? sessionSlot(now) : `场次 #${t.session_id}`
  if (t.effect === 'moved' && now && (!sameTime(was.starts_at, now.starts_at) || !sameTime(was.ends_at, now.ends_at)))
    return `${sessionSlot(was)} → ${sessionSlot(now)}`
  return sessionSlot(was)
}
