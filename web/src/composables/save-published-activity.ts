// Saving a published activity's edit (issue 10 §4, decision 0017): when the change would
// cancel tickets, the server's own count goes to a confirmation and, agreed, the same body
// is sent again with consent.
import { ElMessageBox } from 'element-plus'
import { activitiesApi } from '@/api/activities'
import type { Activity, ActivityInput } from '@/api/activity-types'
import { cancelReservationsMessage } from '@/utils/activity-change'

/** PUT the edit; null when the unit chose to go back to the form. */
export async function savePublishedActivity(a: Activity, input: ActivityInput): Promise<Activity | null> {
  try {
    return await activitiesApi.update(a.id, input)
  } catch (e) {
    const message = cancelReservationsMessage(e)
    if (!message) throw e
    try {
      await ElMessageBox.confirm(message, '确认取消已预约的票', {
        confirmButtonText: '确认取消并提交审核',
        cancelButtonText: '返回修改',
        type: 'warning',
      })
    } catch {
      return null
    }
    return await activitiesApi.update(a.id, { ...input, cancel_reservations: true })
  }
}
