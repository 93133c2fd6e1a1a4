import { describe, expect, it } from 'vitest'
import {
  countdown,
  dayStartIso,
  formatDate,
  formatDateTime,
  formatDateZh,
  formatWait,
  nextDayStartIso,
  toIsoShanghai,
  toMillis,
  toWallTime,
} from './time'

describe('Asia/Shanghai formatting', () => {
  it('formats an instant given with +08:00', () => {
    expect(formatDateTime('2023-06-12T18:00:00+08:00')).toBe('2023-06-12 18:00')
    expect(formatDate('2023-06-12T18:00:00+08:00')).toBe('2023-06-12')
  })

  it('converts UTC instants to Beijing wall time, crossing midnight', () => {
    expect(formatDateTime('2023-06-12T16:30:00Z')).toBe('2023-06-13 00:30')
    expect(formatDate('2023-12-31T16:00:00Z')).toBe('2024-01-01')
    expect(formatDateTime(Date.UTC(2023, 5, 12, 10, 0, 5), true)).toBe('2023-06-12 18:00:05')
  })

  it('reads a bare date and wall time as Beijing time, not the machine zone', () => {
    expect(toMillis('2023-06-12')).toBe(Date.UTC(2023, 5, 11, 16, 0, 0))
    expect(toMillis('2023-06-12 18:00')).toBe(Date.UTC(2023, 5, 12, 10, 0, 0))
    expect(toMillis('2023-06-12 18:00:30')).toBe(Date.UTC(2023, 5, 12, 10, 0, 30))
    expect(formatDate('2023-06-12')).toBe('2023-06-12')
  })

  it('round-trips between the picker wall time and the API ISO form', () => {
    const iso = '2023-06-12T18:00:00+08:00'
    expect(toWallTime(iso)).toBe('2023-06-12 18:00:00')
    expect(toIsoShanghai('2023-06-12 18:00:00')).toBe(iso)
    expect(toIsoShanghai('2023-06-12T10:00:00Z')).toBe(iso)
  })

  it('gives empty text for missing or invalid values', () => {
    expect(formatDateTime(null)).toBe('')
    expect(formatDate('')).toBe('')
    expect(formatDate('not a date')).toBe('')
    expect(toIsoShanghai('garbage')).toBe('')
  })

  it('formats Chinese dates and day bounds', () => {
    expect(formatDateZh('2023-05-20')).toBe('2023年5月20日')
    expect(dayStartIso('2024-05-01')).toBe('2024-05-01T00:00:00+08:00')
    expect(nextDayStartIso('2024-05-31')).toBe('2024-06-01T00:00:00+08:00')
    expect(nextDayStartIso('2024-12-31')).toBe('2025-01-01T00:00:00+08:00')
  })

  it('does not depend on the process time zone', () => {
    // The suite is also run with TZ=UTC and TZ=America/New_York (see package.json test:tz).
    const d = new Date('2023-06-12T18:00:00+08:00')
    expect(formatDateTime(d)).toBe('2023-06-12 18:00')
  })
})

describe('countdown', () => {
  const deadline = '2023-06-12T18:00:00+08:00'

  it('splits the time left into days, hours, minutes and seconds', () => {
    const c = countdown(deadline, '2023-06-10T15:58:55+08:00')
    expect(c).toMatchObject({ expired: false, days: 2, hours: 2, minutes: 1, seconds: 5 })
    expect(c.text).toBe('剩余 2 天 02 小时 01 分 05 秒')
  })

  it('omits days on the last day', () => {
    expect(countdown(deadline, '2023-06-12T17:59:00+08:00').text).toBe('剩余 00 小时 01 分 00 秒')
  })

  it('is expired at and after the deadline', () => {
    expect(countdown(deadline, deadline).expired).toBe(true)
    const after = countdown(deadline, '2023-06-13T00:00:00+08:00')
    expect(after.expired).toBe(true)
    expect(after.text).toBe('已截止')
    expect(after.remainingMs).toBe(0)
  })

  it('works when now is given in UTC', () => {
    const c = countdown(deadline, '2023-06-12T09:00:00Z')
    expect(c.hours).toBe(1)
    expect(c.days).toBe(0)
  })

  it('formats waits', () => {
    expect(formatWait(5)).toBe('5 秒')
    expect(formatWait(60)).toBe('1 分钟')
    expect(formatWait(200)).toBe('3 分 20 秒')
    expect(formatWait(3700)).toBe('1 小时 1 分')
  })
})
