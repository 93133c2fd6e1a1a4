import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { configureClient } from './client'
import { uploadRaw } from './upload'

// A stand-in for XMLHttpRequest: records what is sent, then plays back progress and a reply.
class FakeXhr {
  static last: FakeXhr
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: unknown
  status = 0
  responseText = ''
  withCredentials = false
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = {
    onprogress: null,
  }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  constructor() {
    FakeXhr.last = this
  }
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  send(body: unknown) {
    this.body = body
  }
  abort() {
    this.onabort?.()
  }
  reply(status: number, body: unknown) {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.onload?.()
  }
}

const onUnauthorized = vi.fn()
beforeEach(() => {
  vi.stubGlobal('XMLHttpRequest', FakeXhr)
  configureClient({ getCsrfToken: () => 'tok-9', onUnauthorized })
  onUnauthorized.mockReset()
})
afterEach(() => vi.unstubAllGlobals())

describe('uploadRaw', () => {
  it('posts the raw file with CSRF and reports progress', async () => {
    const file = new Blob(['x'.repeat(1000)], { type: 'application/pdf' })
    const seen: number[] = []
    const p = uploadRaw<{ id: number }>('campaigns/2026/reports/110108/materials', file, {
      query: { kind: 'summary', filename: '总结.pdf' },
      onProgress: (e) => seen.push(e.loaded),
    })
    const x = FakeXhr.last
    expect(x.method).toBe('POST')
    expect(x.url).toBe('/api/v1/campaigns/2026/reports/110108/materials?kind=summary&filename=%E6%80%BB%E7%BB%93.pdf')
    expect(x.headers['X-CSRF-Token']).toBe('tok-9')
    expect(x.headers['Content-Type']).toBe('application/pdf')
    expect(x.body).toBe(file)
    x.upload.onprogress?.({ loaded: 400, total: 1000, lengthComputable: true })
    x.reply(201, { id: 5 })
    expect(await p).toEqual({ id: 5 })
    expect(seen).toEqual([400, 1000])
  })

  it('rejects with the server message (a video too long)', async () => {
    const p = uploadRaw('m', new Blob(['v']), {})
    FakeXhr.last.reply(422, {
      error: { code: 'validation_failed', message: '视频时长 4分00秒，超过3分钟的限制', field: 'file' },
    })
    await expect(p).rejects.toMatchObject({ status: 422, message: '视频时长 4分00秒，超过3分钟的限制', field: 'file' })
  })

  it('hands a 401 to the session-lost handler and reports a dropped connection', async () => {
    const p = uploadRaw('m', new Blob(['v']), {})
    FakeXhr.last.reply(401, { error: { code: 'unauthenticated', message: '登录已失效' } })
    await expect(p).rejects.toMatchObject({ status: 401 })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    const q = uploadRaw('m', new Blob(['v']), {})
    FakeXhr.last.onerror?.()
    await expect(q).rejects.toMatchObject({ status: 0, code: 'network' })
  })

  it('can be cancelled', async () => {
    const ctrl = new AbortController()
    const p = uploadRaw('m', new Blob(['v']), { signal: ctrl.signal })
    ctrl.abort()
    await expect(p).rejects.toMatchObject({ name: 'AbortError' })
  })
})
