// Words for two-level review (docs/api.md "Review levels"). The server decides who may act
// at which level (`can.decide`); these only name what it says.
import type { ReviewDecision, ReviewState } from '@/api/report-types'

/** "等待区级审核" / "等待市级审核" while an item waits at one of two levels, else "". */
export function waitingLabel(review: ReviewState | undefined | null): string {
  if (!review || !review.level) return ''
  return review.level === 'district' ? '等待区级审核' : '等待市级审核'
}

/** What approving does at the level the item waits at. */
export function approveLabel(review: ReviewState | undefined | null): string {
  return review?.level === 'district' ? '通过并报市级审核' : '审核通过'
}

const ACTIONS: Record<ReviewDecision['action'], string> = {
  forwarded: '通过，报市级审核',
  approved: '审核通过',
  returned: '退回',
}

/** "区级 · 通过，报市级审核" — a decision's level (when there are two) and action. */
export function decisionLabel(d: ReviewDecision): string {
  const action = ACTIONS[d.action] ?? d.action
  return d.level ? `${d.level === 'district' ? '区级' : '市级'} · ${action}` : action
}

/** The two settings' choices, for the campaign settings form. */
export const REVIEW_LEVEL_OPTIONS = [
  { value: 1, label: '一级审核（市级）' },
  { value: 2, label: '两级审核（先区级，再市级）' },
] as const
