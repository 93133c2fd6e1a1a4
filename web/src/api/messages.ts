// Messages to visitors, for the lead unit's reporters and admins (everyone else: 403, or 404
// when they cannot see the activity): a session's messages with their delivery state, and a
// notice broadcast to the session's holders.
import { api } from './client'
import type { BroadcastResult, SessionMessages } from './message-types'

export interface MessagePaging {
  limit?: number
  offset?: number
}

export const messagesApi = {
  /** Newest first, with `counts` by status over the whole session. */
  list: (sessionId: number, paging: MessagePaging = {}, signal?: AbortSignal) =>
    api.get<SessionMessages>(`sessions/${sessionId}/messages`, { query: { ...paging }, signal }),
  /** 422 naming `text`; 409 without an SMS provider or once the session is over; 429 past 3 an hour. */
  broadcast: (sessionId: number, text: string) => api.post<BroadcastResult>(`sessions/${sessionId}/messages`, { text }),
}
