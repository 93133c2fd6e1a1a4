// A public endpoint's refusal in the visitor's language. The server speaks Chinese; in English
// the codes the public endpoints answer (docs/api.md, "Public") map to English, and anything
// unforeseen falls back to the server's own message.
import { ApiError, errorMessage } from '@/api/api-error'
import { normalizePhone, validateReservation } from '@/utils/activity'
import { translate, type Lang, type MessageKey } from './catalogue'

const byField: Record<string, MessageKey> = { name: 'err.name', phone: 'err.phone', party_size: 'err.partySize' }

function keyFor(e: ApiError): MessageKey | null {
  switch (e.code) {
    case 'slot_full':
      return 'err.slotFull'
    case 'conflict':
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

/** The message to show a visitor for any thrown value. */
export function publicErrorMessage(e: unknown, lang: Lang): string {
  if (lang === 'zh-CN') return errorMessage(e)
  if (e instanceof ApiError) {
    const key = keyFor(e)
    return key ? translate(lang, key) : e.message
  }
  return errorMessage(e)
}

/** A field's message from a 422's details, in the visitor's language. */
export function publicFieldMessage(field: string, serverMessage: string, lang: Lang): string {
  if (lang === 'zh-CN') return serverMessage
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
  if (zh.phone) out.phone = translate(lang, normalizePhone(form.phone) ? 'rv.phoneInvalid' : 'rv.phoneRequired')
  if (zh.party_size) out.party_size = translate(lang, 'rv.partyInvalid', { n: maxParty })
  return out
}
