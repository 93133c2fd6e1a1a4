import { describe, expect, it } from 'vitest'
import { isCodeText, normalizeCode } from './phone-code'

describe('SMS codes as typed', () => {
  it('drops spaces, keeps leading zeros', () => {
    expect(normalizeCode(' 012 345 ')).toBe('012345')
    expect(normalizeCode(null)).toBe('')
  })

  it('takes exactly six digits', () => {
    expect(isCodeText('012345')).toBe(true)
    expect(isCodeText('123 456')).toBe(true)
    for (const bad of ['', '12345', '1234567', '12345a', '１２３４５６']) expect(isCodeText(bad), bad).toBe(false)
  })
})
