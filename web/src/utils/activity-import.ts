// What the activity import dialog shows of the server's answer (docs/api.md, activity-import):
// how many activities and sessions the file holds, and whether it may be imported.
import type { ActivityImportOutcome } from '@/api/activity-types'

export interface ActivityImportSummary {
  activities: number
  sessions: number
  problems: number
  /** apply only what was checked: no problem, and at least one activity */
  canApply: boolean
}

export function activityImportSummary(o: ActivityImportOutcome): ActivityImportSummary {
  return {
    activities: o.items.length,
    sessions: o.items.reduce((n, i) => n + i.sessions, 0),
    problems: o.problems.length,
    canApply: o.problems.length === 0 && o.items.length > 0,
  }
}
