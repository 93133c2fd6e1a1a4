import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from './api-error'
import { api, buildUrl, configureClient, download, fetchAll, request } from './client'

type Call = { url: string; init: RequestInit }
let calls: Call[]
let replies: Response[]
const onUnauthorized = vi.fn()

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

beforeEach(() => {
  calls = []
  replies = []
  onUnauthorized.mockReset()
  configureClient({ getCsrfToken: () => 'tok-123', onUnauthorized })
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    const r = replies.shift()
    if (!r) throw new TypeError('network down')
    return r
  })
})
afterEach(() => vi.unstubAllGlobals())

const header = (c: Call, name: string) => (c.init.headers as Record<string, string>)[name]

describe('api client', () => {
  it('builds /api/v1 URLs and drops empty query values', () => {
    expect(buildUrl('orgs', { q: '海淀', type: '', limit: 50, x: undefined })).toBe(
      '/api/v1/orgs?q=%E6%B5%B7%E6%B7%80&limit=50',
    )
    expect(buildUrl('/healthz')).toBe('/healthz')
  })

  it('sends the CSRF token on writes only', async () => {
    replies.push(json(200, { ok: 1 }), json(201, { ok: 2 }))
    await api.get('me')
    await api.post('campaigns', { year: 2024 })
    expect(header(calls[0], 'X-CSRF-Token')).toBeUndefined()
    expect(header(calls[1], 'X-CSRF-Token')).toBe('tok-123')
    expect(header(calls[1], 'Content-Type')).toBe('application/json')
    expect(calls[1].init.body).toBe('{"year":2024}')
  })

  it('sends raw bodies with their content type', async () => {
    replies.push(json(200, { dry_run: true, created: 1, updated: 0, errors: [] }))
    await request('POST', 'orgs/import', { raw: 'a,b\n', contentType: 'text/csv', query: { dry_run: 1 } })
    expect(calls[0].url).toBe('/api/v1/orgs/import?dry_run=1')
    expect(header(calls[0], 'Content-Type')).toBe('text/csv')
    expect(calls[0].init.body).toBe('a,b\n')
  })

  it('answers 204 with null', async () => {
    replies.push(new Response(null, { status: 204 }))
    expect(await api.del('orgs/x')).toBeNull()
  })

  it('turns the error shape into an ApiError', async () => {
    replies.push(
      json(422, {
        error: {
          code: 'validation_failed',
          message: '提交的数据未通过校验',
          field: null,
          details: [{ field: 'edition', code: 'required', message: '缺少必填字段 edition' }],
        },
      }),
    )
    const e = await api.post('campaigns', {}).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toMatchObject({ status: 422, code: 'validation_failed', message: '提交的数据未通过校验' })
    expect((e as ApiError).details[0].field).toBe('edition')
  })

  it('reads Retry-After on 429', async () => {
    replies.push(json(429, { error: { code: 'rate_limited', message: '登录失败次数过多' } }, { 'Retry-After': '900' }))
    const e = (await api.post('auth/login', {}, { noAuthRedirect: true }).catch((x: unknown) => x)) as ApiError
    expect(e.retryAfter).toBe(900)
  })

  it('hands a 401 to the session-lost handler unless told not to', async () => {
    replies.push(json(401, { error: { code: 'unauthenticated', message: '登录已失效' } }))
    await expect(api.get('users')).rejects.toThrow('登录已失效')
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    replies.push(json(401, { error: { code: 'unauthenticated', message: '用户名或密码错误' } }))
    await expect(api.post('auth/login', {}, { noAuthRedirect: true })).rejects.toThrow('用户名或密码错误')
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })

  it('reports a network failure in Chinese', async () => {
    const e = (await api.get('me').catch((x: unknown) => x)) as ApiError
    expect(e.status).toBe(0)
    expect(e.message).toBe('无法连接服务器，请检查网络后重试')
  })

  it('pages through a whole collection', async () => {
    replies.push(json(200, { items: [1, 2], total: 3 }), json(200, { items: [3], total: 3 }))
    expect(await fetchAll<number>('orgs', {}, 2)).toEqual([1, 2, 3])
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/orgs?limit=2&offset=0', '/api/v1/orgs?limit=2&offset=2'])
  })

  it('keeps the stored object of a 409 conflict', async () => {
    replies.push(
      json(409, {
        error: {
          code: 'conflict',
          field: 'version',
          message: '报表已被他人更新',
          current: { version: 7, values: { a: 1 } },
        },
      }),
    )
    const e = (await api.put('campaigns/2026/reports/110108', {}).catch((x: unknown) => x)) as ApiError
    expect(e).toMatchObject({ status: 409, code: 'conflict', field: 'version' })
    expect(e.current).toEqual({ version: 7, values: { a: 1 } })
  })

  it('downloads a file as a Blob named by Content-Disposition', async () => {
    replies.push(
      new Response(new Uint8Array([80, 75, 3, 4]), {
        status: 200,
        headers: { 'Content-Disposition': "attachment; filename*=UTF-8''2026%E5%B9%B4%E6%B1%87%E6%80%BB.xlsx" },
      }),
    )
    const d = await download('campaigns/2026/export.xlsx')
    expect(d.filename).toBe('2026年汇总.xlsx')
    expect(d.blob.size).toBe(4)
    expect(calls[0].url).toBe('/api/v1/campaigns/2026/export.xlsx')
  })

  it('turns a failed download into an ApiError to show', async () => {
    replies.push(json(500, { error: { code: 'internal', message: '服务器内部错误' } }))
    await expect(download('campaigns/2026/export.csv')).rejects.toMatchObject({
      status: 500,
      message: '服务器内部错误',
    })
    replies.push(new Response('', { status: 404 }))
    await expect(download('campaigns/2026/export.csv')).rejects.toMatchObject({
      status: 404,
      message: '请求的内容不存在',
    })
  })
})
