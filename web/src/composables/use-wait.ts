// A wait of whole seconds counting down to 0: "60 秒后重新获取" after an SMS code, or a
// Retry-After from a 429. Built on useCountdown (one ticking clock for the whole app's waits).
import { computed, ref } from 'vue'
import { useCountdown } from './use-countdown'

export function useWait() {
  const until = ref<string | null>(null)
  const left = useCountdown(until)
  /** seconds still to wait, rounded up (0: go ahead) */
  const seconds = computed(() => (left.value ? Math.ceil(left.value.remainingMs / 1000) : 0))
  function start(s: number): void {
    until.value = s > 0 ? new Date(Date.now() + s * 1000).toISOString() : null
  }
  return { seconds, start }
}
