// 统计汇总 over several years, in a real browser against the real server (issue 10 §3, §7):
// 东城区 filed in 2023 and files this year, 海淀区 and 北京大学 (under 海淀区) file this year,
// a 2024 campaign exists with no report. The reviewer's totals compare this year with the
// one before by default, then with 2023 chosen in the year multi-select too; each year is
// named by its edition and dates, the charts draw the years, and grouped by district 海淀区
// shows its area (辖区合计) with its own report (本单位) under it. The unit's form says
// to file its own activities only. (Data is set up through the API: not under test.)
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { assertNoExternal, launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'
import { addDays, apiCall, beijingToday } from './support/api.mjs'
import { LABELS } from './support/reporting.mjs'

const { date: today } = beijingToday()
const day = addDays(today, -1) // start = end = yesterday: inside its year even on 1 January
const YEAR = Number(day.slice(0, 4))
const filled = (n) => ({ ...Object.fromEntries(Object.keys(LABELS).map((k) => [k, n])), participants_online: 0 })

const srv = await startServer()
const browser = await launchBrowser()
let reviewer

async function fileAs(login_, org, year, values) {
  const s = await newPage(browser, srv.baseUrl)
  await login(s.page, login_, DEMO_PASSWORD)
  await s.page.waitForURL('**/unit')
  const put = await apiCall(s.page, 'PUT', `campaigns/${year}/reports/${org}`, { values, version: 0 })
  assert.equal(put.status, 200, JSON.stringify(put.body))
  const sub = await apiCall(s.page, 'POST', `campaigns/${year}/reports/${org}/submit`, {})
  assert.equal(sub.status, 200, JSON.stringify(sub.body))
  await s.context.close()
}

before(async () => {
  const admin = await newPage(browser, srv.baseUrl)
  await login(admin.page, 'admin', DEMO_PASSWORD)
  await admin.page.waitForURL('**/organizer')
  const base = {
    theme: '科技创新 引领未来',
    contacts: [{ name: '栗英轩', phone: '55577988' }],
    contact_email: 'kjz@example.cn',
    mailing_address: '海淀区阜成路73号',
  }
  let r = await apiCall(admin.page, 'POST', 'campaigns', {
    ...base,
    year: 2024,
    edition: 30,
    name: '2024年北京科技周',
    start_date: '2024-05-18',
    end_date: '2024-05-26',
    report_deadline: '2024-06-12T18:00:00+08:00',
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  r = await apiCall(admin.page, 'POST', 'campaigns', {
    ...base,
    year: YEAR,
    edition: YEAR - 1994,
    name: `${YEAR}年北京科技周`,
    start_date: day,
    end_date: day,
    report_deadline: `${addDays(today, 30)}T18:00:00+08:00`,
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  const c = (await apiCall(admin.page, 'GET', `campaigns/${YEAR}`)).body
  delete c.year
  r = await apiCall(admin.page, 'PUT', `campaigns/${YEAR}`, { ...c, status: 'open' })
  assert.equal(r.status, 200, JSON.stringify(r.body))
  await admin.context.close()

  await fileAs('110101', '110101', 2023, filled(3))
  await fileAs('110101', '110101', YEAR, filled(5))
  await fileAs('110108', '110108', YEAR, filled(7))
  await fileAs('pku', 'pku', YEAR, filled(11))
  reviewer = await newPage(browser, srv.baseUrl)
  await login(reviewer.page, 'reviewer', DEMO_PASSWORD)
  await reviewer.page.waitForURL('**/organizer')
})

after(async () => {
  await browser?.close()
  await srv?.stop()
})

test('the unit’s form says each unit files its own activities only', async () => {
  const s = await newPage(browser, srv.baseUrl)
  await login(s.page, 'pku', DEMO_PASSWORD)
  await s.page.waitForURL('**/unit')
  await s.page.goto(`/unit/reports/${YEAR}/pku`)
  const text = await s.page.getByTestId('form-instructions').innerText()
  assert.match(text, /只填报本单位/)
  await s.context.close()
})

test('the reviewer compares this year with chosen years, per item and per district', async () => {
  const { page, external, pageErrors } = reviewer
  await page.goto(`/organizer/dashboard?tab=totals&year=${YEAR}`)
  await page.getByTestId('totals-units').getByText('（3 个单位）').waitFor()
  assert.match(await page.getByTestId('totals-campaign').innerText(), new RegExp(`${YEAR}年（第${YEAR - 1994}届`))
  // By default the campaign just before: 2024, where nobody filed.
  await page
    .getByTestId('compare-caption-2024')
    .getByText(/2024年（第30届，5月18日—5月26日）：没有已提交的数据/)
    .waitFor()
  assert.equal(await page.getByTestId('total-activities_held').innerText(), '23')

  // Choose 2023 as well.
  await page.getByTestId('compare-years').click()
  await page.getByRole('option', { name: '2023年（第29届，5月20日—5月31日）' }).click()
  await page.keyboard.press('Escape')
  await page
    .getByTestId('compare-caption-2023')
    .getByText(/1 个单位/)
    .waitFor()
  assert.equal(await page.getByTestId('year-2023-activities_held').innerText(), '3')
  assert.equal(await page.getByTestId('year-2024-activities_held').innerText(), '0')
  const table = await page.getByTestId('totals-table').innerText()
  assert.match(table, /较2023年/)
  assert.match(table, /\+20（\+666\.7%）/)
  await page.getByTestId('chart-years').locator('canvas').first().waitFor()
  await page.getByTestId('chart-district-years').locator('canvas').first().waitFor()
  const label = await page
    .getByTestId('chart-district-years')
    .locator('[aria-label]')
    .first()
    .getAttribute('aria-label')
  assert.match(label, /东城区 2023年 3、2024年 0、\d{4}年 5/)
  assert.match(label, /海淀区 2023年 0、2024年 0、\d{4}年 18/)
  await settle(page)
  await screenshot(page, '60-totals-years')

  // Grouped by district: 海淀区's area (itself and 北京大学) with its own report under it.
  await page.getByTestId('group-by').click()
  await page.getByRole('option', { name: '按区' }).click()
  const area = page.getByTestId('group-table').locator('tr', { hasText: '海淀区（辖区合计）' })
  await area.waitFor()
  assert.match(await area.innerText(), /^海淀区（辖区合计）\s+2\s+18\b/)
  const own = page.getByTestId('group-table').locator('tr', { hasText: '其中：海淀区（本单位）' })
  assert.match(await own.innerText(), /^其中：海淀区（本单位）\s+1\s+7\b/)
  await settle(page)
  await screenshot(page, '61-totals-by-district-own-and-area')
  assertNoExternal(external)
  assert.deepEqual(pageErrors, [])
})
