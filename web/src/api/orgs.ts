import { api, fetchAll, request } from './client'
import type { ImportResult, Org, OrgInput } from './types'

const enc = encodeURIComponent

export const orgsApi = {
  listAll: (filter: { type?: string; parent_code?: string; q?: string } = {}) => fetchAll<Org>('orgs', filter),
  get: (code: string) => api.get<Org>(`orgs/${enc(code)}`),
  create: (org: OrgInput) => api.post<Org>('orgs', org),
  update: (code: string, org: OrgInput) => api.put<Org>(`orgs/${enc(code)}`, org),
  remove: (code: string) => api.del(`orgs/${enc(code)}`),
  /** CSV text as the body; dry run checks without applying. */
  importCsv: (csv: string, dryRun: boolean) =>
    request<ImportResult>('POST', 'orgs/import', {
      raw: csv,
      contentType: 'text/csv; charset=utf-8',
      query: dryRun ? { dry_run: 1 } : undefined,
    }),
}
