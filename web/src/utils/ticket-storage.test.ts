import { describe, expect, it } from 'vitest'
import {
  TICKETS_KEY,
  forgetPhone,
  forgetTicket,
  loadTickets,
  phoneFor,
  rememberTicket,
  replaceTicketCode,
  syncTicketStatuses,
} from './ticket-storage'

function memory(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial))
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m }
}

describe('tickets remembered on this device', () => {
  it('moves a re-issued ticket to its fresh code in place, keeping its phone', () => {
    const s = memory()
    rememberTicket({ code: 'T2.k1.2.B.s', phone: '13912341234', title: '讲座' }, s)
    rememberTicket({ code: 'T1.1.A.s', phone: '13812341234', title: '开放日' }, s)
    replaceTicketCode('T2.k1.2.B.s', 'T2.k2.2.B.t', s)
    expect(loadTickets(s).map((t) => t.code)).toEqual(['T1.1.A.s', 'T2.k2.2.B.t'])
    expect(phoneFor('T2.k2.2.B.t', s)).toBe('13912341234')
    expect(phoneFor('T2.k1.2.B.s', s)).toBeNull()
    replaceTicketCode('T9.none', 'T2.k2.9.Z.s', s)
    expect(loadTickets(s)).toHaveLength(2)
  })

  it('remembers the phone per ticket code, newest first, merging updates', () => {
    const s = memory()
    rememberTicket({ code: 'T1.1.A.s', phone: '13812341234', title: '开放日', ticket_no: 'A' }, s)
    rememberTicket({ code: 'T1.2.B.s', phone: '13912341234', title: '讲座' }, s)
    rememberTicket({ code: 'T1.1.A.s', phone: '13812341234', status: 'cancelled' }, s)
    const list = loadTickets(s)
    expect(list.map((t) => t.code)).toEqual(['T1.1.A.s', 'T1.2.B.s'])
    expect(list[0]).toMatchObject({ title: '开放日', ticket_no: 'A', status: 'cancelled' })
    expect(phoneFor('T1.2.B.s', s)).toBe('13912341234')
    expect(phoneFor('T1.9.Z.s', s)).toBeNull()
    forgetTicket('T1.1.A.s', s)
    expect(loadTickets(s).map((t) => t.code)).toEqual(['T1.2.B.s'])
  })
  it('follows the server’s status of the tickets it keeps, adding none', () => {
    const s = memory()
    rememberTicket({ code: 'T1.1.A.s', phone: '13812341234', ticket_no: 'A', status: 'confirmed' }, s)
    rememberTicket({ code: 'T1.2.B.s', phone: '13812341234', ticket_no: 'B', status: 'confirmed' }, s)
    syncTicketStatuses(
      [
        { ticket_no: 'A', status: 'cancelled' },
        { ticket_no: 'Z', status: 'confirmed' },
      ],
      s,
    )
    expect(loadTickets(s).map((t) => [t.ticket_no, t.status])).toEqual([
      ['B', 'confirmed'],
      ['A', 'cancelled'],
    ])
  })

  it('forgets every ticket of an erased phone, however it was typed, and keeps the others', () => {
    const s = memory()
    rememberTicket({ code: 'T1.1.A.s', phone: '13812341234', title: '开放日' }, s)
    rememberTicket({ code: 'T1.2.B.s', phone: '13912341234', title: '讲座' }, s)
    rememberTicket({ code: 'T1.3.C.s', phone: '138 1234 1234', title: '夜观星空' }, s)
    expect(forgetPhone('138-1234-1234', s)).toBe(2)
    expect(loadTickets(s).map((t) => t.code)).toEqual(['T1.2.B.s'])
    const before = s.m.get(TICKETS_KEY)
    expect(forgetPhone('13700000000', s)).toBe(0)
    expect(s.m.get(TICKETS_KEY)).toBe(before)
  })

  it('survives broken or foreign content', () => {
    expect(loadTickets(memory({ [TICKETS_KEY]: '{not json' }))).toEqual([])
    expect(loadTickets(memory({ [TICKETS_KEY]: '{"a":1}' }))).toEqual([])
    expect(
      loadTickets(memory({ [TICKETS_KEY]: '[1,{"code":"x"},{"code":"y","phone":"1"}]' })).map((t) => t.code),
    ).toEqual(['y'])
  })
  it('does not throw when storage refuses writes', () => {
    const s = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceeded')
      },
    }
    expect(() => rememberTicket({ code: 'c', phone: 'p' }, s)).not.toThrow()
  })
})
