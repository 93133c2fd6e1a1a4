import { describe, expect, it } from 'vitest'
import {
  base64UrlDecode,
  ed25519Supported,
  normalizeTicketNo,
  parseScannedCode,
  signedTicketMessage,
  verifierFor,
  verifySignature,
} from './ticket-code'

const NO = '7K3M9QXW2D4HJ8RT'
const SIG = 'A'.repeat(86)

const b64url = (b: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(b)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

/** A key pair made here and a code signed as the server signs (ticket_signer.cpp). */
async function signedCode(kid: string, sessionId: number, ticketNo: string) {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
  const publicKey = b64url(await crypto.subtle.exportKey('raw', pair.publicKey))
  const msg = new TextEncoder().encode(signedTicketMessage(kid, sessionId, ticketNo))
  const signature = b64url(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, msg))
  return { publicKey, signature, code: `T2.${kid}.${sessionId}.${ticketNo}.${signature}` }
}

describe('normalizeTicketNo', () => {
  it('reads a number as the server does', () => {
    expect(normalizeTicketNo('7k3m-9qxw 2d4h-j8rt')).toBe(NO)
    expect(normalizeTicketNo('OOOO IIII LLLL 0000')).toBe('0000111111110000')
  })
  it('refuses other lengths and letters outside Crockford base32', () => {
    expect(normalizeTicketNo('7K3M9QXW2D4HJ8R')).toBeNull()
    expect(normalizeTicketNo('7K3M9QXW2D4HJ8RTT')).toBeNull()
    expect(normalizeTicketNo('7K3M9QXW2D4HJ8RU')).toBeNull()
  })
})

describe('parseScannedCode', () => {
  it('splits a T2 code into kid, session, number and signature', () => {
    expect(parseScannedCode(`T2.k12.42.${NO}.${SIG}`)).toEqual({
      kind: 'signed',
      kid: 'k12',
      sessionId: 42,
      ticketNo: NO,
      signature: SIG,
    })
  })
  it('counts a T1 code as the number it carries', () => {
    expect(parseScannedCode(`T1.42.${NO}.${SIG}`)).toEqual({ kind: 'legacy', sessionId: 42, ticketNo: NO })
  })
  it('takes a typed number', () => {
    expect(parseScannedCode(' 7k3m-9qxw-2d4h-j8rt ')).toEqual({ kind: 'number', ticketNo: NO })
  })
  it('refuses malformed codes', () => {
    for (const bad of [
      `T2.k0.42.${NO}.${SIG}`, // kid k0
      `T2.x1.42.${NO}.${SIG}`,
      `T2.k1.042.${NO}.${SIG}`, // leading zero
      `T2.k1.42.${NO.toLowerCase()}.${SIG}`,
      `T2.k1.42.${NO}.${SIG.slice(1)}`, // 85 characters
      `T2.k1.42.${NO}.${SIG}.x`,
      `T2.k1.42.${NO}`,
      'T3.anything',
      '',
    ])
      expect(parseScannedCode(bad), bad).toBeNull()
  })
})

describe('signedTicketMessage', () => {
  it('is the code up to the signature’s dot (SignedTicketMessage in reservation.cpp)', () => {
    expect(signedTicketMessage('k12', 42, NO)).toBe(`T2.k12.42.${NO}`)
  })
})

describe('base64UrlDecode', () => {
  it('decodes without padding and refuses other alphabets', () => {
    expect(Array.from(base64UrlDecode('-_8') ?? [])).toEqual([0xfb, 0xff])
    expect(base64UrlDecode('a+b/')).toBeNull()
  })
})

describe('verifierFor', () => {
  const keys = [
    { kid: 'k1', public_key: 'a', verify_until: '2026-05-01T00:00:00+08:00' },
    { kid: 'k2', public_key: 'b', verify_until: null },
  ]
  it('finds a key until its verify_until passes', () => {
    expect(verifierFor(keys, 'k1', Date.parse('2026-04-30T15:59:59Z'))?.public_key).toBe('a')
    expect(verifierFor(keys, 'k1', Date.parse('2026-04-30T16:00:00Z'))).toBeNull()
    expect(verifierFor(keys, 'k2', Date.now())?.public_key).toBe('b')
    expect(verifierFor(keys, 'k3', Date.now())).toBeNull()
  })
})

describe('verifySignature (Ed25519, WebCrypto)', () => {
  it('is supported here', async () => {
    expect(await ed25519Supported()).toBe(true)
  })
  it('accepts a code signed by the key and refuses any change', async () => {
    const { publicKey, code } = await signedCode('k3', 42, NO)
    const p = parseScannedCode(code)
    if (p?.kind !== 'signed') throw new Error('not parsed')
    expect(await verifySignature(p, publicKey)).toBe(true)
    expect(await verifySignature({ ...p, sessionId: 43 }, publicKey)).toBe(false)
    expect(await verifySignature({ ...p, ticketNo: '7K3M9QXW2D4HJ8RV' }, publicKey)).toBe(false)
    expect(await verifySignature({ ...p, kid: 'k4' }, publicKey)).toBe(false)
    const other = await signedCode('k3', 42, NO)
    expect(await verifySignature(p, other.publicKey)).toBe(false)
  })
  it('refuses keys and signatures of the wrong size', async () => {
    const { publicKey, signature } = await signedCode('k1', 7, NO)
    const p = { kid: 'k1', sessionId: 7, ticketNo: NO, signature }
    expect(await verifySignature(p, publicKey.slice(0, 20))).toBe(false)
    expect(await verifySignature({ ...p, signature: signature.slice(0, 40) }, publicKey)).toBe(false)
  })
})
