import { api, fetchAll } from './client'
import type { Campaign, CampaignInput } from './types'

export const campaignsApi = {
  listAll: () => fetchAll<Campaign>('campaigns'),
  get: (year: number) => api.get<Campaign>(`campaigns/${year}`),
  create: (c: CampaignInput) => api.post<Campaign>('campaigns', c),
  update: (year: number, c: CampaignInput) => api.put<Campaign>(`campaigns/${year}`, c),
}
