import { describe, expect, it } from 'vitest'
import type { ActivityImportItem, ActivityImportOutcome } from '@/api/activity-types'
import { activityImportSummary } from './activity-import'

const item = (row: number, sessions: number, ok = true): ActivityImportItem => ({
  sheet: '活动',
  row,
  title: `活动${row}`,
  sessions,
  ok,
  id: 0,
})

describe('activityImportSummary', () => {
  it('counts the activities and their sessions of a clean file, which may be imported', () => {
    const o: ActivityImportOutcome = { applied: false, items: [item(3, 2), item(4, 0), item(5, 3)], problems: [] }
    expect(activityImportSummary(o)).toEqual({ activities: 3, sessions: 5, problems: 0, canApply: true })
  })

  it('refuses a file with any problem, even if other rows are sound', () => {
    const o: ActivityImportOutcome = {
      applied: false,
      items: [item(3, 1), item(4, 1, false)],
      problems: [{ sheet: '活动', cell: 'G4', unit: '', field: 'starts_at', code: 'invalid', message: '开始时间…' }],
    }
    expect(activityImportSummary(o)).toMatchObject({ activities: 2, problems: 1, canApply: false })
  })

  it('has nothing to import in a file without activities', () => {
    const o: ActivityImportOutcome = {
      applied: false,
      items: [],
      problems: [{ sheet: '', cell: '', unit: '', field: '', code: 'no_table', message: '文件中没有找到活动表' }],
    }
    expect(activityImportSummary(o).canApply).toBe(false)
    expect(activityImportSummary({ applied: false, items: [], problems: [] }).canApply).toBe(false)
  })
})
