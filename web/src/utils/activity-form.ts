// Between the activity form (wall times "YYYY-MM-DD HH:mm:ss" in Beijing, text boxes) and the
// API's body (ISO +08:00, codes, numbers).
import type { Activity, ActivityInput, ActivityMode, ChangePlan } from '@/api/activity-types'
import type { ActivityFormValues, SessionRow } from './activity'
import { toIsoShanghai, toWallTime } from './time'

export interface ActivityFormState extends ActivityFormValues {
  description: string
  is_free: boolean
  reservation_required: boolean
  /** only meaningful with reservation_required: the form keeps them together */
  real_name_required: boolean
  co_organizers: string[]
  /** the leading unit's code; only an admin's new activity sends it (on update the server
   *  keeps the lead, so it is never sent with a version) */
  lead_org: string
}

export function emptySession(after?: SessionRow): SessionRow {
  return {
    starts_at: after?.starts_at ?? '',
    ends_at: after?.ends_at ?? '',
    capacity: after?.capacity ?? 50,
    high_demand: false,
    opens_at: '',
    lottery_cutoff: '',
  }
}

export function emptyActivityForm(): ActivityFormState {
  return {
    title: '',
    category: '',
    mode: 'offline',
    district: '',
    venue: '',
    address: '',
    starts_at: '',
    ends_at: '',
    audience: [],
    description: '',
    contact_name: '',
    contact_phone: '',
    is_free: true,
    reservation_required: true,
    real_name_required: false,
    online_url: '',
    security_owner: '',
    safe_occupancy: null,
    co_organizers: [],
    lead_org: '',
    sessions: [emptySession()],
  }
}

export function activityToForm(a: Activity): ActivityFormState {
  return {
    title: a.title,
    category: a.category,
    mode: a.mode,
    district: a.district?.code ?? '',
    venue: a.venue ?? '',
    address: a.address ?? '',
    starts_at: toWallTime(a.starts_at),
    ends_at: toWallTime(a.ends_at),
    audience: [...(a.audience ?? [])],
    description: a.description ?? '',
    contact_name: a.contact_name ?? '',
    contact_phone: a.contact_phone ?? '',
    is_free: a.is_free,
    reservation_required: a.reservation_required,
    real_name_required: a.real_name_required ?? false,
    online_url: a.online_url ?? '',
    security_owner: a.security_owner ?? '',
    safe_occupancy: a.safe_occupancy ?? null,
    co_organizers: (a.co_organizers ?? []).map((o) => o.code),
    lead_org: a.lead_org?.code ?? '',
    sessions: (a.sessions ?? []).map((s) => ({
      id: s.id,
      starts_at: toWallTime(s.starts_at),
      ends_at: toWallTime(s.ends_at),
      capacity: s.capacity,
      high_demand: s.high_demand,
      opens_at: toWallTime(s.opens_at),
      lottery_cutoff: toWallTime(s.lottery_cutoff),
    })),
  }
}

/** A change's proposed plan over the form (a waiting change taken up again to adjust it): the
 *  plan's fields and sessions, ids kept; description, contact and audience stay as they are. */
export function applyPlanToForm(f: ActivityFormState, p: ChangePlan): void {
  Object.assign(f, {
    title: p.title,
    category: p.category,
    mode: p.mode,
    district: p.district ?? '',
    venue: p.venue ?? '',
    address: p.address ?? '',
    starts_at: toWallTime(p.starts_at),
    ends_at: toWallTime(p.ends_at),
    is_free: p.is_free,
    reservation_required: p.reservation_required,
    real_name_required: p.real_name_required ?? false,
    online_url: p.online_url ?? '',
    security_owner: p.security_owner ?? '',
    safe_occupancy: p.safe_occupancy ?? null,
    co_organizers: [...(p.co_organizers ?? [])],
    sessions: p.sessions.map((s) => ({
      id: s.id,
      starts_at: toWallTime(s.starts_at),
      ends_at: toWallTime(s.ends_at),
      capacity: s.capacity,
      high_demand: s.high_demand,
      opens_at: toWallTime(s.opens_at),
      lottery_cutoff: toWallTime(s.lottery_cutoff),
    })),
  })
}

const iso = (wall: string) => (wall ? toIsoShanghai(wall) : null)

/** `sessionIds`: a published activity's edit names each kept session by its id (one without is
 *  new, one left out is removed); a draft's sessions are simply replaced, so it sends none. */
export function formToInput(
  f: ActivityFormState,
  version?: number,
  { sessionIds = false }: { sessionIds?: boolean } = {},
): ActivityInput {
  const online = f.mode !== 'offline'
  const body: ActivityInput = {
    title: f.title.trim(),
    category: f.category,
    mode: f.mode as ActivityMode,
    district: f.district || null,
    venue: f.venue.trim(),
    address: f.address.trim(),
    starts_at: iso(f.starts_at) ?? '',
    ends_at: iso(f.ends_at) ?? '',
    audience: f.audience,
    description: f.description.trim(),
    contact_name: f.contact_name.trim(),
    contact_phone: f.contact_phone.trim(),
    is_free: f.is_free,
    reservation_required: f.reservation_required,
    // Without reservations there is no one to name: the ID card rides on a reservation.
    real_name_required: f.reservation_required && f.real_name_required,
    online_url: online ? f.online_url.trim() || null : null,
    security_owner: online ? f.security_owner.trim() || null : null,
    safe_occupancy: f.safe_occupancy,
    // A unit cannot co-organize what it leads.
    co_organizers: f.lead_org ? f.co_organizers.filter((c) => c !== f.lead_org) : f.co_organizers,
    sessions: f.sessions.map((s) => ({
      ...(sessionIds ? { id: s.id ?? null } : {}),
      starts_at: iso(s.starts_at) ?? '',
      ends_at: iso(s.ends_at) ?? '',
      capacity: Number(s.capacity),
      high_demand: s.high_demand,
      opens_at: iso(s.opens_at),
      lottery_cutoff: s.high_demand ? iso(s.lottery_cutoff) : null,
    })),
  }
  if (version !== undefined) body.version = version
  else if (f.lead_org) body.lead_org = f.lead_org
  return body
}

/** Every field name a server 422 may name, so its message lands at the box. */
export function activityFieldNames(sessions: number): string[] {
  const top = [
    'title',
    'category',
    'mode',
    'district',
    'venue',
    'address',
    'starts_at',
    'ends_at',
    'audience',
    'description',
    'contact_name',
    'contact_phone',
    'is_free',
    'reservation_required',
    'real_name_required',
    'online_url',
    'security_owner',
    'safe_occupancy',
    'co_organizers',
    'lead_org',
    'sessions',
    'version',
    'change_reason',
  ]
  const rows: string[] = []
  for (let i = 0; i < sessions; i++)
    for (const k of ['starts_at', 'ends_at', 'capacity', 'high_demand', 'opens_at', 'lottery_cutoff'])
      rows.push(`sessions.${i}.${k}`)
  return [...top, ...rows]
}
