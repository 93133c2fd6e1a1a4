// A visitor's phone + SMS code form (the code box is PhoneCodeField), shared by the sign-in to
// 我的预约 and the erasure of one's data: the values, a problem at each box (cleared as it is
// edited), the client's checks before any request, and where the server's refusal lands — a
// refused code at the code box, a refused phone at the phone box, anything else above the button.
import { reactive, ref, watch } from 'vue'
import { ApiError } from '@/api/api-error'
import { normalizePhone } from '@/utils/activity'
import { normalizeCode } from '@/utils/phone-code'
import { usePublicI18n } from './use-public-i18n'

export function usePhoneCodeForm() {
  const { err, fieldErr, checkPhone, checkCode } = usePublicI18n()
  const form = reactive({ phone: '', code: '' })
  const errors = reactive({ phone: '', code: '' })
  /** a problem that is no box's */
  const general = ref('')
  const busy = ref(false)
  watch(
    () => form.phone,
    () => (errors.phone = ''),
  )
  watch(
    () => form.code,
    () => (errors.code = ''),
  )

  /** The client's checks: whether the form may go to the server. */
  function check(): boolean {
    general.value = ''
    errors.phone = checkPhone(form.phone)
    errors.code = checkCode(form.code)
    return !errors.phone && !errors.code
  }

  /** The phone and code as the server wants them. */
  const values = () => ({ phone: normalizePhone(form.phone), code: normalizeCode(form.code) })

  function refused(e: unknown): void {
    if (e instanceof ApiError && e.field === 'phone_code') errors.code = err(e)
    else if (e instanceof ApiError && e.field === 'phone')
      errors.phone = fieldErr('phone', e.details[0]?.message || e.message)
    else general.value = err(e)
  }

  return { form, errors, general, busy, check, values, refused }
}
