import { ref } from 'vue'
import { campaignsApi } from '@/api/campaigns'
import type { Campaign } from '@/api/types'
import { pickCurrentCampaign } from '@/utils/campaign'
import { notifyError } from './use-notify'

/** The campaign a home page shows: the newest open one, else the newest. */
export function useCurrentCampaign() {
  const campaign = ref<Campaign | null>(null)
  const all = ref<Campaign[]>([])
  const loading = ref(false)
  const failed = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    failed.value = false
    try {
      all.value = await campaignsApi.listAll()
      campaign.value = pickCurrentCampaign(all.value)
    } catch (e) {
      failed.value = true
      notifyError(e, '活动季加载失败：')
    } finally {
      loading.value = false
    }
  }

  return { campaign, all, loading, failed, load }
}
