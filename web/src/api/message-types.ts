// Shapes of the staff's view of messages to visitors (docs/api.md "Messages to visitors",
// decision 0015). snake_case as on the wire; times ISO 8601 with +08:00 as the server formats them.

import type { Page } from './client'

export type MessageStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'suppressed'
export type MessageChannel = 'sms' | 'email'
export type MessageKind =
  | 'confirmed'
  | 'offered'
  | 'offer_expired'
  | 'lottery_won'
  | 'lottery_lost'
  | 'session_changed'
  | 'session_cancelled'
  | 'reminder'
  | 'staff_notice'

export interface VisitorMessage {
  id: number
  kind: MessageKind | string
  /** the server's Chinese name of the kind, e.g. 预约成功 */
  kind_label: string
  channel: MessageChannel | string
  reservation_id: number | null
  /** masked: 138****1234, or ***@example.com for e-mail */
  recipient: string
  template_id: string
  status: MessageStatus | string
  status_label: string
  attempts: number
  /** why the last attempt failed, or why it waits (the per-phone limit) */
  last_error: string | null
  /** pending only: when it is tried next */
  next_attempt_at: string | null
  created_at: string
  sent_at: string | null
}

/** How many of the session's messages are in each state (every state present, 0 when none). */
export type MessageCounts = Record<MessageStatus, number>

export interface SessionMessages extends Page<VisitorMessage> {
  counts: MessageCounts
}

export interface BroadcastResult {
  broadcast_id: number
  /** holders (confirmed or checked in) the notice was queued for */
  recipients: number
}
