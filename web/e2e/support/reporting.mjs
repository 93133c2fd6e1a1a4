// Steps of the reporting season shared by the e2e files: typing the statistics form as a
// person does (by label), waiting for the autosave, and the figures used throughout.
import { apiCall } from './api.mjs'

export const LABELS = {
  activities_held: '举办活动次数',
  municipal_activities: '承接北京市科普活动个数',
  fund_municipal: '北京市财政经费投入情况',
  fund_district: '区级财政经费投入情况',
  fund_enterprise: '企业赞助经费情况',
  fund_in_kind: '实物投入情况（如：捐赠图书、创新操作室等）',
  fund_other: '其他经费情况',
  staff_fulltime: '科普专职人员数量',
  staff_scientists: '科技工作者参与数量',
  staff_volunteers: '招募科技志愿者数量',
  staff_other: '其他人员数量',
  participants_offline: '线下活动群众参与数量',
  participants_online: '线上活动群众参与数量',
  media_outlets: '参与媒体数量',
  media_reports: '宣传报道数量',
  venues_opened: '科技周期间开放的科普场馆数量',
  institutes_opened: '科技周期间开放活动的科研机构数量',
  universities_opened: '科技周期间开放活动的大学数量',
}
export const DECIMALS = new Set(['fund_municipal', 'fund_district', 'fund_enterprise', 'fund_in_kind', 'fund_other'])

export function field(page, code) {
  return page.getByRole('textbox', { name: LABELS[code], exact: true })
}

/** Wait until the autosave reports 已保存 with nothing pending. */
export async function waitSaved(page) {
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="save-status"]')
      return el && /^已保存/.test(el.innerText.trim())
    },
    null,
    { timeout: 15_000 },
  )
}

/** Type each value into its box (by its label), then wait for the autosave. */
export async function fillForm(page, values) {
  for (const [code, v] of Object.entries(values)) await field(page, code).fill(String(v))
  await waitSaved(page)
}

/** Exact sums of several units' figures, formatted as the dashboard shows them. */
export function expectedTotals(units) {
  const out = {}
  for (const code of Object.keys(LABELS)) {
    let hundredths = 0
    for (const u of units) hundredths += Math.round(Number(u[code]) * 100)
    const whole = Math.trunc(hundredths / 100)
    out[code] = DECIMALS.has(code)
      ? `${whole.toLocaleString('en-US')}.${String(hundredths % 100).padStart(2, '0')}`
      : whole.toLocaleString('en-US')
  }
  return out
}

/** Does the server answer this route yet? (A route it does not know answers 404 "接口不存在".) */
export async function routeAnswers(page, method, path) {
  const r = await apiCall(page, method, path)
  return !(r.status === 404 && /接口不存在/.test(JSON.stringify(r.body ?? '')))
}
