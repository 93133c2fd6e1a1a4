// A reporting season as people do it, in a real browser against the real server: the admin
// opens this year's campaign, two district reporters fill the form (one meets an inline error
// and a hard rule and fixes them, one explains a soft rule), both submit, the reviewer returns
// one with a per-field reason, the reporter fixes and resubmits, the reviewer approves both,
// and the dashboard totals equal the sum of what was typed.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { assertNoExternal, launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'
import { addDays, apiCall, beijingToday } from './support/api.mjs'
import { LABELS, expectedTotals, field, fillForm, routeAnswers, waitSaved } from './support/reporting.mjs'
import { readXlsx } from './support/xlsx.mjs'

const { date: today, year: YEAR } = beijingToday()
const A = {
  activities_held: 12,
  municipal_activities: 3,
  fund_municipal: '10.55',
  fund_district: '20.25',
  fund_enterprise: '0',
  fund_in_kind: '1.1',
  fund_other: '0.3',
  staff_fulltime: 4,
  staff_scientists: 30,
  staff_volunteers: 50,
  staff_other: 2,
  participants_offline: 8000,
  participants_online: 50000,
  media_outlets: 5,
  media_reports: 12,
  venues_opened: 3,
  institutes_opened: 2,
  universities_opened: 1,
}
const B = {
  activities_held: 6,
  municipal_activities: 2,
  fund_municipal: '5',
  fund_district: '7.77',
  fund_enterprise: '1.23',
  fund_in_kind: '0',
  fund_other: '0',
  staff_fulltime: 3,
  staff_scientists: 10,
  staff_volunteers: 20,
  staff_other: 1,
  participants_offline: 20000,
  participants_online: 3000,
  media_outlets: 2,
  media_reports: 4,
  venues_opened: 1,
  institutes_opened: 0,
  universities_opened: 0,
}

// The server starts before the tests are declared so that parts the server does not answer
// yet (materials, exports, print) are declared pending with the reason, not silently passed.
const srv = await startServer()
const browser = await launchBrowser()
const admin = await newPage(browser, srv.baseUrl)
await login(admin.page, 'admin', DEMO_PASSWORD)
await admin.page.waitForURL('**/organizer')
const materialsPending = !(await routeAnswers(
  admin.page,
  'POST',
  `campaigns/2023/reports/110108/materials?kind=summary&filename=probe.pdf`,
))
const exportsPending = !(await routeAnswers(admin.page, 'GET', 'campaigns/2023/export.xlsx'))
const printPending = !(await routeAnswers(admin.page, 'GET', 'campaigns/2023/reports/110108/print'))
const MATERIALS_PENDING =
  materialsPending && 'pending on the server: POST …/reports/{org}/materials answers 404 (route not implemented yet)'
const EXPORTS_PENDING =
  exportsPending && 'pending on the server: GET /campaigns/{year}/export.xlsx answers 404 (route not implemented yet)'
const PRINT_PENDING =
  printPending && 'pending on the server: GET …/reports/{org}/print answers 404 (route not implemented yet)'

let r108 // 海淀区 reporter
let r101 // 东城区 reporter
let reviewer
const tmp = mkdtempSync(path.join(tmpdir(), 'sciweek-e2e-files-'))

before(async () => {
  r108 = await newPage(browser, srv.baseUrl)
  r101 = await newPage(browser, srv.baseUrl)
  reviewer = await newPage(browser, srv.baseUrl)
  await login(r108.page, '110108', DEMO_PASSWORD)
  await login(r101.page, '110101', DEMO_PASSWORD)
  await login(reviewer.page, 'reviewer', DEMO_PASSWORD)
  await r101.page.waitForURL('**/unit')
  // Last season, 东城区 reported a small event; this year's figure will be far above it,
  // which is what the soft rule "超过上届的10倍" is for. (Set up through the API: not under test.)
  const last = {
    ...Object.fromEntries(Object.keys(LABELS).map((k) => [k, 1])),
    participants_offline: 100,
    participants_online: 100,
  }
  const put = await apiCall(r101.page, 'PUT', 'campaigns/2023/reports/110101', { values: last, version: 0 })
  assert.equal(put.status, 200, JSON.stringify(put.body))
  const sub = await apiCall(r101.page, 'POST', 'campaigns/2023/reports/110101/submit', {})
  assert.equal(sub.status, 200, JSON.stringify(sub.body))
})

after(async () => {
  await browser?.close()
  await srv?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

async function pickDate(page, dialog, label, text) {
  const input = dialog.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(text)
  await input.press('Enter')
  await page
    .locator('.el-picker__popper')
    .filter({ visible: true })
    .waitFor({ state: 'hidden' })
    .catch(() => {})
}

test(`admin opens the ${YEAR} campaign with a future deadline and required materials`, async () => {
  const { page } = admin
  await page.getByRole('menuitem', { name: '活动季管理' }).click()
  await page.waitForURL('**/admin/campaigns')
  await page.getByRole('button', { name: '新建活动季' }).click()
  const dialog = page.getByRole('dialog', { name: '新建活动季' })
  await dialog.getByLabel('年度', { exact: true }).fill(String(YEAR))
  await dialog.getByLabel('届次', { exact: true }).fill(String(YEAR - 1994))
  await dialog.getByLabel('名称', { exact: true }).fill(`${YEAR}年北京科技周`)
  await dialog.getByLabel('主题', { exact: true }).fill('科技创新 美好生活')
  await pickDate(page, dialog, '开始日期', `${YEAR}-01-01`)
  await pickDate(page, dialog, '结束日期', today)
  await pickDate(page, dialog, '报送截止时间', `${addDays(today, 30)} 18:00`)
  await dialog.locator('.el-checkbox', { hasText: '活动视频' }).click()
  assert.ok(await dialog.getByRole('checkbox', { name: '活动视频' }).isChecked())
  await page.getByTestId('campaign-save').click()
  await dialog.waitFor({ state: 'hidden' })

  const row = page.getByTestId('campaign-table').locator('tr', { hasText: `${YEAR}年北京科技周` })
  await row.getByRole('button', { name: `编辑 ${YEAR}年北京科技周` }).click()
  const edit = page.getByRole('dialog', { name: `编辑活动季（${YEAR}）` })
  await edit.locator('.el-select', { has: page.locator('#cf-status') }).click()
  await page.getByRole('option', { name: '进行中' }).click()
  await page.getByTestId('campaign-save').click()
  await edit.waitFor({ state: 'hidden' })
  await row.getByText('进行中').waitFor()
  assert.match(await row.innerText(), /总结报告、活动视频/)
  const c = await apiCall(page, 'GET', `campaigns/${YEAR}`)
  assert.equal(c.body.status, 'open')
  assert.deepEqual(c.body.required_materials, ['summary', 'video'])
  await settle(page)
  await screenshot(page, '20-campaigns-open')
})

test('海淀区 fills the form: a 3-decimal amount and municipal > held are shown inline, then fixed', async () => {
  const { page, requested } = r108
  await page.goto('/unit')
  const card = page.getByTestId('report-card')
  await card.getByText('未填报').waitFor()
  await page.getByTestId('countdown').waitFor()
  assert.match(await page.getByTestId('countdown').innerText(), /^剩余 \d+ 天/)
  await screenshot(page, '21-unit-home')
  await card.getByTestId('go-form').click()
  await page.waitForURL(`**/unit/reports/${YEAR}/110108`)
  await page.getByTestId('report-title').getByText(`海淀区 · ${YEAR}年北京科技周活动开展情况统计表`).waitFor()

  // Too many decimals: the message is at the box, client-side, before any request.
  await field(page, 'fund_municipal').fill('10.555')
  await page.getByTestId('error-fund_municipal').getByText('北京市财政经费投入情况最多保留两位小数').waitFor()
  assert.equal(await field(page, 'fund_municipal').getAttribute('aria-invalid'), 'true')
  await field(page, 'staff_fulltime').fill('1.5')
  await page.getByTestId('error-staff_fulltime').getByText('科普专职人员数量须为整数').waitFor()

  // municipal > held breaks a hard rule: red at both boxes and in the rule panel after autosave.
  await fillForm(page, { activities_held: 5, municipal_activities: 7 })
  await page.getByTestId('rule-municipal_activities-municipal_le_held').waitFor()
  await page
    .getByTestId('check-hard-municipal_le_held')
    .getByText('承接北京市科普活动个数不能大于举办活动次数')
    .waitFor()
  await screenshot(page, '22-form-inline-errors')

  await fillForm(page, A)
  assert.equal(await page.getByTestId('error-fund_municipal').count(), 0)
  assert.equal(await page.getByTestId('check-hard-municipal_le_held').count(), 0)
  await page.getByTestId('checks-ok').waitFor()
  await page.getByTestId('subtotal-funds').getByText('32.20').waitFor()
  const saved = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/110108`)
  assert.equal(saved.body.values.fund_municipal, 10.55)
  assert.equal(saved.body.values.municipal_activities, 3)
  assert.equal(saved.body.status, 'draft')

  // The workspace never downloads chart or admin code.
  const heavy = requested.filter(
    (u) => /\.js(\?|$)/.test(u) && /(echarts|DashboardView|TotalsCharts|FormEditorView|CampaignsView)/.test(u),
  )
  assert.deepEqual(heavy, [])
})

test('someone else saves first: 他人已先保存 shows their values, the user keeps editing on top', async () => {
  const { page } = r108
  const cur = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/110108`)
  const other = await apiCall(page, 'PUT', `campaigns/${YEAR}/reports/110108`, {
    values: { staff_other: 9 },
    version: cur.body.version,
  })
  assert.equal(other.status, 200)
  await field(page, 'media_reports').fill('13')
  const dialog = page.getByTestId('conflict-dialog')
  await dialog.getByRole('heading', { name: '他人已先保存' }).or(dialog.getByText('他人已先保存')).first().waitFor()
  const table = await page.getByTestId('conflict-table').innerText()
  assert.match(table, /宣传报道数量[\s\S]*13[\s\S]*12/)
  assert.match(table, /其他人员数量[\s\S]*2[\s\S]*9/)
  await page
    .locator('.dialog-fade-enter-active')
    .waitFor({ state: 'detached' })
    .catch(() => {})
  await screenshot(page, '23-conflict-dialog', { fullPage: false })
  await page.getByTestId('conflict-mine').click()
  await waitSaved(page)
  assert.equal(await field(page, 'staff_other').inputValue(), '9')
  const after409 = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/110108`)
  assert.equal(after409.body.values.media_reports, 13)
  assert.equal(after409.body.values.staff_other, 9)
  // Back to the agreed figures.
  await fillForm(page, { media_reports: A.media_reports, staff_other: A.staff_other })
})

test(
  'materials: summary PDF and a short video upload with progress; a long video is refused',
  { skip: MATERIALS_PENDING },
  async () => {
    const { page } = r108
    const pdf = path.join(tmp, '总结报告.pdf')
    writeFileSync(pdf, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
    const ff = (args, out) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, out])
    const short = path.join(tmp, 'short.mp4')
    const long = path.join(tmp, 'long.mp4')
    const png = path.join(tmp, 'photo.png')
    ff(['-f', 'lavfi', '-i', 'color=c=blue:s=64x48:r=5', '-t', '5', '-pix_fmt', 'yuv420p'], short)
    ff(['-f', 'lavfi', '-i', 'color=c=red:s=16x16:r=1', '-t', '240', '-pix_fmt', 'yuv420p'], long)
    ff(['-f', 'lavfi', '-i', 'color=c=green:s=64x48', '-frames:v', '1'], png)

    await page.goto(`/unit/reports/${YEAR}/110108/materials`)
    await page.getByTestId('materials-panel').waitFor()
    await page.getByTestId('check-summary').getByText('尚缺', { exact: true }).waitFor()
    await page.getByLabel('选择总结报告文件上传').setInputFiles(pdf)
    await page.getByTestId('upload-progress-summary').first().waitFor()
    await page.getByTestId('materials-summary').getByRole('link', { name: '总结报告.pdf' }).waitFor()
    await page.getByLabel('选择活动照片文件上传').setInputFiles(png)
    await page.getByTestId('materials-photo').getByRole('img', { name: '照片：photo.png' }).waitFor()
    await page.getByLabel('选择活动视频文件上传').setInputFiles(short)
    await page.getByTestId('materials-video').getByTestId('video-duration').getByText('5 秒').waitFor()
    await page.getByLabel('选择活动视频文件上传').setInputFiles(long)
    const refused = page.getByTestId('upload-msg-video').filter({ hasText: /4\s*分/ })
    await refused.waitFor()
    await screenshot(page, '27-materials')
    await page.getByLabel('媒体名称').fill('北京日报')
    await page.getByLabel('报道标题').fill('海淀区科技周活动精彩纷呈')
    await page.getByRole('button', { name: '添加报道' }).click()
    await page.getByTestId('media-reports').getByText('海淀区科技周活动精彩纷呈').waitFor()
    const r = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/110108`)
    assert.ok(!r.body.missing.includes('summary'))
    assert.ok(!r.body.missing.includes('video'))
    assert.equal(r.body.materials.filter((m) => m.kind === 'video').length, 1)
  },
)

test('海淀区 submits after the confirmation summary', async () => {
  const { page } = r108
  await page.getByRole('tab', { name: '统计表' }).click()
  await page.waitForURL(`**/unit/reports/${YEAR}/110108`)
  await page.getByTestId('submit-report').click()
  const confirm = page.getByTestId('submit-confirm')
  await confirm.getByText('确认提交').first().waitFor()
  assert.equal(await page.getByTestId('confirm-fund_municipal').innerText(), '10.55')
  assert.equal(await page.getByTestId('confirm-participants_online').innerText(), '50,000')
  await page
    .locator('.dialog-fade-enter-active')
    .waitFor({ state: 'detached' })
    .catch(() => {})
  await screenshot(page, '24-submit-confirm', { fullPage: false })
  await page.getByTestId('submit-confirm-button').click()
  await page
    .getByTestId('submit-result')
    .getByText(/提交成功：已提交/)
    .waitFor()
  assert.match(await page.getByTestId('submit-result').innerText(), /按时报送/)
  await page.getByTestId('readonly-note').getByText('报表已提交，正在审核').waitFor()
  assert.match(await page.getByTestId('value-participants_offline').innerText(), /8,000\s*人次/)
  await settle(page)
  await screenshot(page, '25-report-submitted')
  await page.setViewportSize({ width: 390, height: 844 })
  await screenshot(page, '25-report-submitted-phone')
  await page.setViewportSize({ width: 1280, height: 860 })
})

test('东城区 meets a soft rule: the explanation box appears and is required to submit', async () => {
  const { page } = r101
  await page.goto(`/unit/reports/${YEAR}/110101`)
  await page.getByTestId('report-title').waitFor()
  await fillForm(page, B)
  const soft = page.getByTestId('check-soft-offline_vs_previous')
  await soft.getByText('线下活动群众参与数量超过上届的10倍，请核实或说明').waitFor()
  await page.getByTestId('rule-participants_offline-offline_vs_previous').waitFor()
  await page.getByTestId('submit-report').click()
  await soft.getByText('请填写情况说明（至少 4 个字）').waitFor()
  assert.equal(await page.getByTestId('submit-confirm').isVisible(), false)
  await screenshot(page, '26-soft-rule-explanation')
  await page.getByLabel(/情况说明（提交时必填/).fill('今年在主会场举办了大型科普展览，参观人数大幅增加')
  await page.getByTestId('submit-report').click()
  await page.getByTestId('submit-confirm').getByText('今年在主会场举办了大型科普展览').waitFor()
  await page.getByTestId('submit-confirm-button').click()
  await page.getByTestId('submit-result').waitFor()
  const r = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/110101`)
  assert.equal(r.body.status, 'submitted')
  assert.match(r.body.explanations.offline_vs_previous, /大型科普展览/)
})

test('the reviewer returns 海淀区 with a reason at 区级财政经费投入情况', async () => {
  const { page } = reviewer
  await page.goto('/organizer/dashboard?tab=review')
  const queue = page.getByTestId('review-table')
  await queue.getByText('海淀区').waitFor()
  await queue.getByText('东城区').waitFor()
  await settle(page)
  await screenshot(page, '30-review-queue')
  await page.getByRole('link', { name: '审核 海淀区' }).click()
  await page.waitForURL(`**/organizer/reports/${YEAR}/110108`)
  const panel = page.getByTestId('review-panel')
  await panel.waitFor()
  assert.match(await page.getByTestId('value-fund_district').innerText(), /20\.25/)
  await panel.getByLabel('审核意见（通过时可不填）').fill('区级经费与区财政拨款文件不一致，请核实')
  await panel.getByTestId('review-fields').click()
  await page.getByRole('option', { name: '区级财政经费投入情况' }).click()
  await page.keyboard.press('Escape')
  await panel.getByLabel('退回理由：区级财政经费投入情况').fill('应为 18 万元（见区财政拨款文件）')
  await screenshot(page, '31-review-return')
  await panel.getByTestId('return').click()
  await page.getByTestId('report-status').getByText('已退回').waitFor()
})

test('海淀区 sees the reason next to the field, fixes it and resubmits; history shows the change', async () => {
  const { page } = r108
  await page.goto('/unit')
  const notice = page.getByTestId('return-notice')
  await notice.getByText('区级经费与区财政拨款文件不一致，请核实').waitFor()
  await page.getByTestId('return-reason-fund_district').getByText('应为 18 万元').waitFor()
  await screenshot(page, '32-unit-home-returned')
  await page.getByTestId('go-form').click()
  await page.getByTestId('reason-fund_district').getByText('审核意见：应为 18 万元（见区财政拨款文件）').waitFor()
  await screenshot(page, '33-form-returned')
  A.fund_district = '18'
  await fillForm(page, { fund_district: '18' })
  await page.getByTestId('submit-report').click()
  await page.getByTestId('submit-confirm-button').click()
  await page.getByTestId('submit-result').waitFor()

  await page.getByRole('tab', { name: '历史记录' }).click()
  await page.waitForURL(`**/unit/reports/${YEAR}/110108/history`)
  const v2 = page.getByTestId('history-2')
  await v2.waitFor()
  const text = await v2.innerText()
  assert.match(text, /区级财政经费投入情况\s+20\.25\s+18\.00\s+-2\.25/)
  const v1 = await page.getByTestId('history-1').innerText()
  assert.match(v1, /退回修改/)
  assert.match(v1, /区级财政经费投入情况：应为 18 万元/)
  await settle(page)
  await screenshot(page, '34-history')
})

test('the reviewer approves both; the dashboard totals equal the sum of what was typed', async () => {
  const { page, external, pageErrors } = reviewer
  for (const [code, name] of [
    ['110108', '海淀区'],
    ['110101', '东城区'],
  ]) {
    await page.goto(`/organizer/reports/${YEAR}/${code}`)
    const panel = page.getByTestId('review-panel')
    await panel.getByTestId('approve').click()
    await page.getByRole('dialog', { name: '审核通过' }).getByRole('button', { name: '通过' }).click()
    await page.getByTestId('report-status').getByText('已通过').waitFor()
    assert.match(await page.getByTestId('report-title').innerText(), new RegExp(name))
  }
  await page.goto('/organizer/dashboard')
  await page.getByTestId('progress-panel').waitFor()
  assert.equal(await page.getByTestId('seg-approved').locator('strong').innerText(), '2')
  assert.equal(await page.getByTestId('count-on-time').innerText(), '2')
  await settle(page)
  await screenshot(page, '35-dashboard-progress')

  await page.getByRole('tab', { name: '统计汇总' }).click()
  await page.getByRole('radio', { name: '仅已通过' }).check({ force: true })
  await page.getByTestId('totals-units').getByText('（2 个单位）').waitFor()
  const want = expectedTotals([A, B])
  for (const [code, value] of Object.entries(want)) {
    assert.equal(await page.getByTestId(`total-${code}`).innerText(), value, `${LABELS[code]} total`)
  }
  await page.getByTestId('charts').locator('canvas').first().waitFor()
  await settle(page)
  await screenshot(page, '36-dashboard-totals')
  await page.getByTestId('group-by').click()
  await page.getByRole('option', { name: '按区' }).click()
  // A district's area (its own table plus its subtree's) and, under it, its own table.
  await page.getByTestId('group-table').getByText('海淀区（辖区合计）', { exact: true }).waitFor()
  await page.getByTestId('group-table').getByText('其中：海淀区（本单位）', { exact: true }).waitFor()
  await settle(page)
  await screenshot(page, '37-dashboard-by-district')
  assertNoExternal(external)
  assert.deepEqual(pageErrors, [])
})

test('the chase list sends a reminder that the unit then sees in its workspace', async () => {
  const { page } = reviewer
  await page.goto('/organizer/dashboard?tab=chase')
  const table = page.getByTestId('chase-table')
  const row = table.locator('tr', { hasText: '朝阳区' })
  await row.waitFor()
  assert.doesNotMatch(await table.innerText(), /海淀区|东城区/)
  await row.locator('.el-checkbox').click()
  await page.getByLabel('催报内容（可选，不填则使用默认内容）').fill('请朝阳区于本周五前提交统计表')
  await page.getByTestId('send-reminders').click()
  await page.getByRole('dialog', { name: '发送催报' }).getByRole('button', { name: '发送' }).click()
  await page.getByTestId('chase-log').getByText('请朝阳区于本周五前提交统计表').waitFor()
  await page.getByTestId('chase-table').locator('tr', { hasText: '朝阳区' }).getByText('1', { exact: true }).waitFor()
  await settle(page)
  await screenshot(page, '38-chase')

  const unit = await newPage(browser, srv.baseUrl)
  await login(unit.page, '110105', DEMO_PASSWORD)
  await unit.page.waitForURL('**/unit')
  await unit.page.getByTestId('reminders').getByText('请朝阳区于本周五前提交统计表').waitFor()
  await unit.context.close()
})

test(
  'the xlsx downloaded from the dashboard is read back and matches the totals',
  { skip: EXPORTS_PENDING },
  async () => {
    const { page } = reviewer
    await page.goto('/organizer/dashboard')
    await page.getByTestId('progress-panel').waitFor()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出汇总表（Excel）' }).click(),
    ])
    const file = path.join(tmp, download.suggestedFilename())
    await download.saveAs(file)
    const book = readXlsx(readFileSync(file))
    const sheet = book['汇总']
    assert.ok(sheet, `sheets: ${Object.keys(book)}`)
    const flat = sheet.map((r) => (r ?? []).join('\t'))
    const hd = flat.find((l) => l.includes('海淀区'))
    const dc = flat.find((l) => l.includes('东城区'))
    assert.ok(hd && dc, 'both units are in the summary sheet')
    assert.match(hd, /\t18(\.0+)?\t/)
    const total = flat.find((l) => l.startsWith('合计') || l.includes('\t合计'))
    assert.ok(total, 'a 合计 row')
    assert.match(total, /28000/)
    for (const what of ['导出明细（CSV）', '导出报送情况（Excel）']) {
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: what }).click()])
      assert.ok((await d.path()) !== null)
    }
  },
)

test('print opens the stamp-ready table in a new tab', { skip: PRINT_PENDING }, async () => {
  const { page } = r108
  await page.goto(`/unit/reports/${YEAR}/110108`)
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('print-link').click()])
  await popup.waitForLoadState()
  assert.match(await popup.content(), /海淀区/)
  await screenshot(popup, '39-print')
  await popup.close()
})

test('access: 海淀区 typing 东城区 report URL gets the not-found page, never the data', async () => {
  const { page, requested } = r108
  const mark = requested.length
  const answers = []
  page.on('response', (r) => r.url().includes('/reports/110101') && answers.push(r.status()))
  await page.goto(`/unit/reports/${YEAR}/110101`)
  await page.getByTestId('not-found').waitFor()
  assert.equal(new URL(page.url()).pathname, `/unit/reports/${YEAR}/110101`)
  assert.ok(answers.length > 0 && answers.every((s) => s === 404), `answers: ${answers}`)
  const html = await page.content()
  assert.doesNotMatch(html, /东城区|20,000|7\.77/)
  assert.ok(requested.slice(mark).every((u) => !/reports\/110101\/(history|materials)/.test(u)))
  await screenshot(page, '40-report-not-found')
})

test('a district reporter sees its own subtree, the organizer view of its children', async () => {
  const { page } = r108
  await page.goto('/unit')
  // Let the workspace finish its first navigation, else a click on the menu can be
  // overtaken by it on a loaded machine.
  await page.waitForLoadState('networkidle')
  await settle(page)
  await page.getByRole('menuitem', { name: '辖区报送' }).click()
  await page.waitForURL('**/unit/district')
  const table = page.getByTestId('progress-table')
  await table.getByText('北京大学').waitFor()
  assert.doesNotMatch(await table.innerText(), /东城区|朝阳区/)
  assert.equal(await page.getByRole('tab', { name: '催报' }).count(), 0)
  await settle(page)
  await screenshot(page, '41-district-dashboard')

  // 北京大学 (under 海淀区) submits; 海淀区 reviews it the way the organizer does.
  const pku = await newPage(browser, srv.baseUrl)
  await login(pku.page, 'pku', DEMO_PASSWORD)
  await pku.page.waitForURL('**/unit')
  const values = Object.fromEntries(Object.keys(LABELS).map((k) => [k, 2]))
  assert.equal((await apiCall(pku.page, 'PUT', `campaigns/${YEAR}/reports/pku`, { values, version: 0 })).status, 200)
  assert.equal((await apiCall(pku.page, 'POST', `campaigns/${YEAR}/reports/pku/submit`, {})).status, 200)
  await pku.context.close()
  await page.getByRole('button', { name: '刷新', exact: true }).click()
  await page.getByRole('tab', { name: /^审核/ }).click()
  await page.getByRole('link', { name: '审核 北京大学' }).click()
  await page.waitForURL(`**/unit/reports/${YEAR}/pku`)
  await page.getByTestId('review-panel').getByTestId('approve').click()
  await page.getByRole('dialog', { name: '审核通过' }).getByRole('button', { name: '通过' }).click()
  await page.getByTestId('report-status').getByText('已通过').waitFor()
  await settle(page)
  await screenshot(page, '42-district-approved')
})
