// Files the server sends (exports, materials): the name from Content-Disposition and handing
// a fetched Blob to the browser as a download.

/** `attachment; filename*=UTF-8''%E6%B1%87%E6%80%BB.xlsx` → "汇总.xlsx"; RFC 5987 wins over
 *  the plain `filename=`; null when the header names no file. */
export function filenameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null
  const star = /filename\*\s*=\s*([^;]+)/i.exec(header)
  if (star) {
    const value = star[1].trim().replace(/^"(.*)"$/, '$1')
    const m = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(value)
    const encoded = m ? m[2] : value
    try {
      const name = decodeURIComponent(encoded)
      if (name) return name
    } catch {
      /* malformed: fall back to filename= */
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header)
  if (plain) {
    const name = (plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1]).trim()
    return name || null
  }
  return null
}

/** Save a Blob under a name through a temporary object URL (browser only). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}
