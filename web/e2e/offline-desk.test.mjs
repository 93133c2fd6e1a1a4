// The check-in desk without the network (issue 11 §3), against the real server: the desk opens a
// session online (its ticket list and the public keys are downloaded, its service worker keeps the
// app), the network goes (Chromium's offline emulation) and the page is reloaded from the worker;
// scans are decided on the device — two valid tickets pass, a forged code and a second scan of the
// same ticket are refused — while "another gate" admits one of those tickets online; back online,
// the desk syncs by itself, the server counts each ticket once and reports the double entry, which
// the desk shows as 重复入场 with nothing left waiting.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { assertNoExternal, launchBrowser, login, newPage, screenshot } from './support/browser.mjs'
import { addDays, apiCall, beijingToday, openCampaign } from './support/api.mjs'

const { date: today, year: YEAR } = beijingToday()
const DAY = addDays(today, 1)
const END = addDays(today, 6).startsWith(String(YEAR)) ? addDays(today, 6) : `${YEAR}-12-31`
const TITLE = `离线检票演练 ${Date.now() % 100000}`
const UNIT = 'kjg' // 中国科学技术馆; the demo's `checkin` user works there
const PARTIES = [2, 3, 1]

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

// Set up through the API (not what is under test): the week open, one published activity of the
// unit tomorrow with one session, three bookings.
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
    venue: '中国科学技术馆 B 厅',
    address: '朝阳区北辰东路5号',
    starts_at: at('10:00'),
    ends_at: at('12:00'),
    audience: ['青少年'],
    description: '离线检票演练',
    contact_name: '王老师',
    contact_phone: '010-59041000',
    is_free: true,
    reservation_required: true,
    sessions: [{ starts_at: at('10:00'), ends_at: at('12:00'), capacity: 20 }],
  })
  assert.equal(a.status, 201, JSON.stringify(a.body))
  assert.equal((await apiCall(unit.page, 'POST', `activities/${a.body.id}/submit`, {})).status, 200)
  const ok = await apiCall(admin.page, 'POST', `activities/${a.body.id}/approve`, {})
  assert.equal(ok.status, 200, JSON.stringify(ok.body))
  await admin.context.close()
  const { sessions } = await (await publicApi(`activities/${a.body.id}`)).json()
  const sid = sessions[0].id
  const tickets = []
  for (const [i, party] of PARTIES.entries()) {
    const r = await publicApi(`sessions/${sid}/reservations`, {
      method: 'POST',
      body: JSON.stringify({ name: `观众${'甲乙丙'[i]}某`, phone: `1390000003${i}`, party_size: party }),
    })
    const body = await r.json()
    assert.equal(r.status, 201, JSON.stringify(body))
    assert.equal(body.status, 'confirmed')
    tickets.push({ code: body.code, no: body.ticket_no, party })
  }
  return { unit, sid, tickets }
}
const { unit, sid, tickets } = await setUp()

test('offline, the desk reloads from its worker, decides scans itself and syncs them back', async () => {
  const { context, page, external, pageErrors } = await newPage(browser, srv.baseUrl, { width: 390, height: 844 })
  await login(page, 'checkin', DEMO_PASSWORD)
  await page.waitForURL('**/checkin')
  await page.goto('/checkin/desk')
  const mode = page.getByTestId('desk-mode')
  const pending = page.getByTestId('desk-pending')
  await mode.getByText('在线', { exact: true }).waitFor()
  // Online: the session's list (3 tickets) is downloaded and the worker controls the page with
  // the desk's files in its cache.
  await page.getByTestId('desk-list-time').getByText('（3 张票）').waitFor()
  await page.waitForFunction(async () => {
    if (!navigator.serviceWorker.controller) return false
    const names = (await (await caches.open('sciweek-desk-v1')).keys()).map((r) => r.url)
    return names.some((u) => u.includes('/assets/CheckinDeskView-')) && names.some((u) => u.endsWith('/index.html'))
  })

  await context.setOffline(true)
  const reloaded = await page.reload()
  assert.ok(reloaded?.fromServiceWorker(), 'the offline reload came from the service worker')
  await mode.getByText('离线模式', { exact: true }).waitFor()
  await page.getByTestId('desk-list-time').getByText('（3 张票）').waitFor()
  await pending.getByText('待同步 0 条').waitFor()
  assert.equal(new URL(page.url()).pathname, '/checkin/desk', 'an offline reload stays at the desk')

  const code = page.locator('#cd-code')
  const scan = async (text, result) => {
    await code.fill(text)
    await page.getByTestId('desk-check').click()
    const r = page.locator(`[data-testid="checkin-result"][data-result="${result}"]`)
    await r.waitFor()
    return r
  }
  // A signed code (checked with the public key), then a typed number as people type it.
  const first = await scan(tickets[0].code, 'ok')
  await first.getByText('2 人').waitFor()
  await first.getByText('离线，待同步').waitFor()
  await pending.getByText('待同步 1 条').waitFor()
  const typed = tickets[1].no.toLowerCase().replace(/(.{4})(?!$)/g, '$1-')
  await (await scan(typed, 'ok')).getByText('3 人').waitFor()
  await pending.getByText('待同步 2 条').waitFor()
  // A forged code: the third ticket's number under the first ticket's signature.
  const forged = `${tickets[2].code.split('.').slice(0, 4).join('.')}.${tickets[0].code.split('.')[4]}`
  await (await scan(forged, 'unknown')).getByText('签名无效').waitFor()
  // The first ticket again: refused here, without the server.
  await scan(tickets[0].no, 'already_checked_in')
  await pending.getByText('待同步 2 条').waitFor()
  await screenshot(page, 'offline-desk-offline')

  // Meanwhile another gate, online, admits the first ticket too.
  const gate = await apiCall(unit.page, 'POST', 'checkin', { code: tickets[0].code, session_id: sid, direction: 'in' })
  assert.equal(gate.status, 200, JSON.stringify(gate.body))
  assert.equal(gate.body.result, 'ok')

  await context.setOffline(false)
  await mode.getByText('在线', { exact: true }).waitFor()
  await pending.getByText('待同步 0 条').waitFor()
  const conflict = page.getByTestId('desk-conflict')
  await conflict.getByText('重复入场', { exact: true }).waitFor()
  assert.match(await conflict.innerText(), new RegExp(tickets[0].no))
  await screenshot(page, 'offline-desk-synced')

  // The server counts each ticket once: the first (2) and the second (3); the forged one nobody.
  const counter = await apiCall(unit.page, 'GET', `sessions/${sid}/counter`)
  assert.equal(counter.status, 200)
  assert.equal(counter.body.checked_in_people, tickets[0].party + tickets[1].party)
  assert.equal(counter.body.checked_in_parties, 2)
  const list = await apiCall(unit.page, 'GET', `sessions/${sid}/desk-conflicts`)
  assert.equal(list.status, 200, JSON.stringify(list.body))
  assert.equal(list.body.items.length, 1)
  assert.equal(list.body.items[0].conflict, 'double_entry')
  assert.equal(list.body.items[0].ticket_no, tickets[0].no)

  // Back online, scans go to the server again (the live route, as before).
  await scan(tickets[2].no, 'ok')
  assert.equal((await apiCall(unit.page, 'GET', `sessions/${sid}/counter`)).body.checked_in_people, 6)
  await pending.getByText('待同步 0 条').waitFor()
  assert.deepEqual(pageErrors, [])
  assertNoExternal(external)
  await context.close()
})
