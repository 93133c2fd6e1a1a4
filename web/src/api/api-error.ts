// The one error type every API call rejects with. It mirrors the server's wire form
// {"error":{"code","message","field","details"}} so pages can show the Chinese message
// next to the field it names, or as a notice.

export interface ApiErrorDetail {
  field: string | null
  code: string
  message: string
  /** CSV import errors carry the line number */
  line?: number
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field: string | null
  readonly details: ApiErrorDetail[]
  /** seconds from a Retry-After header (429), when given */
  readonly retryAfter: number | null
  /** a 409 conflict carries the stored object as `error.current` (e.g. the newer report) */
  readonly current: unknown

  constructor(init: {
    status: number
    code: string
    message: string
    field?: string | null
    details?: ApiErrorDetail[]
    retryAfter?: number | null
    current?: unknown
  }) {
    super(init.message)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.field = init.field ?? null
    this.details = init.details ?? []
    this.retryAfter = init.retryAfter ?? null
    this.current = init.current ?? null
  }
}

const STATUS_MESSAGES: Record<number, string> = {
  400: '请求有误，请检查后重试',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '请求的内容不存在',
  409: '操作与当前状态冲突，请刷新后重试',
  413: '上传的内容过大',
  415: '不支持的文件类型',
  422: '提交的内容未通过校验',
  429: '操作过于频繁，请稍后再试',
  500: '服务器内部错误，请稍后再试',
  502: '服务器暂时不可用，请稍后再试',
  503: '服务器暂时不可用，请稍后再试',
  504: '服务器响应超时，请稍后再试',
}

export const NETWORK_ERROR_MESSAGE = '无法连接服务器，请检查网络后重试'

/** Parse a Retry-After header (seconds or HTTP date) into seconds. */
export function parseRetryAfter(header: string | null, nowMs = Date.now()): number | null {
  if (!header) return null
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return null
  return Math.max(0, Math.ceil((at - nowMs) / 1000))
}

function asDetails(raw: unknown): ApiErrorDetail[] {
  if (!Array.isArray(raw)) return []
  return raw
    .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
    .map((d) => ({
      field: typeof d.field === 'string' ? d.field : null,
      code: typeof d.code === 'string' ? d.code : '',
      message: typeof d.message === 'string' ? d.message : '',
      ...(typeof d.line === 'number' ? { line: d.line } : {}),
    }))
}

/** Build an ApiError from a status and a (possibly non-JSON) body. */
export function apiErrorFromBody(status: number, body: unknown, retryAfter: number | null = null): ApiError {
  const err = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : null
  if (typeof err === 'object' && err !== null) {
    const e = err as Record<string, unknown>
    const message =
      typeof e.message === 'string' && e.message !== ''
        ? e.message
        : (STATUS_MESSAGES[status] ?? `请求失败（HTTP ${status}）`)
    return new ApiError({
      status,
      code: typeof e.code === 'string' ? e.code : `http_${status}`,
      message,
      field: typeof e.field === 'string' ? e.field : null,
      details: asDetails(e.details),
      retryAfter,
      current: e.current ?? null,
    })
  }
  return new ApiError({
    status,
    code: `http_${status}`,
    message: STATUS_MESSAGES[status] ?? `请求失败（HTTP ${status}）`,
    retryAfter,
  })
}

/** The Chinese message to show for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message
  if (e instanceof Error && e.message) return `操作失败：${e.message}`
  return '操作失败，请稍后再试'
}
