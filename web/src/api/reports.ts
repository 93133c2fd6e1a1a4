import { api, download, fetchAll, type Page } from './client'
import type {
  Completeness,
  FormTemplate,
  GroupBy,
  HistoryEntry,
  Material,
  MaterialKind,
  MediaReport,
  MediaReportInput,
  Reminder,
  Report,
  ReportImportOutcome,
  Totals,
  TotalsStatus,
  WireValue,
} from './report-types'
import { uploadRaw, type UploadProgress } from './upload'
import type { Grid } from '@/utils/xlsx-grid'

const enc = encodeURIComponent
const reportPath = (year: number, org: string) => `campaigns/${year}/reports/${enc(org)}`

export const reportsApi = {
  form: (year: number) => api.get<FormTemplate>(`campaigns/${year}/form`),
  saveForm: (year: number, form: FormTemplate) => api.put<FormTemplate>(`campaigns/${year}/form`, form),

  get: (year: number, org: string) => api.get<Report>(reportPath(year, org)),
  /** Partial: the values given are merged into the draft. */
  save: (year: number, org: string, values: Record<string, WireValue>, version: number) =>
    api.put<Report>(reportPath(year, org), { values, version }),
  submit: (year: number, org: string, explanations: Record<string, string>, version: number) =>
    api.post<Report>(`${reportPath(year, org)}/submit`, { explanations, version }),
  returnReport: (year: number, org: string, comment: string, fields: Record<string, string>) =>
    api.post<Report>(`${reportPath(year, org)}/return`, { comment, fields }),
  approve: (year: number, org: string, comment: string) =>
    api.post<Report>(`${reportPath(year, org)}/approve`, comment ? { comment } : {}),
  reopen: (year: number, org: string, comment: string) =>
    api.post<Report>(`${reportPath(year, org)}/reopen`, { comment }),
  history: (year: number, org: string) => api.get<Page<HistoryEntry>>(`${reportPath(year, org)}/history`),
  /** null removes the extension */
  setExtension: (year: number, org: string, deadline: string | null) =>
    api.put<null>(`${reportPath(year, org)}/extension`, { deadline }),

  completeness: (year: number) => api.get<Completeness>(`campaigns/${year}/completeness`),
  sendReminders: (year: number, body: { message?: string; org_codes?: string[] }) =>
    api.post<{ sent: number }>(`campaigns/${year}/reminders`, body),
  reminders: (year: number, orgCode?: string) =>
    fetchAll<Reminder>(`campaigns/${year}/reminders`, { org_code: orgCode }),
  /** compare: "previous" or years joined by commas ("2022,2023", see compareQuery). */
  totals: (year: number, q: { status: TotalsStatus; group_by: GroupBy; compare?: string }) =>
    api.get<Totals>(`campaigns/${year}/totals`, {
      query: { status: q.status, group_by: q.group_by, compare: q.compare },
    }),

  upload: (
    year: number,
    org: string,
    kind: MaterialKind,
    file: File,
    onProgress?: (p: UploadProgress) => void,
    signal?: AbortSignal,
  ) =>
    uploadRaw<Material>(`${reportPath(year, org)}/materials`, file, {
      query: { kind, filename: file.name },
      onProgress,
      signal,
    }),
  deleteMaterial: (year: number, org: string, id: number) => api.del(`${reportPath(year, org)}/materials/${id}`),
  addMediaReport: (year: number, org: string, m: MediaReportInput) =>
    api.post<MediaReport>(`${reportPath(year, org)}/media-reports`, m),
  deleteMediaReport: (year: number, org: string, id: number) => api.del(`${reportPath(year, org)}/media-reports/${id}`),

  /** The statistics table from a spreadsheet's grid of cells (utils/xlsx-grid.ts). A dry run
   *  writes nothing; apply writes every changed unit's draft, or answers 422 naming each
   *  `sheet!cell`. `org`: the unit of a one-unit table (that layout carries no code). */
  importGrid: (year: number, grid: Grid, mode: 'dry_run' | 'apply', org?: string | null) =>
    api.post<ReportImportOutcome>(`campaigns/${year}/report-import`, grid, { query: { mode, org } }),

  // Addresses the browser opens itself (img/video/iframe src, a new tab).
  materialUrl: (year: number, org: string, id: number, inline = false) =>
    `/api/v1/${reportPath(year, org)}/materials/${id}${inline ? '?inline=1' : ''}`,
  printUrl: (year: number, org: string) => `/api/v1/${reportPath(year, org)}/print`,
  // A plain link, not a Blob: the pack holds every unit's video, so the browser streams it to disk.
  summaryPackUrl: (year: number) => `/api/v1/campaigns/${year}/summary-pack.zip`,

  // Files fetched as Blobs so the page can show progress and errors.
  downloadUnitXlsx: (year: number, org: string) => download(`${reportPath(year, org)}/export.xlsx`),
  downloadExport: (year: number, what: 'export.xlsx' | 'export.csv' | 'completeness.xlsx' | 'media-reports.xlsx') =>
    download(`campaigns/${year}/${what}`),
}
