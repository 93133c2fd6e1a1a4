// How a reminder's e-mail delivery shows in the chase log: a tag with the server's Chinese
// label, coloured by state, and the details (address, attempts, last error, next retry) as the
// tag's hover text — the failure reason matters most when it failed for good.
import type { ReminderEmail } from '@/api/report-types'
import { formatDateTime } from './time'

export type TagType = 'success' | 'warning' | 'danger' | 'info'

export interface EmailTag {
  status: string
  type: TagType
  label: string
  /** hover text; '' when there is nothing to add to the label */
  title: string
}

const TYPES: Record<string, TagType> = {
  sent: 'success',
  pending: 'warning',
  sending: 'warning',
  failed: 'danger',
  no_address: 'info',
  off: 'info',
}
const FALLBACK_LABELS: Record<string, string> = {
  off: '未启用邮件提醒',
  no_address: '单位未填写电子邮箱',
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
}

/** null for reminders logged before e-mail existed (no `email` object). */
export function emailTag(email: ReminderEmail | null | undefined): EmailTag | null {
  if (!email || !email.status) return null
  const status = email.status
  const label = email.status_label || email.label || FALLBACK_LABELS[status] || status
  const error = email.error ?? email.last_error ?? ''
  const lines: string[] = []
  if (email.to) lines.push(`收件人：${email.to}`)
  if (status === 'sent' && email.sent_at) lines.push(`发送时间：${formatDateTime(email.sent_at)}`)
  if (error) lines.push(`${status === 'failed' ? '失败原因' : '上次失败'}：${error}`)
  if (email.attempts && status !== 'sent') lines.push(`已尝试 ${email.attempts} 次`)
  if (status === 'pending' && email.next_attempt_at) lines.push(`下次尝试：${formatDateTime(email.next_attempt_at)}`)
  return { status, type: TYPES[status] ?? 'info', label, title: lines.join('\n') }
}
