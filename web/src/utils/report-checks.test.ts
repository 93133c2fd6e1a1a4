import { describe, expect, it } from 'vitest'
import type { Check } from '@/api/report-types'
import { classifyCheck, classifyChecks, explanationProblems, explanationsToSend, fieldMarks } from './report-checks'

const checks: Check[] = [
  {
    id: 'municipal_le_held',
    severity: 'error',
    message: '承接不能大于举办',
    passed: false,
    fields: ['activities_held', 'municipal_activities'],
  },
  {
    id: 'participants_need_activities',
    severity: 'error',
    message: '未举办不应有参与',
    passed: true,
    fields: ['activities_held'],
  },
  {
    id: 'offline_vs_previous',
    severity: 'warning',
    message: '超过上届10倍',
    passed: false,
    fields: ['participants_offline'],
  },
  { id: 'activities_vs_peers', severity: 'warning', message: '远高于同类', passed: false, fields: ['activities_held'] },
]

describe('rule results', () => {
  it('classifies failed errors as hard, failed warnings as soft', () => {
    expect(classifyCheck(checks[0])).toBe('hard')
    expect(classifyCheck(checks[1])).toBe('passed')
    expect(classifyCheck(checks[2])).toBe('soft')
    const c = classifyChecks(checks)
    expect(c.hard.map((x) => x.id)).toEqual(['municipal_le_held'])
    expect(c.soft.map((x) => x.id)).toEqual(['offline_vs_previous', 'activities_vs_peers'])
    expect(c.passed).toHaveLength(1)
    expect(classifyChecks(undefined)).toEqual({ hard: [], soft: [], passed: [] })
  })

  it('marks each field with its worst failed rule, hard first', () => {
    const m = fieldMarks(checks)
    expect(m.activities_held.severity).toBe('error')
    expect(m.activities_held.messages.map((x) => x.id)).toEqual(['municipal_le_held', 'activities_vs_peers'])
    expect(m.municipal_activities.severity).toBe('error')
    expect(m.participants_offline.severity).toBe('warning')
    expect(m.participants_online).toBeUndefined()
  })

  it('asks for an explanation of at least 4 characters per failed warning', () => {
    const soft = classifyChecks(checks).soft
    expect(explanationProblems(soft, {})).toEqual({
      offline_vs_previous: '请填写情况说明（至少 4 个字）',
      activities_vs_peers: '请填写情况说明（至少 4 个字）',
    })
    expect(
      explanationProblems(soft, { offline_vs_previous: ' 大型 ', activities_vs_peers: '新增了主会场活动' }),
    ).toEqual({
      offline_vs_previous: '请填写情况说明（至少 4 个字）',
    })
    expect(explanationsToSend(soft, { offline_vs_previous: ' 举办了大型展览 ', stale_rule: '旧的说明内容' })).toEqual({
      offline_vs_previous: '举办了大型展览',
    })
  })
})
