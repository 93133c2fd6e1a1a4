// The visitor's side: no login, no CSRF token (the client sends none without a session).
// A phone number proves a ticket is the visitor's. It never rides in the URL (proxies and
// access logs keep URLs; the server refuses ?phone=): a header for GET and DELETE, the JSON
// body for POST. A phone verified by SMS code signs in for "my reservations": its token rides
// in the X-Visitor-Token header for the same reason.
import { api, type Page } from './client'
import { activityIcsUrl, calendarFeedUrl } from '@/utils/activity'
import type {
  CodeName,
  Institution,
  MyReservations,
  PhoneCodePurpose,
  PhoneCodeSent,
  PublicActivity,
  PublicActivityDetail,
  PublicCampaign,
  PublicFilter,
  ReservationCreated,
  ReservationInput,
  Ticket,
  VisitorErasure,
  VisitorLogin,
} from './activity-types'

const enc = encodeURIComponent
// A visitor has no session to lose: never send them to the login page.
const quiet = { noAuthRedirect: true }
export const VISITOR_PHONE_HEADER = 'X-Visitor-Phone'
const visitor = (phone: string) => ({ [VISITOR_PHONE_HEADER]: phone })
export const VISITOR_TOKEN_HEADER = 'X-Visitor-Token'
const signedIn = (token: string) => ({ ...quiet, headers: { [VISITOR_TOKEN_HEADER]: token } })

export const publicApi = {
  currentCampaign: () => api.get<PublicCampaign>('public/campaigns/current', quiet),
  activities: (f: PublicFilter & { limit?: number; offset?: number }, signal?: AbortSignal) =>
    api.get<Page<PublicActivity>>('public/activities', { ...quiet, query: { ...f }, signal }),
  activity: (id: number, signal?: AbortSignal) =>
    api.get<PublicActivityDetail>(`public/activities/${id}`, { ...quiet, signal }),
  districts: () => api.get<{ items: CodeName[] }>('public/districts', quiet),
  institutions: (campaign?: number) =>
    api.get<Page<Institution>>('public/institutions', { ...quiet, query: { campaign } }),

  reserve: (sessionId: number, r: ReservationInput) =>
    api.post<ReservationCreated>(`public/sessions/${sessionId}/reservations`, r, quiet),
  joinWaitlist: (sessionId: number, r: ReservationInput) =>
    api.post<ReservationCreated>(`public/sessions/${sessionId}/waitlist`, r, quiet),
  ticket: (code: string, phone: string) =>
    api.get<Ticket>(`public/reservations/${enc(code)}`, { ...quiet, headers: visitor(phone) }),
  cancel: (code: string, phone: string) =>
    api.del(`public/reservations/${enc(code)}`, { ...quiet, headers: visitor(phone) }),
  accept: (code: string, phone: string) =>
    api.post<Ticket>(`public/reservations/${enc(code)}/accept`, { phone }, quiet),

  /** an SMS code to the phone; 429 (Retry-After) within a minute of the last one to it */
  requestCode: (phone: string, purpose: PhoneCodePurpose) =>
    api.post<PhoneCodeSent>('public/phone-codes', { phone, purpose }, quiet),
  /** sign in as the phone with a code asked for with purpose "manage" */
  signIn: (phone: string, code: string) => api.post<VisitorLogin>('public/visitor-logins', { phone, code }, quiet),
  myReservations: (token: string) => api.get<MyReservations>('public/my-reservations', signedIn(token)),
  cancelMine: (token: string, ticketNo: string) => api.del(`public/my-reservations/${enc(ticketNo)}`, signedIn(token)),
  signOut: (token: string) => api.del('public/visitor-logins/current', signedIn(token)),
  /** the visitor's right to erasure: with a code asked for with purpose "erase"; ends the phone's sign-ins */
  eraseMyData: (phone: string, code: string) =>
    api.post<VisitorErasure>('public/my-data/erase', { phone, code }, quiet),

  coverUrl: (id: number) => `/api/v1/public/activities/${id}/cover`,
  /** an SVG QR code of the activity's public page, for the printable poster */
  qrUrl: (id: number) => `/api/v1/public/activities/${id}/qr.svg`,
  activityIcsUrl,
  feedUrl: (f: PublicFilter) => calendarFeedUrl(f),
}
