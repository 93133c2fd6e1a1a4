// Shapes of the statistical-reporting API (docs/api.md "Statistical reporting", "Materials",
// "Exports"). snake_case as on the wire; figures are JSON numbers (or decimal strings on input).

import type { OrgType } from './types'

export type FieldType = 'integer' | 'decimal'
export type Severity = 'error' | 'warning'
export type ReportStatus = 'not_started' | 'draft' | 'submitted' | 'returned' | 'approved'
export type Filing = 'on_time' | 'late' | 'late_locked' | 'not_started' | 'campaign_not_open'
export type MaterialKind = 'summary' | 'photo' | 'video' | 'scan'
export type WireValue = number | string | null

export interface FormField {
  code: string
  label: string
  unit: string
  type: FieldType
  min: number | null
  max: number | null
  required: boolean
}

export interface FormSection {
  code: string
  label: string
  fields: FormField[]
}

export interface FormRule {
  id: string
  expression: string
  severity: Severity
  message: string
}

export interface FormTemplate {
  title_suffix: string
  /** shown to units above the form: each unit files its own activities only */
  instructions?: string
  sections: FormSection[]
  rules: FormRule[]
}

export interface Check {
  id: string
  severity: Severity
  message: string
  passed: boolean
  fields: string[]
}

export type ReminderEmailStatus = 'off' | 'no_address' | 'pending' | 'sending' | 'sent' | 'failed'

/** Delivery of one reminder by e-mail (GET …/reminders). The server names the label
 *  `status_label` and the failure `error`; `label` / `last_error` are read too, just in case. */
export interface ReminderEmail {
  status: ReminderEmailStatus | string
  status_label?: string
  label?: string
  to: string | null
  attempts: number
  error?: string | null
  last_error?: string | null
  sent_at: string | null
  next_attempt_at: string | null
}

export interface Reminder {
  id?: number
  org_code?: string
  message: string
  sent_at: string
  sent_by: string
  /** absent on a report's reminders and on rows from before e-mail delivery */
  email?: ReminderEmail | null
}

export interface Material {
  id: number
  kind: MaterialKind | string
  filename: string
  mime: string
  size: number
  sha256: string
  duration_seconds: number | null
  uploaded_at?: string
  uploaded_by?: string
}

export interface MediaReport {
  id: number
  outlet: string
  title: string
  url: string
  date: string
}

export interface MediaReportInput {
  outlet: string
  title: string
  url: string
  date: string
}

export interface ReportOrg {
  code: string
  name: string
  type: OrgType | string
  parent_code: string | null
  contact_name: string | null
  contact_phone: string | null
}

/** Review levels (docs/api.md "Review levels"): where a submitted item waits now. */
export type ReviewLevel = 'district' | 'city'
export interface ReviewState {
  levels: 1 | 2
  /** null under one level, or when the item is not waiting for a decision */
  level: ReviewLevel | null
  level_label: string
}
/** One level's decision on a report or an activity. */
export interface ReviewDecision {
  level: ReviewLevel | null
  level_label: string
  action: 'forwarded' | 'approved' | 'returned'
  comment: string
  fields: Record<string, string>
  at: string
  by: string
}

export interface Report {
  campaign_year: number
  org: ReportOrg
  status: ReportStatus
  status_label: string
  values: Record<string, number | null>
  version: number
  submitted_at: string | null
  on_time: boolean | null
  deadline: string
  extension: string | null
  filing: Filing | string
  explanations: Record<string, string>
  comments: { comment: string; fields: Record<string, string> }
  checks: Check[]
  reminders: Reminder[]
  materials: Material[]
  media_reports: MediaReport[]
  required_materials: string[]
  missing: string[]
  complete: boolean
  review?: ReviewState
  /** review: the principal reviews this unit; decide: it may approve or return now, at its level */
  can: { edit: boolean; review: boolean; decide?: boolean }
  updated_at: string | null
  updated_by: string
}

export interface HistoryChange {
  field: string
  label: string
  before: number | null
  after: number | null
}

export interface HistoryEntry {
  version: number
  values: Record<string, number | null>
  explanations: Record<string, string>
  submitted_at: string
  submitted_by: string
  on_time: boolean | null
  review: { action: string; comment: string; fields: Record<string, string>; at: string; by: string } | null
  decisions?: ReviewDecision[]
  changes: HistoryChange[]
}

export interface CompletenessCounts {
  expected: number
  not_started: number
  draft: number
  submitted_on_time: number
  submitted_late: number
  returned: number
  approved: number
  complete: number
  late: number
  /** submitted tables waiting at each level (two levels only) */
  at_district?: number
  at_city?: number
}

export interface CompletenessUnit {
  code: string
  name: string
  type: string
  parent_code: string | null
  parent_name: string
  status: ReportStatus
  status_label: string
  submitted_at: string | null
  on_time: boolean | null
  contact_name: string | null
  contact_phone: string | null
  contact_email?: string | null
  reminders: number
  last_reminder_at: string | null
  missing_materials: string[]
  complete: boolean
  review?: ReviewState
}

export interface Completeness {
  year: number
  deadline: string
  review_levels?: 1 | 2
  counts: CompletenessCounts
  units: CompletenessUnit[]
}

export type TotalsStatus = 'approved' | 'submitted'
export type GroupBy = 'none' | 'type' | 'district' | 'parent'

/** A unit's own report (本单位) beside an area's sum; units 0 when it does not count. */
export interface OwnFigures {
  units: number
  totals: Record<string, number>
}

export interface TotalsGroup {
  key: string
  name: string
  units: number
  /** for a district: its area (辖区合计) — its own report and every unit under it */
  totals: Record<string, number>
  /** district groups only: the district's own report */
  own?: OwnFigures
}

/** Which week the figures are of. */
export interface TotalsCampaign {
  year: number
  edition: number
  name: string
  start_date: string
  end_date: string
}

/** One campaign's sums, grouped like the request. */
export interface TotalsYear extends TotalsCampaign {
  units: number
  totals: Record<string, number>
  groups: TotalsGroup[]
}

export interface Totals {
  status: TotalsStatus
  group_by: GroupBy
  /** null: the whole city; else the reporter's unit whose subtree is summed */
  scope: string | null
  campaign: TotalsCampaign
  units: number
  totals: Record<string, number>
  groups: TotalsGroup[]
  /** the scope unit's own report when scope is set */
  own: OwnFigures | null
  previous: { year: number; units: number; totals: Record<string, number> } | null
  /** the chosen years, oldest first */
  comparisons: TotalsYear[]
}

/** Importing the statistics table from a spreadsheet (docs/api.md "Importing the statistics
 *  table"): what the dry run (or the apply) found for one unit's row in the file. */
export interface ReportImportUnit {
  /** empty for a one-unit table sent without `org` */
  code: string
  /** empty when the code is unknown or outside the importer's reach */
  name: string
  sheet: string
  /** 1-based, as the spreadsheet numbers rows */
  row: number
  /** the report's status now (ReportStatus), empty when the unit was not found */
  status: ReportStatus | ''
  /** figures found in the file for this unit */
  figures: number
  /** figures that differ from what is stored: what the import would write */
  changed: number
  ok: boolean
}

export type ReportImportProblemCode =
  | 'unknown_unit'
  | 'duplicate_unit'
  | 'unit_required'
  | 'locked'
  | 'type'
  | 'range'
  | 'rule'
  | 'unknown_item'
  | 'no_table'

export interface ReportImportProblem {
  sheet: string
  /** A1-style, e.g. "C5"; empty when the problem is the whole file (no_table) */
  cell: string
  unit: string
  field: string
  code: ReportImportProblemCode | string
  /** the server's Chinese message */
  message: string
}

export interface ReportImportOutcome {
  applied: boolean
  units: ReportImportUnit[]
  problems: ReportImportProblem[]
}
