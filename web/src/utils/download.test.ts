import { describe, expect, it } from 'vitest'
import { filenameFromDisposition } from './download'

describe('filenameFromDisposition', () => {
  it('decodes RFC 5987 names', () => {
    expect(filenameFromDisposition("attachment; filename*=UTF-8''2023%E5%B9%B4%E6%B1%87%E6%80%BB.xlsx")).toBe(
      '2023年汇总.xlsx',
    )
    expect(filenameFromDisposition(`attachment; filename="a.xlsx"; filename*=UTF-8''%E6%B1%87.xlsx`)).toBe('汇.xlsx')
  })
  it('falls back to the plain name', () => {
    expect(filenameFromDisposition('attachment; filename="report \\"1\\".csv"')).toBe('report "1".csv')
    expect(filenameFromDisposition('inline; filename=a.pdf')).toBe('a.pdf')
    expect(filenameFromDisposition('attachment')).toBeNull()
    expect(filenameFromDisposition(null)).toBeNull()
  })
})
