// Uploads with progress. fetch cannot report upload progress, so this is the one place that
// uses XMLHttpRequest; the CSRF header and error shapes are the same as client.ts.

import { ApiError, NETWORK_ERROR_MESSAGE, apiErrorFromBody } from './api-error'
import { buildUrl, csrfHeaders, sessionLost, type Query } from './client'

export interface UploadProgress {
  loaded: number
  total: number
}

export interface UploadOptions {
  query?: Query
  contentType?: string
  onProgress?: (p: UploadProgress) => void
  signal?: AbortSignal
}

/** POST a file as the raw request body (not multipart), reporting bytes sent. */
export function uploadRaw<T>(path: string, body: Blob, opts: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', buildUrl(path, opts.query))
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Content-Type', opts.contentType || body.type || 'application/octet-stream')
    for (const [k, v] of Object.entries(csrfHeaders('POST'))) xhr.setRequestHeader(k, v)

    xhr.upload.onprogress = (e) =>
      opts.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : body.size })
    xhr.onload = () => {
      let data: unknown = null
      const text = xhr.responseText
      if (text) {
        try {
          data = JSON.parse(text)
        } catch {
          data = text
        }
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        opts.onProgress?.({ loaded: body.size, total: body.size })
        resolve(data as T)
        return
      }
      if (xhr.status === 401) sessionLost()
      reject(apiErrorFromBody(xhr.status, data))
    }
    // A server that refuses early (413) may close the connection before the body is sent.
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network', message: NETWORK_ERROR_MESSAGE }))
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'))
    if (opts.signal) {
      if (opts.signal.aborted) {
        xhr.abort()
        return
      }
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true })
    }
    xhr.send(body)
  })
}
