// The visitor pages' language and elder mode: one state for the whole app (module refs), read
// once from this device's choice or the browser, changed by the switches in PublicShell.
import { ref } from 'vue'
import type { Instant } from '@/utils/time'
import { translate, type Lang, type MessageKey } from '@/i18n/catalogue'
import { codeLabel, districtName, type LabelKind } from '@/i18n/labels'
import { ELDER_STORAGE_KEY, LANG_STORAGE_KEY, pickLanguage, prefs } from '@/i18n/language'
import {
  codeProblem,
  idCardProblemText,
  phoneProblem,
  publicErrorMessage,
  publicFieldMessage,
  reservationProblems,
} from '@/i18n/public-errors'
import { dateTimeText, dayText, timeRangeText, waitText } from '@/i18n/format'
import { privacyNotice } from '@/i18n/privacy-notice'

const browserLanguages = (): readonly string[] =>
  typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])

const lang = ref<Lang>(pickLanguage(browserLanguages(), prefs.get(LANG_STORAGE_KEY)))
const elder = ref(prefs.get(ELDER_STORAGE_KEY) === '1')

function setLang(next: Lang): void {
  lang.value = next
  prefs.set(LANG_STORAGE_KEY, next)
}
function setElder(on: boolean): void {
  elder.value = on
  prefs.set(ELDER_STORAGE_KEY, on ? '1' : '0')
}

export function usePublicI18n() {
  return {
    lang,
    elder,
    setLang,
    setElder,
    t: (key: MessageKey, params?: Record<string, string | number>) => translate(lang.value, key, params),
    err: (e: unknown) => publicErrorMessage(e, lang.value),
    fieldErr: (field: string, message: string) => publicFieldMessage(field, message, lang.value),
    label: (kind: LabelKind, code: string | null | undefined) => codeLabel(lang.value, kind, code),
    district: (d: { code: string; name: string } | null | undefined) => districtName(lang.value, d),
    day: (date: string) => dayText(lang.value, date),
    dateTime: (v: Instant | null | undefined) => dateTimeText(lang.value, v),
    range: (start: Instant, end: Instant) => timeRangeText(lang.value, start, end),
    wait: (seconds: number) => waitText(lang.value, seconds),
    checkReservation: (form: { name: string; phone: string; party_size: number }, maxParty: number) =>
      reservationProblems(lang.value, form, maxParty),
    checkPhone: (phone: string) => phoneProblem(lang.value, phone),
    checkCode: (code: string) => codeProblem(lang.value, code),
    checkIdCard: (text: string) => idCardProblemText(lang.value, text),
    privacy: (campaign: Parameters<typeof privacyNotice>[1]) => privacyNotice(lang.value, campaign),
  }
}
