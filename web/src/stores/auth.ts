// Who is logged in, and the CSRF token for their session. The session cookie itself is
// HttpOnly; on start the app asks GET /me to recover user and token after a reload.

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi } from '@/api/auth'
import { ApiError } from '@/api/api-error'
import type { Session, User } from '@/api/types'

export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  const csrfToken = ref<string | null>(null)
  /** true once the start-up session check has finished */
  const checked = ref(false)
  let pending: Promise<void> | null = null

  const loggedIn = computed(() => user.value !== null)
  const role = computed(() => user.value?.role ?? null)

  function setSession(s: Session): void {
    user.value = s.user
    csrfToken.value = s.csrf_token
    checked.value = true
  }

  function clear(): void {
    user.value = null
    csrfToken.value = null
  }

  /** Recover the session once per page load; a 401 just means "not logged in". */
  function ensureChecked(): Promise<void> {
    if (checked.value) return Promise.resolve()
    pending ??= authApi
      .me()
      .then(setSession)
      .catch((e: unknown) => {
        clear()
        if (!(e instanceof ApiError) || e.status !== 401) {
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
    }
  }

  return { user, csrfToken, checked, loggedIn, role, setSession, clear, ensureChecked, login, logout }
})
