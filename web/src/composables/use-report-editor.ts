// One unit's report for one campaign: load form + report, keep what is typed as text, check
// it as the server would, autosave drafts (debounced partial PUT with `version`), surface a
// 409 as a conflict the user resolves, and submit with explanations for soft rules.

import { computed, reactive, ref, shallowRef, type Ref } from 'vue'
import { ApiError, errorMessage } from '@/api/api-error'
import { reportsApi } from '@/api/reports'
import type { FormField, FormTemplate, Report, WireValue } from '@/api/report-types'
import { classifyChecks, explanationProblems, explanationsToSend, fieldMarks } from '@/utils/report-checks'
import { allFields, canonicalText, requiredProblem, toWire, validateValue, valueToText } from '@/utils/report-values'
import { notifyError } from './use-notify'

export const AUTOSAVE_DELAY_MS = 800

function clear(obj: Record<string, unknown>): void {
  for (const k of Object.keys(obj)) delete obj[k]
}

export function useReportEditor(year: Ref<number>, org: Ref<string>) {
  const form = shallowRef<FormTemplate | null>(null)
  const report = shallowRef<Report | null>(null)
  const loading = ref(false)
  const loadError = shallowRef<unknown>(null)

  /** what the boxes show */
  const texts = reactive<Record<string, string>>({})
  /** canonical text of what the server has stored */
  const saved = reactive<Record<string, string>>({})
  const serverErrors = reactive<Record<string, string>>({})
  const requiredErrors = reactive<Record<string, string>>({})
  const explanations = reactive<Record<string, string>>({})
  const explanationErrors = reactive<Record<string, string>>({})

  const saving = ref(false)
  const saveError = ref<string | null>(null)
  const conflict = shallowRef<Report | null>(null)
  const submitting = ref(false)

  const fields = computed(() => allFields(form.value))
  const byCode = computed(() => new Map(fields.value.map((f) => [f.code, f])))
  const editable = computed(() => !!report.value?.can.edit)
  const checks = computed(() => classifyChecks(report.value?.checks))
  const marks = computed(() => fieldMarks(report.value?.checks))

  const clientErrors = computed(() => {
    const out: Record<string, string> = {}
    for (const f of fields.value) {
      const m = validateValue(f, texts[f.code] ?? '')
      if (m) out[f.code] = m
    }
    return out
  })
  /** one message per field: what is typed, then what the server said, then "required" */
  const fieldErrors = computed(() => ({ ...requiredErrors, ...serverErrors, ...clientErrors.value }))
  const dirty = computed(() =>
    fields.value.filter((f) => canonicalText(f, texts[f.code] ?? '') !== (saved[f.code] ?? '')).map((f) => f.code),
  )
  const reasons = computed(() => report.value?.comments?.fields ?? {})

  const storageKey = () => `sciweek:explanations:${year.value}:${org.value}`

  function applyReport(r: Report, resetTexts: boolean): void {
    report.value = r
    for (const f of fields.value) {
      const text = valueToText(f, r.values[f.code])
      saved[f.code] = canonicalText(f, text)
      if (resetTexts) texts[f.code] = text
    }
  }

  async function load(): Promise<void> {
    loading.value = true
    loadError.value = null
    clearTimeout(timer)
    try {
      const [f, r] = await Promise.all([reportsApi.form(year.value), reportsApi.get(year.value, org.value)])
      form.value = f
      clear(texts)
      clear(saved)
      clear(serverErrors)
      clear(requiredErrors)
      clear(explanationErrors)
      conflict.value = null
      saveError.value = null
      applyReport(r, true)
      clear(explanations)
      Object.assign(explanations, r.explanations ?? {})
      if (r.can.edit) {
        try {
          Object.assign(explanations, JSON.parse(localStorage.getItem(storageKey()) ?? '{}'))
        } catch {
          /* a broken draft of explanations is not worth an error */
        }
      }
    } catch (e) {
      loadError.value = e
    } finally {
      loading.value = false
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined
  let inflight: Promise<void> | null = null

  function schedule(): void {
    if (!editable.value || conflict.value) return
    clearTimeout(timer)
    timer = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS)
  }

  function setText(code: string, text: string): void {
    texts[code] = text
    delete serverErrors[code]
    delete requiredErrors[code]
    schedule()
  }

  function setExplanation(id: string, text: string): void {
    explanations[id] = text
    delete explanationErrors[id]
    try {
      localStorage.setItem(storageKey(), JSON.stringify(explanations))
    } catch {
      /* storage full or disabled: the text still lives in the page */
    }
  }

  function onSaveError(e: unknown): void {
    if (e instanceof ApiError && e.status === 409 && e.code === 'conflict' && e.current) {
      conflict.value = e.current as Report
      return
    }
    if (e instanceof ApiError && e.status === 422 && e.details.length) {
      let placed = false
      for (const d of e.details) {
        if (d.field && byCode.value.has(d.field)) {
          serverErrors[d.field] = d.message
          placed = true
        }
      }
      saveError.value = placed ? '部分数据未通过校验，请修改标红的项目' : e.message
      // The other boxes still deserve saving; the refused ones wait until they change.
      if (placed) schedule()
      return
    }
    const first = saveError.value === null
    saveError.value = errorMessage(e)
    if (first) notifyError(e, '自动保存失败：')
  }

  /** Save every changed, valid box now; resolves true when nothing is left unsaved. */
  async function flush(): Promise<boolean> {
    clearTimeout(timer)
    timer = undefined
    while (inflight) await inflight
    const r = report.value
    if (!r || !editable.value || conflict.value) return false
    const sendable = dirty.value.filter((c) => !clientErrors.value[c] && !serverErrors[c])
    if (sendable.length === 0) return dirty.value.length === 0
    const values: Record<string, WireValue> = {}
    for (const c of sendable) values[c] = toWire(byCode.value.get(c) as FormField, texts[c] ?? '')
    inflight = (async () => {
      saving.value = true
      try {
        const next = await reportsApi.save(year.value, org.value, values, r.version)
        applyReport(next, false)
        saveError.value = null
        for (const c of sendable) delete serverErrors[c]
      } catch (e) {
        onSaveError(e)
      } finally {
        saving.value = false
        inflight = null
      }
    })()
    await inflight
    return saveError.value === null && conflict.value === null && dirty.value.length === 0
  }

  /** 409: drop my edits and show what the other person saved. */
  function takeTheirs(): void {
    const cur = conflict.value
    if (!cur) return
    conflict.value = null
    clear(serverErrors)
    applyReport(cur, true)
  }

  /** 409: keep the boxes I changed, take theirs for the rest, and save on top of their version. */
  async function keepMine(): Promise<void> {
    const cur = conflict.value
    if (!cur) return
    const mine = new Set(dirty.value)
    conflict.value = null
    for (const f of fields.value) if (!mine.has(f.code)) texts[f.code] = valueToText(f, cur.values[f.code])
    applyReport(cur, false)
    await flush()
  }

  /** Check everything the server will check; true when the confirmation may be shown. */
  async function prepareSubmit(): Promise<{ ok: boolean; message?: string; focus?: string }> {
    const flushed = await flush()
    if (conflict.value) return { ok: false }
    clear(requiredErrors)
    for (const f of fields.value) {
      const m = requiredProblem(f, texts[f.code] ?? '')
      if (m) requiredErrors[f.code] = m
    }
    const bad = fields.value.find((f) => fieldErrors.value[f.code])
    if (bad) return { ok: false, message: '请先修正标红的数据后再提交', focus: bad.code }
    if (!flushed) return { ok: false, message: saveError.value ?? '数据尚未保存，请稍后再试' }
    if (checks.value.hard.length) {
      const f = checks.value.hard[0].fields[0]
      return { ok: false, message: `校验未通过：${checks.value.hard[0].message}`, focus: f }
    }
    clear(explanationErrors)
    Object.assign(explanationErrors, explanationProblems(checks.value.soft, explanations))
    const missing = Object.keys(explanationErrors)[0]
    if (missing) return { ok: false, message: '请为需要核实的数据填写情况说明', focus: `explain:${missing}` }
    return { ok: true }
  }

  async function submit(): Promise<Report | null> {
    const r = report.value
    if (!r) return null
    submitting.value = true
    try {
      const next = await reportsApi.submit(
        year.value,
        org.value,
        explanationsToSend(checks.value.soft, explanations),
        r.version,
      )
      applyReport(next, true)
      try {
        localStorage.removeItem(storageKey())
      } catch {
        /* nothing to clean */
      }
      return next
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.code === 'conflict' && e.current) {
        conflict.value = e.current as Report
      } else if (e instanceof ApiError && e.status === 422 && e.details.length) {
        const general: string[] = []
        for (const d of e.details) {
          if (d.field?.startsWith('explanations.')) explanationErrors[d.field.slice('explanations.'.length)] = d.message
          else if (d.field && byCode.value.has(d.field)) serverErrors[d.field] = d.message
          else if (!general.includes(d.message)) general.push(d.message)
        }
        notifyError(
          new ApiError({ status: 422, code: e.code, message: general.length ? general.join('；') : e.message }),
        )
      } else {
        notifyError(e, '提交失败：')
      }
      return null
    } finally {
      submitting.value = false
    }
  }

  /** Reload status, materials and checks without touching what is being typed. */
  async function refresh(): Promise<void> {
    try {
      applyReport(await reportsApi.get(year.value, org.value), false)
    } catch (e) {
      notifyError(e, '刷新报表失败：')
    }
  }

  /** After a review action elsewhere on the page. */
  function replaceReport(r: Report): void {
    applyReport(r, true)
  }

  function dispose(): void {
    clearTimeout(timer)
  }

  return {
    form,
    report,
    loading,
    loadError,
    texts,
    fields,
    fieldErrors,
    marks,
    reasons,
    checks,
    explanations,
    explanationErrors,
    editable,
    dirty,
    saving,
    saveError,
    conflict,
    submitting,
    load,
    setText,
    setExplanation,
    flush,
    takeTheirs,
    keepMine,
    prepareSubmit,
    submit,
    replaceReport,
    refresh,
    dispose,
  }
}

export type ReportEditor = ReturnType<typeof useReportEditor>
