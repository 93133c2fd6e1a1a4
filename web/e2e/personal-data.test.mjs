// Personal data that expires (issue 11 §4, 《个人信息保护法》) in the browser, against a server
// that "sends" visitors' SMS through its log (`--sms-provider log`: codes are read back from its
// output). A visitor on a phone reads on the reservation form what is kept, why and until which
// date (the campaign's 90 days after its end), and books; on 我的预约 they delete their data
// with an erase code: the booking is cancelled and its place is free again, the server no longer
// knows the phone, and this browser keeps neither the ticket nor the tab's sign-in. The same in
// English. The organizer sets the number of days in the campaign dialog.
// The server allows one code a minute per phone, whatever it is for: each step uses its own phone.
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
const TITLE = `个人信息到期体验课 ${Date.now() % 100000}`
/** books, then erases its data */
const PHONE = '13900000011'
const MASKED = '139****0011'
/** another phone signed in on the same tab: erasing leaves no sign-in behind either */
const OTHER = '13900000012'
const OTHER_MASKED = '139****0012'
const CAPACITY = 10
const PHONE_VIEW = { width: 390, height: 844 }
const SESSION_KEY = 'sciweek:visitor-session'
const TICKETS_KEY = 'sciweek:tickets'

// The erasure date as each language writes it: "2027年8月24日" / "24 Aug 2027".
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const zhDate = (d) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`
const enDate = (d) => `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`
const UNTIL = addDays(END, 90)

const srv = await startServer({ serveArgs: ['--sms-provider', 'log'] })
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

/** What the public side says once it has caught up (it follows changes within a second or so). */
async function eventually(read, ok, what) {
  let last
  for (let i = 0; i < 50; i++) {
    if (i) await sleep(200)
    last = await read()
    if (ok(last)) return last
  }
  assert.fail(`${what}: still ${JSON.stringify(last)}`)
}
const remaining = async () =>
  (await (await publicApi(`activities/${id}`)).json()).sessions.find((s) => s.id === sessionId).remaining

// Set up through the API (not what is under test): this year's campaign, open, around today, with
// the default 90 days; one published activity tomorrow with one session of 10 places.
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
    starts_at: at('14:00'),
    ends_at: at('16:00'),
    audience: ['青少年'],
    description: '观众可随时删除自己的个人信息',
    contact_name: '王老师',
    contact_phone: '010-62345678',
    is_free: true,
    reservation_required: true,
    sessions: [{ starts_at: at('14:00'), ends_at: at('16:00'), capacity: CAPACITY }],
  })
  assert.equal(a.status, 201, JSON.stringify(a.body))
  assert.equal((await apiCall(unit.page, 'POST', `activities/${a.body.id}/submit`, {})).status, 200)
  assert.equal((await apiCall(admin.page, 'POST', `activities/${a.body.id}/approve`, {})).status, 200)
  await admin.context.close()
  await unit.context.close()
  return { id: a.body.id, sessionId: a.body.sessions[0].id }
}
const { id, sessionId } = await setUp()
/** the visitor's phone browser, kept from booking to erasing: its ticket is on this device */
const state = { visitor: null, code: null }

test('the public campaign says how long visitors’ data is kept', async () => {
  const c = await (await publicApi('campaigns/current')).json()
  assert.equal(c.personal_data_days, 90)
  assert.equal(c.personal_data_until, UNTIL)
})

test('a visitor on a phone reads what is kept and until when, and books', async () => {
  const visitor = await newPage(browser, srv.baseUrl, { ...AXE, ...PHONE_VIEW })
  state.visitor = visitor
  const { page } = visitor
  await page.goto(`/events/${id}`)
  await page.getByTestId('activity-title').getByText(TITLE).waitFor()
  await page.getByRole('button', { name: /^预约 / }).click()
  const form = page.getByTestId('reserve-form')
  const notice = form.getByTestId('privacy-notice')
  await notice.getByText(`科技周结束 90 天后，即 ${zhDate(UNTIL)} 自动删除，只保留不含个人信息的人数统计`).waitFor()
  const text = await notice.innerText()
  assert.match(text, /我们保存您的姓名、手机号和您填写的电子邮箱，仅用于预约、入场核验和活动通知/)
  assert.match(text, /您也可以随时在我的预约中删除这些信息。$/)
  assert.equal(await notice.getByRole('link', { name: '我的预约' }).getAttribute('href'), '/tickets')
  assert.deepEqual(await axeViolations(page), [])
  await screenshot(page, 'personal-data-notice')

  await form.getByLabel('姓名', { exact: true }).fill('李删除')
  await form.getByLabel('手机号', { exact: true }).fill(PHONE)
  await page.getByTestId('reserve-submit').click()
  await page.waitForURL(/\/tickets\/.+/)
  await page.getByTestId('ticket-status').getByText('预约成功').waitFor()
  state.code = decodeURIComponent(new URL(page.url()).pathname.split('/').filter(Boolean).pop())
  assert.equal(await remaining(), CAPACITY - 1)
  assert.deepEqual(visitor.pageErrors, [])
})

test('on 我的预约 the visitor deletes their data with an erase code', async () => {
  assert.ok(state.code, 'needs the booking of the test before')
  const { context, page, external, pageErrors } = state.visitor

  // Another phone signed in on this tab (我的预约 → 用手机号查看全部预约), through the API.
  const seenOther = codesTo(srv, OTHER_MASKED).length
  const sent = await publicApi('phone-codes', {
    method: 'POST',
    body: JSON.stringify({ phone: OTHER, purpose: 'manage' }),
  })
  assert.equal(sent.status, 202)
  const signIn = await publicApi('visitor-logins', {
    method: 'POST',
    body: JSON.stringify({ phone: OTHER, code: await nextCode(srv, OTHER_MASKED, seenOther) }),
  })
  assert.equal(signIn.status, 201, await signIn.clone().text())
  const login = await signIn.json()
  await page.evaluate(
    ([key, value]) => sessionStorage.setItem(key, value),
    [SESSION_KEY, JSON.stringify({ ...login, phone: OTHER, masked: login.phone })],
  )

  await page.goto('/tickets')
  await page.getByTestId('my-tickets').getByText(TITLE).waitFor()
  await page.getByTestId('phone-reservations').getByText(`手机号 ${OTHER_MASKED} 的全部预约`).waitFor()
  const section = page.getByTestId('erase-my-data')
  await section.getByRole('heading', { name: '删除我的个人信息' }).waitFor()
  await section
    .getByText('未开始的预约将被取消，名额让给候补观众；所有预约中的姓名、手机号和邮箱将被删除，无法恢复')
    .waitFor()
  const error = (text) => section.locator('.el-form-item__error', { hasText: text })
  const submit = section.getByRole('button', { name: '删除', exact: true })
  await submit.click()
  await error('请填写手机号').waitFor()
  await error('请填写短信验证码').waitFor()

  await section.getByLabel('手机号', { exact: true }).fill(PHONE)
  const seen = codesTo(srv, MASKED).length
  await section.getByTestId('code-send').click()
  await section.getByTestId('code-sent').getByText(`验证码已发送至 ${MASKED}，5 分钟内有效`).waitFor()
  const code = await nextCode(srv, MASKED, seen)
  const codeBox = section.getByLabel('短信验证码', { exact: true })
  const dialog = page.getByRole('dialog', { name: '删除我的个人信息' })

  // A wrong code, confirmed: the server's refusal lands at the code box.
  await codeBox.fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'))
  await submit.click()
  await dialog.getByText(`确定删除手机号 ${PHONE} 的个人信息吗？`).waitFor()
  await dialog.getByRole('button', { name: '确定删除' }).click()
  await error('验证码不正确，还可再试4次').waitFor()

  // Changing one's mind: nothing is sent.
  await codeBox.fill(code)
  await submit.click()
  await dialog.getByRole('button', { name: '不删除' }).click()
  await dialog.waitFor({ state: 'hidden' })
  assert.equal(await section.getByTestId('erase-result').count(), 0)
  assert.equal(await remaining(), CAPACITY - 1)
  assert.deepEqual(await axeViolations(page), [])
  await screenshot(page, 'personal-data-erase')

  await submit.click()
  await dialog.getByRole('button', { name: '确定删除' }).click()
  await section.getByTestId('erase-result').getByText('已取消 1 个预约，删除 1 条预约中的个人信息').waitFor()
  // This browser keeps nothing of it: no ticket on the device, no sign-in in the tab.
  await page.locator('.el-empty').waitFor()
  await page.getByTestId('visitor-sign-in').waitFor()
  const kept = await page.evaluate(
    ([s, t]) => ({ session: sessionStorage.getItem(s), tickets: localStorage.getItem(t) }),
    [SESSION_KEY, TICKETS_KEY],
  )
  assert.equal(kept.session, null)
  assert.ok(!String(kept.tickets).includes(PHONE), `tickets kept: ${kept.tickets}`)
  assert.equal(await section.getByLabel('手机号', { exact: true }).inputValue(), '')
  await screenshot(page, 'personal-data-erased')

  // The server no longer knows the phone, and the place went back to the session.
  const ticket = await publicApi(`reservations/${encodeURIComponent(state.code)}`, {
    headers: { 'X-Visitor-Phone': PHONE },
  })
  assert.equal(ticket.status, 404)
  await eventually(remaining, (n) => n === CAPACITY, 'places left after the erasure')
  // The code was used up by the erasure.
  const again = await publicApi('my-data/erase', { method: 'POST', body: JSON.stringify({ phone: PHONE, code }) })
  assert.equal(again.status, 422)
  assert.equal((await again.json()).error.field, 'phone_code')
  assert.deepEqual(pageErrors, [])
  assertNoExternal(external)
  await context.close()
})

test('in English, the notice and the deletion read in English', async () => {
  const { context, page, external, pageErrors } = await newPage(browser, srv.baseUrl, {
    ...PHONE_VIEW,
    locale: 'en-US',
  })
  await page.goto(`/events/${id}`)
  await page.getByRole('button', { name: /^Book / }).click()
  const notice = page.getByTestId('reserve-form').getByTestId('privacy-notice')
  await notice.getByText(`deleted automatically 90 days after Science Week ends, on ${enDate(UNTIL)}`).waitFor()
  assert.match(await notice.innerText(), /You can also delete them at any time in My bookings\.$/)
  assert.ok(!/[\u4e00-\u9fff]/.test(await notice.innerText()), 'no Chinese in the notice')

  await notice.getByRole('link', { name: 'My bookings' }).click()
  await page.waitForURL('**/tickets')
  const section = page.getByTestId('erase-my-data')
  await section.getByRole('heading', { name: 'Delete my personal data' }).waitFor()
  await section.getByRole('button', { name: 'Delete', exact: true }).click()
  await section.getByText('Please enter your mobile number').waitFor()
  await section.getByText('Please enter the code from the text message').waitFor()
  assert.ok(!/[\u4e00-\u9fff]/.test(await section.innerText()), 'no Chinese in the deletion')
  assert.deepEqual(pageErrors, [])
  assertNoExternal(external)
  await context.close()
})

test('the organizer sets how long visitors’ data is kept in the campaign dialog', async () => {
  const { context, page, pageErrors } = await newPage(browser, srv.baseUrl)
  await login(page, 'admin', DEMO_PASSWORD)
  await page.waitForURL('**/organizer')
  assert.equal((await apiCall(page, 'GET', `campaigns/${YEAR}`)).body.personal_data_days, 90)
  await page.goto('/admin/campaigns')
  await page.getByRole('button', { name: `编辑 ${YEAR}年北京科技周` }).click()
  const dialog = page.getByRole('dialog', { name: `编辑活动季（${YEAR}）` })
  const days = dialog.getByLabel('观众个人信息保存天数')
  assert.equal(await days.inputValue(), '90')
  await dialog
    .getByText('科技周结束后满该天数，自动删除观众的姓名、手机号和电子邮箱，只保留人数统计（《个人信息保护法》）。')
    .waitFor()

  // An empty box is refused at the field, before any request.
  await days.fill('')
  await days.blur()
  await dialog.getByTestId('campaign-save').click()
  await dialog.locator('.el-form-item__error', { hasText: '观众个人信息保存天数须为1至1098天' }).waitFor()

  await days.fill('30')
  await days.blur()
  await settle(page)
  await screenshot(page, 'personal-data-campaign', { fullPage: false })
  await dialog.getByTestId('campaign-save').click()
  await page.getByText('活动季已保存').waitFor()
  assert.equal((await apiCall(page, 'GET', `campaigns/${YEAR}`)).body.personal_data_days, 30)
  const c = await eventually(
    async () => (await publicApi('campaigns/current')).json(),
    (x) => x.personal_data_days === 30,
    'the public campaign',
  )
  assert.equal(c.personal_data_until, addDays(END, 30))
  assert.deepEqual(pageErrors, [])
  await context.close()
})
