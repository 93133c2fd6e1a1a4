import { computed, ref } from 'vue'
import { orgsApi } from '@/api/orgs'
import type { Org } from '@/api/types'
import { notifyError } from './use-notify'

/** Every org unit the user may see, loaded once per page with a reload for after edits. */
export function useOrgs() {
  const orgs = ref<Org[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const byCode = computed(() => new Map(orgs.value.map((o) => [o.code, o])))

  async function load(): Promise<void> {
    loading.value = true
    try {
      orgs.value = await orgsApi.listAll()
      loaded.value = true
    } catch (e) {
      notifyError(e, '单位列表加载失败：')
    } finally {
      loading.value = false
    }
  }

  return { orgs, loading, loaded, byCode, load }
}
