import { computed, onMounted, onUnmounted, ref, watch, type Ref } from 'vue'
import { countdown, type Countdown } from '@/utils/time'

/** A live countdown to a deadline, ticking every second while the component is mounted. The
 *  ticks restart whenever the deadline changes, so a wait set just now reads 60, 59, … on the
 *  second rather than whenever the component happened to mount. */
export function useCountdown(deadline: Ref<string | null | undefined>) {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  let mounted = false
  function restart(): void {
    clearInterval(timer)
    now.value = Date.now()
    if (mounted) timer = setInterval(() => (now.value = Date.now()), 1000)
  }
  onMounted(() => {
    mounted = true
    restart()
  })
  onUnmounted(() => {
    mounted = false
    clearInterval(timer)
  })
  watch(deadline, restart)
  return computed<Countdown | null>(() => (deadline.value ? countdown(deadline.value, now.value) : null))
}
