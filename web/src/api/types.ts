// Shapes of the API's JSON (docs/api.md). snake_case as on the wire.

export type Role = 'admin' | 'reviewer' | 'reporter' | 'checkin'
export type OrgType = 'district' | 'member_unit' | 'science_base' | 'university' | 'institute' | 'enterprise' | 'other'
export type CampaignStatus = 'draft' | 'open' | 'closed' | 'archived'

export interface OrgRef {
  code: string
  name: string
  type: OrgType | string
}

export interface User {
  login: string
  name: string
  role: Role
  org: OrgRef | null
}

export interface Session {
  user: User
  csrf_token: string
}

export interface Org {
  code: string
  name: string
  type: OrgType | string
  parent_code: string | null
  contact_name: string | null
  contact_phone: string | null
  /** where reminders are mailed; '' or null when none */
  contact_email?: string | null
}

export type OrgInput = Omit<Org, 'code'> & { code?: string }

export interface ImportLineError {
  line: number
  field: string | null
  message: string
}

export interface ImportResult {
  dry_run: boolean
  created: number
  updated: number
  errors: ImportLineError[]
}

export interface Contact {
  name: string
  phone: string
}

export interface Campaign {
  year: number
  edition: number
  name: string
  theme: string
  start_date: string
  end_date: string
  report_deadline: string
  status: CampaignStatus
  contacts: Contact[]
  contact_email: string | null
  mailing_address: string | null
  /** materials a complete package needs: summary, photo, video, scan */
  required_materials?: string[]
  /** refuse submissions after the deadline instead of marking them late */
  late_filing_locked?: boolean
  /** review levels (1, or 2: the unit's district, then the city) for reports and activities */
  report_review_levels?: 1 | 2
  activity_review_levels?: 1 | 2
  /** when a reservation needs an SMS code: never, for high-demand sessions, or always */
  phone_verification?: PhoneVerification
  /** days after end_date when visitors' names, phones and e-mail addresses are erased (1..1098, 90 by default) */
  personal_data_days?: number
}

export type PhoneVerification = 'off' | 'high_demand' | 'all'

export type CampaignInput = Omit<Campaign, 'status'> & { status?: CampaignStatus }

export interface UserRow {
  login: string
  name: string
  role: Role
  org_code: string | null
  disabled: boolean
}

export interface AuditEntry {
  id: number | string
  at: string
  actor: string | null
  action: string
  entity_type: string
  entity_id: string | null
  before: unknown
  after: unknown
  request_id: string | null
}
