// 观众消息 (issue 11 §1) in the browser, against a server that sends visitors' SMS through its
// log-only provider (`--sms-provider log`: every message is "sent" at once, nothing leaves the
// machine): a visitor reserves through the public API; the lead unit opens the session's
// messages and sees the confirmation with the phone masked and its state; it broadcasts a notice
// (the form refuses a second line and a 201st character first, the confirmation says how many
// people hold places) and sees it counted; a fourth notice within the hour shows the server's
// 429. A co-organizer and the city reviewer see the activity but not the entry (the server
// answers them 403).
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { assertNoExternal, launchBrowser, login, newPage, screenshot } from './support/browser.mjs'
import { addDays, apiCall, beijingToday, openCampaign } from './support/api.mjs'
import { AXE, axeViolations } from './support/axe.mjs'

const { date: today, year: YEAR } = beijingToday()
const DAY = addDays(today, 1)
const END = addDays(today, 6).startsWith(String(YEAR)) ? addDays(today, 6) : `${YEAR}-12-31`
const TITLE = `短信通知体验课 ${Date.now() % 100000}`
const LEAD = '110108' // 海淀区 leads it
const CO = 'kjg' // 中国科学技术馆 co-organizes it
const PHONE = '13912345678'
const MASKED = '139****5678'
const NOTICE = '因天气原因，入场改走北门'

const srv = await startServer({ serveArgs: ['--sms-provider', 'log'] })
const browser = await launchBrowser()
after(async () => {
  await browser?.close()
  await srv?.stop()
})

// Set up through the API (not what is under test): this year's campaign, open, around today; one
// published activity tomorrow with one session of 10 places, co-organized by 中国科学技术馆.
async function setUp() {
  const admin = await newPage(browser, srv.baseUrl)
  await login(admin.page, 'admin', DEMO_PASSWORD)
  await admin.page.waitForURL('**/organizer')
  await openCampaign(admin.page, { year: YEAR, start: today, end: END })
  const unit = await newPage(browser, srv.baseUrl)
  await login(unit.page, LEAD, DEMO_PASSWORD)
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
    description: '短信通知的体验课',
    contact_name: '王老师',
    contact_phone: '010-62345678',
    is_free: true,
    reservation_required: true,
    co_organizers: [CO],
    sessions: [{ starts_at: at('09:00'), ends_at: at('11:00'), capacity: 10 }],
  })
  assert.equal(a.status, 201, JSON.stringify(a.body))
  assert.equal((await apiCall(unit.page, 'POST', `activities/${a.body.id}/submit`, {})).status, 200)
  assert.equal((await apiCall(admin.page, 'POST', `activities/${a.body.id}/approve`, {})).status, 200)
  await admin.context.close()
  await unit.context.close()
  return { id: a.body.id, sessionId: a.body.sessions[0].id }
}
const { id, sessionId } = await setUp()

// A visitor's reservation, as the public page makes it (no login).
const reserved = await fetch(`${srv.baseUrl}/api/v1/public/sessions/${sessionId}/reservations`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  body: JSON.stringify({ name: '李短信', phone: PHONE, party_size: 2 }),
})
assert.equal(reserved.status, 201, await reserved.clone().text())

async function openMessages(page) {
  await page.goto(`/unit/activities/${id}`)
  await page.getByTestId('session-ops-0').waitFor()
  await page.getByTestId('session-messages-0').click()
  const drawer = page.getByTestId('session-messages')
  await drawer.getByTestId('message-counts').waitFor()
  return drawer
}

test('the lead unit sees the confirmation SMS, masked, with its delivery state', async () => {
  const { context, page, external, pageErrors } = await newPage(browser, srv.baseUrl, AXE)
  await login(page, LEAD, DEMO_PASSWORD)
  await page.waitForURL('**/unit')
  const drawer = await openMessages(page)
  const row = drawer.getByTestId('messages-table').locator('.el-table__row').filter({ hasText: '预约成功' })
  await row.waitFor()
  await row.getByTestId('message-recipient').getByText(MASKED, { exact: true }).waitFor()
  assert.match(await row.innerText(), /短信/)
  // The log provider sends at once; the drawer refreshes by itself until nothing is on its way.
  await row.getByTestId('message-status-sent').getByText('已发送').waitFor()
  await drawer.getByTestId('count-sent').getByText('1', { exact: true }).waitFor()
  assert.equal(await drawer.getByTestId('count-total').innerText(), '1')
  for (const s of ['pending', 'sending', 'failed', 'suppressed'])
    assert.equal(await drawer.getByTestId(`count-${s}`).innerText(), '0', s)
  await drawer.getByTestId('messages-polling').waitFor({ state: 'detached' })
  const text = await drawer.innerText()
  for (const label of ['待发送', '发送中', '已发送', '发送失败', '已过时未发']) assert.ok(text.includes(label), label)
  assert.ok(!text.includes(PHONE), 'the whole phone number never shows')
  // Created and sent times in Beijing time (this browser is in New York).
  const stored = (await apiCall(page, 'GET', `sessions/${sessionId}/messages`)).body.items[0]
  assert.ok((await row.innerText()).includes(beijingWall(stored.created_at)), 'created_at in Beijing time')
  assert.ok((await row.innerText()).includes(beijingWall(stored.sent_at)), 'sent_at in Beijing time')
  const found = await axeViolations(page)
  assert.deepEqual(found, [])
  await screenshot(page, 'session-messages', { fullPage: false })
  assert.deepEqual(pageErrors, [])
  assertNoExternal(external)
  await context.close()
})

test('the lead unit broadcasts a notice to the holders and sees it counted; the fourth in an hour is refused', async () => {
  const { context, page, pageErrors } = await newPage(browser, srv.baseUrl)
  await login(page, LEAD, DEMO_PASSWORD)
  await page.waitForURL('**/unit')
  const drawer = await openMessages(page)
  await drawer.getByTestId('count-total').getByText('1', { exact: true }).waitFor()
  const box = drawer.getByTestId('notice-text')
  const error = drawer.getByTestId('notice-text-error')

  // The form's own checks, as the server's: an empty box, a second line, a 201st character.
  await drawer.getByTestId('notice-send').click()
  await error.getByText('请填写通知内容').waitFor()
  await box.fill('第一行\n第二行')
  await error.getByText('通知内容含有不可见字符或换行，请改为一段文字').waitFor()
  await box.fill('科'.repeat(201))
  await error.getByText('通知内容不能超过200字').waitFor()
  assert.equal(await drawer.getByTestId('notice-count').innerText(), '201 / 200')
  await drawer.getByTestId('notice-send').click()
  assert.equal(await page.getByRole('dialog', { name: '发送通知' }).count(), 0, 'no confirmation for a bad text')

  await box.fill(`  ${NOTICE}  `)
  assert.equal(await error.innerText(), '')
  assert.equal(await drawer.getByTestId('notice-count').innerText(), `${NOTICE.length} / 200`)
  await drawer.getByTestId('notice-send').click()
  const confirm = page.getByRole('dialog', { name: '发送通知' })
  await confirm.getByText('当前已预约 2 人').waitFor()
  await screenshot(page, 'session-messages-confirm', { fullPage: false })
  await confirm.getByRole('button', { name: '确认发送' }).click()
  await page.getByText('通知已提交发送，1 个预约将收到').waitFor()
  assert.equal(await box.inputValue(), '', 'the box is cleared once sent')

  const notice = drawer.getByTestId('messages-table').locator('.el-table__row').filter({ hasText: '主办方通知' })
  await notice.getByTestId('message-recipient').getByText(MASKED, { exact: true }).waitFor()
  await notice.getByTestId('message-status-sent').waitFor()
  await drawer.getByTestId('count-total').getByText('2', { exact: true }).waitFor()
  await drawer.getByTestId('count-sent').getByText('2', { exact: true }).waitFor()
  const stored = await apiCall(page, 'GET', `sessions/${sessionId}/messages`)
  assert.equal(stored.body.items[0].kind, 'staff_notice')
  assert.equal(stored.body.counts.sent, 2)

  // Three notices an hour per session: two more through the API, the fourth from the page.
  for (const t of ['第二条通知', '第三条通知'])
    assert.equal((await apiCall(page, 'POST', `sessions/${sessionId}/messages`, { text: t })).status, 201)
  await box.fill('第四条通知')
  await drawer.getByTestId('notice-send').click()
  await page.getByRole('dialog', { name: '发送通知' }).getByRole('button', { name: '确认发送' }).click()
  await drawer.getByTestId('notice-send-error').getByText('每个场次每小时最多发送3次通知').waitFor()
  assert.equal(await box.inputValue(), '第四条通知', 'a refused notice stays in the box')
  await drawer.getByTestId('messages-refresh').click()
  await drawer.getByTestId('count-total').getByText('4', { exact: true }).waitFor()
  await screenshot(page, 'session-messages-429', { fullPage: false })
  assert.deepEqual(pageErrors, [])
  await context.close()
})

test('a co-organizer and the city reviewer see the session without 观众消息', async () => {
  const co = await newPage(browser, srv.baseUrl)
  await login(co.page, CO, DEMO_PASSWORD)
  await co.page.waitForURL('**/unit')
  await co.page.goto(`/unit/activities/${id}`)
  await co.page.getByTestId('session-ops-0').waitFor()
  assert.equal(await co.page.getByTestId('session-messages-0').count(), 0)
  assert.equal((await apiCall(co.page, 'GET', `sessions/${sessionId}/messages`)).status, 403)

  const reviewer = await newPage(browser, srv.baseUrl)
  await login(reviewer.page, 'reviewer', DEMO_PASSWORD)
  await reviewer.page.waitForURL('**/organizer')
  await reviewer.page.goto(`/organizer/activities/${id}`)
  await reviewer.page.getByTestId('session-ops-0').waitFor()
  assert.equal(await reviewer.page.getByTestId('session-messages-0').count(), 0)
  assert.equal((await apiCall(reviewer.page, 'GET', `sessions/${sessionId}/messages`)).status, 403)

  // An admin has it, on the organizer's page.
  const admin = await newPage(browser, srv.baseUrl)
  await login(admin.page, 'admin', DEMO_PASSWORD)
  await admin.page.waitForURL('**/organizer')
  await admin.page.goto(`/organizer/activities/${id}`)
  await admin.page.getByTestId('session-messages-0').click()
  await admin.page.getByTestId('session-messages').getByTestId('count-total').getByText('4', { exact: true }).waitFor()
  for (const p of [co, reviewer, admin]) {
    assert.deepEqual(p.pageErrors, [])
    await p.context.close()
  }
})

/** "2027-05-20 09:00:05" of an API time, in Beijing (as the table shows it). */
function beijingWall(iso) {
  return new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ')
}
