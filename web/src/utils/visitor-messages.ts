// The staff's view of messages to visitors (issue 11 §1, decision 0015): who may open it, how
// a message's state shows, the notice's text checks (mirroring domain::ValidateBroadcastText so
// the form refuses before the server does, and counts as the server counts), and how often the
// list refreshes while something is still on its way.
import type { Activity } from '@/api/activity-types'
import type { MessageCounts, MessageStatus, VisitorMessage } from '@/api/message-types'
import type { User } from '@/api/types'
import { formatDateTime, toMillis } from './time'

export const MAX_NOTICE_CHARS = 200
/** the server's limit (kBroadcastsPerSessionPerHour) */
export const NOTICES_PER_HOUR = 3

export const MESSAGE_STATUSES: readonly MessageStatus[] = ['pending', 'sending', 'sent', 'failed', 'suppressed']

/** The server's wording (domain::MessageStatusLabel), for a row without `status_label`. */
export const messageStatusLabels: Record<MessageStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
  suppressed: '已过时未发',
}

export type MessageTagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const STATUS_TAGS: Record<MessageStatus, MessageTagType> = {
  pending: 'warning',
  sending: 'primary',
  sent: 'success',
  failed: 'danger',
  suppressed: 'info',
}

/** The server's kind names (domain::MessageKindLabel), for a row without `kind_label`. */
const KIND_LABELS: Record<string, string> = {
  confirmed: '预约成功',
  offered: '候补递补',
  offer_expired: '递补过期',
  lottery_won: '抽签中签',
  lottery_lost: '抽签未中',
  session_changed: '场次变更',
  session_cancelled: '场次取消',
  reminder: '活动提醒',
  staff_notice: '主办方通知',
}

const CHANNEL_LABELS: Record<string, string> = { sms: '短信', email: '邮件' }

function isStatus(s: string): s is MessageStatus {
  return (MESSAGE_STATUSES as readonly string[]).includes(s)
}

export function messageStatusLabel(m: Pick<VisitorMessage, 'status' | 'status_label'>): string {
  return m.status_label || (isStatus(m.status) ? messageStatusLabels[m.status] : m.status)
}

/** Element Plus tag type of a state: sent green, failed red, waiting amber, on its way blue. */
export function messageStatusTag(status: string): MessageTagType {
  return isStatus(status) ? STATUS_TAGS[status] : 'info'
}

export function messageKindLabel(m: Pick<VisitorMessage, 'kind' | 'kind_label'>): string {
  return m.kind_label || KIND_LABELS[m.kind] || m.kind
}

export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel] ?? channel
}

/**
 * A message's last error for staff: the server's one note of its own (a delay by the per-phone
 * limit, which is not a failure) in Chinese; a gateway's words as they came (already scrubbed of
 * the number), since they are what its support desk will ask for.
 */
export function messageErrorText(lastError: string | null | undefined): string {
  if (!lastError) return ''
  if (isDelay(lastError)) return '该手机号一小时内短信已达上限，已延后发送'
  return lastError
}

function isDelay(lastError: string): boolean {
  return lastError.startsWith('per-phone limit')
}

/** A status tag's hover text: when a waiting message is tried next, why it waits or failed. */
export function messageStatusDetail(m: Pick<VisitorMessage, 'status' | 'last_error' | 'next_attempt_at'>): string {
  const lines: string[] = []
  if (m.status === 'pending' && m.next_attempt_at) lines.push(`下次尝试：${formatDateTime(m.next_attempt_at, true)}`)
  if (m.last_error) {
    const what = m.status === 'failed' ? '失败原因' : isDelay(m.last_error) ? '延后原因' : '上次失败'
    lines.push(`${what}：${messageErrorText(m.last_error)}`)
  }
  return lines.join('\n')
}

/** Every state, 0 when the server left one out. */
export function normalizeCounts(counts: Partial<Record<string, number>> | null | undefined): MessageCounts {
  const out = {} as MessageCounts
  for (const s of MESSAGE_STATUSES) out[s] = Number(counts?.[s] ?? 0) || 0
  return out
}

/** Messages not yet settled: queued, waiting to retry, or with the gateway now. */
export function unsettledCount(counts: MessageCounts | null | undefined): number {
  return counts ? counts.pending + counts.sending : 0
}

export const FAST_POLL_MS = 3000
export const SLOW_POLL_MS = 30_000

/**
 * How long until the list is fetched again, or null to stop: nothing pending or sending means
 * nothing will change by itself. While a message is with the gateway, or may be tried any moment,
 * every few seconds; when every pending one (all on this page) waits a minute or more — a retry's
 * backoff, the per-phone limit's delay of up to an hour — every half minute.
 */
export function pollDelay(
  counts: MessageCounts | null | undefined,
  items: readonly Pick<VisitorMessage, 'status' | 'next_attempt_at'>[],
  now = Date.now(),
): number | null {
  if (!counts || unsettledCount(counts) === 0) return null
  if (counts.sending > 0) return FAST_POLL_MS
  const pending = items.filter((m) => m.status === 'pending')
  if (pending.length < counts.pending) return FAST_POLL_MS // some on other pages: when is unknown
  const soonest = Math.min(
    ...pending.map((m) => {
      const t = m.next_attempt_at ? toMillis(m.next_attempt_at) : NaN
      return Number.isNaN(t) ? now : t
    }),
  )
  return soonest - now >= 60_000 ? SLOW_POLL_MS : FAST_POLL_MS
}

/**
 * The lead unit's reporters and admins, once the activity is published (or was, before it was
 * cancelled: its cancellation notices are worth checking). Drafts have no messages. The server
 * decides in the end (403 for everyone else); this only hides an entry that would be refused.
 */
export function mayMessageVisitors(
  user: { role: User['role']; org: { code: string } | null } | null | undefined,
  activity: Pick<Activity, 'status' | 'lead_org'> | null | undefined,
): boolean {
  if (!user || !activity || !['approved', 'cancelled'].includes(activity.status)) return false
  if (user.role === 'admin') return true
  return user.role === 'reporter' && !!user.org && user.org.code === activity.lead_org.code
}

// ---- The notice's text, checked as the server checks it (core::Trim, core::IsCleanUtf8
// without newlines, core::Utf8Length).

/** Spaces, tabs and full-width spaces at either end, as the server trims: nothing else. */
export function trimNotice(text: string): string {
  return text.replace(/^[ \t\u3000]+|[ \t\u3000]+$/g, '')
}

/** Characters as the server counts them (code points, so an emoji is one), after trimming. */
export function noticeLength(text: string): number {
  return Array.from(trimNotice(text)).length
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** The problem with a notice's text in the server's words, or '' when it may be sent. */
export function noticeProblem(text: string): string {
  const t = trimNotice(text)
  if (!t) return '请填写通知内容'
  if (CONTROL.test(t) || LONE_SURROGATE.test(t)) return '通知内容含有不可见字符或换行，请改为一段文字'
  if (noticeLength(t) > MAX_NOTICE_CHARS) return `通知内容不能超过${MAX_NOTICE_CHARS}字`
  return ''
}

/**
 * Why the notice form is not offered for this session, or '' when it is: only a published
 * activity's session that has not ended (the server answers 409 after the end).
 */
export function noticeBlockedReason(session: { ends_at: string }, live: boolean, now = Date.now()): string {
  if (!live) return '活动未在发布状态，不能发送通知。'
  if (toMillis(session.ends_at) <= now) return '场次已结束，不能再发送通知。'
  return ''
}

/** The confirmation's words: who receives the notice, as far as the page knows. */
export function noticeConfirmText(holdersPeople: number | null): string {
  const who = '通知将以短信发送给本场次全部持票观众（已预约或已签到的预约，每个预约的手机号一条）'
  if (holdersPeople === null) return `${who}。发送后不能撤回，确定发送吗？`
  if (holdersPeople <= 0) return `本场次目前没有已预约的观众，通知不会发给任何人。仍要发送吗？`
  return `${who}，当前已预约 ${holdersPeople} 人。发送后不能撤回，确定发送吗？`
}
