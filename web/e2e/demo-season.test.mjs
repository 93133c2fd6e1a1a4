// `sciweek demo` shows a living season (issue 10 §1): on the organizer's first login, the
// home page opens this year's campaign, whose 报送进度 shows units in every state and whose
// 统计汇总 shows this year's totals beside 2023's, with charts.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'
import { beijingToday } from './support/api.mjs'

let srv
let browser
let admin

before(async () => {
  srv = await startServer({ livingSeason: true })
  browser = await launchBrowser()
  admin = await newPage(browser, srv.baseUrl)
})

after(async () => {
  await browser?.close()
  await srv?.stop()
})

const num = async (page, testId) => Number(await page.getByTestId(testId).first().innerText())

test('the organizer sees this season’s progress and totals on first login', async () => {
  const { page } = admin
  await login(page, 'admin', DEMO_PASSWORD)
  await page.waitForURL('**/organizer')
  await page.getByRole('link', { name: '查看报送进度与统计 →' }).click()
  await page.waitForURL('**/organizer/dashboard?year=*')
  const year = Number(new URL(page.url()).searchParams.get('year'))
  assert.ok(year >= beijingToday().year, `the home page opens this season, not ${year}`)

  // 报送进度: filed, late and complete packages, and a row in each state.
  await page.getByTestId('progress-panel').waitFor()
  assert.ok((await num(page, 'count-filed')) > 0, 'tables filed')
  assert.ok((await num(page, 'count-late')) > 0, 'one filed late')
  assert.ok((await num(page, 'count-complete')) > 0, 'complete packages')
  const table = page.getByTestId('progress-table')
  for (const label of ['已通过', '已提交', '已退回', '草稿', '未填报']) {
    await table.getByText(label, { exact: true }).first().waitFor()
  }
  await settle(page)
  await screenshot(page, '90-demo-season-progress')

  // 统计汇总: non-zero totals, the 2023 column beside them, and the charts.
  await page.getByRole('tab', { name: '统计汇总' }).click()
  await page.getByTestId('totals-table').waitFor()
  const offline = await page.getByTestId('total-participants_offline').innerText()
  assert.ok(Number(offline.replace(/[^\d.]/g, '')) > 0, `线下参与 total is ${offline}`)
  await page.getByTestId('totals-table').getByText('2023年', { exact: true }).first().waitFor()
  await page.getByTestId('charts').locator('canvas, svg').first().waitFor()
  assert.equal(await page.getByText('暂无已提交的数据').count(), 0)
  await settle(page)
  await screenshot(page, '91-demo-season-totals')
})
