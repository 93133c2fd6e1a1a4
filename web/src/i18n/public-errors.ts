// A public endpoint's refusal in the visitor's language. The server speaks Chinese; in English
// the codes the public endpoints answer (docs/api.md, "Public") map to English, and anything
// unforeseen falls back to the server's own message.
import { ApiError, errorMessage } from '@/api/api-error'
import { isMainlandMobile, normalizePhone, validateReservation } from '@/utils/activity'
import { isCodeText } from '@/utils/phone-code'
import { idCardProblem, idCardProblemOf, type IdCardProblem } from '@/utils/id-card'
import { translate, type Lang, type MessageKey } from './catalogue'

const byField: Record<string, MessageKey> = {
  name: 'err.name',
  phone: 'err.phone',
  party_size: 'err.partySize',
  id_card: 'err.idCard',
}

const idCardKeys: Record<IdCardProblem, MessageKey> = {
  required: 'id.required',
  length: 'id.length',
  format: 'id.format',
  region: 'id.region',
  birth: 'id.birth',
  checksum: 'id.checksum',
}

// The server says what is wrong with a card only in Chinese (the same sentences as
// utils/id-card.ts): read the problem back from its words.
function idCardMessage(serverMessage: string, lang: Lang): string {
  const problem = idCardProblemOf(serverMessage)
  return translate(lang, problem ? idCardKeys[problem] : 'err.idCard')
}

function keyFor(e: ApiError): MessageKey | null {
  switch (e.code) {
    case 'slot_full':
      return 'err.slotFull'
    case 'conflict':
      if (e.field === 'id_card') return 'err.idCardConflict'
      return e.field === 'phone' ? 'err.phoneConflict' : 'err.conflict'
    case 'validation_failed':
      return (e.field && byField[e.field]) || 'err.invalid'
    case 'invalid_input':
      return 'err.invalid'
    case 'not_found':
      return 'err.notFound'
    case 'rate_limited':
      return 'err.rateLimited'
    case 'network':
      return 'err.network'
    case 'internal':
    case 'unavailable':
      return 'err.server'
    default:
      break
  }
  if (e.status === 429) return 'err.rateLimited'
  if (e.status >= 500) return 'err.server'
  if (e.status === 0) return 'err.network'
  return null
}

// A refused SMS code (error.field "phone_code") says why in details[0].code.
const byCodeProblem: Record<string, MessageKey> = {
  code_required: 'err.codeRequired',
  code_wrong: 'err.codeWrong',
  code_exhausted: 'err.codeExhausted',
  code_expired: 'err.codeExpired',
  invalid: 'code.format',
}

function phoneCodeMessage(e: ApiError, lang: Lang): string {
  const detail = e.details.find((d) => d.field === 'phone_code')
  const key = byCodeProblem[detail?.code ?? '']
  if (!key) return e.message
  // The tries left exist only inside the Chinese text ("还可再试4次"): carry the number over.
  const left = key === 'err.codeWrong' ? /(\d+)\s*次/.exec(detail?.message || e.message) : null
  return left ? translate(lang, 'err.codeWrongLeft', { n: left[1] }) : translate(lang, key)
}

/** The message to show a visitor for any thrown value. */
export function publicErrorMessage(e: unknown, lang: Lang): string {
  if (lang === 'zh-CN') return errorMessage(e)
  if (e instanceof ApiError) {
    if (e.field === 'phone_code') return phoneCodeMessage(e, lang)
    if (e.field === 'id_card' && e.status === 422)
      return idCardMessage(e.details.find((d) => d.field === 'id_card')?.message || e.message, lang)
    const key = keyFor(e)
    return key ? translate(lang, key) : e.message
  }
  return errorMessage(e)
}

/** A field's message from a 422's details, in the visitor's language. */
export function publicFieldMessage(field: string, serverMessage: string, lang: Lang): string {
  if (lang === 'zh-CN') return serverMessage
  if (field === 'id_card') return idCardMessage(serverMessage, lang)
  const key = byField[field]
  return key ? translate(lang, key) : serverMessage
}

/** The reservation form's own checks (utils/activity.ts, Chinese) in the visitor's language. */
export function reservationProblems(
  lang: Lang,
  form: { name: string; phone: string; party_size: number },
  maxParty: number,
): Record<string, string> {
  const zh = validateReservation(form, maxParty)
  if (lang === 'zh-CN') return zh
  const out: Record<string, string> = {}
  if (zh.name) out.name = translate(lang, form.name.trim() ? 'rv.nameTooLong' : 'rv.nameRequired')
  if (zh.phone) out.phone = phoneProblem(lang, form.phone)
  if (zh.party_size) out.party_size = translate(lang, 'rv.partyInvalid', { n: maxParty })
  return out
}

/** A phone number's problem before asking for a code, in the visitor's language ('' when fine). */
export function phoneProblem(lang: Lang, phone: string): string {
  if (!normalizePhone(phone)) return translate(lang, 'rv.phoneRequired')
  return isMainlandMobile(phone) ? '' : translate(lang, 'rv.phoneInvalid')
}

/** An SMS code's problem before sending it, in the visitor's language ('' when fine). */
export function codeProblem(lang: Lang, code: string): string {
  if (!code.trim()) return translate(lang, 'code.required')
  return isCodeText(code) ? '' : translate(lang, 'code.format')
}

/** A real-name holder's ID card number's problem before sending it, in the visitor's language
 *  ('' when fine). The Chinese is the server's own wording. */
export function idCardProblemText(lang: Lang, text: string): string {
  const problem = idCardProblem(text)
  return problem ? translate(lang, idCardKeys[problem]) : ''
}
