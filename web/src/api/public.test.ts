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

describe('verified-phone calls', () => {
  const phone = '13900000001'
  const token = 'tok_abc123'

  it('send the sign-in token in a header, never in the URL', async () => {
    await publicApi.myReservations(token)
    await publicApi.cancelMine(token, 'ABCD1234EFGH5678')
    await publicApi.signOut(token)
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'GET /api/v1/public/my-reservations',
      'DELETE /api/v1/public/my-reservations/ABCD1234EFGH5678',
      'DELETE /api/v1/public/visitor-logins/current',
    ])
    for (const c of calls) {
      expect(c.url).not.toContain(token)
      expect(header(c, 'X-Visitor-Token')).toBe(token)
    }
  })

  it('ask for a code and sign in with the phone in the body', async () => {
    await publicApi.requestCode(phone, 'manage')
    await publicApi.signIn(phone, '123456')
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'POST /api/v1/public/phone-codes',
      'POST /api/v1/public/visitor-logins',
    ])
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ phone, purpose: 'manage' })
    expect(JSON.parse(String(calls[1].init.body))).toEqual({ phone, code: '123456' })
  })

  it('erase the phone’s data with phone and code in the body', async () => {
    await publicApi.eraseMyData(phone, '654321')
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual(['POST /api/v1/public/my-data/erase'])
    expect(calls[0].url).not.toContain(phone)
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ phone, code: '654321' })
  })
})
