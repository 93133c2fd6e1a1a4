// Totals of an activity's sessions for lists (reserved, checked in, walk-ins).
export interface SessionFigures {
  capacity: number
  taken: number
  checked_in: number
  walk_ins: number
}

export function activityFigures(sessions: readonly Partial<SessionFigures>[] | null | undefined): SessionFigures {
  const out: SessionFigures = { capacity: 0, taken: 0, checked_in: 0, walk_ins: 0 }
  for (const s of sessions ?? []) {
    out.capacity += s.capacity ?? 0
    out.taken += s.taken ?? 0
    out.checked_in += s.checked_in ?? 0
    out.walk_ins += s.walk_ins ?? 0
  }
  return out
}
