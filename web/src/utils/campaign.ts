// Which campaign a page shows as "current".

export interface CampaignLike {
  year: number
  status: string
}

/** The newest campaign with status open, else the newest one; null for none. */
export function pickCurrentCampaign<T extends CampaignLike>(items: readonly T[]): T | null {
  if (items.length === 0) return null
  const byYear = [...items].sort((a, b) => b.year - a.year)
  return byYear.find((c) => c.status === 'open') ?? byYear[0]
}

/** Status moves the server allows: draft → open → closed → archived, and closed → open
 *  (reopening). Staying put is always allowed. */
const MOVES: Record<string, string[]> = {
  draft: ['open'],
  open: ['closed'],
  closed: ['open', 'archived'],
  archived: [],
}

export function canMoveCampaign(from: string, to: string): boolean {
  return from === to || (MOVES[from] ?? []).includes(to)
}
