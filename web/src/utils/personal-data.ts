// Visitors' personal data that expires (issue 11 §4, 《个人信息保护法》): a campaign keeps
// visitors' names, phones and e-mail addresses for personal_data_days after its end date, then
// the server erases them. The range mirrors the server's (domain/campaign.hpp: 1 to 3 × 366).

export const PERSONAL_DATA_DAYS = { min: 1, max: 1098, default: 90 } as const

/** A whole number of days the server accepts. */
export function isPersonalDataDays(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= PERSONAL_DATA_DAYS.min && (v as number) <= PERSONAL_DATA_DAYS.max
}

export interface Retention {
  days: number
  /** YYYY-MM-DD, the Beijing day of the erasure */
  until: string
}

/** What the public campaign says about how long the data is kept, or null when it does not say
 *  it in full (an older server, or the campaign not loaded): then no days or date are promised. */
export function retentionOf(
  c: { personal_data_days?: number | null; personal_data_until?: string | null } | null | undefined,
): Retention | null {
  const days = c?.personal_data_days
  const until = c?.personal_data_until
  if (!isPersonalDataDays(days) || typeof until !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(until)) return null
  return { days, until }
}
