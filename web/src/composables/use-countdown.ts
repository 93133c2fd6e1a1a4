import { computed, onMounted, onUnmounted, ref, type Ref } from 'vue'
import { countdown, type Countdown } from '@/utils/time'

/** A live countdown to a deadline, ticking every second while the component is mounted. */
export function useCountdown(deadline: Ref<string | null | undefined>) {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), 1000)
  })
  onUnmounted(() => clearInterval(timer))
  return computed<Countdown | null>(() => (deadline.value ? countdown(deadline.value, now.value) : null))
}
