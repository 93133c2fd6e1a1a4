// Upload progress, sizes and durations of materials; what each material kind accepts.

/** Whole percent sent, 0..100; 100 only once everything is sent. Unknown total → 0. */
export function uploadPercent(loaded: number, total: number): number {
  if (!Number.isFinite(loaded) || !Number.isFinite(total) || total <= 0 || loaded <= 0) return 0
  if (loaded >= total) return 100
  return Math.min(99, Math.floor((loaded / total) * 100))
}

/** Percent across several files by bytes, not by file count. */
export function overallPercent(parts: readonly { loaded: number; total: number }[]): number {
  const total = parts.reduce((s, p) => s + Math.max(0, p.total), 0)
  const loaded = parts.reduce((s, p) => s + Math.min(Math.max(0, p.loaded), Math.max(0, p.total)), 0)
  return uploadPercent(loaded, total)
}

/** "980 B", "1.5 KB", "12.3 MB", "1.02 GB" (binary units, as file managers show). */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n) || n < 0) return ''
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2
  return `${Number(v.toFixed(digits))} ${units[i]}`
}

/** "2 分 35 秒", "45 秒" — the way the server words durations. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return ''
  const s = Math.round(seconds)
  const m = Math.floor(s / 60)
  const rest = s % 60
  if (m === 0) return `${rest} 秒`
  return `${m} 分 ${String(rest).padStart(2, '0')} 秒`
}

/** `accept` of the file input per kind (the server checks the content anyway). */
export const ACCEPT: Record<string, string> = {
  summary: '.pdf,.doc,.docx,.wps,application/pdf',
  photo: '.jpg,.jpeg,.png,image/jpeg,image/png',
  video: '.mp4,.m4v,.mov,video/mp4,video/quicktime',
  scan: '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png',
  emergency_plan: '.pdf,.doc,.docx,.wps,application/pdf',
  cover: '.jpg,.jpeg,.png,image/jpeg,image/png',
  implementation_plan: '.pdf,.doc,.docx,.wps,application/pdf',
  leading_group: '.pdf,.doc,.docx,.wps,application/pdf',
}

/** How a material is previewed in the page. */
export function previewKind(mime: string | null | undefined, filename = ''): 'image' | 'pdf' | 'video' | 'none' {
  const m = (mime ?? '').toLowerCase()
  const ext = filename.toLowerCase().split('.').pop() ?? ''
  if (m.startsWith('image/') || ['jpg', 'jpeg', 'png'].includes(ext)) return 'image'
  if (m === 'application/pdf' || ext === 'pdf') return 'pdf'
  if (m.startsWith('video/') || ['mp4', 'mov', 'm4v'].includes(ext)) return 'video'
  return 'none'
}
