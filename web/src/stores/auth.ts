// Who is logged in, and the CSRF token for their session. The session cookie itself is
// HttpOnly; on start the app asks GET /me to recover user and token after a reload.

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi } from '@/api/auth'
import { ApiError } from '@/api/api-error'
import type { Session, User } from '@/api/types'
import { deskStorage } from '@/utils/desk-storage'

export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  const csrfToken = ref<string | null>(null)
  /** true once the start-up session check has finished */
  const checked = ref(false)
  /** The network was down at start-up and the check-in desk's last user stands in, so an
   *  offline reload of the desk still opens (router/index.ts lets it reach the desk only). It
   *  grants nothing: there is no CSRF token, and every server call still needs the real
   *  session — revalidate() once back online. */
  const fromCache = ref(false)
  let pending: Promise<void> | null = null

  const loggedIn = computed(() => user.value !== null)
  const role = computed(() => user.value?.role ?? null)

  function setSession(s: Session): void {
    user.value = s.user
    csrfToken.value = s.csrf_token
    fromCache.value = false
    checked.value = true
  }

  function clear(): void {
    user.value = null
    csrfToken.value = null
    fromCache.value = false
  }

  /** Recover the session once per page load; a 401 just means "not logged in". */
  function ensureChecked(): Promise<void> {
    if (checked.value) return Promise.resolve()
    pending ??= authApi
      .me()
      .then(setSession)
      .catch((e: unknown) => {
        clear()
        const desk = e instanceof ApiError && e.status === 0 ? deskStorage.user() : null
        if (desk) {
          user.value = desk
          fromCache.value = true
        } else if (!(e instanceof ApiError) || e.status !== 401) {
          // Not fatal: the login page will show the server error when they try.
          console.warn('会话检查失败', e)
        }
      })
      .finally(() => {
        checked.value = true
        pending = null
      })
    return pending
  }

  /** Ask the server again who is logged in (back online after a cached start): a 401 clears
   *  the user and rejects, so the caller can ask for a new login. */
  async function revalidate(): Promise<void> {
    try {
      setSession(await authApi.me())
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) clear()
      throw e
    }
  }

  async function login(loginName: string, password: string): Promise<User> {
    const s = await authApi.login(loginName, password)
    setSession(s)
    return s.user
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      clear()
      deskStorage.forget()
    }
  }

  return {
    user,
    csrfToken,
    checked,
    fromCache,
    loggedIn,
    role,
    setSession,
    clear,
    ensureChecked,
    revalidate,
    login,
    logout,
  }
})
