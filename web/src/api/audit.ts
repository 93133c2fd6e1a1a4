import { api, type Page } from './client'
import type { AuditEntry } from './types'

export interface AuditFilter {
  action?: string
  entity_type?: string
  entity_id?: string
  actor?: string
  from?: string
  to?: string
  limit: number
  offset: number
}

export const auditApi = {
  list: (f: AuditFilter) => api.get<Page<AuditEntry>>('audit', { query: { ...f } }),
}
