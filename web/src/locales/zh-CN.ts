// Display labels for the API's codes. Pages never show a raw code when a label exists.

export const roleLabels: Record<string, string> = {
  admin: '管理员（市科委）',
  reviewer: '审核人员',
  reporter: '单位填报人',
  checkin: '签到人员',
}

export const orgTypeLabels: Record<string, string> = {
  district: '区',
  member_unit: '联席会议成员单位',
  science_base: '科普基地',
  university: '高等院校',
  institute: '科研院所',
  enterprise: '企业',
  other: '其他',
}

export const campaignStatusLabels: Record<string, string> = {
  draft: '草稿',
  open: '进行中',
  closed: '已结束',
  archived: '已归档',
}

/** Element Plus tag types for campaign status. */
export const campaignStatusTag: Record<string, 'info' | 'success' | 'warning' | 'danger' | 'primary'> = {
  draft: 'info',
  open: 'success',
  closed: 'warning',
  archived: 'info',
}

export const entityTypeLabels: Record<string, string> = {
  campaign: '活动季',
  org: '单位',
  org_import: '单位导入',
  user: '用户',
  demo: '演示数据',
}

export const auditActionLabels: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'user.password_changed': '修改密码',
  'user.password_reset': '重置密码',
  'user.created': '新建用户',
  'user.updated': '修改用户',
  'user.disabled': '停用用户',
  'campaign.created': '新建活动季',
  'campaign.updated': '修改活动季',
  'campaign.open': '开放活动季',
  'campaign.closed': '结束活动季',
  'campaign.archived': '归档活动季',
  'org.created': '新增单位',
  'org.updated': '修改单位',
  'org.deleted': '删除单位',
  'org.imported': '导入单位',
  'demo.loaded': '载入演示数据',
}

export function label(map: Record<string, string>, code: string | null | undefined): string {
  if (!code) return ''
  return map[code] ?? code
}

export const appTitle = '北京科技周工作平台'
