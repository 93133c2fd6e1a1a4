import { describe, expect, it } from 'vitest'
import { countDataLines, decodeCsvBytes } from './csv'

describe('CSV decoding', () => {
  it('reads UTF-8 (with or without BOM)', () => {
    const bytes = new TextEncoder().encode('code,name\n110108,海淀区\n')
    expect(decodeCsvBytes(bytes)).toEqual({ text: 'code,name\n110108,海淀区\n', encoding: 'utf-8' })
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes])
    expect(decodeCsvBytes(bom).text.startsWith('code')).toBe(true)
  })

  it('falls back to GBK for Excel files', () => {
    // "海淀区" in GBK
    const gbk = new Uint8Array([0xba, 0xa3, 0xb5, 0xed, 0xc7, 0xf8])
    expect(decodeCsvBytes(gbk)).toEqual({ text: '海淀区', encoding: 'gbk' })
  })

  it('counts data lines', () => {
    expect(countDataLines('h\na\n\nb\r\n')).toBe(2)
    expect(countDataLines('')).toBe(0)
  })
})
