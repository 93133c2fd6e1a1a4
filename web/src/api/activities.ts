// The logged-in side of activities: units file them, organizers review them, venue staff
// check visitors in. Uploads go through uploadRaw (progress), files through download().
import { api, download, fetchAll, type Page } from './client'
import { uploadRaw, type UploadProgress } from './upload'
import type {
  Activity,
  ActivityChangeRecord,
  ActivityFile,
  ActivityFileKind,
  ActivityImportOutcome,
  ActivityInput,
  ActivitySession,
  CheckinAnswer,
  DocumentKind,
  LotteryResult,
  SessionCounter,
  Suggestions,
  UnitDocument,
} from './activity-types'
import type { Grid } from '@/utils/xlsx-grid'

const enc = encodeURIComponent

export interface ActivityQuery {
  status?: string
  org?: string
  q?: string
  /** 'pending': published activities with a change waiting for review */
  change?: 'pending'
  limit?: number
  offset?: number
}

export const activitiesApi = {
  list: (year: number, q: ActivityQuery = {}) =>
    api.get<Page<Activity>>(`campaigns/${year}/activities`, { query: { ...q } }),
  listAll: (year: number, q: Omit<ActivityQuery, 'limit' | 'offset'> = {}) =>
    fetchAll<Activity>(`campaigns/${year}/activities`, { ...q }),
  get: (id: number) => api.get<Activity>(`activities/${id}`),
  create: (year: number, a: ActivityInput) => api.post<Activity>(`campaigns/${year}/activities`, a),
  update: (id: number, a: ActivityInput) => api.put<Activity>(`activities/${id}`, a),
  submit: (id: number) => api.post<Activity>(`activities/${id}/submit`, {}),
  approve: (id: number) => api.post<Activity>(`activities/${id}/approve`, {}),
  reject: (id: number, reason: string) => api.post<Activity>(`activities/${id}/reject`, { reason }),
  cancel: (id: number, reason: string) => api.post<Activity>(`activities/${id}/cancel`, { reason }),

  /** Every change of the published plan, newest first, with its decisions and affected tickets. */
  changes: (id: number) => api.get<{ items: ActivityChangeRecord[] }>(`activities/${id}/changes`),
  approveChange: (id: number, changeId: number) =>
    api.post<Activity>(`activities/${id}/changes/${changeId}/approve`, {}),
  rejectChange: (id: number, changeId: number, reason: string) =>
    api.post<Activity>(`activities/${id}/changes/${changeId}/reject`, { reason }),
  withdrawChange: (id: number, changeId: number) =>
    api.post<Activity>(`activities/${id}/changes/${changeId}/withdraw`, {}),

  uploadFile: (
    id: number,
    kind: ActivityFileKind,
    file: File,
    onProgress?: (p: UploadProgress) => void,
    signal?: AbortSignal,
  ) =>
    uploadRaw<ActivityFile>(`activities/${id}/files`, file, {
      query: { kind, filename: file.name },
      onProgress,
      signal,
    }),
  deleteFile: (id: number, fileId: number) => api.del(`activities/${id}/files/${fileId}`),
  /** The browser opens it itself (a new tab, an iframe). */
  fileUrl: (id: number, fileId: number, inline = false) =>
    `/api/v1/activities/${id}/files/${fileId}${inline ? '?inline=1' : ''}`,

  setWalkIns: (sessionId: number, count: number) =>
    api.put<ActivitySession>(`sessions/${sessionId}/walk-ins`, { count }),
  counter: (sessionId: number, signal?: AbortSignal) =>
    api.get<SessionCounter>(`sessions/${sessionId}/counter`, { signal }),
  drawLottery: (sessionId: number) => api.post<LotteryResult>(`sessions/${sessionId}/lottery`, {}),
  downloadAttendees: (sessionId: number) => download(`sessions/${sessionId}/attendees.xlsx`),
  downloadExport: (year: number) => download(`campaigns/${year}/activities.xlsx`),
  downloadImportTemplate: (year: number) => download(`campaigns/${year}/activity-template.xlsx`),
  /** 从Excel导入: the template's rows become the unit's drafts (docs/api.md, activity-import). */
  importGrid: (year: number, grid: Grid, mode: 'dry_run' | 'apply') =>
    api.post<ActivityImportOutcome>(`campaigns/${year}/activity-import`, grid, { query: { mode } }),

  /** `id_last4`: the end of the card a real-name ticket's holder shows; a mismatch admits no one */
  checkin: (body: { code: string; session_id?: number | null; direction: 'in' | 'out'; id_last4?: string }) =>
    api.post<CheckinAnswer>('checkin', { ...body, session_id: body.session_id ?? undefined }),

  suggestions: (year: number, org: string) => api.get<Suggestions>(`campaigns/${year}/reports/${enc(org)}/suggestions`),

  documents: (year: number, org: string) => api.get<Page<UnitDocument>>(`campaigns/${year}/orgs/${enc(org)}/documents`),
  uploadDocument: (
    year: number,
    org: string,
    kind: DocumentKind,
    file: File,
    onProgress?: (p: UploadProgress) => void,
    signal?: AbortSignal,
  ) =>
    uploadRaw<UnitDocument>(`campaigns/${year}/orgs/${enc(org)}/documents`, file, {
      query: { kind, filename: file.name },
      onProgress,
      signal,
    }),
  deleteDocument: (year: number, org: string, id: number) =>
    api.del(`campaigns/${year}/orgs/${enc(org)}/documents/${id}`),
  documentUrl: (year: number, org: string, id: number) => `/api/v1/campaigns/${year}/orgs/${enc(org)}/documents/${id}`,
}
