// The privacy notice under the reservation form (《个人信息保护法》 asks to say what is kept, why
// and for how long): the days and the erasure date come from the public campaign; without them
// (an older server, the campaign still loading) the generic consent is shown, never a promise
// with blanks. The last sentence points to 我的预约, where the visitor may erase it at any time.
import { retentionOf } from '@/utils/personal-data'
import { translate, type Lang } from './catalogue'
import { dateText } from './format'

export interface PrivacyNotice {
  /** what is kept, why and until when */
  text: string
  /** the next sentence with the link to 我的预约, cut around the link's words (`before` starts
   *  with the space English puts between sentences; Chinese puts none) */
  erase: { before: string; link: string; after: string }
}

export function privacyNotice(
  lang: Lang,
  campaign: { personal_data_days?: number | null; personal_data_until?: string | null } | null | undefined,
): PrivacyNotice {
  const kept = retentionOf(campaign)
  const date = kept ? dateText(lang, kept.until) : ''
  // English counts its days in words ("1 day", "90 days"); the Chinese sentence says 天 itself.
  const days = kept && lang === 'en' ? `${kept.days} day${kept.days === 1 ? '' : 's'}` : kept?.days
  const text = kept && date ? translate(lang, 'rv.privacy', { days: days ?? '', date }) : translate(lang, 'rv.consent')
  // translate() leaves a placeholder it is not given in place: cut the sentence there.
  const [before, after = ''] = translate(lang, 'rv.privacyErase').split('{link}')
  const gap = lang === 'en' ? ' ' : ''
  return { text, erase: { before: gap + before, link: translate(lang, 'rv.privacyLink'), after } }
}
