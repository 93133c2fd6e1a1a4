// "My reservations" on any device: the sign-in of a phone verified by SMS code (a token good
// for 2 hours). It lives in sessionStorage: this tab only and gone when the tab closes, so a
// borrowed or shared device forgets it. A token past its expires_at is dropped on reading.
import { toMillis } from './time'

export interface VisitorSession {
  /** sent in the X-Visitor-Token header */
  token: string
  expires_at: string
  /** the phone as typed: it opens this phone's ticket pages in this tab without asking again */
  phone: string
  /** as the server masked it, to show */
  masked: string
}

export const VISITOR_SESSION_KEY = 'sciweek:visitor-session'
/** a token this close to its end would lapse during the next request: ask for a new code */
const MARGIN_MS = 30_000

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

function storage(s?: StorageLike | null): StorageLike | null {
  if (s) return s
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage
  } catch {
    return null // disabled by the browser's privacy settings: the sign-in lasts for the page
  }
}

/** Whether the server will still take this sign-in at `now`. */
export function isSessionLive(v: Pick<VisitorSession, 'expires_at'>, now = Date.now()): boolean {
  const end = toMillis(v.expires_at)
  return !Number.isNaN(end) && end - MARGIN_MS > now
}

function isSession(v: unknown): v is VisitorSession {
  if (typeof v !== 'object' || v === null) return false
  const o = v as Record<string, unknown>
  return ['token', 'expires_at', 'phone', 'masked'].every((k) => typeof o[k] === 'string') && o.token !== ''
}

/** This tab's live sign-in, or null (none, broken, or expired: then it is removed). */
export function loadVisitorSession(s?: StorageLike | null, now = Date.now()): VisitorSession | null {
  const store = storage(s)
  try {
    const raw = store?.getItem(VISITOR_SESSION_KEY)
    const v = raw ? (JSON.parse(raw) as unknown) : null
    if (isSession(v) && isSessionLive(v, now)) return v
  } catch {
    /* not JSON: treated as none */
  }
  clearVisitorSession(store)
  return null
}

export function saveVisitorSession(v: VisitorSession, s?: StorageLike | null): void {
  try {
    storage(s)?.setItem(VISITOR_SESSION_KEY, JSON.stringify(v))
  } catch {
    /* full or disabled: the page keeps the sign-in until it is left */
  }
}

export function clearVisitorSession(s?: StorageLike | null): void {
  try {
    storage(s)?.removeItem(VISITOR_SESSION_KEY)
  } catch {
    /* nothing to forget */
  }
}
