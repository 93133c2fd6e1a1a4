// Form validation shared by every page: client-side checks that mirror the server's rules,
// and the mapping of a server 422 (`field` / `details`) onto the fields of a form.

import type { ApiErrorDetail } from '@/api/api-error'
import { PERSONAL_DATA_DAYS, isPersonalDataDays } from './personal-data'
import { toMillis } from './time'

export type FieldErrors = Record<string, string>

/** The part of an ApiError this module needs (kept structural so tests need no class). */
export interface ErrorLike {
  message: string
  field?: string | null
  details?: ApiErrorDetail[]
}

export interface MappedErrors {
  /** messages keyed by form field */
  fields: FieldErrors
  /** messages that name no known field: show them as a notice */
  general: string[]
}

/** "sections[0].fields[1].code" → the field itself, dotted, then each shorter prefix:
 *  "sections.0.fields.1.code", "sections.0.fields.1", "sections.0.fields", … "sections". */
function candidates(field: string): string[] {
  const dotted = field.replace(/\[(\d+)\]/g, '.$1')
  const parts = dotted.split('.')
  const prefixes = parts.map((_, i) => parts.slice(0, parts.length - i).join('.'))
  return Array.from(new Set([field, ...prefixes]))
}

/** Map a server error onto the form's known fields; first message per field wins. */
export function mapServerErrors(err: ErrorLike, knownFields: readonly string[]): MappedErrors {
  const known = new Set(knownFields)
  const fields: FieldErrors = {}
  const general: string[] = []
  const place = (field: string | null | undefined, message: string) => {
    if (!message) return
    if (field) {
      const hit = candidates(field).find((c) => known.has(c))
      if (hit) {
        if (!(hit in fields)) fields[hit] = message
        return
      }
    }
    if (!general.includes(message)) general.push(message)
  }
  const details = err.details ?? []
  if (details.length > 0) {
    for (const d of details) place(d.field, d.message)
  } else {
    place(err.field ?? null, err.message)
  }
  if (Object.keys(fields).length === 0 && general.length === 0) general.push(err.message)
  return { fields, general }
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((m) => m !== '')
}

export function clearErrors(errors: FieldErrors): void {
  for (const k of Object.keys(errors)) delete errors[k]
}

export function isYear(text: string | number | null | undefined): boolean {
  return /^\d{4}$/.test(String(text ?? '').trim())
}

export function isPositiveInteger(value: string | number | null | undefined): boolean {
  const text = String(value ?? '').trim()
  return /^\d+$/.test(text) && Number(text) > 0
}

export function isDate(text: string | null | undefined): boolean {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const [y, m, d] = text.split('-').map(Number)
  const dt = new Date(Date.UTC(y, m - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
}

/** A phone number as the server accepts it: digits, spaces, + - ( ), at most 30 characters. */
export function isPhone(text: string | null | undefined): boolean {
  const t = (text ?? '').trim()
  return /^[0-9+\-() ]{3,30}$/.test(t) && /\d{3}/.test(t.replace(/\D/g, ''))
}

export function isEmail(text: string | null | undefined): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test((text ?? '').trim())
}

/** A unit's reminder address exactly as the server accepts it (core::IsEmailAddress): plain
 *  ASCII dot-atom local part ≤ 64, host names of letters, digits and inner hyphens with at
 *  least two labels, ≤ 100 characters in all. No display name, no SMTPUTF8, no line breaks. */
export function isMailAddress(text: string | null | undefined): boolean {
  const s = text ?? ''
  if (s.length > 100) return false
  const at = s.lastIndexOf('@')
  if (at <= 0 || at > 64) return false
  const local = s.slice(0, at)
  const domain = s.slice(at + 1)
  if (!/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/.test(local)) return false
  const labels = domain.split('.')
  return labels.length >= 2 && labels.every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))
}

/** The server's message for a bad `contact_email`, so the form says the same before sending. */
export const MAIL_ADDRESS_MESSAGE = '电子邮箱格式不正确，例如 name@example.org.cn'

/** '' when the (trimmed) address is empty or acceptable, else the server's message. */
export function mailAddressProblem(text: string | null | undefined): string {
  const t = (text ?? '').trim()
  return t === '' || isMailAddress(t) ? '' : MAIL_ADDRESS_MESSAGE
}

/** The server's password rule: ≥ 10 characters, 3 of 4 classes, not the login. */
export function passwordProblem(password: string, login = ''): string | null {
  if (password.length < 10) return '密码至少 10 个字符'
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((r) => r.test(password)).length
  if (classes < 3) return '密码需包含小写字母、大写字母、数字、其他符号中的至少 3 类'
  if (login && password.toLowerCase() === login.toLowerCase()) return '密码不能与登录名相同'
  return null
}

export interface CampaignFormValues {
  year: string
  edition: string | number | null
  name: string
  theme: string
  start_date: string
  end_date: string
  report_deadline: string
  contacts: { name: string; phone: string }[]
  contact_email: string
  /** left out by forms that do not set it (the server keeps its value) */
  personal_data_days?: number | null
}

/** Client-side checks for the campaign form; keys are the API's field names. */
export function validateCampaign(v: CampaignFormValues): FieldErrors {
  const e: FieldErrors = {}
  if (!isYear(v.year)) e.year = '年份须为 4 位数字'
  if (!isPositiveInteger(v.edition)) e.edition = '届次须为正整数'
  if (!v.name.trim()) e.name = '请填写名称'
  if (!v.theme.trim()) e.theme = '请填写主题'
  if (!isDate(v.start_date)) e.start_date = '请选择开始日期'
  if (!isDate(v.end_date)) e.end_date = '请选择结束日期'
  else if (isDate(v.start_date) && v.end_date < v.start_date) e.end_date = '结束日期不能早于开始日期'
  if (!v.report_deadline) e.report_deadline = '请选择报送截止时间'
  else if (isDate(v.end_date) && toMillis(v.report_deadline) < toMillis(v.end_date) + 86400_000)
    e.report_deadline = '报送截止时间须晚于活动结束日期'
  if (isYear(v.year) && isDate(v.start_date) && v.start_date.slice(0, 4) !== String(v.year).trim())
    e.start_date = '开始日期须在该年度内'
  v.contacts.forEach((c, i) => {
    if (!c.name.trim() && !c.phone.trim()) return // a blank row is dropped, not an error
    if (!c.name.trim()) e[`contacts.${i}.name`] = '请填写联系人'
    if (!isPhone(c.phone)) e[`contacts.${i}.phone`] = '请填写有效的电话号码'
  })
  if (v.contact_email.trim() && !isEmail(v.contact_email)) e.contact_email = '邮箱格式不正确'
  if (v.personal_data_days !== undefined && !isPersonalDataDays(v.personal_data_days))
    e.personal_data_days = `观众个人信息保存天数须为${PERSONAL_DATA_DAYS.min}至${PERSONAL_DATA_DAYS.max}天`
  return e
}
