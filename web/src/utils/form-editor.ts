// The form template editor's working copy: strings in the boxes, stable keys for lists, and
// the checks the editor can make before the server parses the rules.

import type { FieldType, FormTemplate, Severity } from '@/api/report-types'
import type { FieldErrors } from './validation'

export interface EditField {
  key: number
  code: string
  label: string
  unit: string
  type: FieldType
  min: string
  max: string
  required: boolean
}
export interface EditSection {
  key: number
  code: string
  label: string
  fields: EditField[]
}
export interface EditRule {
  key: number
  id: string
  expression: string
  severity: Severity
  message: string
}
export interface EditForm {
  title_suffix: string
  /** the 填报说明 shown to units; blank restores the server's own-activities rule */
  instructions: string
  sections: EditSection[]
  rules: EditRule[]
}

let seq = 0
export const nextKey = () => ++seq

const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v))

export function toEdit(f: FormTemplate): EditForm {
  return {
    title_suffix: f.title_suffix ?? '',
    instructions: f.instructions ?? '',
    sections: f.sections.map((s) => ({
      key: nextKey(),
      code: s.code,
      label: s.label,
      fields: s.fields.map((x) => ({
        key: nextKey(),
        code: x.code,
        label: x.label,
        unit: x.unit ?? '',
        type: x.type,
        min: num(x.min),
        max: num(x.max),
        required: !!x.required,
      })),
    })),
    rules: f.rules.map((r) => ({
      key: nextKey(),
      id: r.id,
      expression: r.expression,
      severity: r.severity,
      message: r.message,
    })),
  }
}

const toNum = (t: string) => (t.trim() === '' ? null : Number(t.trim()))

export function fromEdit(e: EditForm): FormTemplate {
  return {
    title_suffix: e.title_suffix.trim(),
    // Absent when blank: the server then keeps its default (each unit files its own activities only).
    ...(e.instructions.trim() ? { instructions: e.instructions.trim() } : {}),
    sections: e.sections.map((s) => ({
      code: s.code.trim(),
      label: s.label.trim(),
      fields: s.fields.map((f) => ({
        code: f.code.trim(),
        label: f.label.trim(),
        unit: f.unit.trim(),
        type: f.type,
        min: toNum(f.min),
        max: toNum(f.max),
        required: f.required,
      })),
    })),
    rules: e.rules.map((r) => ({
      id: r.id.trim(),
      expression: r.expression.trim(),
      severity: r.severity,
      message: r.message.trim(),
    })),
  }
}

export const CODE_RE = /^[a-z][a-z0-9_]{0,39}$/
const NUMBER_RE = /^-?\d+(\.\d{1,2})?$/

/** Checks the editor can make itself; keys match the server's paths, dotted
 *  ("sections.0.fields.1.code", "rules.2.expression"). */
export function validateForm(e: EditForm): FieldErrors {
  const out: FieldErrors = {}
  const codes = new Map<string, string>()
  const sectionCodes = new Set<string>()
  if (!e.sections.length) out.sections = '至少需要一个类别'
  e.sections.forEach((s, i) => {
    const p = `sections.${i}`
    if (!CODE_RE.test(s.code.trim())) out[`${p}.code`] = '类别代码须为小写字母开头的字母、数字、下划线'
    else if (sectionCodes.has(s.code.trim())) out[`${p}.code`] = '类别代码重复'
    sectionCodes.add(s.code.trim())
    if (!s.label.trim()) out[`${p}.label`] = '请填写类别名称'
    if (!s.fields.length) out[`${p}.fields`] = '每个类别至少需要一个指标'
    s.fields.forEach((f, j) => {
      const q = `${p}.fields.${j}`
      const code = f.code.trim()
      if (!CODE_RE.test(code)) out[`${q}.code`] = '指标代码须为小写字母开头的字母、数字、下划线（不超过40个）'
      else if (codes.has(code)) out[`${q}.code`] = `指标代码与“${codes.get(code)}”重复`
      codes.set(code, f.label || code)
      if (!f.label.trim()) out[`${q}.label`] = '请填写指标名称'
      for (const b of ['min', 'max'] as const) {
        const t = f[b].trim()
        if (t && !NUMBER_RE.test(t)) out[`${q}.${b}`] = '须为数字（最多两位小数）'
        else if (t && f.type === 'integer' && !/^-?\d+$/.test(t)) out[`${q}.${b}`] = '整数指标的范围须为整数'
      }
      if (!out[`${q}.min`] && !out[`${q}.max`] && f.min.trim() && f.max.trim() && Number(f.min) > Number(f.max))
        out[`${q}.max`] = '最大值不能小于最小值'
    })
  })
  const ids = new Set<string>()
  e.rules.forEach((r, k) => {
    const p = `rules.${k}`
    if (!CODE_RE.test(r.id.trim())) out[`${p}.id`] = '规则编号须为小写字母开头的字母、数字、下划线'
    else if (ids.has(r.id.trim())) out[`${p}.id`] = '规则编号重复'
    ids.add(r.id.trim())
    if (!r.expression.trim()) out[`${p}.expression`] = '请填写规则表达式'
    if (!r.message.trim()) out[`${p}.message`] = '请填写不满足时的提示'
  })
  return out
}

/** Every key a server detail may name, for mapServerErrors. */
export function errorKeys(e: EditForm): string[] {
  const keys = ['title_suffix', 'sections', 'rules']
  e.sections.forEach((s, i) => {
    keys.push(`sections.${i}`, `sections.${i}.code`, `sections.${i}.label`, `sections.${i}.fields`)
    s.fields.forEach((_, j) => {
      const q = `sections.${i}.fields.${j}`
      keys.push(q, ...['code', 'label', 'unit', 'type', 'min', 'max', 'required'].map((x) => `${q}.${x}`))
    })
  })
  e.rules.forEach((_, k) =>
    keys.push(`rules.${k}`, ...['id', 'expression', 'severity', 'message'].map((x) => `rules.${k}.${x}`)),
  )
  return keys
}

/** Move an item of a list up (-1) or down (+1) in place. */
export function move<T>(list: T[], index: number, by: -1 | 1): void {
  const to = index + by
  if (to < 0 || to >= list.length) return
  const [x] = list.splice(index, 1)
  list.splice(to, 0, x)
}
