import { describe, expect, it } from 'vitest'
import { approveLabel, decisionLabel, waitingLabel } from './review'

describe('review labels', () => {
  it('names the level an item waits at, and nothing under one level', () => {
    expect(waitingLabel({ levels: 2, level: 'district', level_label: '区级' })).toBe('等待区级审核')
    expect(waitingLabel({ levels: 2, level: 'city', level_label: '市级' })).toBe('等待市级审核')
    expect(waitingLabel({ levels: 1, level: null, level_label: '' })).toBe('')
    expect(waitingLabel(undefined)).toBe('')
  })

  it('says that approving at the district forwards to the city', () => {
    expect(approveLabel({ levels: 2, level: 'district', level_label: '区级' })).toBe('通过并报市级审核')
    expect(approveLabel({ levels: 2, level: 'city', level_label: '市级' })).toBe('审核通过')
    expect(approveLabel(null)).toBe('审核通过')
  })

  it('labels each decision with its level when there are two', () => {
    const base = { comment: '', fields: {}, at: '2026-05-01T10:00:00+08:00', by: 'r', level_label: '' }
    expect(decisionLabel({ ...base, level: 'district', action: 'forwarded' })).toBe('区级 · 通过，报市级审核')
    expect(decisionLabel({ ...base, level: 'city', action: 'returned' })).toBe('市级 · 退回')
    expect(decisionLabel({ ...base, level: null, action: 'approved' })).toBe('审核通过')
  })
})
