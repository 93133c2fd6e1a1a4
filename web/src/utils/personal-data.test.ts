import { describe, expect, it } from 'vitest'
import { isPersonalDataDays, retentionOf } from './personal-data'

describe('how long visitors’ data is kept', () => {
  it('takes whole days from 1 to 1098, as the server does', () => {
    for (const ok of [1, 90, 1098]) expect(isPersonalDataDays(ok), String(ok)).toBe(true)
    for (const bad of [0, -1, 1099, 1.5, NaN, '90', null, undefined])
      expect(isPersonalDataDays(bad), String(bad)).toBe(false)
  })

  it('reads the public campaign only when it gives both the days and the date', () => {
    expect(retentionOf({ personal_data_days: 90, personal_data_until: '2027-08-24' })).toEqual({
      days: 90,
      until: '2027-08-24',
    })
    expect(retentionOf({ personal_data_days: 90 })).toBeNull()
    expect(retentionOf({ personal_data_days: 90, personal_data_until: '' })).toBeNull()
    expect(retentionOf({ personal_data_until: '2027-08-24' })).toBeNull()
    expect(retentionOf({ personal_data_days: 0, personal_data_until: '2027-08-24' })).toBeNull()
    expect(retentionOf(null)).toBeNull()
  })
})
