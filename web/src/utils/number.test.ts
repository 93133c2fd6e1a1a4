import { describe, expect, it } from 'vitest'
import { fenToString, formatCount, formatWan, formatWanGrouped, isWanAmount, sumWan, toFen } from './number'

describe('万元 amounts', () => {
  it('formats with exactly two places', () => {
    expect(formatWan('1')).toBe('1.00')
    expect(formatWan('1.5')).toBe('1.50')
    expect(formatWan(2.25)).toBe('2.25')
    expect(formatWan('0')).toBe('0.00')
    expect(formatWan('.5')).toBe('0.50')
    expect(formatWan('-3.1')).toBe('-3.10')
  })

  it('sums without float drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3)
    expect(sumWan(['0.1', '0.2'])).toBe('0.30')
    expect(sumWan([0.1, 0.2])).toBe('0.30')
    expect(sumWan(Array(10).fill('0.1'))).toBe('1.00')
    expect(sumWan(['1.005', '0'])).toBe('1.01')
    expect(sumWan(['12345678.99', '0.01'])).toBe('12345679.00')
  })

  it('skips blanks and non-numbers in sums', () => {
    expect(sumWan(['1.10', '', null, undefined, 'abc', '2'])).toBe('3.10')
    expect(sumWan([])).toBe('0.00')
  })

  it('rounds a third decimal half away from zero', () => {
    expect(toFen('1.005')).toBe(101)
    expect(toFen('1.004')).toBe(100)
    expect(toFen(1.005)).toBe(101)
    expect(toFen('-1.005')).toBe(-101)
  })

  it('rejects what is not a number', () => {
    expect(toFen('')).toBeNull()
    expect(toFen('1.2.3')).toBeNull()
    expect(toFen('1e3')).toBeNull()
    expect(toFen(Number.NaN)).toBeNull()
    expect(formatWan('x')).toBe('')
  })

  it('groups thousands and formats counts', () => {
    expect(formatWanGrouped('1234567.8')).toBe('1,234,567.80')
    expect(formatWanGrouped('-1000')).toBe('-1,000.00')
    expect(fenToString(-5)).toBe('-0.05')
    expect(formatCount(1234567)).toBe('1,234,567')
  })

  it('validates typed amounts', () => {
    expect(isWanAmount('12.34')).toBe(true)
    expect(isWanAmount('12.345')).toBe(false)
    expect(isWanAmount('-1')).toBe(false)
  })
})
