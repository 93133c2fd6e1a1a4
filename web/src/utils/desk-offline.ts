// The offline desk's decisions, as pure functions (the composable does the storage and the
// network): what a scan means against the cached ticket list when the server cannot be asked,
// how the queue goes out in batches, how long to wait after a failed sync, and the words for
// the conflicts the server reports. The rules follow the server's CheckinService::Apply, so an
// offline answer reads like an online one.
import type { CheckinAnswer } from '@/api/activity-types'
import type { DeskConflict, DeskList, DeskScan, DeskTicket } from '@/api/desk'
import type { ScannedCode } from './ticket-code'

/** What this desk did to a ticket while offline, over the downloaded list. */
export interface LocalMark {
  inside: boolean
  /** first entry made here (ISO), when the list had none */
  checked_in_at: string | null
}
export type LocalMarks = Record<string, LocalMark>

/** The outcome of the signature check the caller ran (async WebCrypto) before deciding. */
export type SignatureCheck = 'valid' | 'invalid' | 'unknown_key' | 'unsupported' | 'none'

export interface OfflineScan {
  parsed: ScannedCode | null
  signature: SignatureCheck
  sessionId: number
  direction: 'in' | 'out'
  /** 证件后四位 typed for this scan, normalized; '' when none */
  idLast4: string
  now: Date
}

export interface OfflineDecision {
  answer: CheckinAnswer
  /** set when the scan passed: the mark to record and the scan to queue */
  mark: { ticketNo: string; mark: LocalMark } | null
}

export const THIS_DESK = '本机（离线）'

function refuse(result: CheckinAnswer['result'], message: string, t?: DeskTicket): OfflineDecision {
  return {
    answer: {
      result,
      message,
      name: t?.name ?? null,
      party_size: t?.party_size ?? null,
      session_id: null,
      activity_title: null,
      checked_in_at: t?.checked_in_at ?? null,
      checked_in_by: null,
      occupancy: null,
      id_card_last4: t?.id_card_last4 ?? null,
    },
    mark: null,
  }
}

/** The ticket as the list had it, with what this desk did since. */
export function effectiveTicket(t: DeskTicket, marks: LocalMarks): DeskTicket {
  const m = marks[t.ticket_no]
  if (!m) return t
  return { ...t, inside: m.inside, checked_in_at: t.checked_in_at ?? m.checked_in_at }
}

/** Decide a scan from the cached list: the same results the server gives, in its words. */
export function decideOffline(scan: OfflineScan, list: DeskList, marks: LocalMarks): OfflineDecision {
  const p = scan.parsed
  if (!p) return refuse('unknown', '无法识别的票码：请核对票号（16 位）或重新扫码')
  if (p.kind === 'signed') {
    if (scan.signature === 'invalid') return refuse('unknown', '票码签名无效：可能是伪造或被改动的票，不能入场')
    if (scan.signature === 'unknown_key')
      return refuse('unknown', '票码的签名密钥未知或已过期：请联网后再核验，或输入票号核对名单')
  }
  if (p.kind !== 'number' && p.sessionId !== scan.sessionId)
    return refuse('wrong_session', '该票不属于本场次，请引导观众前往对应场次')
  const listed = list.tickets.find((t) => t.ticket_no === p.ticketNo)
  if (!listed) return refuse('unknown', '本场次名单中没有该票（名单下载后新预约的票须联网核验）')
  const t = effectiveTicket(listed, marks)
  if (t.status === 'cancelled' || t.status === 'expired') return refuse('cancelled', '该票已取消或失效，不能入场', t)
  if (!t.admits) return refuse('unknown', '该票尚未确认（报名或候补中），不能入场', t)
  if (scan.direction === 'in' && scan.idLast4 && t.id_card_last4 && scan.idLast4 !== t.id_card_last4.toUpperCase())
    return refuse('id_mismatch', '证件后四位不符：请核对持票人本人的身份证件', t)

  const at = scan.now.toISOString()
  let message: string
  let mark: LocalMark
  if (scan.direction === 'out') {
    if (!t.inside) return refuse('not_inside', '该票持有人不在场内', t)
    message = '已登记离场（离线，待同步）'
    mark = { inside: false, checked_in_at: t.checked_in_at }
  } else {
    if (t.inside) {
      const d = refuse('already_checked_in', '该票已核验入场，请勿重复入场', t)
      d.answer.checked_in_by = listed.inside || listed.checked_in_at ? null : THIS_DESK
      return d
    }
    message = t.checked_in_at ? '再次入场，核验通过（离线，待同步）' : `核验通过，共${t.party_size}人（离线，待同步）`
    mark = { inside: true, checked_in_at: t.checked_in_at ?? at }
  }
  return {
    answer: {
      result: 'ok',
      message,
      name: t.name,
      party_size: t.party_size,
      session_id: scan.sessionId,
      activity_title: null,
      checked_in_at: mark.checked_in_at,
      checked_in_by: null,
      occupancy: null,
      id_card_last4: t.id_card_last4,
    },
    mark: { ticketNo: p.ticketNo, mark },
  }
}

/** The server takes at most 500 scans a request. */
export const SYNC_BATCH = 500
export function batches<T>(items: readonly T[], size = SYNC_BATCH): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Wait after the n-th failed sync in a row (1, 2, …): 5 s doubling, at most 5 minutes. */
export function backoffMs(failures: number): number {
  return Math.min(5000 * 2 ** Math.max(0, failures - 1), 300_000)
}

/** A scan id the server accepts (8–64 of [A-Za-z0-9_-]). */
export function newScanId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}

/** A queued scan: what the server takes, plus the ticket number for the conflict list. */
export interface QueuedScan extends DeskScan {
  ticket_no: string
}

/** The body the server takes, field by field: the desk's own fields stay home. */
export function toWire(q: QueuedScan): DeskScan {
  return {
    id: q.id,
    code: q.code,
    session_id: q.session_id,
    direction: q.direction,
    scanned_at: q.scanned_at,
    ...(q.id_last4 ? { id_last4: q.id_last4 } : {}),
  }
}

export const conflictLabels: Record<DeskConflict, string> = {
  double_entry: '重复入场',
  not_admissible: '不应放行',
}
export function conflictLabel(kind: string | null | undefined): string {
  return (kind && conflictLabels[kind as DeskConflict]) || kind || ''
}
