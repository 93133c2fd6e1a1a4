// Activities from filing to the door, in a real browser against the real server: a unit's
// reporter files an offline activity with one small session and submits it; the reviewer
// approves it; a visitor on a phone finds it in the public calendar by district and day,
// reserves and gets the ticket with its QR; the venue's check-in staff types the ticket number
// (成功, then 已签到过); the unit's statistics form then offers the checked-in people as the
// suggested offline participants, and 使用建议值 fills the box.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { assertNoExternal, launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'
import { addDays, apiCall, beijingToday, openCampaign } from './support/api.mjs'
import { routeAnswers } from './support/reporting.mjs'

const { date: today, year: YEAR } = beijingToday()
// The open day runs from today 00:00 to tomorrow noon (so it counts as held for the statistics
// suggestion, which counts activities started by now); its one session is tomorrow morning.
const DAY = addDays(today, 1)
const END = addDays(today, 6).startsWith(String(YEAR)) ? addDays(today, 6) : `${YEAR}-12-31`
const TITLE = `青少年机器人开放日 ${Date.now() % 100000}`
const UNIT = 'kjg' // 中国科学技术馆, in 朝阳区; the demo's `checkin` user works there
const DISTRICT = '朝阳区'
const PARTY = 2

const srv = await startServer()
const browser = await launchBrowser()
const admin = await newPage(browser, srv.baseUrl)
await login(admin.page, 'admin', DEMO_PASSWORD)
await admin.page.waitForURL('**/organizer')
const pending = !(await routeAnswers(admin.page, 'GET', 'campaigns/2023/activities'))
const PENDING =
  pending && 'pending on the server: GET /campaigns/{year}/activities answers 404 (route not implemented yet)'

// This year's campaign, open, around today (set up through the API: not what is under test).
if (!pending) await openCampaign(admin.page, { year: YEAR, start: today, end: END })

const state = { id: null, ticketNo: null, code: null, baseline: null }
const tmp = mkdtempSync(path.join(tmpdir(), 'sciweek-e2e-act-'))

after(async () => {
  rmSync(tmp, { recursive: true, force: true })
  await browser?.close()
  await srv?.stop()
})

async function pickDateTime(page, selector, text) {
  const input = page.locator(selector)
  await input.click()
  await input.fill(text)
  await input.press('Enter')
  await page
    .locator('.el-picker__popper')
    .filter({ visible: true })
    .waitFor({ state: 'hidden' })
    .catch(() => {})
}

async function pickOption(page, selectId, option) {
  await page.locator('.el-select', { has: page.locator(`#${selectId}`) }).click()
  await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: option }).first().click()
}

test('(a) the unit files an offline activity with a 5-place session and submits it', { skip: PENDING }, async () => {
  const { context, page, pageErrors } = await newPage(browser, srv.baseUrl)
  await login(page, UNIT, DEMO_PASSWORD)
  await page.waitForURL('**/unit')
  // What the platform counted for the unit before this activity (the demo data may hold some).
  const before = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/${UNIT}/suggestions`)
  assert.equal(before.status, 200, JSON.stringify(before.body))
  state.baseline = before.body.participants_offline.checked_in_people
  await page.getByRole('menuitem', { name: '活动管理' }).click()
  await page.getByTestId('unit-activities').waitFor()
  await settle(page)
  await page.getByTestId('new-activity').click()
  await page.waitForURL('**/unit/activities/new**')
  await page.getByTestId('activity-edit').locator('#af-title').waitFor()

  // Saving empty shows the client checks at their boxes, before any request.
  await page.getByTestId('activity-save').click()
  await page.locator('.el-form-item__error', { hasText: '请填写活动名称' }).waitFor()

  await page.locator('#af-title').fill(TITLE)
  await pickOption(page, 'af-category', '开放日')
  await pickDateTime(page, '#af-start', `${today} 00:00`)
  await pickDateTime(page, '#af-end', `${DAY} 12:00`)
  await page.locator('.el-checkbox', { hasText: '青少年' }).click()
  await page.locator('.el-checkbox', { hasText: '亲子家庭' }).click()
  await page.locator('#af-desc').fill('动手搭建机器人，了解传感器与控制。')
  await pickOption(page, 'af-district', DISTRICT)
  await page.locator('#af-venue').fill('中国科学技术馆 A 厅')
  await page.locator('#af-address').fill('朝阳区北辰东路5号')
  await page.locator('#af-safe').fill('20')
  await page.locator('#af-cname').fill('王老师')
  await page.locator('#af-cphone').fill('010-59041000')
  await pickDateTime(page, '#ss-0-start', `${DAY} 09:30`)
  await pickDateTime(page, '#ss-0-end', `${DAY} 11:30`)
  await page.locator('#ss-0-cap').fill('5')
  await page.locator('#ss-0-cap').blur()
  await screenshot(page, '60-activity-form')
  await page.getByTestId('activity-save').click()
  await page.waitForURL(/\/unit\/activities\/\d+$/)
  state.id = Number(new URL(page.url()).pathname.split('/').pop())
  await page.getByTestId('activity-status').getByText('草稿').waitFor()

  await page.getByTestId('submit-activity').click()
  await page.getByTestId('activity-status').getByText('待审核').waitFor()
  const a = await apiCall(page, 'GET', `activities/${state.id}`)
  assert.equal(a.body.status, 'submitted')
  assert.equal(a.body.sessions.length, 1)
  assert.equal(a.body.sessions[0].capacity, 5)
  assert.equal(a.body.sessions[0].starts_at.slice(0, 16), `${DAY}T09:30`)
  assert.deepEqual(a.body.audience.sort(), ['亲子家庭', '青少年'].sort())
  await settle(page)
  await screenshot(page, '61-activity-submitted')

  await page.goto('/unit/activities')
  await page.getByTestId('activities-table').getByRole('link', { name: TITLE }).waitFor()
  // The unit's implementation plan goes up with a progress bar and is listed.
  const plan = path.join(tmp, '实施方案.pdf')
  writeFileSync(plan, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
  await page.getByLabel('选择实施方案文件上传').setInputFiles(plan)
  await page.getByTestId('document-implementation_plan').getByRole('link', { name: '实施方案.pdf' }).waitFor()
  await settle(page)
  await screenshot(page, '62-unit-activities')
  assert.deepEqual(pageErrors, [])
  await context.close()
})

test('(a) the reviewer finds it in the queue and approves it', { skip: PENDING }, async () => {
  const { context, page, pageErrors } = await newPage(browser, srv.baseUrl)
  await login(page, 'reviewer', DEMO_PASSWORD)
  await page.waitForURL('**/organizer')
  await page.getByRole('menuitem', { name: '活动审核' }).click()
  await page.getByTestId('activity-queue').waitFor()
  const link = page.getByTestId('activities-table').getByRole('link', { name: TITLE })
  await link.waitFor()
  await settle(page)
  await screenshot(page, '63-review-queue')
  await link.click()
  await page.waitForURL(`**/organizer/activities/${state.id}`)
  await page.getByTestId('activity-info').waitFor()
  await screenshot(page, '64-review-activity')
  await page.getByTestId('approve-activity').click()
  await page.getByRole('dialog').getByRole('button', { name: '通过并发布' }).click()
  await page.getByTestId('activity-status').getByText('已发布').waitFor()
  const a = await apiCall(page, 'GET', `activities/${state.id}`)
  assert.equal(a.body.status, 'approved')
  assert.deepEqual(pageErrors, [])
  await context.close()
})

test(
  '(b) a visitor on a phone filters the calendar, reserves and gets the ticket with its QR',
  { skip: PENDING },
  async () => {
    const context = await browser.newContext({
      baseURL: srv.baseUrl,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      locale: 'zh-CN',
      timezoneId: 'America/New_York', // times must still read in Beijing time
    })
    context.setDefaultTimeout(30_000)
    const page = await context.newPage()
    const requested = []
    const external = []
    const pageErrors = []
    page.on('request', (r) => {
      requested.push(r.url())
      if (!/^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|data:|blob:|about:)/.test(r.url())) external.push(r.url())
    })
    page.on('pageerror', (e) => pageErrors.push(String(e)))

    await page.goto('/events')
    await page.getByTestId('day-picker').waitFor()
    await pickOption(page, 'f-district', DISTRICT)
    await page.waitForURL(/district=/)
    await page.getByTestId('day-picker').locator(`[data-date="${DAY}"]`).tap()
    await page.waitForURL(new RegExp(`date=${DAY}`))
    const card = page.locator('li', { hasText: TITLE })
    await card.waitFor()
    assert.match(await card.innerText(), new RegExp(`${today} 00:00`))
    assert.match(await card.getByTestId('places').innerText(), /余 5 \/ 5/)
    const feed = await page.getByTestId('feed-ics').getAttribute('href')
    assert.match(feed, /^\/api\/v1\/public\/calendar\.ics\?campaign=\d{4}&district=/)
    await settle(page)
    await screenshot(page, '65-public-calendar-phone')
    // Nothing wider than the phone.
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
      'calendar overflows 390px',
    )

    await card.getByRole('link', { name: TITLE }).tap()
    await page.waitForURL(`**/events/${state.id}`)
    await page.getByTestId('activity-title').getByText(TITLE).waitFor()
    await page.getByRole('button', { name: /^预约 / }).tap()
    await page.getByTestId('reserve-form').waitFor()
    // A landline is refused at the box before any request.
    await page.getByLabel('姓名', { exact: true }).fill('张小明')
    await page.getByLabel('手机号', { exact: true }).fill('010-12345678')
    await page.getByTestId('reserve-submit').tap()
    await page.locator('.el-form-item__error', { hasText: '11 位' }).waitFor()
    await page.getByLabel('手机号', { exact: true }).fill('13812345678')
    await page.locator('#rv-party').fill(String(PARTY))
    await page.locator('#rv-party').blur()
    await screenshot(page, '66-public-activity-phone')
    await page.getByTestId('reserve-submit').tap()

    await page.waitForURL(/\/tickets\/.+/)
    const ticket = page.getByTestId('ticket')
    await ticket.waitFor()
    await page.getByTestId('ticket-status').getByText('预约成功').waitFor()
    const qr = page.getByTestId('ticket-qr')
    await qr.waitFor()
    assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml/)
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR image did not render')
    const no = await page.getByTestId('ticket-no').innerText()
    assert.match(no, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    state.ticketNo = no.replace(/-/g, '')
    state.code = decodeURIComponent(new URL(page.url()).pathname.split('/').filter(Boolean).pop())
    assert.match(await page.getByTestId('ticket-when').innerText(), new RegExp(`${DAY} 09:30`))
    assert.match(await ticket.innerText(), /138\*{4}5678/)
    await settle(page)
    await screenshot(page, '67-ticket-phone')

    // The same phone again in this session: refused at the phone box.
    await page.goto(`/events/${state.id}`)
    await page.getByRole('button', { name: /^预约 / }).tap()
    await page.getByLabel('姓名', { exact: true }).fill('张小明')
    await page.getByLabel('手机号', { exact: true }).fill('13812345678')
    await page.getByTestId('reserve-submit').tap()
    await page.locator('.el-form-item__error').filter({ hasText: /./ }).first().waitFor()
    assert.match(await page.getByTestId('session-remaining').first().innerText(), new RegExp(`剩余 ${5 - PARTY} / 5`))

    // My tickets remembers it on this device; institutions page renders.
    await page.goto('/tickets')
    await page.getByTestId('my-tickets').getByRole('link', { name: TITLE }).waitFor()
    await screenshot(page, '68-my-tickets-phone')
    await page.goto('/institutions')
    await page.locator('h1', { hasText: '开放的单位' }).waitFor()
    await settle(page)
    await screenshot(page, '69-institutions-phone')

    const scripts = requested.filter((u) => /\.js(\?|$)/.test(u))
    const heavy = scripts.filter((u) =>
      /(AppLayout|echarts|DashboardView|ActivityView|ActivityEditView|CheckinDeskView|QrScanner|ReportView|CampaignsView|UsersView|AuditView)/i.test(
        u,
      ),
    )
    assert.deepEqual(heavy, [], 'public pages must not download staff or chart code')
    assertNoExternal(external)
    assert.deepEqual(pageErrors, [])
    await context.close()
  },
)

test('(c) check-in staff types the ticket number: 成功, then 已签到过', { skip: PENDING }, async () => {
  assert.ok(state.ticketNo, 'needs the ticket from (b)')
  const { context, page, pageErrors, requested } = await newPage(browser, srv.baseUrl, { width: 390, height: 844 })
  await login(page, 'checkin', DEMO_PASSWORD)
  await page.waitForURL('**/checkin')
  await page.goto('/checkin/desk')
  await page.getByTestId('checkin-desk').waitFor()
  await settle(page)
  // With one published activity the desk picks it (and its session) by itself.
  if ((await page.getByTestId('desk-code').count()) === 0) await pickOption(page, 'cd-activity', TITLE)
  await page.getByTestId('desk-code').waitFor()
  await page.getByTestId('counter-reserved').waitFor()
  await page.locator('#cd-code').fill(state.ticketNo.toLowerCase().replace(/(.{4})(?!$)/g, '$1 '))
  await page.getByTestId('desk-check').click()
  const result = page.getByTestId('checkin-result')
  await result.getByText('成功', { exact: true }).waitFor()
  assert.equal(await result.getAttribute('data-result'), 'ok')
  assert.match(await result.innerText(), new RegExp(`${PARTY} 人`))
  assert.match(await page.getByTestId('checkin-name').innerText(), /^张\*+$/)
  await page.getByTestId('counter-checked-in').getByText(String(PARTY), { exact: true }).waitFor()
  await settle(page)
  await screenshot(page, '70-checkin-ok-phone')

  await page.locator('#cd-code').fill(state.ticketNo)
  await page.getByTestId('desk-check').click()
  await page.locator('[data-testid="checkin-result"][data-result="already_checked_in"]').waitFor()
  assert.match(await result.innerText(), /已签到过/)
  assert.match(await page.getByTestId('checkin-first').innerText(), /首次签到：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/)
  await screenshot(page, '71-checkin-again-phone')

  await page.locator('#cd-code').fill('ZZZZZZZZZZZZZZZZ')
  await page.getByTestId('desk-check').click()
  await page.locator('[data-testid="checkin-result"][data-result="unknown"]').waitFor()
  // The scanner (jsQR) is a chunk of its own, fetched only when the camera is asked for.
  assert.deepEqual(
    requested.filter((u) => /QrScanner/.test(u)),
    [],
  )
  assert.deepEqual(pageErrors, [])
  await context.close()
})

test(
  '(d) the statistics form suggests the checked-in people; 使用建议值 fills the box',
  { skip: PENDING },
  async () => {
    const { context, page, pageErrors } = await newPage(browser, srv.baseUrl)
    await login(page, UNIT, DEMO_PASSWORD)
    await page.waitForURL('**/unit')
    const s = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/${UNIT}/suggestions`)
    assert.equal(s.status, 200, JSON.stringify(s.body))
    assert.equal(s.body.participants_offline.checked_in_people, state.baseline + PARTY)
    await page.goto(`/unit/reports/${YEAR}/${UNIT}`)
    const box = page.getByRole('textbox', { name: '线下活动群众参与数量', exact: true })
    await box.waitFor()
    await page
      .getByTestId('suggest-value-participants_offline')
      .getByText(String(s.body.participants_offline.value), { exact: true })
      .waitFor()
    await page.getByTestId('suggest-why-participants_offline').click()
    await page
      .getByTestId('suggest-detail-participants_offline')
      .getByText(`扫码签到人数：${s.body.participants_offline.checked_in_people}`)
      .waitFor()
    await page.waitForTimeout(400) // the popover fades in
    await screenshot(page, '72-stats-suggestion', { fullPage: false })
    await page.keyboard.press('Escape')
    await page.getByTestId('use-suggest-participants_offline').click()
    assert.equal(await box.inputValue(), String(s.body.participants_offline.value))
    await page.waitForFunction(
      () => /^已保存/.test(document.querySelector('[data-testid="save-status"]')?.innerText.trim() ?? ''),
      null,
      { timeout: 15_000 },
    )
    const r = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/${UNIT}`)
    assert.equal(r.body.values.participants_offline, s.body.participants_offline.value)
    assert.deepEqual(pageErrors, [])
    await context.close()
  },
)

test('screens of the staff pages: check-in desk on a desktop', { skip: PENDING }, async () => {
  const { context, page } = await newPage(browser, srv.baseUrl)
  await login(page, UNIT, DEMO_PASSWORD)
  await page.waitForURL('**/unit')
  await page.goto(`/unit/activities/${state.id}`)
  await page.getByTestId('activity-info').waitFor()
  await settle(page)
  await screenshot(page, '73-unit-activity-approved')
  await page.goto('/checkin/desk')
  await page.getByTestId('checkin-desk').waitFor()
  await settle(page)
  await screenshot(page, '74-checkin-desk')
  await context.close()
})

test(
  '(e) an admin files an activity on behalf of another unit: the 主办单位 picker sends lead_org',
  { skip: PENDING },
  async () => {
    const { page, pageErrors } = admin
    await page.goto('/organizer/activities')
    await page.getByTestId('activity-queue').waitFor()
    await settle(page)
    await page.getByTestId('new-activity').click()
    await page.waitForURL('**/organizer/activities/new**')
    await page.locator('#af-lead').waitFor()
    await pickOption(page, 'af-lead', '北京大学')
    const title = `燕园科学开放日 ${Date.now() % 100000}`
    await page.locator('#af-title').fill(title)
    await pickOption(page, 'af-category', '开放日')
    await pickDateTime(page, '#af-start', `${DAY} 09:00`)
    await pickDateTime(page, '#af-end', `${DAY} 17:00`)
    await page.locator('.el-checkbox', { hasText: '公众' }).click()
    await pickOption(page, 'af-district', '海淀区')
    await page.locator('#af-venue').fill('北京大学 理科教学楼')
    // Left empty first: the address is required offline, and the form says so before the server.
    await page.getByTestId('activity-save').click()
    await page.getByTestId('form-errors').getByText('请填写详细地址').waitFor()
    await page.locator('#af-address').fill('海淀区颐和园路5号')
    await screenshot(page, '75-admin-activity-for-unit')
    await page.locator('#af-cname').fill('李老师')
    await page.locator('#af-cphone').fill('010-62751234')
    await pickDateTime(page, '#ss-0-start', `${DAY} 09:30`)
    await pickDateTime(page, '#ss-0-end', `${DAY} 11:30`)
    await page.getByTestId('activity-save').click()
    await page.waitForURL(/\/organizer\/activities\/\d+$/)
    const id = Number(new URL(page.url()).pathname.split('/').pop())
    const a = await apiCall(page, 'GET', `activities/${id}`)
    assert.equal(a.body.lead_org.code, 'pku', JSON.stringify(a.body.lead_org))
    assert.equal(a.body.title, title)
    assert.deepEqual(pageErrors, [])
  },
)
