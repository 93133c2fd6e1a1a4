// The organizer's admin pages against the real server: campaigns, org import, users, audit.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { assertNoExternal, launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'

let srv
let browser
let session // one logged-in admin page shared by the tests, in order

before(async () => {
  srv = await startServer()
  browser = await launchBrowser()
  session = await newPage(browser, srv.baseUrl)
  await login(session.page, 'admin', DEMO_PASSWORD)
  await session.page.waitForURL('**/organizer')
})

after(async () => {
  await browser?.close()
  await srv?.stop()
})

test('the organizer home shows the campaign and org counts', async () => {
  const { page } = session
  await page.getByTestId('campaign-card').waitFor()
  const counts = page.getByTestId('org-counts')
  await counts.waitFor()
  assert.match(await counts.innerText(), /区/)
  assert.match(await counts.innerText(), /高等院校/)
  await settle(page)
  await screenshot(page, '10-organizer-home')
})

async function pickDate(page, label, text) {
  const input = page.getByLabel(label, { exact: true })
  await input.click()
  await input.fill(text)
  await input.press('Enter') // parses the typed text and closes the picker
  await page
    .locator('.el-picker__popper')
    .filter({ visible: true })
    .waitFor({ state: 'hidden' })
    .catch(() => {})
}

test('admin creates campaign 2024 and sees it in the table', async () => {
  const { page } = session
  await page.getByRole('menuitem', { name: '活动季管理' }).click()
  await page.waitForURL('**/admin/campaigns')
  await page.getByTestId('campaign-table').getByText('2023年北京科技周').waitFor()

  await page.getByRole('button', { name: '新建活动季' }).click()
  const dialog = page.getByRole('dialog', { name: '新建活动季' })
  await dialog.waitFor()
  // Client-side checks come first.
  await page.getByTestId('campaign-save').click()
  await dialog.getByText('年份须为 4 位数字').waitFor()

  await dialog.getByLabel('年度', { exact: true }).fill('2024')
  await dialog.getByLabel('届次', { exact: true }).fill('30')
  await dialog.getByLabel('名称', { exact: true }).fill('2024年北京科技周')
  await dialog.getByLabel('主题', { exact: true }).fill('科技创新 引领未来')
  await pickDate(page, '开始日期', '2024-05-18')
  await pickDate(page, '结束日期', '2024-05-26')
  await pickDate(page, '报送截止时间', '2024-06-10 18:00')
  await dialog.getByLabel('联系人 1 姓名').fill('王老师')
  await dialog.getByLabel('联系人 1 电话').fill('010-66661234')
  await screenshot(page, '11-campaign-dialog', { fullPage: false })
  await page.getByTestId('campaign-save').click()
  await dialog.waitFor({ state: 'hidden' })

  const row = page.getByTestId('campaign-table').locator('tr', { hasText: '2024年北京科技周' })
  await row.waitFor()
  const text = await row.innerText()
  assert.match(text, /2024-06-10 18:00/)
  assert.match(text, /2024-05-18 至 2024-05-26/)
  assert.match(text, /草稿/)
  await settle(page)
  await screenshot(page, '12-campaigns')

  // The server stored the deadline as Beijing time.
  const saved = await page.evaluate(() => fetch('/api/v1/campaigns/2024').then((r) => r.json()))
  assert.equal(Date.parse(saved.report_deadline), Date.parse('2024-06-10T18:00:00+08:00'))
})

test('org CSV import: the dry run shows the bad line, a clean file imports', async () => {
  const { page } = session
  await page.getByRole('menuitem', { name: '单位管理' }).click()
  await page.waitForURL('**/admin/orgs')
  await page.getByTestId('org-table').getByText('海淀区', { exact: true }).waitFor()
  await screenshot(page, '13-orgs')

  await page.getByRole('button', { name: '导入 CSV' }).click()
  const dialog = page.getByRole('dialog', { name: '导入单位（CSV）' })
  await dialog.waitFor()
  const header = 'code,name,type,parent_code,contact_name,contact_phone\n'
  const bad = `${header}e2e-a,测试单位甲,university,110108,张老师,010-12345678\ne2e-b,测试单位乙,planet,110108,,\n`
  await page.setInputFiles('#org-csv-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
  await page.getByTestId('import-dry-run').click()
  const errors = page.getByTestId('import-errors')
  await errors.waitFor()
  const errorRow = errors.locator('tbody tr').first()
  assert.match(await errorRow.innerText(), /^3\s+type\s+.*planet/s)
  assert.equal(await errors.locator('tbody tr').count(), 1)
  assert.ok(await page.getByTestId('import-apply').isDisabled())
  await screenshot(page, '14-org-import-errors', { fullPage: false })

  const clean = `${header}e2e-a,测试单位甲,university,110108,张老师,010-12345678\ne2e-b,测试单位乙,institute,110108,,\n`
  await page.setInputFiles('#org-csv-file', { name: 'clean.csv', mimeType: 'text/csv', buffer: Buffer.from(clean) })
  await page.getByTestId('import-dry-run').click()
  await dialog.getByText('检查通过：将新增 2 个单位，更新 0 个单位。').waitFor()
  assert.equal(await page.getByTestId('import-errors').count(), 0)
  await page.getByTestId('import-apply').click()
  await page.getByTestId('import-done').getByText('导入完成：新增 2 个单位，更新 0 个单位。').waitFor()
  await screenshot(page, '15-org-import-done', { fullPage: false })
  await dialog.getByRole('button', { name: '关闭', exact: true }).click()
  await dialog.waitFor({ state: 'hidden' })

  await page.getByLabel('搜索单位').fill('测试单位')
  const table = page.getByTestId('org-table')
  await table.getByText('测试单位甲').waitFor()
  await table.getByText('测试单位乙').waitFor()
})

test('users and audit pages list what happened', async () => {
  const { page, external, pageErrors } = session
  await page.getByRole('menuitem', { name: '用户管理' }).click()
  await page.waitForURL('**/admin/users')
  await page.getByTestId('user-table').getByText('110108', { exact: true }).first().waitFor()
  await settle(page)
  await screenshot(page, '16-users')

  await page.getByRole('menuitem', { name: '审计日志' }).click()
  await page.waitForURL('**/admin/audit')
  const table = page.getByTestId('audit-table')
  await table.getByText('campaign.created').first().waitFor()
  await table.getByText('org.imported').first().waitFor()
  await settle(page)
  await screenshot(page, '17-audit')
  assertNoExternal(external)
  assert.deepEqual(pageErrors, [])
})
