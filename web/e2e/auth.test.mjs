// Login, the reporter's workspace, access control and session loss, in a real browser
// against the real server.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { assertNoExternal, launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'

let srv
let browser

before(async () => {
  srv = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await srv?.stop()
})

test('a wrong password shows the server message inline; login loads no admin or chart code', async () => {
  const { context, page, external, requested, pageErrors } = await newPage(browser, srv.baseUrl)
  await login(page, 'admin', 'Wrong-Passw0rd')
  const error = page.getByTestId('login-error')
  await error.waitFor()
  assert.match(await error.innerText(), /用户名或密码错误/)
  assert.equal(new URL(page.url()).pathname, '/login')
  assert.equal(await page.getByLabel('密码', { exact: true }).inputValue(), '')
  await screenshot(page, '01-login-error')
  await page.setViewportSize({ width: 390, height: 844 })
  await screenshot(page, '01-login-error-phone')

  const scripts = requested.filter((u) => /\.js(\?|$)/.test(u))
  const heavy = scripts.filter((u) =>
    /(CampaignsView|OrgsView|UsersView|AuditView|AppLayout|echarts|DashboardView|TotalsCharts|FormEditorView|ReportView|StatsForm)/i.test(
      u,
    ),
  )
  assert.deepEqual(heavy, [], 'the login page must not download admin or chart code')
  assertNoExternal(external)
  assert.deepEqual(pageErrors, [])
  await context.close()
})

test('reporter 110108 sees the workspace with the 2023 campaign in Beijing time', async () => {
  const { context, page, external, pageErrors } = await newPage(browser, srv.baseUrl)
  await login(page, '110108', DEMO_PASSWORD)
  await page.waitForURL('**/unit')
  const card = page.getByTestId('campaign-card')
  await card.waitFor()
  assert.equal(await page.getByTestId('unit-name').innerText(), '海淀区')
  assert.equal(await page.getByTestId('theme').innerText(), '热爱科学 崇尚科学')
  // The browser runs in New York time; the deadline must still read 18:00 Beijing time.
  assert.equal(await page.getByTestId('deadline').innerText(), '2023-06-12 18:00')
  assert.equal(await page.getByTestId('countdown').innerText(), '已截止')
  assert.match(await card.innerText(), /2023年北京科技周/)
  assert.match(await card.innerText(), /第 29 届/)
  const user = await page.getByTestId('current-user').innerText()
  assert.match(user, /海淀区/)
  assert.match(user, /单位填报人/)
  await settle(page)
  await screenshot(page, '02-unit-home')

  await page.setViewportSize({ width: 390, height: 844 })
  await screenshot(page, '02-unit-home-phone')
  await page.getByRole('button', { name: '打开菜单' }).click()
  await page.getByRole('dialog', { name: '菜单' }).getByRole('menuitem', { name: '本单位工作台' }).waitFor()
  await screenshot(page, '02-unit-menu-phone')
  assertNoExternal(external)
  assert.deepEqual(pageErrors, [])
  await context.close()
})

test('a reporter typing /admin/orgs gets the not-found page and no admin data', async () => {
  const { context, page, requested } = await newPage(browser, srv.baseUrl)
  await login(page, '110108', DEMO_PASSWORD)
  await page.waitForURL('**/unit')
  const mark = requested.length
  await page.goto('/admin/orgs')
  await page.getByTestId('not-found').waitFor()
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /页面不存在/)
  assert.equal(new URL(page.url()).pathname, '/admin/orgs')
  assert.equal(await page.getByTestId('org-table').count(), 0)
  const later = requested.slice(mark)
  assert.ok(!later.some((u) => /OrgsView|\/api\/v1\/(orgs|users|audit)/.test(u)), `unexpected: ${later}`)
  assert.doesNotMatch(await page.content(), /清华大学|北京大学/)
  // The server refuses too, whatever the UI does.
  const status = await page.evaluate(() => fetch('/api/v1/users').then((r) => r.status))
  assert.equal(status, 403)
  await screenshot(page, '03-not-found')
  await context.close()
})

test('after the session is lost the user logs in again and returns where they were', async () => {
  const { context, page } = await newPage(browser, srv.baseUrl)
  await login(page, 'admin', DEMO_PASSWORD)
  await page.waitForURL('**/organizer')
  await page.getByRole('menuitem', { name: '用户管理' }).click()
  await page.waitForURL('**/admin/users')
  await page.getByTestId('user-table').getByText('reviewer', { exact: true }).waitFor()

  await context.clearCookies() // the session ends (expired, or ended elsewhere)
  await page.getByRole('button', { name: '刷新' }).click()
  await page.waitForURL(/\/login\?redirect=/)
  assert.equal(new URL(page.url()).searchParams.get('redirect'), '/admin/users')
  await screenshot(page, '04-session-lost-login')

  await page.getByLabel('登录名', { exact: true }).fill('admin')
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await page.waitForURL('**/admin/users')
  await page.getByTestId('user-table').getByText('reviewer', { exact: true }).waitFor()

  // A reload recovers the session (and its CSRF token) from GET /me.
  await page.reload()
  await page.getByTestId('user-table').getByText('reviewer', { exact: true }).waitFor()
  assert.equal(new URL(page.url()).pathname, '/admin/users')
  await context.close()
})

test('changing the password: a wrong old password is marked at its field, then it works', async () => {
  const { context, page } = await newPage(browser, srv.baseUrl)
  await login(page, '110105', DEMO_PASSWORD)
  await page.waitForURL('**/unit')
  await page.getByRole('button', { name: '修改密码' }).click()
  const dialog = page.getByRole('dialog', { name: '修改密码' })
  await dialog.getByLabel('原密码', { exact: true }).fill('Not-The-Passw0rd')
  await dialog.getByLabel('新密码', { exact: true }).fill('New-Passw0rd-2024')
  await dialog.getByLabel('确认新密码', { exact: true }).fill('New-Passw0rd-2024')
  await dialog.getByRole('button', { name: '确认修改' }).click()
  await dialog.locator('.el-form-item', { hasText: '原密码' }).first().getByText('原密码不正确').waitFor()
  await screenshot(page, '05-change-password-error', { fullPage: false })

  await dialog.getByLabel('原密码', { exact: true }).fill(DEMO_PASSWORD)
  await dialog.getByRole('button', { name: '确认修改' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByText('密码已修改').waitFor()

  await page.getByRole('button', { name: '退出登录' }).click()
  await page.waitForURL('**/login')
  await login(page, '110105', 'New-Passw0rd-2024')
  await page.waitForURL('**/unit')
  await context.close()
})

test('after repeated failures the login page shows the server message and the wait', async () => {
  const { context, page } = await newPage(browser, srv.baseUrl)
  await page.goto('/login')
  const error = page.getByTestId('login-error')
  let text = ''
  for (let i = 0; i < 8 && !/过多/.test(text); i++) {
    await page.getByLabel('登录名', { exact: true }).fill('110101')
    await page.getByLabel('密码', { exact: true }).fill(`Wrong-Passw0rd-${i}`)
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'))
    await page.getByRole('button', { name: '登录', exact: true }).click()
    await answered
    await error.waitFor()
    text = await error.innerText()
  }
  assert.match(text, /登录失败次数过多/)
  assert.match(text, /请在 .+后重试/)
  assert.ok(await page.getByRole('button', { name: '登录', exact: true }).isDisabled())
  await screenshot(page, '06-login-throttled')
  await context.close()
})

test('a reviewer sees the organizer menu and a read-only unit tree, not the admin pages', async () => {
  const { context, page } = await newPage(browser, srv.baseUrl)
  await login(page, 'reviewer', DEMO_PASSWORD)
  await page.waitForURL('**/organizer')
  const menu = await page.getByRole('navigation', { name: '主菜单', exact: true }).getByRole('menuitem').allInnerTexts()
  assert.deepEqual(
    menu.map((t) => t.trim()),
    ['工作台', '报送统计', '活动审核', '单位'],
  )
  await page.getByRole('menuitem', { name: '单位' }).click()
  await page.waitForURL('**/organizer/orgs')
  await page.getByTestId('org-table').getByText('清华大学').waitFor()
  assert.equal(await page.getByRole('button', { name: /^编辑/ }).count(), 0)
  await settle(page)
  await screenshot(page, '07-reviewer-orgs')
  await page.goto('/admin/users')
  await page.getByTestId('not-found').waitFor()
  await context.close()
})

test('check-in staff see their unit and the campaign', async () => {
  const { context, page } = await newPage(browser, srv.baseUrl)
  await login(page, 'checkin', DEMO_PASSWORD)
  await page.waitForURL('**/checkin')
  const home = page.getByTestId('checkin-home')
  await home.getByText('中国科学技术馆', { exact: true }).waitFor()
  await home.getByText('2023年北京科技周', { exact: false }).first().waitFor()
  await settle(page)
  await screenshot(page, '08-checkin-home')
  await context.close()
})
