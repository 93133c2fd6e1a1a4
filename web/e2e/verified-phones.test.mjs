// 预约短信验证 (issue 11 §2) in the browser, against a server that "sends" visitors' SMS through
// its log (`--sms-provider log`: the codes are read back from the server's output): the
// organizer asks for a verified phone on every session in the campaign dialog; a visitor on a
// phone is asked for the code, gets it, sees a wrong one refused with the tries left, and
// reserves with the right one. On another device the same phone signs in by code (the button
// first counts down from the server's Retry-After: one code per RESEND seconds per phone), lists the
// reservation, cancels it (the server confirms, the place is free again), opens its ticket
// without typing the phone again, signs out; a sign-in the server no longer knows reads
// "登录已过期".
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { codesTo, nextCode } from './support/sms-log.mjs'
import { assertNoExternal, launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'
import { addDays, apiCall, beijingToday, openCampaign } from './support/api.mjs'
import { AXE, axeViolations } from './support/axe.mjs'

const { date: today, year: YEAR } = beijingToday()
const DAY = addDays(today, 1)
const END = addDays(today, 6).startsWith(String(YEAR)) ? addDays(today, 6) : `${YEAR}-12-31`
const TITLE = `短信验证体验课 ${Date.now() % 100000}`
const PHONE = '13900000001'
const MASKED = '139****0001'
const CAPACITY = 10
const PHONE_VIEW = { width: 390, height: 844 }
const SESSION_KEY = 'sciweek:visitor-session'

// One code per phone per RESEND seconds: a minute in production, short here so the countdown
// test waits seconds, not a minute.
const RESEND = 8
const srv = await startServer({ serveArgs: ['--sms-provider', 'log', '--sms-code-resend-seconds', String(RESEND)] })
const browser = await launchBrowser()
after(async () => {
  await browser?.close()
  await srv?.stop()
})

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

const publicApi = (path, init = {}) =>
  fetch(`${srv.baseUrl}/api/v1/public/${path}`, {
    ...init,
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...init.headers },
  })

// Set up through the API (not what is under test): this year's campaign, open, around today; one
// published activity tomorrow with one session of 10 places, led by 海淀区.
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
    audience: ['青少年'],
    description: '预约须验证手机号的体验课',
    contact_name: '王老师',
    contact_phone: '010-62345678',
    is_free: true,
    reservation_required: true,
    sessions: [{ starts_at: at('09:00'), ends_at: at('11:00'), capacity: CAPACITY }],
  })
  assert.equal(a.status, 201, JSON.stringify(a.body))
  assert.equal((await apiCall(unit.page, 'POST', `activities/${a.body.id}/submit`, {})).status, 200)
  assert.equal((await apiCall(admin.page, 'POST', `activities/${a.body.id}/approve`, {})).status, 200)
  await admin.context.close()
  await unit.context.close()
  return { id: a.body.id, sessionId: a.body.sessions[0].id }
}
const { id, sessionId } = await setUp()
const state = { code: null, ticketNo: null }

test('the organizer asks for a verified phone on every session in the campaign dialog', async () => {
  const { context, page, pageErrors } = await newPage(browser, srv.baseUrl)
  await login(page, 'admin', DEMO_PASSWORD)
  await page.waitForURL('**/organizer')
  assert.equal((await apiCall(page, 'GET', `campaigns/${YEAR}`)).body.phone_verification, 'off')
  await page.goto('/admin/campaigns')
  await page.getByRole('button', { name: `编辑 ${YEAR}年北京科技周` }).click()
  const dialog = page.getByRole('dialog', { name: `编辑活动季（${YEAR}）` })
  const select = dialog.getByTestId('phone-verification')
  await select.getByText('不需要').waitFor()
  await dialog.getByText('需要服务器已开通短信服务；开启后观众预约时须输入短信验证码。').waitFor()
  await select.click()
  for (const name of ['不需要', '热门场次需要']) await page.getByRole('option', { name }).waitFor()
  await page.getByRole('option', { name: '所有场次需要' }).click()
  await select.getByText('所有场次需要').waitFor()
  await page
    .locator('.el-select-dropdown')
    .filter({ visible: true })
    .waitFor({ state: 'hidden' })
    .catch(() => {})
  await settle(page)
  await screenshot(page, 'verified-phones-campaign', { fullPage: false })
  await page.getByTestId('campaign-save').click()
  await page.getByText('活动季已保存').waitFor()
  assert.equal((await apiCall(page, 'GET', `campaigns/${YEAR}`)).body.phone_verification, 'all')
  // The public calendar follows a campaign's change within a second or so.
  let required = false
  for (let i = 0; i < 50 && !required; i++) {
    if (i) await sleep(200)
    required = (await (await publicApi(`activities/${id}`)).json()).sessions[0].phone_code_required
  }
  assert.equal(required, true, 'the session asks for a code')
  assert.deepEqual(pageErrors, [])
  await context.close()
})

test('a visitor on a phone is asked for the code, gets it by SMS and reserves with it', async () => {
  const { context, page, external, pageErrors } = await newPage(browser, srv.baseUrl, { ...AXE, ...PHONE_VIEW })
  await page.goto(`/events/${id}`)
  await page.getByTestId('activity-title').getByText(TITLE).waitFor()
  await page.getByRole('button', { name: /^预约 / }).click()
  const form = page.getByTestId('reserve-form')
  await form.waitFor()
  await form.getByLabel('姓名', { exact: true }).fill('王验证')
  await form.getByLabel('手机号', { exact: true }).fill(PHONE)
  const error = (text) => form.locator('.el-form-item__error', { hasText: text })

  // No code: the form asks for it before any request.
  await page.getByTestId('reserve-submit').click()
  await error('请填写短信验证码').waitFor()
  // A code never asked for: the server's refusal lands at the code box.
  const codeBox = form.getByLabel('短信验证码', { exact: true })
  await codeBox.fill('123456')
  await page.getByTestId('reserve-submit').click()
  await error('验证码无效或已过期，请重新获取').waitFor()

  const seen = codesTo(srv, MASKED).length
  const send = form.getByTestId('code-send')
  await send.click()
  await form.getByTestId('code-sent').getByText(`验证码已发送至 ${MASKED}，5 分钟内有效`).waitFor()
  await send.getByText(new RegExp(`^(${RESEND}|${RESEND - 1}|${RESEND - 2})秒后重新获取$`)).waitFor()
  assert.ok(await send.isDisabled(), 'no second code within the resend interval')
  const code = await nextCode(srv, MASKED, seen)

  // A wrong code is counted, and says how many tries are left.
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
  await codeBox.fill(wrong)
  await page.getByTestId('reserve-submit').click()
  await error('验证码不正确，还可再试4次').waitFor()
  assert.deepEqual(await axeViolations(page), [])
  await screenshot(page, 'verified-phones-reserve')

  await codeBox.fill(code)
  await page.getByTestId('reserve-submit').click()
  await page.waitForURL(/\/tickets\/.+/)
  await page.getByTestId('ticket-status').getByText('预约成功').waitFor()
  state.ticketNo = (await page.getByTestId('ticket-no').innerText()).replace(/-/g, '')
  state.code = decodeURIComponent(new URL(page.url()).pathname.split('/').filter(Boolean).pop())
  const detail = await (await publicApi(`activities/${id}`)).json()
  assert.equal(detail.sessions[0].remaining, CAPACITY - 1)
  assert.deepEqual(pageErrors, [])
  assertNoExternal(external)
  await context.close()
})

test('on another device the phone signs in by code, sees the reservation and cancels it', async () => {
  assert.ok(state.code, 'needs the reservation of the test before')
  const { context, page, external, pageErrors } = await newPage(browser, srv.baseUrl, { ...AXE, ...PHONE_VIEW })
  await page.goto('/tickets')
  await page.locator('.el-empty').waitFor() // nothing reserved on this device
  await page.getByTestId('by-phone').getByRole('heading', { name: '用手机号查看全部预约' }).waitFor()
  const form = page.getByTestId('visitor-sign-in')
  const error = (text) => form.locator('.el-form-item__error', { hasText: text })
  await form.getByTestId('visitor-sign-in-submit').click()
  await error('请填写手机号').waitFor()
  await error('请填写短信验证码').waitFor()
  await form.getByLabel('手机号', { exact: true }).fill(PHONE)

  // One code a minute per phone, whatever it is for: make sure one went out within the minute
  // (202 now, or 429 as the reservation's code did), so the button must wait for the server.
  const recent = await publicApi('phone-codes', {
    method: 'POST',
    body: JSON.stringify({ phone: PHONE, purpose: 'erase' }),
  })
  assert.ok([202, 429].includes(recent.status), `phone-codes answered ${recent.status}`)
  const send = form.getByTestId('code-send')
  await send.click()
  await form.getByText(/验证码已发送，请\d+秒后再重新获取/).waitFor()
  await send.getByText(/^\d+秒后重新获取$/).waitFor()
  assert.ok(await send.isDisabled(), 'the countdown of the Retry-After holds the button')
  await screenshot(page, 'verified-phones-429')
  await send.getByText('获取验证码', { exact: true }).waitFor({ timeout: (RESEND + 30) * 1000 })
  assert.equal(await form.getByText(/验证码已发送，请\d+秒后/).count(), 0, 'the stale wait is gone')

  const seen = codesTo(srv, MASKED).length
  await send.click()
  await form.getByTestId('code-sent').waitFor()
  await form.getByLabel('短信验证码', { exact: true }).fill(await nextCode(srv, MASKED, seen))
  await form.getByTestId('visitor-sign-in-submit').click()

  const mine = page.getByTestId('phone-reservations')
  await mine.getByText(`手机号 ${MASKED} 的全部预约`).waitFor()
  const item = page.getByTestId('phone-tickets').locator('li', { hasText: TITLE })
  await item.getByTestId('ticket-summary-status').getByText('预约成功').waitFor()
  assert.match(await item.innerText(), new RegExp(`${DAY} 09:00`))
  assert.equal(await item.getAttribute('data-ticket-no'), state.ticketNo)
  // The sign-in is kept for this tab only, never on the device.
  const kept = await page.evaluate(
    (key) => ({ tab: sessionStorage.getItem(key), device: { ...localStorage } }),
    SESSION_KEY,
  )
  const { token } = JSON.parse(kept.tab)
  assert.ok(token)
  assert.ok(!JSON.stringify(kept.device).includes(token), 'the token is not in localStorage')
  assert.deepEqual(await axeViolations(page), [])
  await screenshot(page, 'verified-phones-my-reservations')

  await item.getByRole('button', { name: `取消预约：${TITLE}` }).click()
  const box = page.getByRole('dialog', { name: '取消预约' })
  await box.getByRole('button', { name: '确定取消' }).click()
  await item.getByTestId('ticket-summary-status').getByText('已取消').waitFor()
  assert.equal(await item.getByRole('button', { name: /取消预约/ }).count(), 0)
  // The server agrees, and the place is free again.
  const ticket = await publicApi(`reservations/${encodeURIComponent(state.code)}`, {
    headers: { 'X-Visitor-Phone': PHONE },
  })
  assert.equal((await ticket.json()).status, 'cancelled')
  const listed = await (await publicApi('my-reservations', { headers: { 'X-Visitor-Token': token } })).json()
  assert.equal(listed.items.find((t) => t.ticket_no === state.ticketNo)?.status, 'cancelled')
  const detail = await (await publicApi(`activities/${id}`)).json()
  assert.equal(detail.sessions.find((s) => s.id === sessionId).remaining, CAPACITY)

  // Its ticket opens in this tab without asking for the phone again, and is not kept on the device.
  await item.getByRole('link', { name: TITLE }).click()
  await page.waitForURL(/\/tickets\/.+/)
  await page.locator('[data-testid="ticket"].cancelled').waitFor()
  assert.equal(await page.evaluate(() => localStorage.getItem('sciweek:tickets')), null)

  // Still signed in after a reload; 退出 ends the sign-in on the server too.
  await page.goto('/tickets')
  await mine.getByText(`手机号 ${MASKED} 的全部预约`).waitFor()
  await page.getByTestId('visitor-sign-out').click()
  await form.waitFor()
  assert.equal(await page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY), null)
  const gone = await publicApi('my-reservations', { headers: { 'X-Visitor-Token': token } })
  assert.equal(gone.status, 401)

  // A sign-in the server no longer knows: asked for a new code.
  await page.evaluate(([key, value]) => sessionStorage.setItem(key, value), [SESSION_KEY, kept.tab])
  await page.reload()
  await page.getByTestId('visitor-expired').getByText('登录已过期，请重新获取验证码').waitFor()
  assert.equal(await page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY), null)
  assert.deepEqual(pageErrors, [])
  assertNoExternal(external)
  await context.close()
})

test('in English, the code box and the phone sign-in read in English, the server’s refusal too', async () => {
  const { context, page, pageErrors } = await newPage(browser, srv.baseUrl, { ...PHONE_VIEW, locale: 'en-US' })
  await page.goto(`/events/${id}`)
  await page.getByRole('button', { name: /^Book / }).click()
  const form = page.getByTestId('reserve-form')
  await form.getByLabel('Name').fill('Li Lei')
  await form.getByLabel('Mobile number').fill('13900000002')
  await form.getByTestId('code-send').getByText('Get code', { exact: true }).waitFor()
  await page.getByTestId('reserve-submit').click()
  await form.getByText('Please enter the code from the text message').waitFor()
  await form.getByLabel('Text-message code').fill('123456')
  await page.getByTestId('reserve-submit').click()
  await form.getByText('The code is not valid or has expired: please get a new code').waitFor()

  // the header's link (the form's privacy notice links there too)
  await page.getByRole('navigation', { name: 'Visitor navigation' }).getByRole('link', { name: 'My bookings' }).click()
  const byPhone = page.getByTestId('by-phone')
  await byPhone.getByRole('heading', { name: 'See all bookings for your mobile number' }).waitFor()
  await byPhone.getByTestId('visitor-sign-in-submit').click()
  await byPhone.getByText('Please enter your mobile number').waitFor()
  assert.ok(!/[\u4e00-\u9fff]/.test(await byPhone.innerText()), 'no Chinese left in the sign-in')
  assert.deepEqual(pageErrors, [])
  await context.close()
})
