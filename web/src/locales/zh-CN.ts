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
/** 预约短信验证: when a visitor's reservation needs an SMS code (the campaign's phone_verification). */
export const phoneVerificationOptions = [
  { value: 'off', label: '不需要' },
  { value: 'high_demand', label: '热门场次需要' },
  { value: 'all', label: '所有场次需要' },
] as const

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
  report: '统计报表',
  form: '表单',
  material: '材料',
  reminder: '催报',
  activity: '活动',
  session: '场次',
  reservation: '预约',
  document: '单位文件',
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
  'report.saved': '保存报表',
  'report.submitted': '提交报表',
  'report.returned': '退回报表',
  'report.approved': '通过报表',
  'report.reopened': '重新打开报表',
  'report.extension_set': '设置延期',
  'report.reminders_sent': '发送催报',
  'form.updated': '修改表单',
  'material.uploaded': '上传材料',
  'material.deleted': '删除材料',
  'media_report.added': '添加媒体报道',
  'media_report.deleted': '删除媒体报道',
  'activity.created': '新建活动',
  'activity.updated': '修改活动',
  'activity.submitted': '提交活动',
  'activity.approved': '通过活动',
  'activity.rejected': '驳回活动',
  'activity.cancelled': '取消活动',
  'activity.edited': '修改已发布活动（即时生效）',
  'activity.change_proposed': '提交活动变更',
  'activity.change_forwarded': '活动变更报市级审核',
  'activity.change_approved': '通过活动变更',
  'activity.change_applied': '活动变更生效',
  'activity.change_returned': '退回活动变更',
  'activity.change_withdrawn': '撤回活动变更',
  'attendees.exported': '导出参与者名单',
}

export const reportStatusLabels: Record<string, string> = {
  not_started: '未填报',
  draft: '填报中',
  submitted: '已提交',
  returned: '已退回',
  approved: '已通过',
}

export const reportStatusTag: Record<string, 'info' | 'success' | 'warning' | 'danger' | 'primary'> = {
  not_started: 'info',
  draft: 'primary',
  submitted: 'warning',
  returned: 'danger',
  approved: 'success',
}

/** What a unit's filing window is right now (report.filing). */
export const filingLabels: Record<string, string> = {
  on_time: '在截止时间前，可按时报送',
  late: '已过截止时间，仍可补报（记为逾期）',
  late_locked: '已过截止时间，已停止补报',
  not_started: '活动季尚未开始',
  campaign_not_open: '活动季未开放填报',
}

/** Items of a complete package (report.missing, campaign.required_materials). */
export const materialKindLabels: Record<string, string> = {
  table: '已提交的统计表',
  summary: '总结报告',
  photo: '活动照片',
  video: '活动视频（不超过 3 分钟）',
  scan: '盖章扫描件',
  media: '媒体报道',
}

export const reviewActionLabels: Record<string, string> = {
  returned: '退回修改',
  approved: '审核通过',
  reopened: '重新打开',
}

export const groupByLabels: Record<string, string> = {
  none: '不分组',
  type: '按单位类型',
  district: '按区',
  parent: '按上级单位',
}

export function label(map: Record<string, string>, code: string | null | undefined): string {
  if (!code) return ''
  return map[code] ?? code
}

export const appTitle = '北京科技周工作平台'

// ---- activities ----

export const activityCategories = [
  '主场活动',
  '分会场活动',
  '区域特色活动',
  '行业品牌活动',
  '开放日',
  '科普基地活动',
  '线上活动',
  '其他',
]
export const audiences = ['青少年', '公众', '专业人员', '教师', '老年人', '亲子家庭']

export const activityModeLabels: Record<string, string> = {
  offline: '线下',
  online: '线上',
  hybrid: '线上+线下',
}

export const activityStatusLabels: Record<string, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已发布',
  rejected: '已驳回',
  cancelled: '已取消',
}

export const activityStatusTag: Record<string, 'info' | 'success' | 'warning' | 'danger' | 'primary'> = {
  draft: 'info',
  submitted: 'warning',
  approved: 'success',
  rejected: 'danger',
  cancelled: 'info',
}

export const reservationStatusLabels: Record<string, string> = {
  applied: '已报名，等待抽签',
  waiting: '候补中',
  offered: '候补成功，待确认',
  confirmed: '预约成功',
  checked_in: '已签到',
  cancelled: '已取消',
  expired: '候补名额已过期',
}

export const checkinResultLabels: Record<string, string> = {
  ok: '成功',
  already_checked_in: '已签到过',
  wrong_session: '非本场次',
  cancelled: '预约已取消',
  not_inside: '未在场内',
  id_mismatch: '证件不符',
  unknown: '无效票码',
}

export const activityFileKindLabels: Record<string, string> = {
  emergency_plan: '应急预案',
  cover: '封面图片',
}

export const documentKindLabels: Record<string, string> = {
  implementation_plan: '实施方案',
  leading_group: '领导小组文件',
}
