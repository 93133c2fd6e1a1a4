import { onUnmounted, ref, shallowRef, watch, type Ref } from 'vue'
import { activitiesApi } from '@/api/activities'
import type { SessionCounter } from '@/api/activity-types'
import { errorMessage } from '@/api/api-error'

/** A session's live figures, polled while the page is visible; `refresh()` after a check-in. */
export function useSessionCounter(sessionId: Ref<number | null>, everyMs = 5000) {
  const counter = shallowRef<SessionCounter | null>(null)
  const error = ref('')
  let ctrl: AbortController | null = null

  async function refresh(): Promise<void> {
    const id = sessionId.value
    if (!id) {
      counter.value = null
      return
    }
    ctrl?.abort()
    ctrl = new AbortController()
    try {
      const c = await activitiesApi.counter(id, ctrl.signal)
      if (sessionId.value === id) {
        counter.value = c
        error.value = ''
      }
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return
      error.value = errorMessage(e)
    }
  }

  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') void refresh()
  }, everyMs)
  watch(
    sessionId,
    () => {
      counter.value = null
      void refresh()
    },
    { immediate: true },
  )
  onUnmounted(() => {
    clearInterval(timer)
    ctrl?.abort()
  })
  return { counter, error, refresh }
}
