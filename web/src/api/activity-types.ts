// Shapes of the activities API (docs/api.md "Activities, the public calendar, reservations and
// check-in"). snake_case as on the wire; times ISO 8601 with +08:00.

import type { ReportImportProblem, ReviewDecision, ReviewState } from './report-types'

export type ActivityMode = 'offline' | 'online' | 'hybrid'
export type ActivityStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'cancelled'
export type ActivityFileKind = 'emergency_plan' | 'cover'
export type ReservationStatus = 'applied' | 'waiting' | 'offered' | 'confirmed' | 'checked_in' | 'cancelled' | 'expired'
export type CheckinResult =
  | 'ok'
  | 'already_checked_in'
  | 'wrong_session'
  | 'cancelled'
  | 'not_inside'
  /** a real-name ticket whose card's last four are not what staff typed: nobody admitted */
  | 'id_mismatch'
  | 'unknown'
export type DocumentKind = 'implementation_plan' | 'leading_group'

export interface CodeName {
  code: string
  name: string
}

export interface ActivitySession {
  id: number
  starts_at: string
  ends_at: string
  capacity: number
  taken: number
  remaining: number
  walk_ins: number
  checked_in: number
  occupancy: number
  high_demand: boolean
  opens_at: string | null
  lottery_cutoff: string | null
  lottery_drawn: boolean
}

export interface ActivityFile {
  id: number
  kind: ActivityFileKind | string
  filename: string
  size: number
  sha256?: string
}

export interface Activity {
  id: number
  campaign_year: number
  lead_org: CodeName
  co_organizers: CodeName[]
  title: string
  category: string
  mode: ActivityMode
  district: CodeName | null
  venue: string
  address: string
  starts_at: string
  ends_at: string
  audience: string[]
  description: string
  contact_name: string
  contact_phone: string
  is_free: boolean
  reservation_required: boolean
  /** real-name booking: each reservation names the holder's ID card, checked at the gate */
  real_name_required: boolean
  online_url: string | null
  security_owner: string | null
  safe_occupancy: number | null
  status: ActivityStatus
  review_reason: string | null
  cancel_reason: string | null
  version: number
  has_emergency_plan: boolean
  has_cover: boolean
  files: ActivityFile[]
  sessions: ActivitySession[]
  total_capacity: number
  created_at: string
  updated_at: string
  submitted_at: string | null
  reviewed_at: string | null
  reviewed_by: string | null
  review?: ReviewState
  decisions?: ReviewDecision[]
  /** decide: the principal may approve or reject the plan now, at the level it waits at */
  can?: { decide: boolean }
  /** a change of the published plan waiting for review (docs/api.md "Changing a published
   *  activity"); the fields above stay the published version until it is approved */
  pending_change?: ActivityChange | null
}

// ---- changing a published activity ----

export type ActivityChangeStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn'

/** A session as a change carries it: `id` null for a new one. */
export interface ChangePlanSession {
  id: number | null
  starts_at: string
  ends_at: string
  capacity: number
  high_demand: boolean
  opens_at: string | null
  lottery_cutoff: string | null
}

/** The fields a change may touch, in the activity body's names (district and co-organizers
 *  as codes). */
export interface ChangePlan {
  title: string
  category: string
  mode: ActivityMode
  district: string
  venue: string
  address: string
  starts_at: string
  ends_at: string
  is_free: boolean
  reservation_required: boolean
  real_name_required: boolean
  online_url: string | null
  security_owner: string | null
  safe_occupancy: number | null
  co_organizers: string[]
  sessions: ChangePlanSession[]
}

/** What a change does, as the server counts it (published plan → proposed). */
export interface ChangeSummary {
  /** changed plan fields by API name */
  fields: string[]
  moved: number[]
  resized: { session_id: number; capacity: number }[]
  removed: number[]
  added: number
  /** venue or address: every holder hears of it */
  place_changed: boolean
}

export interface ActivityChange {
  id: number
  status: ActivityChangeStatus
  reason: string
  /** the unit agreed to cancel the tickets the change displaces */
  cancels_reservations: boolean
  /** the return reason, or why it was withdrawn */
  review_reason: string | null
  created_at: string
  created_by: string
  decided_at: string | null
  decided_by: string | null
  summary: ChangeSummary
  proposed: ChangePlan
  review: ReviewState
  /** inside an activity: may this person approve or return it now, at its level */
  can?: { decide: boolean }
}

/** A visitor's ticket a change moved or cancelled (masked name and phone). */
export interface AffectedTicket {
  session_id: number
  effect: 'moved' | 'cancelled'
  ticket_no?: string
  name?: string
  phone?: string
  party_size?: number
  status?: ReservationStatus
}

/** One entry of GET /activities/{id}/changes. */
export interface ActivityChangeRecord extends ActivityChange {
  /** the published plan the change was made against */
  before: ChangePlan
  decisions: ReviewDecision[]
  affected: AffectedTicket[]
}

export interface SessionInput {
  /** a published activity's existing session keeps its id (and its tickets); none for a new one */
  id?: number | null
  starts_at: string
  ends_at: string
  capacity: number
  high_demand: boolean
  opens_at: string | null
  lottery_cutoff: string | null
}

export interface ActivityInput {
  title: string
  category: string
  mode: ActivityMode
  /** district code */
  district: string | null
  venue: string
  address: string
  starts_at: string
  ends_at: string
  audience: string[]
  description: string
  contact_name: string
  contact_phone: string
  is_free: boolean
  reservation_required: boolean
  real_name_required: boolean
  online_url: string | null
  security_owner: string | null
  safe_occupancy: number | null
  co_organizers: string[]
  lead_org?: string
  sessions: SessionInput[]
  version?: number
  /** a published activity's change of time, place, sessions…: why (1–500 characters) */
  change_reason?: string
  /** consent to cancel the tickets the change displaces (removed sessions, capacity cuts) */
  cancel_reservations?: boolean
}

export interface SessionCounter {
  session_id: number
  capacity: number
  reserved: number
  checked_in_parties: number
  checked_in_people: number
  occupancy: number
  /** people inside the venue across its sessions running now (what safe_occupancy limits) */
  venue_occupancy?: number
  /** parties on the waiting list */
  waiting?: number
  safe_occupancy: number | null
  near_limit: boolean
  walk_ins: number
}

export interface LotteryResult {
  winners: number
  waiting: number
  applicants: number
}

export interface CheckinAnswer {
  result: CheckinResult
  /** the server's Chinese sentence for the scanner's screen */
  message?: string
  name: string | null
  party_size: number | null
  session_id: number | null
  activity_title: string | null
  checked_in_at: string | null
  checked_in_by: string | null
  occupancy: number | null
  /** a real-name ticket's card end ("002X"), for staff to compare with the card shown; null
   *  when the ticket names no card (or was not found) */
  id_card_last4?: string | null
}

export interface Suggestions {
  activities_held: { value: number; activities: { id: number; title: string; ends_at: string }[] }
  participants_offline: { value: number; checked_in_people: number; walk_ins: number; sessions: number }
  media_outlets: { value: number; outlets: string[] }
  media_reports: { value: number }
}

export interface UnitDocument {
  id: number
  kind: DocumentKind | string
  filename: string
  size: number
  sha256?: string
  mime?: string
  created_at?: string
  created_by?: string
}

// ---- public (no login) ----

export interface PublicCampaign {
  year: number
  edition: number
  name: string
  theme: string
  start_date: string
  end_date: string
  /** people one reservation may bring (the campaign's setting; 5 unless changed) */
  max_party_size?: number
  /** visitors' names, phones and e-mail addresses are erased this many days after end_date */
  personal_data_days?: number
  /** YYYY-MM-DD: the Beijing day that erasure happens */
  personal_data_until?: string
  years?: number[]
}

export interface PublicActivity {
  id: number
  title: string
  category: string
  mode: ActivityMode
  district: CodeName | null
  venue: string
  address: string
  starts_at: string
  ends_at: string
  audience: string[]
  is_free: boolean
  reservation_required: boolean
  /** reserving needs the holder's ID card number (shown at the gate) */
  real_name_required?: boolean
  lead_org: CodeName
  has_cover: boolean
  remaining: number
  capacity: number
}

export interface PublicSession {
  id: number
  starts_at: string
  ends_at: string
  capacity: number
  remaining: number
  high_demand: boolean
  opens_at: string | null
  lottery_cutoff: string | null
  /** the campaign's phone_verification rule applied to this session: reserving needs an SMS code */
  phone_code_required: boolean
}

export interface PublicActivityDetail extends PublicActivity {
  description: string
  contact_phone: string
  online_url: string | null
  sessions: PublicSession[]
}

export interface PublicFilter {
  campaign?: number
  date?: string
  district?: string
  category?: string
  audience?: string
  mode?: string
  q?: string
}

export interface ReservationInput {
  name: string
  phone: string
  party_size: number
  /** the 6-digit SMS code (purpose "reserve"), when the session's phone_code_required */
  phone_code?: string
  /** the holder's ID card number, only when the activity is real_name_required (the server
   *  ignores it otherwise, so it is not sent) */
  id_card?: string
}

export interface ReservationCreated {
  code: string
  ticket_no: string
  ticket_url: string
  status: ReservationStatus
  session_id: number
  party_size: number
  name: string
  phone: string
  position?: number | null
  /** masked, "**************002X"; null unless the activity is real-name */
  id_card?: string | null
}

export interface Ticket {
  code: string
  ticket_no: string
  status: ReservationStatus
  name: string
  phone: string
  /** masked, "**************002X" (only the last four shown); null unless real-name */
  id_card?: string | null
  /** the activity asks for the holder's ID card at the gate */
  real_name_required?: boolean
  party_size: number
  session: Partial<PublicSession> & { id: number; starts_at: string; ends_at: string }
  activity: { id: number; title: string; venue: string; address: string }
  cancel_reason: string | null
  offer_expires_at: string | null
  position: number | null
  checked_in_at: string | null
  // What the visitor may do now, decided by the server (domain::VisitorActions).
  can: { cancel: boolean; accept_offer: boolean; show_code: boolean }
  qr_svg: string
}

/** What a one-time SMS code lets its holder do. */
export type PhoneCodePurpose = 'reserve' | 'manage' | 'erase'

/** POST /public/phone-codes: the code is on its way. */
export interface PhoneCodeSent {
  /** seconds the code stays valid */
  expires_in: number
  /** seconds before another code may be asked for this phone (any purpose) */
  resend_in: number
}

/** POST /public/visitor-logins: a sign-in as the phone, for listing and cancelling its reservations. */
export interface VisitorLogin {
  /** goes in the X-Visitor-Token header, never in a URL */
  token: string
  expires_at: string
  /** masked: 139****0001 */
  phone: string
}

/** GET /public/my-reservations: every reservation of the signed-in phone, newest first. */
export interface MyReservations {
  phone: string
  items: Ticket[]
}

/** POST /public/my-data/erase: what the visitor's erasure did. */
export interface VisitorErasure {
  /** reservations still to come, now cancelled (their places went to the waiting list) */
  cancelled: number
  /** reservations whose name, phone and e-mail address were erased */
  erased: number
}

export interface Institution {
  code: string
  name: string
  type?: string
  type_label?: string
  district?: CodeName | null
  activities?: { id: number; title: string; venue?: string; address?: string; starts_at?: string; ends_at?: string }[]
  [k: string]: unknown
}

/** A row of the activity import template, as the dry run (or the apply) found it. */
export interface ActivityImportItem {
  sheet: string
  /** 1-based, as the spreadsheet numbers rows */
  row: number
  title: string
  sessions: number
  ok: boolean
  /** the draft created (apply); 0 in a dry run */
  id: number
}

export interface ActivityImportOutcome {
  applied: boolean
  items: ActivityImportItem[]
  /** the same shape as the statistics import's: sheet, cell, field, code, message */
  problems: ReportImportProblem[]
}
