// Two-level review (issue 10 §2) in the browser, on the demo's living season, whose reports
// go through two levels: the organizer chooses the levels on the campaign settings page and
// sees 报送进度 count the tables waiting at each level; 海淀区's reviewer (a district
// reviewer) forwards a table to the city, which then approves it, and both levels' decisions
// show in the history.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'
import { apiCall } from './support/api.mjs'

let srv
let browser
let year

before(async () => {
  srv = await startServer({ livingSeason: true })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await srv?.stop()
})

async function loggedIn(user, landing) {
  const p = await newPage(browser, srv.baseUrl)
  await login(p.page, user, DEMO_PASSWORD)
  await p.page.waitForURL(landing)
  return p
}

test('the organizer chooses review levels per campaign and sees each level counted', async () => {
  const { page } = await loggedIn('admin', '**/organizer')
  const list = await apiCall(page, 'GET', 'campaigns')
  year = list.body.items[0].year
  const current = list.body.items[0]
  assert.equal(current.report_review_levels, 2, 'the demo season reviews reports at two levels')
  assert.equal(current.activity_review_levels, 1)

  await page.goto('/admin/campaigns')
  await page.getByRole('button', { name: `编辑 ${current.name}` }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByTestId('report-review-levels').getByText('两级审核（先区级，再市级）').waitFor()
  await dialog.getByTestId('activity-review-levels').click()
  await page.getByRole('option', { name: '两级审核（先区级，再市级）' }).click()
  await settle(page)
  await screenshot(page, '95-campaign-review-levels', { fullPage: false })
  await dialog.getByRole('button', { name: '保存' }).click()
  await page.getByText('活动季已保存').waitFor()
  const saved = await apiCall(page, 'GET', `campaigns/${year}`)
  assert.equal(saved.body.activity_review_levels, 2)
  assert.equal(saved.body.report_review_levels, 2)

  await page.goto(`/organizer/dashboard?year=${year}`)
  await page.getByTestId('progress-panel').waitFor()
  const atDistrict = Number(await page.getByTestId('count-at-district').innerText())
  const atCity = Number(await page.getByTestId('count-at-city').innerText())
  const progress = await apiCall(page, 'GET', `campaigns/${year}/completeness`)
  assert.equal(atDistrict, progress.body.counts.at_district)
  assert.equal(atCity, progress.body.counts.at_city)
  assert.ok(atDistrict >= 1 && atCity >= 1, `demo items at each level: ${atDistrict} / ${atCity}`)
  await page.getByTestId('progress-table').getByText('等待区级审核').first().waitFor()
  await settle(page)
  await screenshot(page, '96-progress-per-level')
})

test('a district reviewer forwards a table, the city approves it, the history shows both', async () => {
  assert.ok(year, 'the first test found the season')
  // 北京大学 (under 海淀区) filed after the week: its table waits at 海淀区. (物理所's, which
  // 海淀区 returned, cannot be filed again before this season's week has started.)
  const unit = await loggedIn('pku', '**/unit')
  const report = await apiCall(unit.page, 'GET', `campaigns/${year}/reports/pku`)
  assert.equal(report.body.status, 'submitted', JSON.stringify(report.body.review))
  assert.equal(report.body.review.level, 'district')
  const returned = await apiCall(unit.page, 'GET', `campaigns/${year}/reports/iop`)
  assert.equal(returned.status, 404, "another unit's table is not 北京大学's to see")

  // The city cannot decide yet.
  const city = await loggedIn('reviewer', '**/organizer')
  await city.page.goto(`/organizer/reports/${year}/pku`)
  await city.page.getByTestId('review-level').getByText('等待区级审核').waitFor()
  await city.page.getByTestId('review-idle').waitFor()
  assert.equal(await city.page.getByTestId('approve').count(), 0)

  // 海淀区's reviewer forwards it.
  const district = await loggedIn('haidian-reviewer', '**/organizer')
  const { page } = district
  const foreign = await apiCall(page, 'GET', `campaigns/${year}/reports/kjg`)
  assert.equal(foreign.status, 404, "朝阳区's unit is not 海淀区's to see")
  await page.goto(`/organizer/reports/${year}/pku`)
  await page.getByTestId('review-level').getByText('等待区级审核').waitFor()
  await page.getByTestId('review-comment').fill('区级核实无误') // ElInput puts the attribute on the textarea
  await page.getByTestId('approve').getByText('通过并报市级审核').click()
  await page.getByRole('dialog', { name: '通过并报市级审核' }).getByRole('button', { name: '通过' }).click()
  await page.getByText('已通过区级审核，报市级审核').waitFor()
  await page.getByTestId('review-level').getByText('等待市级审核').waitFor()
  assert.equal(await page.getByTestId('approve').count(), 0, 'the district has decided')
  await settle(page)
  await screenshot(page, '97-district-forwarded')

  // The city approves; the history names both levels.
  await city.page.reload()
  await city.page.getByTestId('review-level').getByText('等待市级审核').waitFor()
  await city.page.getByTestId('approve').getByText('审核通过').click()
  await city.page.getByRole('dialog', { name: '审核通过' }).getByRole('button', { name: '通过' }).click()
  await city.page.getByText('已审核通过').first().waitFor()
  await city.page.goto(`/organizer/reports/${year}/pku/history`)
  const latest = city.page.getByTestId('history-panel').locator('li.version').last()
  await latest.getByText('区级 · 通过，报市级审核').waitFor()
  await latest.getByText('市级 · 审核通过').waitFor()
  await latest.getByText('区级核实无误').first().waitFor()
  await settle(city.page)
  await screenshot(city.page, '98-two-level-history')
  const after = await apiCall(city.page, 'GET', `campaigns/${year}/reports/pku`)
  assert.equal(after.body.status, 'approved')
  for (const p of [unit, city, district]) assert.deepEqual(p.pageErrors, [])
})
