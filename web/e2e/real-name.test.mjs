// Real-name booking (实名预约) in the browser, against the real server: the unit ticks 实名预约 on
// its activity's form (only possible with 需要预约); once published, a visitor on a phone reads the
// rule, an ID card number with a wrong check character is refused at its box before anything is
// sent, a valid one books and the ticket shows the card masked to its last four; the same card
// cannot book the session again with another phone. At the door the check-in staff type the last
// four of the card shown: wrong ones admit nobody, the right ones admit the holder. The form's
// rule and refusals read in English too.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { assertNoExternal, launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'
import { addDays, apiCall, beijingToday, openCampaign } from './support/api.mjs'
import { AXE, axeViolations } from './support/axe.mjs'

const { date: today, year: YEAR } = beijingToday()
const DAY = addDays(today, 1)
const END = addDays(today, 6).startsWith(String(YEAR)) ? addDays(today, 6) : `${YEAR}-12-31`
const TITLE = `实名预约体验课 ${Date.now() % 100000}`
const UNIT = 'kjg' // 中国科学技术馆; the demo's `checkin` user works there
const PHONE = '13900000021'
const OTHER_PHONE = '13900000022'
/** valid (GB 11643-1999), typed the way people do: in groups, with a small x */
const CARD_TYPED = '110105 19491231 002x'
const MASKED = '**************002X'
/** the same number with a wrong check character */
const BAD_CHECKSUM = '110105194912310021'
const PHONE_VIEW = { width: 390, height: 844 }

const srv = await startServer()
const browser = await launchBrowser()
after(async () => {
  await browser?.close()
  await srv?.stop()
})

const publicApi = (path, init = {}) =>
  fetch(`${srv.baseUrl}/api/v1/public/${path}`, {
    ...init,
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...init.headers },
  })

// Set up through the API (not what is under test): this year's campaign, open, around today, and
// the unit's draft: one offline activity tomorrow with one session of 10 places, not real-name yet.
async function setUp() {
  const admin = await newPage(browser, srv.baseUrl)
  await login(admin.page, 'admin', DEMO_PASSWORD)
  await admin.page.waitForURL('**/organizer')
  await openCampaign(admin.page, { year: YEAR, start: today, end: END })
  const unit = await newPage(browser, srv.baseUrl)
  await login(unit.page, UNIT, DEMO_PASSWORD)
  await unit.page.waitForURL('**/unit')
  const at = (h) => `${DAY}T${h}:00+08:00`
  const a = await apiCall(unit.page, 'POST', `campaigns/${YEAR}/activities`, {
    title: TITLE,
    category: '开放日',
    mode: 'offline',
    district: '110105',
    venue: '中国科学技术馆 C 厅',
    address: '朝阳区北辰东路5号',
    starts_at: at('14:00'),
    ends_at: at('16:00'),
    audience: ['青少年'],
    description: '凭本人身份证件入场',
    contact_name: '王老师',
    contact_phone: '010-59041000',
    is_free: true,
    reservation_required: true,
    sessions: [{ starts_at: at('14:00'), ends_at: at('16:00'), capacity: 10 }],
  })
  assert.equal(a.status, 201, JSON.stringify(a.body))
  assert.equal(a.body.real_name_required, false)
  return { admin, unit, id: a.body.id }
}
const { admin, unit, id } = await setUp()
const state = { code: null }

test('the unit makes its activity real-name on the form, which needs reservations', async () => {
  const { page, pageErrors } = unit
  await page.goto(`/unit/activities/${id}/edit`)
  await page.locator('#af-title').waitFor()
  await settle(page)
  const realName = page.getByRole('checkbox', { name: '实名预约（需填写身份证号，入场核对证件）' })
  const reservation = page.locator('.el-checkbox', { hasText: '需要预约' })
  assert.equal(await realName.isChecked(), false)
  assert.equal(await realName.isEnabled(), true)
  // Without reservations there is nothing to name: the box goes off and is disabled.
  await page.getByTestId('af-real-name').click()
  assert.equal(await realName.isChecked(), true)
  await reservation.click()
  await page.getByTestId('af-real-name').locator('.is-disabled').first().waitFor()
  assert.equal(await realName.isChecked(), false)
  assert.equal(await realName.isDisabled(), true)
  await reservation.click()
  await page.getByTestId('af-real-name').locator('.is-disabled').first().waitFor({ state: 'detached' })
  await page.getByTestId('af-real-name').click()
  assert.equal(await realName.isChecked(), true)
  await screenshot(page, 'real-name-form', { fullPage: false })

  await page.getByTestId('activity-save').click()
  await page.waitForURL(new RegExp(`/unit/activities/${id}$`))
  await page.getByTestId('activity-info').getByText('需预约 / 实名预约').waitFor()
  const saved = await apiCall(page, 'GET', `activities/${id}`)
  assert.equal(saved.body.real_name_required, true)
  assert.equal(saved.body.reservation_required, true)

  // Published (submitting and approving are not what this test is about).
  assert.equal((await apiCall(page, 'POST', `activities/${id}/submit`, {})).status, 200)
  const ok = await apiCall(admin.page, 'POST', `activities/${id}/approve`, {})
  assert.equal(ok.status, 200, JSON.stringify(ok.body))
  const pub = await (await publicApi(`activities/${id}`)).json()
  assert.equal(pub.real_name_required, true)
  assert.deepEqual(pageErrors, [])
  await unit.context.close()
  await admin.context.close()
})

test('a visitor on a phone gives the holder’s ID card: a wrong one is refused, a valid one books', async () => {
  const { context, page, external, pageErrors } = await newPage(browser, srv.baseUrl, { ...AXE, ...PHONE_VIEW })
  const posts = []
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/reservations')) posts.push(r.url())
  })
  await page.goto(`/events/${id}`)
  await page.getByTestId('activity-title').getByText(TITLE).waitFor()
  await page.getByTestId('real-name-tag').getByText('实名预约').waitFor()
  await page.getByRole('button', { name: /^预约 / }).click()
  const form = page.getByTestId('reserve-form')
  await form
    .getByTestId('real-name-notice')
    .getByText('本活动实行实名预约：每张身份证每场限约一次，入场时请出示本人身份证件，工作人员将核对证件后四位。')
    .waitFor()
  await form.getByTestId('id-card-privacy').getByText('加密摘要').waitFor()
  const card = form.getByLabel('身份证号', { exact: true })
  assert.equal(await card.getAttribute('autocomplete'), 'off')
  assert.equal(await card.getAttribute('inputmode'), 'text')

  await form.getByLabel('姓名', { exact: true }).fill('李实名')
  await form.getByLabel('手机号', { exact: true }).fill(PHONE)
  const cardError = (text) => form.getByTestId('id-card-field').locator('.el-form-item__error', { hasText: text })
  // Empty, then a wrong check character: refused at the box, nothing sent.
  await page.getByTestId('reserve-submit').click()
  await cardError('本活动实行实名预约，请填写持票人的身份证号码').waitFor()
  await card.fill(BAD_CHECKSUM)
  await page.getByTestId('reserve-submit').click()
  await cardError('身份证号码校验位不符，请核对').waitFor()
  assert.deepEqual(posts, [])
  assert.deepEqual(await axeViolations(page), [])
  await screenshot(page, 'real-name-refused')

  await card.fill(CARD_TYPED)
  await cardError('校验位').waitFor({ state: 'detached' })
  await page.getByTestId('reserve-submit').click()
  await page.waitForURL(/\/tickets\/.+/)
  await page.getByTestId('ticket-status').getByText('预约成功').waitFor()
  assert.equal(posts.length, 1)
  assert.equal(await page.getByTestId('ticket-id-card').innerText(), MASKED)
  await page.getByTestId('ticket-real-name').getByText('入场时请出示本人身份证件').waitFor()
  assert.deepEqual(await axeViolations(page), [])
  await screenshot(page, 'real-name-ticket')
  state.code = decodeURIComponent(new URL(page.url()).pathname.split('/').filter(Boolean).pop())

  // 我的预约 on this device names the card too, masked.
  await page.goto('/tickets')
  await page.getByTestId('my-tickets').getByTestId('ticket-summary-id-card').getByText(`证件 ${MASKED}`).waitFor()

  // The same card, another phone: the server's refusal lands at the card.
  await page.goto(`/events/${id}`)
  await page.getByRole('button', { name: /^预约 / }).click()
  await form.getByLabel('姓名', { exact: true }).fill('李实名')
  await form.getByLabel('手机号', { exact: true }).fill(OTHER_PHONE)
  await card.fill('11010519491231002X')
  await page.getByTestId('reserve-submit').click()
  await cardError('该身份证件已有本场次的预约').waitFor()
  assert.equal(posts.length, 2)
  assert.deepEqual(pageErrors, [])
  assertNoExternal(external)
  await context.close()
})

test('at the door, wrong last four admit nobody and the right ones admit the holder', async () => {
  assert.ok(state.code, 'needs the booking of the test before')
  const ticket = async () =>
    (
      await publicApi(`reservations/${encodeURIComponent(state.code)}`, { headers: { 'X-Visitor-Phone': PHONE } })
    ).json()
  const { ticket_no: ticketNo, status } = await ticket()
  assert.equal(status, 'confirmed')

  const { context, page, external, pageErrors } = await newPage(browser, srv.baseUrl, PHONE_VIEW)
  await login(page, 'checkin', DEMO_PASSWORD)
  await page.waitForURL('**/checkin')
  await page.goto('/checkin/desk')
  await page.getByTestId('desk-code').waitFor()
  const code = page.locator('#cd-code')
  const last4 = page.getByLabel('证件后四位', { exact: true })
  const result = page.getByTestId('checkin-result')

  // A typo is caught before the scan goes out.
  await last4.fill('12')
  await code.fill(ticketNo)
  await page.getByTestId('desk-check').click()
  await page.getByRole('alert').getByText('证件后四位须为 4 个字符').waitFor()

  await last4.fill('1234')
  await page.getByTestId('desk-check').click()
  await page.locator('[data-testid="checkin-result"][data-result="id_mismatch"]').waitFor()
  await result.getByText('证件不符').waitFor()
  await result.getByText('证件后四位不符：请核对持票人本人的身份证件').waitFor()
  assert.equal(await page.getByTestId('checkin-id-last4').innerText(), '核对证件后四位：002X')
  assert.equal(await last4.inputValue(), '', 'the last four go with one scan only')
  assert.equal((await ticket()).status, 'confirmed', 'nobody admitted')
  await screenshot(page, 'real-name-desk-mismatch')

  await last4.fill('002x')
  await code.fill(ticketNo)
  await page.getByTestId('desk-check').click()
  await page.locator('[data-testid="checkin-result"][data-result="ok"]').waitFor()
  assert.equal(await page.getByTestId('checkin-id-last4').innerText(), '核对证件后四位：002X')
  assert.equal(await last4.inputValue(), '')
  assert.equal((await ticket()).status, 'checked_in')
  await screenshot(page, 'real-name-desk-ok')
  assert.deepEqual(pageErrors, [])
  assertNoExternal(external)
  await context.close()
})

test('in English, the rule and the refusals read in English', async () => {
  const { context, page, external, pageErrors } = await newPage(browser, srv.baseUrl, {
    ...PHONE_VIEW,
    locale: 'en-US',
  })
  await page.goto(`/events/${id}`)
  await page.getByTestId('real-name-tag').getByText('Real-name booking').waitFor()
  await page.getByRole('button', { name: /^Book / }).click()
  const form = page.getByTestId('reserve-form')
  await form.getByTestId('real-name-notice').getByText('one booking per ID card per session').waitFor()
  await form.getByLabel('ID card number', { exact: true }).fill('110105194902300021')
  await page.getByTestId('reserve-submit').click()
  await form.getByText('The date of birth in this ID card number is not right').waitFor()
  assert.ok(!/[\u4e00-\u9fff]/.test(await form.innerText()), 'no Chinese in the form')
  // Nothing was booked in English: only the first visitor's place is taken (saving the draft on
  // the form made its session anew, so the one session is read from the public page).
  const { sessions } = await (await publicApi(`activities/${id}`)).json()
  assert.equal(sessions[0].remaining, 9)
  assert.deepEqual(pageErrors, [])
  assertNoExternal(external)
  await context.close()
})
