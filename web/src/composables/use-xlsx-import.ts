// The one way an .xlsx comes in (docs/decisions/0018), shared by 从Excel导入 of the statistics
// table and of activities: the browser reads the chosen file into a grid of cells
// (utils/xlsx-grid.ts, loaded on first use), the server answers a dry run — what it found and
// each problem by sheet and cell — and only the grid that was checked, clean and with something
// to write, is sent again to apply. If something changed on the server since the dry run, the
// apply's 422 names the cells again and the dialog stays on the check.
import { computed, ref, shallowRef } from 'vue'
import { ApiError, errorMessage } from '@/api/api-error'
import type { ReportImportProblem } from '@/api/report-types'
import type { Grid } from '@/utils/xlsx-grid'
import { problemsFromDetails } from '@/utils/report-import'

export type ImportPhase = 'idle' | 'reading' | 'checking' | 'checked' | 'applying' | 'applied'
export type ImportMode = 'dry_run' | 'apply'

export interface XlsxImportOptions<O extends { problems: ReportImportProblem[] }> {
  /** POST the grid to the import route in the given mode */
  send: (grid: Grid, mode: ImportMode) => Promise<O>
  /** whether a clean dry run has anything to write */
  writes: (o: O) => boolean
  /** after a successful apply */
  onApplied?: (o: O) => void
}

export function useXlsxImport<O extends { problems: ReportImportProblem[] }>(opts: XlsxImportOptions<O>) {
  const phase = ref<ImportPhase>('idle')
  const fileName = ref('')
  const grid = shallowRef<Grid | null>(null)
  const readError = ref('')
  const checkError = ref('')
  /** the dry run of exactly `grid` (or, once applied, the apply's answer) */
  const outcome = shallowRef<O | null>(null)
  const problems = shallowRef<ReportImportProblem[]>([])
  const applied = shallowRef<O | null>(null)

  const busy = computed(() => ['reading', 'checking', 'applying'].includes(phase.value))
  const canApply = computed(
    () => phase.value === 'checked' && !!outcome.value && problems.value.length === 0 && opts.writes(outcome.value),
  )
  const statusText = computed(() => {
    if (phase.value === 'reading') return '正在读取…'
    if (phase.value === 'checking') return '正在检查…'
    if (phase.value === 'applying') return '正在导入…'
    return ''
  })

  function clearResult(): void {
    readError.value = ''
    checkError.value = ''
    outcome.value = null
    problems.value = []
    applied.value = null
  }

  function reset(): void {
    phase.value = 'idle'
    fileName.value = ''
    grid.value = null
    clearResult()
  }

  async function dryRun(): Promise<void> {
    if (!grid.value) return
    phase.value = 'checking'
    clearResult()
    try {
      const r = await opts.send(grid.value, 'dry_run')
      outcome.value = r
      problems.value = r.problems
      phase.value = 'checked'
    } catch (e) {
      checkError.value = `检查失败：${errorMessage(e)}`
      phase.value = 'idle'
    }
  }

  async function pick(ev: Event): Promise<void> {
    const input = ev.target as HTMLInputElement
    const file = input.files?.[0]
    if (!file) return
    fileName.value = file.name
    grid.value = null
    clearResult()
    phase.value = 'reading'
    try {
      const { readXlsxGrid } = await import('@/utils/xlsx-grid')
      grid.value = await readXlsxGrid(file)
    } catch (e) {
      readError.value = e instanceof Error ? e.message : String(e)
      phase.value = 'idle'
      return
    } finally {
      // Choosing the same file again (edited meanwhile) must read it again.
      input.value = ''
    }
    await dryRun()
  }

  async function apply(): Promise<void> {
    if (!grid.value || !canApply.value) return
    phase.value = 'applying'
    try {
      const r = await opts.send(grid.value, 'apply')
      applied.value = r
      outcome.value = r
      phase.value = 'applied'
      opts.onApplied?.(r)
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.details.length) {
        problems.value = problemsFromDetails(e.details)
        checkError.value = `${e.message}。请修改文件后重新选择。`
        phase.value = 'checked'
      } else {
        checkError.value = `导入失败：${errorMessage(e)}`
        outcome.value = null
        phase.value = 'idle'
      }
    }
  }

  return {
    phase,
    fileName,
    grid,
    readError,
    checkError,
    outcome,
    problems,
    applied,
    busy,
    canApply,
    statusText,
    reset,
    pick,
    dryRun,
    apply,
  }
}
