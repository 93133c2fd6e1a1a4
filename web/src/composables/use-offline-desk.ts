// The check-in desk's offline side (issue 11 §3): while online it downloads the session's ticket
// list and the public ticket keys and keeps them on the device (utils/desk-storage.ts); while
// offline it decides scans from them (utils/desk-offline.ts), marks admitted tickets so a second
// scan at this desk is refused, and queues the scans; back online it syncs them (on the `online`
// event, on a timer, on 立即同步), in batches, with backoff after failures, and keeps the
// conflicts the server reports (a ticket let in at two gates) on screen until dismissed.
import { computed, onMounted, onUnmounted, ref, shallowRef, watch, type Ref } from 'vue'
import { ApiError, errorMessage } from '@/api/api-error'
import type { CheckinAnswer } from '@/api/activity-types'
import { deskApi, type DeskConflict, type DeskList, type TicketKeys } from '@/api/desk'
import { useAuthStore } from '@/stores/auth'
import {
  backoffMs,
  batches,
  decideOffline,
  newScanId,
  toWire,
  type LocalMarks,
  type QueuedScan,
  type SignatureCheck,
} from '@/utils/desk-offline'
import { deskStorage } from '@/utils/desk-storage'
import { ed25519Supported, parseScannedCode, verifierFor, verifySignature } from '@/utils/ticket-code'

/** A conflict the server reported for one of this desk's scans. */
export interface ReportedConflict {
  scan_id: string
  ticket_no: string
  conflict: DeskConflict
  message: string | null
  scanned_at: string
  other_at: string | null
  other_by: string | null
}

const TICK_MS = 15_000
/** the list goes stale as visitors book and cancel: fetch it again this often while online */
const LIST_REFRESH_MS = 5 * 60_000

export function isNetworkError(e: unknown): boolean {
  return e instanceof ApiError && e.status === 0
}

export function useOfflineDesk(sessionId: Ref<number | null>) {
  const auth = useAuthStore()
  const device = deskStorage.device()
  /** the browser says it has a network, and the server answered the last time we asked */
  const browserOnline = ref(navigator.onLine)
  const reachable = ref(true)
  const online = computed(() => browserOnline.value && reachable.value)

  const list = shallowRef<DeskList | null>(null)
  const downloadedAt = ref<string | null>(null)
  const listError = ref('')
  const keys = shallowRef<TicketKeys | null>(deskStorage.keys())
  let marks: LocalMarks = {}
  const queue = shallowRef<QueuedScan[]>(deskStorage.queue())
  const pending = computed(() => queue.value.length)
  const syncing = ref(false)
  const syncError = ref('')
  /** the session ended while offline: sync waits for a new login */
  const needsLogin = ref(false)
  const lastSync = ref<{ at: string; sent: number; conflicts: number } | null>(null)
  const conflicts = ref<ReportedConflict[]>(deskStorage.conflicts())
  let failures = 0
  let nextTryAt = 0
  let lastListAt = 0

  function loadCached(id: number | null): void {
    const c = id ? deskStorage.list(id) : null
    list.value = c?.list ?? null
    downloadedAt.value = c?.downloaded_at ?? null
    marks = id ? deskStorage.marks(id) : {}
  }

  /** Download the session's list and the keys (online only); the cached copy stays on failure. */
  async function download(): Promise<void> {
    const id = sessionId.value
    if (!id || !browserOnline.value) return
    try {
      const [l, k] = await Promise.all([deskApi.list(id), deskApi.keys()])
      reachable.value = true
      keys.value = k
      deskStorage.saveKeys(k)
      if (sessionId.value !== id) return
      const now = new Date().toISOString()
      // What the server now knows supersedes this desk's marks, except for scans still waiting.
      const waiting = new Set(queue.value.filter((q) => q.session_id === id).map((q) => q.ticket_no))
      marks = Object.fromEntries(Object.entries(marks).filter(([no]) => waiting.has(no)))
      deskStorage.saveMarks(id, marks)
      deskStorage.saveList({ list: l, downloaded_at: now })
      list.value = l
      downloadedAt.value = now
      listError.value = ''
      lastListAt = Date.now()
    } catch (e) {
      if (isNetworkError(e)) reachable.value = false
      listError.value = errorMessage(e)
    }
  }

  async function signatureOf(code: ReturnType<typeof parseScannedCode>): Promise<SignatureCheck> {
    if (code?.kind !== 'signed') return 'none'
    const key = verifierFor(keys.value?.keys ?? [], code.kid, Date.now())
    if (!key) return 'unknown_key'
    // Without Ed25519 in this browser the code counts as the number it carries (as a typed one).
    if (!(await ed25519Supported())) return 'unsupported'
    return (await verifySignature(code, key.public_key)) ? 'valid' : 'invalid'
  }

  /** Decide a scan without the server and queue it when it passes. */
  async function checkOffline(code: string, direction: 'in' | 'out', idLast4: string): Promise<CheckinAnswer> {
    const id = sessionId.value
    const l = list.value
    if (!id || !l) {
      return {
        result: 'unknown',
        message: '离线且本机没有本场次的名单：联网后打开本场次以下载名单',
        name: null,
        party_size: null,
        session_id: null,
        activity_title: null,
        checked_in_at: null,
        checked_in_by: null,
        occupancy: null,
      }
    }
    const parsed = parseScannedCode(code)
    const now = new Date()
    const d = decideOffline(
      { parsed, signature: await signatureOf(parsed), sessionId: id, direction, idLast4, now },
      l,
      marks,
    )
    if (d.mark) {
      marks = { ...marks, [d.mark.ticketNo]: d.mark.mark }
      deskStorage.saveMarks(id, marks)
      const scan: QueuedScan = {
        id: newScanId(),
        code,
        session_id: id,
        direction,
        scanned_at: now.toISOString(),
        ticket_no: d.mark.ticketNo,
        ...(idLast4 ? { id_last4: idLast4 } : {}),
      }
      queue.value = [...queue.value, scan]
      deskStorage.saveQueue(queue.value)
    }
    return d.answer
  }

  /** An online answer moves the local picture too, so going offline next keeps it. */
  function recordOnline(code: string, direction: 'in' | 'out', a: CheckinAnswer): void {
    const id = sessionId.value
    const p = parseScannedCode(code)
    reachable.value = true
    if (!id || !p || a.result !== 'ok') return
    marks = { ...marks, [p.ticketNo]: { inside: direction === 'in', checked_in_at: a.checked_in_at } }
    deskStorage.saveMarks(id, marks)
  }

  function noteFailure(e: unknown): void {
    failures += 1
    nextTryAt = Date.now() + (e instanceof ApiError && e.retryAfter ? e.retryAfter * 1000 : backoffMs(failures))
  }

  /** Send the waiting scans; the server applies each scan id once, so a retry is harmless. */
  async function sync(): Promise<void> {
    if (syncing.value || !queue.value.length || !browserOnline.value) return
    syncing.value = true
    syncError.value = ''
    try {
      // Started offline: there is no CSRF token yet, and the session may have ended meanwhile.
      if (auth.fromCache || !auth.csrfToken) await auth.revalidate()
      let sent = 0
      let found = 0
      for (const batch of batches(queue.value)) {
        const r = await deskApi.sync(device, batch.map(toWire))
        reachable.value = true
        const byId = new Map(batch.map((q) => [q.id, q]))
        const reported: ReportedConflict[] = []
        for (const res of r.results) {
          const q = byId.get(res.id)
          if (q && res.conflict)
            reported.push({
              scan_id: res.id,
              ticket_no: q.ticket_no,
              conflict: res.conflict,
              message: res.message,
              scanned_at: q.scanned_at,
              other_at: res.other_at,
              other_by: res.other_by,
            })
        }
        // Only what the server answered leaves the queue (written before the next batch).
        const answered = new Set(r.results.map((x) => x.id))
        queue.value = queue.value.filter((q) => !answered.has(q.id))
        deskStorage.saveQueue(queue.value)
        conflicts.value = [...reported, ...conflicts.value]
        deskStorage.saveConflicts(conflicts.value)
        sent += answered.size
        found += reported.length
      }
      failures = 0
      needsLogin.value = false
      lastSync.value = { at: new Date().toISOString(), sent, conflicts: found }
      void download()
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        needsLogin.value = true
        syncError.value = '登录已失效：请重新登录后同步（待同步的记录保留在本机）'
      } else {
        if (isNetworkError(e)) reachable.value = false
        syncError.value =
          e instanceof ApiError && e.status === 409 ? '另一个请求正在同步同一批记录，稍后自动重试' : errorMessage(e)
        noteFailure(e)
      }
    } finally {
      syncing.value = false
    }
  }

  /** 立即同步: no waiting for the backoff. */
  function syncNow(): Promise<void> {
    nextTryAt = 0
    reachable.value = true
    return sync()
  }

  function onOnline(): void {
    browserOnline.value = true
    reachable.value = true
    nextTryAt = 0
    void sync().then(() => (Date.now() - lastListAt > 60_000 ? download() : undefined))
  }
  function onOffline(): void {
    browserOnline.value = false
  }
  let timer: ReturnType<typeof setInterval> | undefined
  function tick(): void {
    if (!browserOnline.value || needsLogin.value) return
    if (queue.value.length && Date.now() >= nextTryAt) void sync()
    else if (Date.now() - lastListAt > LIST_REFRESH_MS) void download()
  }

  watch(
    sessionId,
    (id) => {
      loadCached(id)
      void download()
    },
    { immediate: true },
  )
  onMounted(() => {
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)
    timer = setInterval(tick, TICK_MS)
    // Scans left from an earlier visit (or an offline reload that came back online).
    if (queue.value.length) void sync()
  })
  onUnmounted(() => {
    window.removeEventListener('online', onOnline)
    window.removeEventListener('offline', onOffline)
    clearInterval(timer)
  })

  return {
    online,
    list,
    downloadedAt,
    listError,
    pending,
    syncing,
    syncError,
    needsLogin,
    lastSync,
    conflicts,
    download,
    checkOffline,
    recordOnline,
    syncNow,
    markUnreachable: () => (reachable.value = false),
    dismissConflicts: () => {
      conflicts.value = []
      deskStorage.saveConflicts([])
    },
  }
}
