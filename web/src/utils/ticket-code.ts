// Reading a ticket at the desk without the server: the code's shape, its Ed25519 signature
// and the ticket number it stands for — the same rules as the server's domain/reservation.cpp
// (ParseTicketCode, SignedTicketMessage, NormalizeTicketNo), so an offline desk admits exactly
// the codes the server would. Verification uses WebCrypto's Ed25519 (Chromium ≥ 137, Node ≥ 20):
// no extra dependency; a browser without it reads a signed code as the number it carries.

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{16}$/
const KID = /^k[1-9]\d{0,8}$/
const SESSION = /^[1-9]\d{0,14}$/
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/

export type ScannedCode =
  /** "T2.<kid>.<session>.<ticket_no>.<signature>": signed, verifiable with the public key kid */
  | { kind: 'signed'; kid: string; sessionId: number; ticketNo: string; signature: string }
  /** "T1.…": its key is gone (decision 0007), so it counts only as the number it carries */
  | { kind: 'legacy'; sessionId: number; ticketNo: string }
  /** a typed ticket number: looked up in the session's list, no signature to check */
  | { kind: 'number'; ticketNo: string }

/** A typed ticket number as the server normalizes it (spaces/dashes dropped, upper case,
 *  O→0, I/L→1); null unless 16 Crockford base32 characters remain. */
export function normalizeTicketNo(typed: string): string | null {
  const t = typed.replace(/[ -]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1')
  return CROCKFORD.test(t) ? t : null
}

/** "<session>.<ticket_no>.<signature>", split as the server does (SplitSignedTail). */
function signedTail(tail: string): { sessionId: number; ticketNo: string; signature: string } | null {
  const parts = tail.split('.')
  if (parts.length !== 3) return null
  const [sid, no, sig] = parts
  if (!SESSION.test(sid) || !CROCKFORD.test(no) || !SIGNATURE.test(sig)) return null
  return { sessionId: Number(sid), ticketNo: no, signature: sig }
}

/** What a scanned or typed text is; null when it is none of the three shapes. */
export function parseScannedCode(text: string): ScannedCode | null {
  const t = text.trim()
  if (t.length > 200) return null
  if (t.startsWith('T2.')) {
    const dot = t.indexOf('.', 3)
    const kid = dot < 0 ? '' : t.slice(3, dot)
    const tail = KID.test(kid) ? signedTail(t.slice(dot + 1)) : null
    return tail ? { kind: 'signed', kid, ...tail } : null
  }
  if (t.startsWith('T1.')) {
    const tail = signedTail(t.slice(3))
    return tail ? { kind: 'legacy', sessionId: tail.sessionId, ticketNo: tail.ticketNo } : null
  }
  const no = normalizeTicketNo(t)
  return no ? { kind: 'number', ticketNo: no } : null
}

/** The bytes the signature covers: everything before the signature's dot. */
export function signedTicketMessage(kid: string, sessionId: number, ticketNo: string): string {
  return `T2.${kid}.${sessionId}.${ticketNo}`
}

export function base64UrlDecode(s: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4))
    return Uint8Array.from(bin, (c) => c.charCodeAt(0))
  } catch {
    return null
  }
}

/** A published key (GET /public/ticket-key → keys[]). */
export interface TicketKey {
  kid: string
  public_key: string
  signing?: boolean
  /** after this instant the key verifies nothing; null: no end set */
  verify_until: string | null
}

/** The key named kid, if it may still verify at `now` (the server's TicketKeyring::Verifier). */
export function verifierFor(keys: readonly TicketKey[], kid: string, now: number): TicketKey | null {
  const k = keys.find((x) => x.kid === kid)
  if (!k) return null
  if (k.verify_until && Date.parse(k.verify_until) <= now) return null
  return k
}

// The Ed25519 base point (y = 4/5): a 32-byte public key every implementation accepts.
const BASE_POINT = 'WGZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmY'
let ed25519: Promise<boolean> | null = null
/** Whether this browser's WebCrypto verifies Ed25519 (asked once). */
export function ed25519Supported(): Promise<boolean> {
  ed25519 ??= crypto.subtle
    .importKey('raw', base64UrlDecode(BASE_POINT) as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify'])
    .then(
      () => true,
      () => false,
    )
  return ed25519
}

/** Whether the signed code's signature is the key's over its message. */
export async function verifySignature(
  code: { kid: string; sessionId: number; ticketNo: string; signature: string },
  publicKey: string,
): Promise<boolean> {
  const raw = base64UrlDecode(publicKey)
  const sig = base64UrlDecode(code.signature)
  if (!raw || raw.length !== 32 || !sig || sig.length !== 64) return false
  try {
    const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify'])
    const msg = new TextEncoder().encode(signedTicketMessage(code.kid, code.sessionId, code.ticketNo))
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, sig, msg)
  } catch {
    return false
  }
}
