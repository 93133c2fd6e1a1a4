// The visitor's pages for everyone (issue 11 §5), on a 375×667 phone whose browser prefers
// English: the calendar, an activity and a whole reservation read in English (the ticket too),
// the 中文 switch brings Chinese back and is remembered, larger text really is larger without
// sideways scrolling, the share button copies the link, the poster shows the QR code, and the
// server's own HTML of /events/<id> carries the activity's Open Graph tags.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { assertNoExternal, launchBrowser, login, newPage, screenshot } from './support/browser.mjs'
import { addDays, apiCall, beijingToday, openCampaign } from './support/api.mjs'

const { date: today, year: YEAR } = beijingToday()
const DAY = addDays(today, 1)
const END = addDays(today, 6).startsWith(String(YEAR)) ? addDays(today, 6) : `${YEAR}-12-31`
const TITLE = `Robot workshop 机器人工作坊 ${Date.now() % 100000}`
const PHONE = { width: 375, height: 667, locale: 'en-US' }

const srv = await startServer()
const browser = await launchBrowser()
after(async () => {
  await browser?.close()
  await srv?.stop()
})

// Set up through the API (not what is under test): this year's campaign, open, around today,
// and one published open day in 海淀区 tomorrow with one session of 10 places.
async function setUp() {
  const admin = await newPage(browser, srv.baseUrl)
  await login(admin.page, 'admin', DEMO_PASSWORD)
  await admin.page.waitForURL('**/organizer')
  await openCampaign(admin.page, { year: YEAR, start: today, end: END })

  const unit = await newPage(browser, srv.baseUrl)
  await login(unit.page, '110108', DEMO_PASSWORD)
  await unit.page.waitForURL('**/unit')
  const at = (h) => `${DAY}T${h}:00+08:00`
  const a = await apiCall(unit.page, 'POST', `campaigns/${YEAR}/activities`, {
    title: TITLE,
    category: '开放日',
    mode: 'offline',
    district: '110108',
    venue: '中关村科学城展示中心',
    address: '海淀区中关村大街1号',
    starts_at: at('09:00'),
    ends_at: at('11:00'),
    audience: ['青少年', '亲子家庭'],
    description: '动手搭建机器人',
    contact_name: '王老师',
    contact_phone: '010-62345678',
    is_free: true,
    reservation_required: true,
    sessions: [{ starts_at: at('09:00'), ends_at: at('11:00'), capacity: 10 }],
  })
  assert.equal(a.status, 201, JSON.stringify(a.body))
  assert.equal((await apiCall(unit.page, 'POST', `activities/${a.body.id}/submit`, {})).status, 200)
  assert.equal((await apiCall(admin.page, 'POST', `activities/${a.body.id}/approve`, {})).status, 200)
  await admin.context.close()
  await unit.context.close()
  return a.body.id
}
const id = await setUp()

async function noSidewaysScroll(page, where) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }))
  assert.ok(scroll <= client, `${where}: the page scrolls sideways (${scroll} > ${client})`)
}

test('the calendar and an activity read in English on an English phone', async () => {
  const { context, page, external, pageErrors } = await newPage(browser, srv.baseUrl, PHONE)
  await page.goto(`/events?date=${DAY}`)
  await page.getByTestId('activity-list').waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  assert.match(await page.title(), /Beijing Science Week/)
  await page.getByRole('link', { name: 'Calendar', exact: true }).waitFor()
  await page.getByRole('link', { name: 'My bookings', exact: true }).waitFor()
  assert.match(await page.getByTestId('result-count').innerText(), /\d+ activities/)
  const card = page.getByTestId(`activity-${id}`)
  const text = await card.innerText()
  for (const want of ['Haidian', 'Open day', 'In person', 'Free', 'Young people', 'Families', '10 / 10 left'])
    assert.ok(text.includes(want), `card lacks "${want}": ${text}`)
  // (the host unit's name, 海淀区, is data and stays as the unit wrote it)
  assert.ok(!/开放日|线下|免费|青少年|亲子家庭|余 /.test(text), `Chinese labels left on the card: ${text}`)
  // Element Plus's own words follow too (the empty select's "No data" is Element Plus's).
  await page.locator('.el-select', { has: page.locator('#f-category') }).click()
  await page
    .locator('.el-select-dropdown__item')
    .filter({ visible: true })
    .filter({ hasText: 'Science centre activity' })
    .waitFor()
  await page.keyboard.press('Escape')
  await screenshot(page, 'public-en-calendar')

  await card.getByRole('link').click()
  await page.getByTestId('activity-detail').waitFor()
  const detail = await page.getByTestId('activity-detail').innerText()
  for (const want of ['When', 'Where', 'Host', 'Sessions', 'Add to my calendar', 'Share', '10 / 10 left'])
    assert.ok(detail.includes(want), `activity page lacks "${want}"`)
  assert.match(detail, /\w{3} \d{1,2} \w{3} \d{4}, 09:00 – 11:00/, 'dates in English, Beijing time')
  assert.match(await page.title(), /^Activity - Beijing Science Week$/)
  await noSidewaysScroll(page, 'activity')
  assert.deepEqual(pageErrors, [])
  assertNoExternal(external)
  await context.close()
})

test('a reservation in English, from the form to the ticket', async () => {
  const { context, page, pageErrors } = await newPage(browser, srv.baseUrl, PHONE)
  await page.goto(`/events/${id}`)
  await page.getByRole('button', { name: /^Book / }).click()
  const form = page.getByTestId('reserve-form')
  await form.getByLabel('Name').fill('Li Lei')
  await form.getByLabel('Mobile number').fill('12345')
  await page.getByTestId('reserve-submit').click()
  await form.getByText('Please enter an 11-digit mainland China mobile number').waitFor()
  await form.getByLabel('Mobile number').fill('139 0000 1111')
  await page.getByTestId('reserve-submit').click()
  await page.getByTestId('ticket').waitFor()
  assert.equal(await page.getByTestId('ticket-status').innerText(), 'Booked')
  const ticket = await page.getByTestId('ticket').innerText()
  for (const want of ['Ticket number', 'Show this QR code at the entrance', 'Booked by', 'People', 'Cancel booking'])
    assert.ok(ticket.includes(want), `ticket lacks "${want}": ${ticket}`)
  assert.ok(!/预约成功|票号|预约人/.test(ticket), `Chinese left on the ticket: ${ticket}`)
  await page.getByTestId('ticket-qr').waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  await noSidewaysScroll(page, 'ticket')
  await screenshot(page, 'public-en-ticket')

  // The same visitor booking the same session again: the server's Chinese refusal in English.
  await page.goto(`/events/${id}`)
  await page.getByRole('button', { name: /^Book / }).click()
  await page.getByTestId('reserve-form').getByLabel('Name').fill('Li Lei')
  await page.getByTestId('reserve-form').getByLabel('Mobile number').fill('13900001111')
  await page.getByTestId('reserve-submit').click()
  await page.getByText('This mobile number already holds a place in this session').waitFor()

  // the header's link (the form's privacy notice links there too)
  await page.getByRole('navigation', { name: 'Visitor navigation' }).getByRole('link', { name: 'My bookings' }).click()
  await page.getByTestId('my-tickets').getByText('Booked').waitFor()
  assert.deepEqual(pageErrors, [])
  await context.close()
})

test('the 中文 switch goes back to Chinese and is remembered; staff pages stay Chinese', async () => {
  const { context, page } = await newPage(browser, srv.baseUrl, PHONE)
  await page.goto(`/events/${id}`)
  await page.getByTestId('activity-detail').waitFor()
  await page.getByRole('button', { name: '中文' }).click()
  await page.getByRole('link', { name: '活动日历', exact: true }).waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN')
  assert.ok((await page.getByTestId('activity-detail').innerText()).includes('海淀区'))
  assert.match(await page.title(), /^活动详情/)
  await page.reload()
  await page.getByRole('link', { name: '我的预约', exact: true }).waitFor()
  await page.getByRole('button', { name: 'English' }).click()
  await page.getByRole('link', { name: 'My bookings', exact: true }).waitFor()
  // The login page is the staff's: Chinese whatever the visitor chose.
  await page.goto('/login')
  await page.getByLabel('登录名', { exact: true }).waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN')
  await context.close()
})

test('larger text: 20 px type and 48 px targets with no sideways scrolling, remembered', async () => {
  const { context, page } = await newPage(browser, srv.baseUrl, PHONE)
  await page.goto(`/events?date=${DAY}`)
  await page.getByTestId('activity-list').waitFor()
  const sizeOf = (loc) => loc.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  const before = await sizeOf(page.getByTestId('result-count'))
  assert.ok(before < 20, `normal text is ${before}px`)
  await page.getByTestId('elder-toggle').click()
  assert.equal(await page.getByTestId('elder-toggle').getAttribute('aria-pressed'), 'true')
  assert.ok((await sizeOf(page.getByTestId('result-count'))) >= 20)
  assert.ok((await sizeOf(page.getByTestId(`activity-${id}`).locator('.act-org'))) >= 20, 'small print grows too')
  for (const loc of [
    page.getByTestId('elder-toggle'),
    page.getByRole('button', { name: 'Search' }),
    page.getByRole('link', { name: 'Calendar', exact: true }),
  ]) {
    const box = await loc.boundingBox()
    assert.ok(box && box.height >= 48, `${await loc.innerText()} is ${box?.height}px high`)
  }
  await noSidewaysScroll(page, 'calendar, larger text')
  await screenshot(page, 'public-en-elder-calendar')
  await page.goto(`/events/${id}`)
  await page.getByTestId('activity-detail').waitFor()
  assert.ok(
    (await sizeOf(page.getByTestId('activity-detail').locator('.facts dd').first())) >= 20,
    'remembered across pages',
  )
  await noSidewaysScroll(page, 'activity, larger text')
  await page.getByRole('button', { name: /^Book / }).click()
  await noSidewaysScroll(page, 'reservation form, larger text')
  await page.goto('/tickets')
  await page.getByTestId('my-tickets').or(page.locator('.el-empty')).first().waitFor()
  await noSidewaysScroll(page, 'my bookings, larger text')
  await screenshot(page, 'public-en-elder-activity')
  await context.close()
})

test('sharing copies the link, the poster shows the QR code, and the page previews with Open Graph tags', async () => {
  const { context, page, pageErrors } = await newPage(browser, srv.baseUrl, PHONE)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(`/events/${id}`)
  await page.getByTestId('activity-detail').waitFor()
  // Desktop Chromium has no share sheet, so the link goes to the clipboard.
  const hasShare = await page.evaluate(() => typeof navigator.share === 'function')
  await page.getByTestId('share').click()
  if (!hasShare) {
    await page.getByText('Link copied').waitFor()
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${srv.baseUrl}/events/${id}`)
  }
  const qr = page.waitForResponse((r) => r.url().endsWith(`/api/v1/public/activities/${id}/qr.svg`))
  await page.getByTestId('poster-link').click()
  await page.getByTestId('poster').waitFor()
  assert.ok((await page.getByTestId('poster').innerText()).includes(TITLE))
  const answer = await qr
  assert.equal(answer.status(), 200)
  assert.equal(answer.headers()['content-type'], 'image/svg+xml')
  assert.ok((await answer.text()).startsWith('<svg'))
  const box = await page.getByTestId('poster-qr').boundingBox()
  assert.ok(box && box.width >= 200 && Math.abs(box.width - box.height) < 2, `QR drawn ${box?.width}×${box?.height}`)
  await screenshot(page, 'public-en-poster')

  const html = await (await page.request.get(`/events/${id}`)).text()
  assert.ok(html.includes(`<meta property="og:title" content="${TITLE}" />`), html.slice(0, 600))
  assert.ok(html.includes(`<title>${TITLE} - 北京科技周</title>`))
  assert.ok(html.includes(`content="${srv.baseUrl}/events/${id}"`))
  assert.deepEqual(pageErrors, [])
  await context.close()
})
