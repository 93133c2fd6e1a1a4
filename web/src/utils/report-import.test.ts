import { describe, expect, it } from 'vitest'
import type { ReportImportOutcome, ReportImportUnit } from '@/api/report-types'
import { importSummary, problemUnit, problemsFromDetails } from './report-import'

const unit = (code: string, changed: number, ok = true): ReportImportUnit => ({
  code,
  name: `单位${code}`,
  sheet: '汇总',
  row: 4,
  status: 'draft',
  figures: 18,
  changed,
  ok,
})

describe('importSummary', () => {
  it('allows the apply only with no problem and something to write', () => {
    const some: ReportImportOutcome = {
      applied: false,
      units: [unit('a', 2), unit('b', 0), unit('c', 1)],
      problems: [],
    }
    expect(importSummary(some)).toEqual({ units: 3, changedUnits: 2, changedFigures: 3, problems: 0, canApply: true })

    const same: ReportImportOutcome = { applied: false, units: [unit('a', 0)], problems: [] }
    expect(importSummary(same).canApply).toBe(false)

    const bad: ReportImportOutcome = {
      applied: false,
      units: [unit('a', 2), unit('b', 0, false)],
      problems: [{ sheet: '汇总', cell: 'C5', unit: 'b', field: 'activities_held', code: 'type', message: '须为整数' }],
    }
    expect(importSummary(bad)).toMatchObject({ changedFigures: 2, problems: 1, canApply: false })
    expect(importSummary({ applied: false, units: [], problems: [] }).canApply).toBe(false)
  })
})

describe('problemsFromDetails', () => {
  it('splits sheet!cell at the last "!"', () => {
    expect(
      problemsFromDetails([
        { field: '汇总!C5', code: 'type', message: '举办活动次数须为整数' },
        { field: '表!1!D7', code: 'rule', message: '不能大于' },
        { field: '!', code: 'no_table', message: '没有找到统计表' },
        { field: null, code: 'x', message: 'm' },
      ]),
    ).toEqual([
      { sheet: '汇总', cell: 'C5', unit: '', field: '', code: 'type', message: '举办活动次数须为整数' },
      { sheet: '表!1', cell: 'D7', unit: '', field: '', code: 'rule', message: '不能大于' },
      { sheet: '', cell: '', unit: '', field: '', code: 'no_table', message: '没有找到统计表' },
      { sheet: '', cell: '', unit: '', field: '', code: 'x', message: 'm' },
    ])
  })
})

describe('problemUnit', () => {
  it('names the unit when the file found it, else shows the code', () => {
    const o: ReportImportOutcome = {
      applied: false,
      units: [unit('a', 1), { ...unit('zz', 0), name: '' }],
      problems: [],
    }
    const p = { sheet: '汇总', cell: 'B5', field: '', code: 'x', message: '' }
    expect(problemUnit({ ...p, unit: 'a' }, o)).toBe('单位a（a）')
    expect(problemUnit({ ...p, unit: 'zz' }, o)).toBe('zz')
    expect(problemUnit({ ...p, unit: '' }, o)).toBe('—')
  })
})
