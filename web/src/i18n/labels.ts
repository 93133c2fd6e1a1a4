// Labels of the API's codes on the visitor pages. Chinese comes from locales/zh-CN.ts (one
// place for the staff and the public); English lives here. Category and audience values are
// Chinese words in the API, so their English tables are keyed by those words; district names
// arrive in Chinese with a unit code, so English goes by the code.
import {
  activityCategories,
  activityModeLabels,
  audiences,
  orgTypeLabels,
  reservationStatusLabels,
} from '@/locales/zh-CN'
import type { Lang } from './catalogue'

export const categoryEn: Record<string, string> = {
  主场活动: 'Main venue',
  分会场活动: 'Branch venue',
  区域特色活动: 'District highlight',
  行业品牌活动: 'Industry showcase',
  开放日: 'Open day',
  科普基地活动: 'Science centre activity',
  线上活动: 'Online',
  其他: 'Other',
}

export const audienceEn: Record<string, string> = {
  青少年: 'Young people',
  公众: 'General public',
  专业人员: 'Professionals',
  教师: 'Teachers',
  老年人: 'Seniors',
  亲子家庭: 'Families',
}

export const modeEn: Record<string, string> = {
  offline: 'In person',
  online: 'Online',
  hybrid: 'In person + online',
}

export const reservationStatusEn: Record<string, string> = {
  applied: 'Entered in the lottery',
  waiting: 'On the waiting list',
  offered: 'A place is offered: please confirm',
  confirmed: 'Booked',
  checked_in: 'Checked in',
  cancelled: 'Cancelled',
  expired: 'Offer expired',
}

export const orgTypeEn: Record<string, string> = {
  district: 'District',
  member_unit: 'Member unit',
  science_base: 'Science centre',
  university: 'University',
  institute: 'Research institute',
  enterprise: 'Enterprise',
  other: 'Other',
}

/** Beijing's districts by unit code (the demo's and the real register's codes). */
export const districtEn: Record<string, string> = {
  '110101': 'Dongcheng',
  '110102': 'Xicheng',
  '110105': 'Chaoyang',
  '110106': 'Fengtai',
  '110107': 'Shijingshan',
  '110108': 'Haidian',
  '110109': 'Mentougou',
  '110111': 'Fangshan',
  '110112': 'Tongzhou',
  '110113': 'Shunyi',
  '110114': 'Changping',
  '110115': 'Daxing',
  '110116': 'Huairou',
  '110117': 'Pinggu',
  '110118': 'Miyun',
  '110119': 'Yanqing',
  bda: 'Beijing Economic-Technological Development Area',
}

/** The Chinese tables the English ones must cover (checked by labels.test.ts). */
export const labelTables = {
  category: { zh: Object.fromEntries(activityCategories.map((c) => [c, c])), en: categoryEn },
  audience: { zh: Object.fromEntries(audiences.map((a) => [a, a])), en: audienceEn },
  mode: { zh: activityModeLabels, en: modeEn },
  reservationStatus: { zh: reservationStatusLabels, en: reservationStatusEn },
  orgType: { zh: orgTypeLabels, en: orgTypeEn },
} as const

export type LabelKind = keyof typeof labelTables

/** The label of `code` in `lang`; an unknown code shows as itself (a new category, say). */
export function codeLabel(lang: Lang, kind: LabelKind, code: string | null | undefined): string {
  if (!code) return ''
  const t = labelTables[kind]
  return (lang === 'en' ? t.en[code] : undefined) ?? (t.zh as Record<string, string>)[code] ?? code
}

/** A district's name: English by its code when known, else the name the API gave. */
export function districtName(lang: Lang, d: { code: string; name: string } | null | undefined): string {
  if (!d) return ''
  return (lang === 'en' ? districtEn[d.code] : undefined) ?? d.name
}
