// "My tickets" live in the visitor's own browser: the ticket code with the phone that opens
// it (GET /public/reservations/{code} with the X-Visitor-Phone header) and enough to list it without asking the server.
// No account, so nothing leaves the device; a broken or full storage is never fatal.
import { normalizePhone } from './activity'

export interface StoredTicket {
  code: string
  phone: string
  ticket_no: string
  title: string
  starts_at: string
  status: string
  saved_at: string
  /** a real-name ticket's card as the server masks it ("**************002X"): which card the
   *  booking names, never more than its last four */
  id_card?: string
}

export const TICKETS_KEY = 'sciweek:tickets'
const MAX_TICKETS = 50

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>

function storage(s?: StorageLike | null): StorageLike | null {
  if (s) return s
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // disabled by the browser's privacy settings
  }
}

export function loadTickets(s?: StorageLike | null): StoredTicket[] {
  try {
    const raw = storage(s)?.getItem(TICKETS_KEY)
    const list = raw ? (JSON.parse(raw) as unknown) : []
    if (!Array.isArray(list)) return []
    return list.filter(
      (t): t is StoredTicket =>
        typeof t === 'object' && t !== null && typeof t.code === 'string' && typeof t.phone === 'string',
    )
  } catch {
    return []
  }
}

function save(list: StoredTicket[], s?: StorageLike | null): void {
  try {
    storage(s)?.setItem(TICKETS_KEY, JSON.stringify(list.slice(0, MAX_TICKETS)))
  } catch {
    /* full or disabled: the page still shows the ticket */
  }
}

/** Add or update a ticket (newest first); only the fields given change. */
export function rememberTicket(
  t: Partial<StoredTicket> & { code: string; phone: string },
  s?: StorageLike | null,
  now = new Date(),
): void {
  const list = loadTickets(s)
  const i = list.findIndex((x) => x.code === t.code)
  const prev = i >= 0 ? list.splice(i, 1)[0] : null
  const merged: StoredTicket = {
    ticket_no: '',
    title: '',
    starts_at: '',
    status: '',
    ...prev,
    ...Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined && v !== null)),
    saved_at: prev?.saved_at ?? now.toISOString(),
  } as StoredTicket
  save([merged, ...list], s)
}

export function phoneFor(code: string, s?: StorageLike | null): string | null {
  return loadTickets(s).find((t) => t.code === code)?.phone ?? null
}

export function forgetTicket(code: string, s?: StorageLike | null): void {
  save(
    loadTickets(s).filter((t) => t.code !== code),
    s,
  )
}

/** The server re-issued a ticket's code (a new signing key, or an old T1 code): keep the entry
 *  where it was, under the fresh code, so the old one can retire without losing the ticket. */
export function replaceTicketCode(oldCode: string, freshCode: string, s?: StorageLike | null): void {
  if (oldCode === freshCode) return
  const list = loadTickets(s).filter((t) => t.code !== freshCode)
  const i = list.findIndex((t) => t.code === oldCode)
  if (i < 0) return
  list[i] = { ...list[i], code: freshCode }
  save(list, s)
}

/** What the server says of tickets this device also keeps (matched by ticket number, as a
 *  ticket's code may have been re-issued): their status follows; others are not added. */
export function syncTicketStatuses(
  fresh: readonly { ticket_no: string; status: string }[],
  s?: StorageLike | null,
): void {
  const status = new Map(fresh.map((t) => [t.ticket_no, t.status]))
  const list = loadTickets(s)
  if (!list.some((t) => status.has(t.ticket_no) && status.get(t.ticket_no) !== t.status)) return
  save(
    list.map((t) => (status.has(t.ticket_no) ? { ...t, status: status.get(t.ticket_no) ?? t.status } : t)),
    s,
  )
}

/** The visitor erased their personal data (我的预约 → 删除我的个人信息): this device forgets every
 *  ticket of that phone too, whatever way it was typed. Returns how many were forgotten. */
export function forgetPhone(phone: string, s?: StorageLike | null): number {
  const gone = normalizePhone(phone)
  const list = loadTickets(s)
  const kept = list.filter((t) => normalizePhone(t.phone) !== gone)
  if (kept.length !== list.length) save(kept, s)
  return list.length - kept.length
}
