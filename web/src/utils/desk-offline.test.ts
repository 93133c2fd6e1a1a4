import { describe, expect, it } from 'vitest'
import type { DeskList, DeskTicket } from '@/api/desk'
import {
  backoffMs,
  batches,
  conflictLabel,
  decideOffline,
  newScanId,
  toWire,
  THIS_DESK,
  type LocalMarks,
  type OfflineScan,
  type QueuedScan,
} from './desk-offline'
import { parseScannedCode } from './ticket-code'

const ticket = (no: string, over: Partial<DeskTicket> = {}): DeskTicket => ({
  ticket_no: no,
  status: 'confirmed',
  admits: true,
  party_size: 2,
  name: '李*',
  id_card_last4: null,
  checked_in_at: null,
  inside: false,
  ...over,
})
const A = 'AAAAAAAAAAAAAAAA'
const B = 'BBBBBBBBBBBBBBBB'
const C = 'CCCCCCCCCCCCCCCC'
const D = 'DDDDDDDDDDDDDDDD'
const E = 'EEEEEEEEEEEEEEEE'
const list: DeskList = {
  session: { id: 42, starts_at: '', ends_at: '', capacity: 10, occupancy: 0 },
  activity: { id: 1, title: 't', venue: null, real_name_required: true },
  generated_at: '',
  tickets: [
    ticket(A),
    ticket(B, { status: 'cancelled', admits: false }),
    ticket(C, { status: 'waiting', admits: false }),
    ticket(D, { id_card_last4: '002X' }),
    ticket(E, { status: 'checked_in', checked_in_at: '2026-05-20T06:00:00Z', inside: true }),
  ],
}
const SIG = 'A'.repeat(86)
const scan = (code: string, over: Partial<OfflineScan> = {}): OfflineScan => ({
  parsed: parseScannedCode(code),
  signature: code.startsWith('T2.') ? 'valid' : 'none',
  sessionId: 42,
  direction: 'in',
  idLast4: '',
  now: new Date('2026-05-20T07:00:00Z'),
  ...over,
})

describe('decideOffline', () => {
  it('admits a listed ticket once, typed or signed, and marks it', () => {
    const d = decideOffline(scan(A.toLowerCase()), list, {})
    expect(d.answer.result).toBe('ok')
    expect(d.answer.party_size).toBe(2)
    expect(d.answer.name).toBe('李*')
    expect(d.mark).toEqual({ ticketNo: A, mark: { inside: true, checked_in_at: '2026-05-20T07:00:00.000Z' } })
    const marks: LocalMarks = { [A]: d.mark!.mark }
    const again = decideOffline(scan(`T2.k1.42.${A}.${SIG}`), list, marks)
    expect(again.answer.result).toBe('already_checked_in')
    expect(again.answer.checked_in_by).toBe(THIS_DESK)
    expect(again.mark).toBeNull()
  })
  it('refuses a forged or unverifiable signature, another session, an unlisted ticket', () => {
    expect(decideOffline(scan(`T2.k1.42.${A}.${SIG}`, { signature: 'invalid' }), list, {}).answer).toMatchObject({
      result: 'unknown',
      message: expect.stringContaining('签名无效'),
    })
    expect(decideOffline(scan(`T2.k9.42.${A}.${SIG}`, { signature: 'unknown_key' }), list, {}).mark).toBeNull()
    expect(decideOffline(scan(`T2.k1.43.${A}.${SIG}`), list, {}).answer.result).toBe('wrong_session')
    expect(decideOffline(scan(`T1.43.${A}.${SIG}`), list, {}).answer.result).toBe('wrong_session')
    expect(decideOffline(scan('ZZZZZZZZZZZZZZZZ'), list, {}).answer.result).toBe('unknown')
    expect(decideOffline(scan('not a ticket'), list, {}).answer.result).toBe('unknown')
  })
  it('a code whose signature this browser cannot check counts as its number', () => {
    expect(decideOffline(scan(`T2.k1.42.${A}.${SIG}`, { signature: 'unsupported' }), list, {}).answer.result).toBe('ok')
  })
  it('refuses cancelled and unconfirmed tickets and the one already inside', () => {
    expect(decideOffline(scan(B), list, {}).answer.result).toBe('cancelled')
    expect(decideOffline(scan(C), list, {}).answer).toMatchObject({
      result: 'unknown',
      message: expect.stringContaining('尚未确认'),
    })
    const e = decideOffline(scan(E), list, {})
    expect(e.answer.result).toBe('already_checked_in')
    expect(e.answer.checked_in_by).toBeNull() // the server's list had it: not this desk
  })
  it('checks the card’s last four offline, on entry only', () => {
    const bad = decideOffline(scan(D, { idLast4: '1234' }), list, {})
    expect(bad.answer).toMatchObject({ result: 'id_mismatch', id_card_last4: '002X' })
    expect(bad.mark).toBeNull()
    const ok = decideOffline(scan(D, { idLast4: '002X' }), list, {})
    expect(ok.answer).toMatchObject({ result: 'ok', id_card_last4: '002X' })
    expect(decideOffline(scan(D), list, {}).answer.result).toBe('ok') // none typed: staff compare by eye
  })
  it('lets out only who is inside, and back in after', () => {
    expect(decideOffline(scan(A, { direction: 'out' }), list, {}).answer.result).toBe('not_inside')
    const out = decideOffline(scan(E, { direction: 'out' }), list, {})
    expect(out.answer.result).toBe('ok')
    expect(out.mark?.mark).toEqual({ inside: false, checked_in_at: '2026-05-20T06:00:00Z' })
    const back = decideOffline(scan(E), list, { [E]: out.mark!.mark })
    expect(back.answer).toMatchObject({ result: 'ok', message: expect.stringContaining('再次入场') })
  })
})

describe('batches', () => {
  it('splits into at most 500 a request, in order', () => {
    const items = Array.from({ length: 1201 }, (_, i) => i)
    const b = batches(items)
    expect(b.map((x) => x.length)).toEqual([500, 500, 201])
    expect(b.flat()).toEqual(items)
    expect(batches([])).toEqual([])
  })
})

describe('backoffMs', () => {
  it('doubles from 5 s up to 5 minutes', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([5000, 10000, 20000, 40000])
    expect(backoffMs(20)).toBe(300_000)
  })
})

describe('scan ids and the wire', () => {
  it('makes ids the server accepts and leaves the ticket number at home', () => {
    for (let i = 0; i < 20; i++) expect(newScanId()).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    const q: QueuedScan = {
      id: 'abcdefgh',
      code: A,
      session_id: 42,
      direction: 'in',
      scanned_at: '2026-05-20T07:00:00.000Z',
      ticket_no: A,
    }
    expect(toWire(q)).toEqual({ id: 'abcdefgh', code: A, session_id: 42, direction: 'in', scanned_at: q.scanned_at })
  })
})

describe('conflictLabel', () => {
  it('names the conflicts in Chinese', () => {
    expect(conflictLabel('double_entry')).toBe('重复入场')
    expect(conflictLabel('not_admissible')).toBe('不应放行')
    expect(conflictLabel('other')).toBe('other')
    expect(conflictLabel(null)).toBe('')
  })
})
