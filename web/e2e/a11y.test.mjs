// Accessibility of every main page, checked by axe-core in the real browser against the real
// server: no serious or critical violation of WCAG 2.0/2.1 A and AA (colour contrast included)
// for each role's pages, and the login form works from the keyboard with a visible focus ring.
// The activity pages (public calendar on a phone too, reservation, ticket, the unit's and the
// organizer's activity pages with a session's 观众消息, the check-in desk) run last, on a campaign of the current year
// set up through the API.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { launchBrowser, login, newPage, settle } from './support/browser.mjs'
import { addDays, apiCall, beijingToday, openCampaign } from './support/api.mjs'
import { AXE, axeViolations } from './support/axe.mjs'

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

/** Visits each page (path → element that shows it is loaded) and collects the violations. */
async function checkPages(page, pages) {
  const found = []
  for (const [path, ready] of pages) {
    await page.goto(path)
    await page.locator(ready).first().waitFor()
    for (const line of await axeViolations(page)) found.push(`${path}: ${line}`)
  }
  return found
}

test('the login and not-found pages have no serious accessibility violations', async () => {
  const { context, page } = await newPage(browser, srv.baseUrl, AXE)
  const found = await checkPages(page, [
    ['/login', 'button[type="submit"]'],
    ['/no-such-page', '[data-testid="not-found"]'],
  ])
  // The server's message after a failed login is part of the page too.
  await page.goto('/login')
  await login(page, 'reviewer', 'Wrong-Passw0rd')
  await page.getByTestId('login-error').waitFor()
  for (const line of await axeViolations(page)) found.push(`/login (error): ${line}`)
  assert.deepEqual(found, [])
  await context.close()
})

test('the reporter pages (workspace, form, materials, history, district view) pass axe', async () => {
  const { context, page } = await newPage(browser, srv.baseUrl, AXE)
  await login(page, '110101', DEMO_PASSWORD) // 东城区: a district, so it has the district view
  await page.waitForURL('**/unit')
  const report = '/unit/reports/2023/110101'
  const found = await checkPages(page, [
    ['/unit', '[data-testid="go-form"]'],
    [report, '[data-testid="save-status"], [data-testid="readonly-note"]'],
    [`${report}/materials`, '[data-testid="materials-panel"]'],
    [`${report}/history`, '[data-testid="history-panel"]'],
    ['/unit/district', '[data-testid="progress-panel"]'],
    ['/unit/district?tab=totals', '[data-testid="totals-panel"]'],
  ])
  // The change-password dialog belongs to every logged-in page.
  await page.goto('/unit')
  await page.getByRole('button', { name: '修改密码' }).click()
  await page.getByRole('dialog', { name: '修改密码' }).waitFor()
  for (const line of await axeViolations(page)) found.push(`修改密码 dialog: ${line}`)
  assert.deepEqual(found, [])
  await context.close()
})

test('the organizer pages (home, dashboard tabs, review) pass axe', async () => {
  const { context, page } = await newPage(browser, srv.baseUrl, AXE)
  await login(page, 'reviewer', DEMO_PASSWORD)
  await page.waitForURL('**/organizer')
  const found = await checkPages(page, [
    ['/organizer', '[data-testid="org-counts"]'],
    ['/organizer/dashboard', '[data-testid="progress-panel"]'],
    ['/organizer/dashboard?tab=review', '[data-testid="review-queue"]'],
    ['/organizer/dashboard?tab=totals', '[data-testid="totals-panel"]'],
    ['/organizer/reports/2023/110101', '[data-testid="review-panel"]'],
    ['/organizer/orgs', '[data-testid="org-table"]'],
  ])
  assert.deepEqual(found, [])
  await context.close()
})

test('the admin pages (campaigns, form editor, orgs with the unit dialog, users, audit, new activity) pass axe', async () => {
  const { context, page } = await newPage(browser, srv.baseUrl, AXE)
  await login(page, 'admin', DEMO_PASSWORD)
  await page.waitForURL('**/organizer')
  const found = await checkPages(page, [
    ['/organizer/dashboard?tab=chase', '[data-testid="chase-panel"]'],
    ['/admin/campaigns', '[data-testid="campaign-table"]'],
    ['/admin/campaigns/2023/form', '[data-testid="form-editor"]'],
    ['/admin/orgs', '[data-testid="org-table"]'],
    ['/admin/users', '[data-testid="user-table"]'],
    ['/admin/audit', '[data-testid="audit-table"]'],
    ['/organizer/activities/new', '#af-lead'], // an admin files for another unit: the 主办单位 picker
  ])
  await page.goto('/admin/campaigns')
  await page.getByRole('button', { name: '新建活动季' }).click()
  await page.getByRole('dialog', { name: '新建活动季' }).waitFor()
  for (const line of await axeViolations(page)) found.push(`新建活动季 dialog: ${line}`)
  // A unit's dialog showing the server's words for a bad e-mail address.
  await page.goto('/admin/orgs')
  await page.getByTestId('org-table').waitFor()
  await settle(page)
  await page.getByRole('button', { name: '编辑 东城区', exact: true }).click()
  const org = page.getByRole('dialog', { name: '编辑单位' })
  await org.getByLabel('电子邮箱', { exact: true }).fill('张三@example.cn')
  await org.getByRole('button', { name: '保存' }).click()
  await org.locator('.el-form-item__error').filter({ hasText: '电子邮箱' }).waitFor()
  for (const line of await axeViolations(page)) found.push(`编辑单位 dialog: ${line}`)
  assert.deepEqual(found, [])
  await context.close()
})

/** The focused element's ring: its own outline, or the box-shadow of the Element Plus wrapper
 *  that draws the ring for a bare input. */
async function focusRing(page) {
  return page.evaluate(() => {
    const el = document.activeElement
    const own = getComputedStyle(el)
    const wrapper = el.closest('.el-input__wrapper')
    return {
      id: el.id,
      tag: el.tagName,
      type: el.getAttribute('type'),
      outline:
        own.outlineStyle !== 'none' && parseFloat(own.outlineWidth) >= 2
          ? `${own.outlineWidth} ${own.outlineStyle} ${own.outlineColor}`
          : '',
      shadow: wrapper ? getComputedStyle(wrapper).boxShadow : own.boxShadow,
    }
  })
}
const visibleRing = (f) => f.outline !== '' || (f.shadow && f.shadow !== 'none')

test('the login form works from the keyboard: Tab through it, Enter submits, focus is visible', async () => {
  const { context, page } = await newPage(browser, srv.baseUrl, AXE)
  await page.goto('/login')
  await page.locator('#login-name').waitFor()
  await page.locator('body').click({ position: { x: 5, y: 5 } }) // focus starts on the page, not a field

  await page.keyboard.press('Tab')
  let f = await focusRing(page)
  assert.equal(f.id, 'login-name', 'the first Tab reaches the login name')
  assert.ok(visibleRing(f), `no visible focus on the login name: ${JSON.stringify(f)}`)
  await page.keyboard.type('110101')

  await page.keyboard.press('Tab')
  f = await focusRing(page)
  assert.equal(f.id, 'login-password', 'the next Tab reaches the password')
  assert.ok(visibleRing(f), `no visible focus on the password: ${JSON.stringify(f)}`)
  await page.keyboard.type(DEMO_PASSWORD)

  // Onwards to the submit button (past the show-password toggle, if it takes focus).
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab')
    f = await focusRing(page)
    if (f.type === 'submit') break
  }
  assert.equal(f.type, 'submit', 'Tab reaches the 登录 button')
  assert.ok(f.outline, `no visible focus outline on the 登录 button: ${JSON.stringify(f)}`)

  // Back in the password field, Enter submits the form.
  await page.locator('#login-password').focus()
  await page.keyboard.press('Enter')
  await page.waitForURL('**/unit')
  await page.getByTestId('campaign-card').waitFor()
  await context.close()
})

// ---- Activity pages: this year's campaign, one activity approved by the reviewer and one
// waiting in the review queue, both led by 中国科学技术馆 (kjg, where the `checkin` user works).
const { date: TODAY, year: YEAR } = beijingToday()
const DAY = addDays(TODAY, 1)
const END = addDays(TODAY, 6).startsWith(String(YEAR)) ? addDays(TODAY, 6) : `${YEAR}-12-31`
const act = { approved: null, submitted: null, ticketNo: null }

function activityBody(title, category) {
  return {
    lead_org: 'kjg',
    title,
    category,
    mode: 'offline',
    district: '110105',
    venue: '中国科学技术馆 B 厅',
    address: '朝阳区北辰东路5号',
    starts_at: `${TODAY}T00:00:00+08:00`,
    ends_at: `${DAY}T12:00:00+08:00`,
    audience: ['青少年', '亲子家庭'],
    description: '动手搭建机器人，了解传感器与控制。',
    contact_name: '王老师',
    contact_phone: '010-59041000',
    is_free: true,
    reservation_required: true,
    online_url: null,
    security_owner: null,
    safe_occupancy: 20,
    co_organizers: ['pku'],
    sessions: [
      {
        starts_at: `${DAY}T09:30:00+08:00`,
        ends_at: `${DAY}T11:30:00+08:00`,
        capacity: 10,
        high_demand: false,
        opens_at: null,
        lottery_cutoff: null,
      },
    ],
  }
}

async function setUpActivities() {
  const admin = await newPage(browser, srv.baseUrl)
  await login(admin.page, 'admin', DEMO_PASSWORD)
  await admin.page.waitForURL('**/organizer')
  await openCampaign(admin.page, { year: YEAR, start: TODAY, end: END })
  for (const [key, title] of [
    ['approved', '青少年机器人开放日'],
    ['submitted', '科学实验秀开放日'],
  ]) {
    const a = await apiCall(admin.page, 'POST', `campaigns/${YEAR}/activities`, activityBody(title, '开放日'))
    assert.equal(a.status, 201, JSON.stringify(a.body))
    const s = await apiCall(admin.page, 'POST', `activities/${a.body.id}/submit`)
    assert.equal(s.status, 200, JSON.stringify(s.body))
    act[key] = a.body.id
  }
  await admin.context.close()
  const reviewer = await newPage(browser, srv.baseUrl)
  await login(reviewer.page, 'reviewer', DEMO_PASSWORD)
  await reviewer.page.waitForURL('**/organizer')
  const ok = await apiCall(reviewer.page, 'POST', `activities/${act.approved}/approve`)
  assert.equal(ok.status, 200, JSON.stringify(ok.body))
  await reviewer.context.close()
}

test('the public activity pages (calendar, activity with its reservation form, ticket, institutions) pass axe, on a phone too', async () => {
  await setUpActivities()
  const found = []
  for (const viewport of [
    { width: 1280, height: 860 },
    { width: 390, height: 844 },
  ]) {
    const { context, page } = await newPage(browser, srv.baseUrl, { ...AXE, ...viewport })
    const tag = `${viewport.width}px`
    for (const line of await checkPages(page, [
      ['/events', `[data-testid="activity-${act.approved}"]`],
      ['/institutions', 'h1'],
      ['/tickets', '[data-testid="my-tickets"], .el-empty'],
    ]))
      found.push(`${tag} ${line}`)

    await page.goto(`/events/${act.approved}`)
    await page.getByTestId('activity-title').waitFor()
    for (const line of await axeViolations(page)) found.push(`${tag} /events/${act.approved}: ${line}`)
    await page.getByRole('button', { name: /^预约 / }).click()
    await page.getByTestId('reserve-form').waitFor()
    // The form as it shows a refused phone number.
    await page.getByLabel('姓名', { exact: true }).fill('张小明')
    await page.getByLabel('手机号', { exact: true }).fill('010-12345678')
    await page.getByTestId('reserve-submit').click()
    await page.locator('.el-form-item__error', { hasText: '11 位' }).waitFor()
    for (const line of await axeViolations(page)) found.push(`${tag} reservation form: ${line}`)
    await page.getByLabel('手机号', { exact: true }).fill(viewport.width > 400 ? '13812345678' : '13912345678')
    await page.getByTestId('reserve-submit').click()
    await page.waitForURL(/\/tickets\/.+/)
    await page.getByTestId('ticket-qr').waitFor()
    act.ticketNo ??= (await page.getByTestId('ticket-no').innerText()).replace(/-/g, '')
    const ticketPath = new URL(page.url()).pathname
    for (const line of await axeViolations(page)) found.push(`${tag} ticket: ${line}`)
    for (const line of await checkPages(page, [['/tickets', '[data-testid="my-tickets"]']]))
      found.push(`${tag} ${line}`)
    if (viewport.width < 400) {
      // On the phone: the ticket reloads from its address (a dotted code once got the server's
      // 404 文件不存在); on another device it asks for the phone; cancelling asks first, then
      // shows the cancelled ticket.
      await page.goto(ticketPath)
      await page.getByTestId('ticket-qr').waitFor()
      const other = await newPage(browser, srv.baseUrl, { ...AXE, ...viewport })
      for (const line of await checkPages(other.page, [[ticketPath, 'form button[type="submit"]']]))
        found.push(`${tag} (other device) ${line}`)
      await other.context.close()
      await page.getByTestId('cancel-ticket').click()
      const box = page.getByRole('dialog', { name: '取消预约' })
      await box.waitFor()
      for (const line of await axeViolations(page)) found.push(`${tag} cancel box: ${line}`)
      await box.getByRole('button', { name: '确定取消' }).click()
      await page.locator('[data-testid="ticket"].cancelled').waitFor()
      for (const line of await axeViolations(page)) found.push(`${tag} cancelled ticket: ${line}`)
    }
    await context.close()
  }
  assert.deepEqual(found, [])
})

test("the unit's activity pages (list, form, activity) pass axe", async () => {
  assert.ok(act.approved, 'needs the activities set up above')
  const { context, page } = await newPage(browser, srv.baseUrl, AXE)
  await login(page, 'kjg', DEMO_PASSWORD)
  await page.waitForURL('**/unit')
  const found = await checkPages(page, [
    ['/unit/activities', '[data-testid="activities-table"]'],
    ['/unit/activities/new', '#af-title'],
    [`/unit/activities/${act.approved}`, '[data-testid="activity-info"]'],
    [`/unit/activities/${act.submitted}`, '[data-testid="activity-info"]'],
  ])
  // The form with the client's messages at its boxes.
  await page.goto('/unit/activities/new')
  await page.locator('#af-title').waitFor()
  await page.getByTestId('activity-save').click()
  await page.getByTestId('form-errors').waitFor()
  for (const line of await axeViolations(page)) found.push(`/unit/activities/new (errors): ${line}`)
  // 观众消息 of the published session. This server runs without an SMS provider, so a notice is
  // refused (409) and the drawer shows the server's words above the button.
  await page.goto(`/unit/activities/${act.approved}`)
  await page.getByTestId('session-messages-0').click()
  const drawer = page.getByTestId('session-messages')
  await drawer.getByTestId('message-counts').waitFor()
  await drawer.getByTestId('notice-text').fill('因天气原因，入场改走北门')
  await drawer.getByTestId('notice-send').click()
  await page.getByRole('dialog', { name: '发送通知' }).getByRole('button', { name: '确认发送' }).click()
  await drawer.getByTestId('notice-send-error').getByText('未配置短信通道，无法向观众发送通知').waitFor()
  for (const line of await axeViolations(page)) found.push(`观众消息 (409): ${line}`)
  assert.deepEqual(found, [])
  await context.close()
})

test("the organizer's activity review (queue, activity, approve dialog) passes axe", async () => {
  assert.ok(act.submitted, 'needs the activities set up above')
  const { context, page } = await newPage(browser, srv.baseUrl, AXE)
  await login(page, 'reviewer', DEMO_PASSWORD)
  await page.waitForURL('**/organizer')
  const found = await checkPages(page, [
    ['/organizer/activities', '[data-testid="activities-table"] .el-table__row'],
    ['/organizer/activities?status=approved', '[data-testid="activities-table"] .el-table__row'],
    [`/organizer/activities/${act.submitted}`, '[data-testid="approve-activity"]'],
  ])
  await page.getByTestId('approve-activity').click()
  await page.getByRole('dialog').getByRole('button', { name: '通过并发布' }).waitFor()
  for (const line of await axeViolations(page)) found.push(`approve dialog: ${line}`)
  assert.deepEqual(found, [])
  await context.close()
})

test('the check-in desk passes axe, with a result shown, on a phone too', async () => {
  assert.ok(act.ticketNo, 'needs the ticket from the public pages test')
  const found = []
  for (const viewport of [
    { width: 1280, height: 860 },
    { width: 390, height: 844 },
  ]) {
    const { context, page } = await newPage(browser, srv.baseUrl, { ...AXE, ...viewport })
    const tag = `${viewport.width}px`
    await login(page, 'checkin', DEMO_PASSWORD)
    await page.waitForURL('**/checkin')
    for (const line of await checkPages(page, [
      ['/checkin', '[data-testid="checkin-home"]'],
      ['/checkin/desk', '[data-testid="desk-code"]'],
    ]))
      found.push(`${tag} ${line}`)
    await page.getByTestId('counter-reserved').waitFor()
    for (const [typed, result] of [
      [act.ticketNo, viewport.width > 400 ? 'ok' : 'already_checked_in'],
      ['ZZZZZZZZZZZZZZZZ', 'unknown'],
    ]) {
      await page.locator('#cd-code').fill(typed)
      await page.getByTestId('desk-check').click()
      await page.locator(`[data-testid="checkin-result"][data-result="${result}"]`).waitFor()
      for (const line of await axeViolations(page)) found.push(`${tag} desk (${result}): ${line}`)
    }
    await context.close()
  }
  assert.deepEqual(found, [])
})
