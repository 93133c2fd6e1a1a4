import { describe, expect, it } from 'vitest'
import {
  VISITOR_SESSION_KEY,
  clearVisitorSession,
  isSessionLive,
  loadVisitorSession,
  saveVisitorSession,
} from './visitor-session'

function memory(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial))
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    m,
  }
}

const NOW = Date.parse('2027-05-20T10:00:00+08:00')
const session = {
  token: 'tok',
  expires_at: '2027-05-20T12:00:00+08:00',
  phone: '13900000001',
  masked: '139****0001',
}

describe('the visitor’s sign-in in this tab', () => {
  it('is kept and read back while it lasts', () => {
    const s = memory()
    saveVisitorSession(session, s)
    expect(loadVisitorSession(s, NOW)).toEqual(session)
    clearVisitorSession(s)
    expect(loadVisitorSession(s, NOW)).toBeNull()
  })

  it('lapses at expires_at, with a margin for the request on its way, and is then forgotten', () => {
    expect(isSessionLive(session, Date.parse('2027-05-20T11:59:00+08:00'))).toBe(true)
    expect(isSessionLive(session, Date.parse('2027-05-20T11:59:45+08:00'))).toBe(false)
    expect(isSessionLive(session, Date.parse('2027-05-20T12:00:01+08:00'))).toBe(false)
    expect(isSessionLive({ expires_at: 'soon' }, NOW)).toBe(false)
    const s = memory()
    saveVisitorSession(session, s)
    expect(loadVisitorSession(s, Date.parse('2027-05-20T12:00:00+08:00'))).toBeNull()
    expect(s.m.has(VISITOR_SESSION_KEY)).toBe(false)
  })

  it('survives broken or foreign content', () => {
    for (const raw of ['{not json', '"tok"', '{"token":"","expires_at":"2099-01-01T00:00:00Z","phone":"","masked":""}'])
      expect(loadVisitorSession(memory({ [VISITOR_SESSION_KEY]: raw }), NOW), raw).toBeNull()
    expect(loadVisitorSession(memory(), NOW)).toBeNull()
  })
})
