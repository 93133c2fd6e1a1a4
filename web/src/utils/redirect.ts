// Where to send a user after login.

export type Role = 'admin' | 'reviewer' | 'reporter' | 'checkin'

export function homeFor(role: Role | string | null | undefined): string {
  switch (role) {
    case 'admin':
    case 'reviewer':
      return '/organizer'
    case 'reporter':
      return '/unit'
    case 'checkin':
      return '/checkin'
    default:
      return '/login'
  }
}

/** A `redirect` query value only if it is a path on this site (no open redirect). */
export function safeRedirect(value: unknown): string | null {
  const v = Array.isArray(value) ? value[0] : value
  if (typeof v !== 'string') return null
  if (!v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return null
  if (v === '/login' || v.startsWith('/login?') || v.startsWith('/login/')) return null
  return v
}
