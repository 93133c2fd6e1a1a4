import { ElMessage } from 'element-plus'
import { ApiError, errorMessage } from '@/api/api-error'

/** Show any error as a notice. A 401 is already handled (back to login), so stay quiet. */
export function notifyError(e: unknown, prefix = ''): void {
  if (e instanceof ApiError && e.status === 401) return
  if (!(e instanceof ApiError)) console.error(e)
  ElMessage.error({ message: `${prefix}${errorMessage(e)}`, grouping: true, showClose: true, duration: 6000 })
}

export function notifySuccess(message: string): void {
  ElMessage.success({ message, grouping: true })
}
