import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, overallPercent, previewKind, uploadPercent } from './files'

describe('upload progress', () => {
  it('is a whole percent that reaches 100 only when everything is sent', () => {
    expect(uploadPercent(0, 1000)).toBe(0)
    expect(uploadPercent(1, 1000)).toBe(0)
    expect(uploadPercent(500, 1000)).toBe(50)
    expect(uploadPercent(999, 1000)).toBe(99)
    expect(uploadPercent(999_999, 1_000_000)).toBe(99)
    expect(uploadPercent(1000, 1000)).toBe(100)
    expect(uploadPercent(1200, 1000)).toBe(100)
  })

  it('is 0 for an unknown or empty total', () => {
    expect(uploadPercent(10, 0)).toBe(0)
    expect(uploadPercent(NaN, 10)).toBe(0)
  })

  it('weighs several files by bytes', () => {
    expect(
      overallPercent([
        { loaded: 100, total: 100 },
        { loaded: 0, total: 900 },
      ]),
    ).toBe(10)
    expect(
      overallPercent([
        { loaded: 50, total: 100 },
        { loaded: 50, total: 100 },
      ]),
    ).toBe(50)
    expect(overallPercent([])).toBe(0)
  })
})

describe('sizes and durations', () => {
  it('formats sizes in binary units', () => {
    expect(formatBytes(980)).toBe('980 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(12.34 * 1024 * 1024)).toBe('12.3 MB')
    expect(formatBytes(500 * 1024 * 1024)).toBe('500 MB')
    expect(formatBytes(-1)).toBe('')
  })

  it('formats durations the way people say them', () => {
    expect(formatDuration(45)).toBe('45 秒')
    expect(formatDuration(155.4)).toBe('2 分 35 秒')
    expect(formatDuration(180)).toBe('3 分 00 秒')
    expect(formatDuration(null)).toBe('')
  })

  it('knows how to preview each kind', () => {
    expect(previewKind('image/png')).toBe('image')
    expect(previewKind('application/pdf')).toBe('pdf')
    expect(previewKind('video/mp4')).toBe('video')
    expect(previewKind('', '总结.PDF')).toBe('pdf')
    expect(previewKind('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx')).toBe(
      'none',
    )
  })
})
