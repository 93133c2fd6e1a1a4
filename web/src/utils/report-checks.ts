// Results of the form's rules as the server reports them in `checks`: hard rules (error)
// block submission; soft rules (warning) need an explanation of at least 4 characters.

import type { Check } from '@/api/report-types'

export const MIN_EXPLANATION = 4

export type CheckClass = 'passed' | 'hard' | 'soft'

export function classifyCheck(c: Pick<Check, 'passed' | 'severity'>): CheckClass {
  if (c.passed) return 'passed'
  return c.severity === 'error' ? 'hard' : 'soft'
}

export interface ClassifiedChecks {
  hard: Check[]
  soft: Check[]
  passed: Check[]
}

export function classifyChecks(checks: readonly Check[] | null | undefined): ClassifiedChecks {
  const out: ClassifiedChecks = { hard: [], soft: [], passed: [] }
  for (const c of checks ?? []) out[classifyCheck(c)].push(c)
  return out
}

export interface FieldMark {
  /** the worst failed rule touching this field */
  severity: 'error' | 'warning'
  messages: { id: string; severity: 'error' | 'warning'; message: string }[]
}

/** Per field, the failed rules that name it (hard ones first). */
export function fieldMarks(checks: readonly Check[] | null | undefined): Record<string, FieldMark> {
  const out: Record<string, FieldMark> = {}
  const failed = (checks ?? []).filter((c) => !c.passed)
  failed.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
  for (const c of failed) {
    for (const f of c.fields) {
      const mark = (out[f] ??= { severity: c.severity, messages: [] })
      if (c.severity === 'error') mark.severity = 'error'
      mark.messages.push({ id: c.id, severity: c.severity, message: c.message })
    }
  }
  return out
}

/** Failed warnings still lacking an explanation: rule id → message for its text box. */
export function explanationProblems(
  soft: readonly Pick<Check, 'id'>[],
  explanations: Record<string, string | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const c of soft) {
    const text = (explanations[c.id] ?? '').trim()
    if (text.length < MIN_EXPLANATION) out[c.id] = `请填写情况说明（至少 ${MIN_EXPLANATION} 个字）`
  }
  return out
}

/** The explanations to send: only for rules that currently fail, trimmed. */
export function explanationsToSend(
  soft: readonly Pick<Check, 'id'>[],
  explanations: Record<string, string | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const c of soft) {
    const text = (explanations[c.id] ?? '').trim()
    if (text) out[c.id] = text
  }
  return out
}
