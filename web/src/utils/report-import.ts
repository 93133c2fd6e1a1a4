// What the import dialog shows of the server's answer to a dry run (docs/api.md "Importing the
// statistics table"): whether there is anything to write, and each problem by sheet and cell.
import type { ApiErrorDetail } from '@/api/api-error'
import type { ReportImportOutcome, ReportImportProblem } from '@/api/report-types'

export interface ImportSummary {
  /** units found in the file */
  units: number
  /** units whose draft the import would write */
  changedUnits: number
  /** figures it would write, over all units */
  changedFigures: number
  problems: number
  /** apply only what was checked: no problem, and something to write */
  canApply: boolean
}

export function importSummary(o: ReportImportOutcome): ImportSummary {
  const changed = o.units.filter((u) => u.changed > 0)
  const changedFigures = changed.reduce((n, u) => n + u.changed, 0)
  return {
    units: o.units.length,
    changedUnits: changed.length,
    changedFigures,
    problems: o.problems.length,
    canApply: o.problems.length === 0 && changedFigures > 0,
  }
}

/** A 422 on apply names each problem's place as `sheet!cell` (a sheet's name may hold a "!"). */
export function problemsFromDetails(details: ApiErrorDetail[]): ReportImportProblem[] {
  return details.map((d) => {
    const at = d.field ?? ''
    const bang = at.lastIndexOf('!')
    return {
      sheet: bang >= 0 ? at.slice(0, bang) : at,
      cell: bang >= 0 ? at.slice(bang + 1) : '',
      unit: '',
      field: '',
      code: d.code,
      message: d.message,
    }
  })
}

/** How a problem's unit reads in the table: its name from the units found, with the code. */
export function problemUnit(p: ReportImportProblem, o: ReportImportOutcome | null): string {
  if (!p.unit) return '—'
  const name = o?.units.find((u) => u.code === p.unit && u.name)?.name
  return name ? `${name}（${p.unit}）` : p.unit
}
