import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { publicApi } from './public'

type Call = { url: string; init: RequestInit }
let calls: Call[]

beforeEach(() => {
  calls = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    return new Response(init.method === 'DELETE' ? null : '{}', {
      status: init.method === 'DELETE' ? 204 : 200,
      headers: { 'Content-Type': 'application/json' },
    })
  })
})
afterEach(() => vi.unstubAllGlobals())

const header = (c: Call, name: string) => (c.init.headers as Record<string, string>)[name]

describe('public ticket calls', () => {
  const code = 'T2.k1.7.0123456789ABCDEF.sig'
  const phone = '13812345678'

  it('never put the phone in the URL: a header for GET and DELETE, the body for POST', async () => {
    await publicApi.ticket(code, phone)
    await publicApi.cancel(code, phone)
    await publicApi.accept(code, phone)
    expect(calls.map((c) => c.init.method)).toEqual(['GET', 'DELETE', 'POST'])
    for (const c of calls) {
      expect(c.url).not.toContain(phone)
      expect(c.url).not.toContain('phone=')
      expect(c.url).toContain(`/api/v1/public/reservations/${encodeURIComponent(code)}`)
    }
    expect(header(calls[0], 'X-Visitor-Phone')).toBe(phone)
    expect(header(calls[1], 'X-Visitor-Phone')).toBe(phone)
    expect(JSON.parse(String(calls[2].init.body))).toEqual({ phone })
  })
})
