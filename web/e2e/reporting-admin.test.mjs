// The admin side of reporting: the form template editor (live preview, the server's rule
// syntax check shown at the rule, copying last year's form), per-unit extensions and locking
// late filing — each seen from the unit's side too.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'
import { apiCall } from './support/api.mjs'
import { LABELS } from './support/reporting.mjs'

let srv
let browser
let admin

before(async () => {
  srv = await startServer()
  browser = await launchBrowser()
  admin = await newPage(browser, srv.baseUrl)
  await login(admin.page, 'admin', DEMO_PASSWORD)
  await admin.page.waitForURL('**/organizer')
})

after(async () => {
  await browser?.close()
  await srv?.stop()
})

async function confirmBox(page, title, button) {
  await page.getByRole('dialog', { name: title }).getByRole('button', { name: button }).click()
}

test('form editor: live preview, a rule syntax error shown at the rule, a new field saved', async () => {
  const { page } = admin
  await page.goto('/admin/campaigns')
  await page.getByRole('link', { name: '表单设计 2023年北京科技周' }).click()
  await page.waitForURL('**/admin/campaigns/2023/form')
  const preview = page.getByRole('complementary', { name: '预览（可试填）' })
  await preview.getByRole('textbox', { name: LABELS.fund_municipal, exact: true }).fill('1.234')
  await preview.getByText('北京市财政经费投入情况最多保留两位小数').waitFor()

  await page.getByRole('tab', { name: /校验规则/ }).click()
  const expr = page.getByTestId('fe-rule-expr-0')
  await expr.fill('municipal_activities <= activities_held +')
  await page.getByTestId('form-save').click()
  const err = page.getByTestId('fe-err-rule-0')
  await err.getByText(/规则表达式有误/).waitFor()
  await settle(page)
  await screenshot(page, '50-form-editor-rule-error')
  await expr.fill('municipal_activities <= activities_held')
  assert.equal(await err.count(), 1) // stays until the next save answers

  await page.getByRole('tab', { name: /类别与指标/ }).click()
  const last = page.getByTestId('fe-section-7')
  await last.getByRole('button', { name: '添加指标' }).click()
  await page.getByLabel('指标名称').last().fill('开放的科普基地数量')
  await page.getByLabel('指标代码').last().fill('bases_opened')
  await preview.getByRole('textbox', { name: '开放的科普基地数量', exact: true }).waitFor()
  await page.getByTestId('form-save').click()
  await page.getByText('表单已保存', { exact: true }).waitFor()
  assert.equal(await page.getByTestId('fe-err-rule-0').count(), 0)
  const form = await apiCall(page, 'GET', 'campaigns/2023/form')
  assert.equal(form.body.sections[7].fields.at(-1).code, 'bases_opened')
  assert.equal(form.body.rules[0].expression, 'municipal_activities <= activities_held')
  await settle(page)
  await screenshot(page, '51-form-editor')
})

test("复制上届表单 loads last year's form into the new campaign and saves it", async () => {
  const { page } = admin
  const created = await apiCall(page, 'POST', 'campaigns', {
    year: 2024,
    edition: 30,
    name: '2024年北京科技周',
    theme: '测试',
    start_date: '2024-05-18',
    end_date: '2024-05-26',
    report_deadline: '2024-06-10T18:00:00+08:00',
    contacts: [],
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  await page.goto('/admin/campaigns/2024/form')
  await page.getByTestId('form-copy-previous').getByText('复制上届表单（2023年）').waitFor()
  await page.getByTestId('form-copy-previous').click()
  await confirmBox(page, '复制上届表单', '复制并保存')
  await page.getByText('已复制 2023 年的表单').waitFor()
  const form = await apiCall(page, 'GET', 'campaigns/2024/form')
  assert.equal(form.body.sections[7].fields.at(-1).code, 'bases_opened')
})

test("an extension moves one unit's deadline, which its workspace then shows", async () => {
  const { page } = admin
  await page.goto('/admin/campaigns')
  await page.getByRole('button', { name: '为 2023年北京科技周 设置单位延期' }).click()
  const dialog = page.getByTestId('extension-dialog')
  await dialog
    .locator('.el-loading-mask')
    .waitFor({ state: 'detached' })
    .catch(() => {})
  await dialog.locator('.el-select').click()
  await page.getByRole('option', { name: '东城区（110101）' }).click()
  await dialog.getByText('当前截止：2023-06-12 18:00').waitFor()
  const input = dialog.getByLabel('延期至（北京时间）')
  await input.click()
  await input.fill('2099-06-19 18:00')
  await input.press('Enter')
  await screenshot(page, '52-extension-dialog', { fullPage: false })
  await page.getByTestId('extension-save').click()
  await page.getByText('已设置延期').waitFor()
  const r = await apiCall(page, 'GET', 'campaigns/2023/reports/110101')
  assert.equal(Date.parse(r.body.extension), Date.parse('2099-06-19T18:00:00+08:00'))

  const unit = await newPage(browser, srv.baseUrl)
  await login(unit.page, '110101', DEMO_PASSWORD)
  await unit.page.waitForURL('**/unit')
  await unit.page.getByTestId('extended').getByText('原截止 2023-06-12 18:00').waitFor()
  assert.equal(await unit.page.getByTestId('deadline').innerText(), '2099-06-19 18:00')
  assert.match(await unit.page.getByTestId('countdown').innerText(), /^剩余/)
  await settle(unit.page)
  await screenshot(unit.page, '53-unit-home-extended')
  await unit.context.close()
})

test("with late filing locked, a late submission shows the server's refusal", async () => {
  const { page } = admin
  await page.goto('/admin/campaigns')
  await page.getByRole('button', { name: '编辑 2023年北京科技周' }).click()
  const dialog = page.getByRole('dialog', { name: '编辑活动季（2023）' })
  await dialog.getByTestId('late-locked').click()
  await page.getByTestId('campaign-save').click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('campaign-table').getByText('截止后停止补报').waitFor()

  const unit = await newPage(browser, srv.baseUrl)
  await login(unit.page, '110102', DEMO_PASSWORD)
  await unit.page.waitForURL('**/unit')
  // bases_opened: the field the editor test added to this form.
  const values = { ...Object.fromEntries(Object.keys(LABELS).map((k) => [k, 1])), bases_opened: 1 }
  const put = await apiCall(unit.page, 'PUT', 'campaigns/2023/reports/110102', { values, version: 0 })
  assert.equal(put.status, 200, JSON.stringify(put.body))
  await unit.page.goto('/unit/reports/2023/110102')
  await unit.page.getByText('已过截止时间，已停止补报').waitFor()
  await unit.page.getByTestId('submit-report').click()
  await unit.page.getByTestId('submit-confirm-button').click()
  const notice = unit.page.locator('.el-message--error')
  await notice.waitFor()
  assert.match(await notice.innerText(), /提交失败：.+/)
  await screenshot(unit.page, '54-late-locked', { fullPage: false })
  const r = await apiCall(unit.page, 'GET', 'campaigns/2023/reports/110102')
  assert.equal(r.body.status, 'draft')
  await unit.context.close()
})

test("a unit's e-mail: a bad address is refused at the box, a good one is saved, the chase list uses it", async () => {
  const { page } = admin
  const before = await apiCall(page, 'GET', 'orgs/110101')
  await page.goto('/admin/orgs')
  await page.getByTestId('org-table').waitFor()
  await settle(page)
  await page.getByRole('button', { name: '编辑 东城区', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: '编辑单位' })
  const email = dialog.getByLabel('电子邮箱', { exact: true })
  await email.fill('张三@example.cn') // no SMTPUTF8: the server refuses it, so the form does too
  await dialog.getByRole('button', { name: '保存' }).click()
  await dialog.locator('.el-form-item__error', { hasText: '电子邮箱格式不正确，例如 name@example.org.cn' }).waitFor()
  await screenshot(page, '55-org-email-refused', { fullPage: false })
  await email.fill('kjz.office@dongcheng.example.org.cn')
  await dialog.getByRole('button', { name: '保存' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('org-table').getByText('kjz.office@dongcheng.example.org.cn').waitFor()
  const o = await apiCall(page, 'GET', 'orgs/110101')
  assert.equal(o.body.contact_email, 'kjz.office@dongcheng.example.org.cn')
  assert.deepEqual({ ...o.body, contact_email: null }, { ...before.body, contact_email: null }) // the rest untouched

  // The chase list shows the address; a reminder's log row tells how its e-mail went (no SMTP
  // configured in the tests: 未启用邮件提醒).
  await page.goto('/organizer/dashboard?year=2023&tab=chase')
  const row = page.getByTestId('chase-table').locator('tr', { hasText: '东城区' })
  await row.getByText('kjz.office@dongcheng.example.org.cn').waitFor()
  await row.locator('.el-checkbox').click()
  await page.getByLabel('催报内容（可选，不填则使用默认内容）').fill('请东城区核对邮箱后提交')
  await page.getByTestId('send-reminders').click()
  await page.getByRole('dialog', { name: '发送催报' }).getByRole('button', { name: '发送' }).click()
  const logRow = page.getByTestId('chase-log').locator('tr', { hasText: '请东城区核对邮箱后提交' })
  await logRow.getByTestId('email-off').getByText('未启用邮件提醒').waitFor()
  const log = await apiCall(page, 'GET', 'campaigns/2023/reminders?org_code=110101')
  assert.equal(log.body.items[0].email.status, 'off', JSON.stringify(log.body.items[0]))
  await settle(page)
  await screenshot(page, '56-chase-email-status')
})
