import { describe, expect, it } from 'vitest'
import { dateText, dateTimeText, dayText, timeRangeText, waitText } from './format'

describe('visitor dates, always Beijing time', () => {
  it('writes days and moments for each language', () => {
    expect(dayText('en', '2023-05-20')).toBe('Sat 20 May')
    expect(dayText('zh-CN', '2023-05-20')).toBe('5月20日 周六')
    // 01:30 UTC on the 20th is 09:30 in Beijing whatever the test machine's zone
    expect(dateTimeText('en', '2023-05-20T01:30:00Z')).toBe('Sat 20 May 2023, 09:30')
    expect(dateTimeText('zh-CN', '2023-05-20T01:30:00Z')).toBe('2023-05-20 09:30')
    expect(dateTimeText('en', '2023-05-19T16:30:00Z')).toBe('Sat 20 May 2023, 00:30')
    expect(dateText('zh-CN', '2027-08-04')).toBe('2027年8月4日')
    expect(dateText('en', '2027-08-04')).toBe('4 Aug 2027')
    expect(dateText('en', 'nonsense')).toBe('')
    expect(dateTimeText('en', '')).toBe('')
    expect(dateTimeText('en', 'nonsense')).toBe('')
  })

  it('shortens a range that ends the same day', () => {
    expect(timeRangeText('en', '2023-05-20T09:00:00+08:00', '2023-05-20T11:30:00+08:00')).toBe(
      'Sat 20 May 2023, 09:00 – 11:30',
    )
    expect(timeRangeText('en', '2023-05-20T09:00:00+08:00', '2023-05-21T11:30:00+08:00')).toBe(
      'Sat 20 May 2023, 09:00 – Sun 21 May 2023, 11:30',
    )
    expect(timeRangeText('zh-CN', '2023-05-20T09:00:00+08:00', '2023-05-20T11:30:00+08:00')).toBe(
      '2023-05-20 09:00 – 11:30',
    )
  })

  it('writes waits', () => {
    expect(waitText('en', 200)).toBe('3 min 20 s')
    expect(waitText('en', 45)).toBe('45 s')
    expect(waitText('zh-CN', 200)).toBe('3 分 20 秒')
  })
})
