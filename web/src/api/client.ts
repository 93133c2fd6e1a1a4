// The only place in the app that calls fetch. JSON in and out; the CSRF token goes on every
// state-changing request; errors become ApiError with the server's Chinese message; a 401
// from anything but login/session-recovery hands over to the app (clear auth, go to login).

import { ApiError, NETWORK_ERROR_MESSAGE, apiErrorFromBody, parseRetryAfter } from './api-error'
import { filenameFromDisposition } from '@/utils/download'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  /** serialized as JSON */
  json?: unknown
  /** sent as-is (e.g. CSV text) with `contentType` */
  raw?: BodyInit
  contentType?: string
  /** extra request headers (e.g. X-Visitor-Phone: what must never ride in a URL) */
  headers?: Record<string, string>
  signal?: AbortSignal
  /** do not run the session-lost handler on 401 (login, session recovery) */
  noAuthRedirect?: boolean
}

export interface ClientHooks {
  getCsrfToken: () => string | null
  onUnauthorized: () => void
}

const hooks: ClientHooks = {
  getCsrfToken: () => null,
  onUnauthorized: () => {},
}

/** Wired once in main.ts so this module needs neither the store nor the router. */
export function configureClient(h: Partial<ClientHooks>): void {
  Object.assign(hooks, h)
}

/** Run the session-lost handler for a 401 a caller chose to inspect first. */
export function sessionLost(): void {
  hooks.onUnauthorized()
}

const UNSAFE = new Set<Method>(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The CSRF header for a state-changing request (also used by the XHR upload in upload.ts). */
export function csrfHeaders(method: Method): Record<string, string> {
  const token = UNSAFE.has(method) ? hooks.getCsrfToken() : null
  return token ? { 'X-CSRF-Token': token } : {}
}

export function buildUrl(path: string, query?: Query): string {
  const url = path.startsWith('/') ? path : `/api/v1/${path}`
  if (!query) return url
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === '') continue
    params.append(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${url}?${qs}` : url
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return null
  const text = await res.text()
  if (!text) return null
  const type = res.headers.get('Content-Type') ?? ''
  if (type.includes('json') || /^[[{]/.test(text.trim())) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

export async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: BodyInit | undefined
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.json)
  } else if (opts.raw !== undefined) {
    headers['Content-Type'] = opts.contentType ?? 'application/octet-stream'
    body = opts.raw
  }
  Object.assign(headers, opts.headers, csrfHeaders(method))

  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError({ status: 0, code: 'network', message: NETWORK_ERROR_MESSAGE })
  }

  const data = await readBody(res)
  if (res.ok) return data as T

  const err = apiErrorFromBody(res.status, data, parseRetryAfter(res.headers.get('Retry-After')))
  if (res.status === 401 && !opts.noAuthRedirect) hooks.onUnauthorized()
  throw err
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, json?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, json }),
  put: <T>(path: string, json?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, json }),
  del: <T = null>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
}

export interface Page<T> {
  items: T[]
  total: number
}

/** Fetch every page of a collection (the API caps `limit` at 500). */
export async function fetchAll<T>(path: string, query: Query = {}, pageSize = 500): Promise<T[]> {
  const out: T[] = []
  for (let offset = 0; ; offset += pageSize) {
    const page = await api.get<Page<T>>(path, { query: { ...query, limit: pageSize, offset } })
    out.push(...page.items)
    if (page.items.length < pageSize || out.length >= page.total) return out
  }
}

export interface Download {
  blob: Blob
  /** from Content-Disposition, else the last part of the path */
  filename: string
}

/** GET a file (xlsx, csv) as a Blob; errors reject with ApiError like any other call. */
export async function download(path: string, opts: { query?: Query; signal?: AbortSignal } = {}): Promise<Download> {
  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), { credentials: 'same-origin', signal: opts.signal })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError({ status: 0, code: 'network', message: NETWORK_ERROR_MESSAGE })
  }
  if (!res.ok) {
    const data = await readBody(res)
    if (res.status === 401) hooks.onUnauthorized()
    throw apiErrorFromBody(res.status, data, parseRetryAfter(res.headers.get('Retry-After')))
  }
  const blob = await res.blob()
  const fallback = decodeURIComponent(path.split('?')[0].split('/').pop() ?? 'download')
  return { blob, filename: filenameFromDisposition(res.headers.get('Content-Disposition')) ?? fallback }
}
