// The offline desk's routes (decision 0022): the session's ticket list it admits from while
// the network is down, the published public keys it verifies codes with, the scans it sends
// back once online, and the conflicts those raised.
import { api } from './client'
import type { CheckinResult } from './activity-types'
import type { TicketKey } from '@/utils/ticket-code'

export interface DeskTicket {
  ticket_no: string
  status: string
  /** confirmed or checked in: may pass the gate */
  admits: boolean
  party_size: number
  /** masked by the server */
  name: string | null
  id_card_last4: string | null
  checked_in_at: string | null
  inside: boolean
}

export interface DeskList {
  session: { id: number; starts_at: string; ends_at: string; capacity: number | null; occupancy: number }
  activity: { id: number; title: string; venue: string | null; real_name_required: boolean }
  generated_at: string
  tickets: DeskTicket[]
}

export interface TicketKeys {
  alg: string
  kid: string
  public_key: string
  keys: TicketKey[]
}

export interface DeskScan {
  /** made by the desk: the server applies each id once */
  id: string
  code: string
  session_id: number
  direction: 'in' | 'out'
  scanned_at: string
  id_last4?: string
}

export type DeskConflict = 'double_entry' | 'not_admissible'

export interface DeskScanResult {
  id: string
  result: CheckinResult
  message: string | null
  name: string | null
  party_size: number | null
  session_id: number | null
  checked_in_at: string | null
  checked_in_by: string | null
  occupancy: number | null
  id_card_last4: string | null
  conflict: DeskConflict | null
  other_at: string | null
  other_by: string | null
  replayed: boolean
}

export interface DeskConflictRow {
  scan_id: string
  device: string
  by: string
  ticket_no: string | null
  direction: 'in' | 'out'
  conflict: DeskConflict
  result: string
  message: string | null
  scanned_at: string
  received_at: string
  other_at: string | null
  other_by: string | null
}

export const deskApi = {
  list: (sessionId: number) => api.get<DeskList>(`sessions/${sessionId}/desk-list`),
  keys: () => api.get<TicketKeys>('public/ticket-key'),
  // A 401 is the desk's to handle (keep the queue, ask for a login), not a jump to the login page
  // in the middle of a scan.
  sync: (device: string, scans: DeskScan[]) =>
    api.post<{ results: DeskScanResult[]; conflicts: number }>(
      'checkin/sync',
      { device, scans },
      { noAuthRedirect: true },
    ),
  conflicts: (sessionId: number) => api.get<{ items: DeskConflictRow[] }>(`sessions/${sessionId}/desk-conflicts`),
}
