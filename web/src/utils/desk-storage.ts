// What the offline desk keeps on this device, in localStorage. Why not IndexedDB: a session's
// list is small (masked names, status, card ends — a few hundred bytes a ticket, well under the
// ~5 MB origin quota for the sessions a desk works), reads are synchronous so the page can show
// "待同步 N 条" on its first paint after an offline reload, and each queued scan is written before
// the answer shows, so a crash or reload loses nothing. No phones are ever stored here.
import type { User } from '@/api/types'
import type { DeskList, TicketKeys } from '@/api/desk'
import type { LocalMarks, QueuedScan } from './desk-offline'
import type { ReportedConflict } from '@/composables/use-offline-desk'

const P = 'sciweek:desk:'

function read<T>(key: string, fallback: T): T {
  try {
    const v = localStorage.getItem(P + key)
    return v === null ? fallback : (JSON.parse(v) as T)
  } catch {
    return fallback
  }
}
function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(P + key, JSON.stringify(value))
  } catch (e) {
    // Full or disabled storage: the desk still works online; say it once in the console.
    console.warn('离线数据未能保存', e)
  }
}

/** The activities and sessions the desk chooses from (only what the choice needs). */
export interface DeskActivity {
  id: number
  title: string
  real_name_required: boolean
  sessions: { id: number; starts_at: string; ends_at: string }[]
}

export interface CachedList {
  list: DeskList
  /** when this device downloaded it (ISO) */
  downloaded_at: string
}

export const deskStorage = {
  /** One id per browser, so the server's conflict list can say which gate scanned. */
  device(): string {
    let id = read<string | null>('device', null)
    if (!id) {
      id = `desk-${crypto.getRandomValues(new Uint32Array(2)).join('')}`.slice(0, 64)
      write('device', id)
    }
    return id
  },
  list: (sessionId: number) => read<CachedList | null>(`list:${sessionId}`, null),
  saveList: (c: CachedList) => write(`list:${c.list.session.id}`, c),
  marks: (sessionId: number) => read<LocalMarks>(`marks:${sessionId}`, {}),
  saveMarks: (sessionId: number, m: LocalMarks) => write(`marks:${sessionId}`, m),
  keys: () => read<TicketKeys | null>('keys', null),
  saveKeys: (k: TicketKeys) => write('keys', k),
  /** every session's waiting scans, oldest first */
  queue: () => read<QueuedScan[]>('queue', []),
  saveQueue: (q: QueuedScan[]) => write('queue', q),
  /** conflicts the server reported, until staff dismiss them (the newest 100) */
  conflicts: () => read<ReportedConflict[]>('conflicts', []),
  saveConflicts: (c: ReportedConflict[]) => write('conflicts', c.slice(0, 100)),
  activities: () => read<DeskActivity[]>('activities', []),
  saveActivities: (a: DeskActivity[]) => write('activities', a),
  /** The desk's user, for an offline reload only (never sent anywhere: the server decides). */
  user: () => read<User | null>('user', null),
  saveUser: (u: User) => write('user', u),
  /** Logging out forgets who used the desk and the lists; waiting scans stay until synced. */
  forget(): void {
    try {
      for (const k of Object.keys(localStorage))
        if (k.startsWith(P) && (k === `${P}user` || k.startsWith(`${P}list:`) || k === `${P}activities`))
          localStorage.removeItem(k)
    } catch {
      /* storage disabled: nothing kept */
    }
  },
}
