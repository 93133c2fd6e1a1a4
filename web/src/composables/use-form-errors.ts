import { reactive, watch } from 'vue'
import { ApiError } from '@/api/api-error'
import { clearErrors, mapServerErrors, type FieldErrors } from '@/utils/validation'
import { notifyError } from './use-notify'

/** Field messages for a form: client checks and server 422s land in the same place,
 *  bound to each el-form-item's `error`. Messages for no known field become a notice. */
export function useFormErrors(knownFields: readonly string[] | (() => readonly string[])) {
  const errors = reactive<FieldErrors>({})

  function set(map: FieldErrors): boolean {
    clearErrors(errors)
    Object.assign(errors, map)
    return Object.keys(map).length > 0
  }

  /** Place a thrown error on the form; returns true when at least one field got a message. */
  function fromServer(e: unknown): boolean {
    clearErrors(errors)
    if (!(e instanceof ApiError) || e.status === 401 || e.status === 0 || e.status >= 500) {
      notifyError(e)
      return false
    }
    const mapped = mapServerErrors(e, typeof knownFields === 'function' ? knownFields() : knownFields)
    Object.assign(errors, mapped.fields)
    if (mapped.general.length > 0) notifyError(new ApiError({ ...e, message: mapped.general.join('；') }))
    return Object.keys(mapped.fields).length > 0
  }

  /** Clear a field's message as soon as its value changes (nested keys: "contacts.0.name"). */
  function clearOnChange(form: object): void {
    const snapshot = () => Object.fromEntries(Object.entries(form).map(([k, v]) => [k, JSON.stringify(v)]))
    watch(snapshot, (next, prev) => {
      for (const key of Object.keys(next)) {
        if (next[key] === prev[key]) continue
        for (const e of Object.keys(errors)) if (e === key || e.startsWith(`${key}.`)) delete errors[e]
      }
    })
  }

  return { errors, set, fromServer, clearOnChange, clear: () => clearErrors(errors) }
}
