import { describe, expect, it } from 'vitest'
import { TICKETS_KEY, forgetTicket, loadTickets, phoneFor, rememberTicket } from './ticket-storage'

function memory(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial))
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m }
}

describe('tickets remembered on this device', () => {
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
  it('survives broken or foreign content', () => {
    expect(loadTickets(memory({ [TICKETS_KEY]: '{not json' }))).toEqual([])
    expect(loadTickets(memory({ [TICKETS_KEY]: '{"a":1}' }))).toEqual([])
    expect(loadTickets(memory({ [TICKETS_KEY]: '[1,{"code":"x"},{"code":"y","phone":"1"}]' })).map((t) => t.code)).toEqual(['y'])
  })
  it('does not throw when storage refuses writes', () => {
    const s = { getItem: () => null, setItem: () => { throw new Error('QuotaExceeded') } }
    expect(() => rememberTicket({ code: 'c', phone: 'p' }, s)).not.toThrow()
  })
})
