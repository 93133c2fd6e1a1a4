// Changing a published activity (issue 10 §4) in a real browser against the real server. A unit
// (中国科学技术馆) publishes an activity with two sessions (set up through the API) and a visitor
// holds a ticket for the second. In the UI the unit first fixes the description (applied at
// once, 已更新, no reason asked), then moves the venue and the second session with a reason: the
// page shows 待审核的变更 while the activity, the calendar and the ticket keep the published
// venue and time. The city reviewer finds it under 有待审核变更 and approves it: the new venue
// and time show, and 变更记录 lists the ticket as 改期 under 需通知的观众. Then the unit removes
// the first session, which holds a visitor's ticket: the server's count comes up in a
// confirmation (此变更将取消1张已预约的票…), the unit agrees, the reviewer approves, and the
// ticket is listed as 已取消 (and is cancelled). Last, a reviewer returns a change with a reason.
// The new panels pass axe. Elements are found by test id, form id or role, never by a visitor's
// phone, which the pages must never show in full.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'
import { addDays, apiCall, beijingToday, openCampaign } from './support/api.mjs'

const { date: today, year: YEAR } = beijingToday()
// Tomorrow, so no session has begun (a session that has begun cannot be moved or removed).
const DAY = addDays(today, 1)
const END = addDays(today, 6).startsWith(String(YEAR)) ? addDays(today, 6) : `${YEAR}-12-31`
const TITLE = `天文观测夜 ${Date.now() % 100000}`
const UNIT = 'kjg' // 中国科学技术馆, in 朝阳区
const OLD_VENUE = '中国科学技术馆 A 厅'
const NEW_VENUE = '中国科学技术馆 B 厅'
const MOVED_PHONE = '13912340001'
const REMOVED_PHONE = '13912340002'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

const srv = await startServer()
const browser = await launchBrowser()
const admin = await newPage(browser, srv.baseUrl)
await login(admin.page, 'admin', DEMO_PASSWORD)
await admin.page.waitForURL('**/organizer')
await openCampaign(admin.page, { year: YEAR, start: today, end: END })
await admin.context.close()

// The unit's and the reviewer's pages for the whole file (axe is injected: it needs the CSP bypass).
const unit = await newPage(browser, srv.baseUrl, { bypassCSP: true })
await login(unit.page, UNIT, DEMO_PASSWORD)
await unit.page.waitForURL('**/unit')
const reviewer = await newPage(browser, srv.baseUrl, { bypassCSP: true })
await login(reviewer.page, 'reviewer', DEMO_PASSWORD)
await reviewer.page.waitForURL('**/organizer')

const state = { id: null, sessions: [], moved: null, removed: null }

after(async () => {
  await browser?.close()
  await srv?.stop()
})

const at = (hhmm) => `${DAY}T${hhmm}:00+08:00`

/** A visitor's reservation through the public API (no login), as the calendar makes it. */
async function reserve(sessionId, phone, partySize) {
  const r = await fetch(`${srv.baseUrl}/api/v1/public/sessions/${sessionId}/reservations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ name: '张小明', phone, party_size: partySize }),
  })
  const body = await r.json()
  assert.equal(r.status, 201, JSON.stringify(body))
  return body
}

async function ticket(code, phone) {
  const r = await fetch(`${srv.baseUrl}/api/v1/public/reservations/${encodeURIComponent(code)}`, {
    headers: { Accept: 'application/json', 'X-Visitor-Phone': phone },
  })
  assert.equal(r.status, 200)
  return r.json()
}

async function publicActivity(id) {
  const r = await fetch(`${srv.baseUrl}/api/v1/public/activities/${id}`, { headers: { Accept: 'application/json' } })
  assert.equal(r.status, 200)
  return r.json()
}

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

/** Serious and critical WCAG A/AA violations (as a11y.test.mjs checks every main page). */
async function axeViolations(page) {
  await settle(page)
  await page.waitForTimeout(400)
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath })
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
  )
  const lines = []
  for (const v of results.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue
    for (const n of v.nodes) lines.push(`${v.id}: ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`)
  }
  return lines
}

/** The unit opens its published activity and the edit form with 修改已发布活动. */
async function openChangeForm(page) {
  await page.goto(`/unit/activities/${state.id}`)
  await page.getByTestId('activity-info').waitFor()
  await page.getByTestId('change-activity').click()
  await page.waitForURL(`**/unit/activities/${state.id}/edit`)
  await page.getByTestId('published-edit-note').waitFor()
  await page.locator('#af-venue').waitFor()
}

/** The history's newest change. */
const newestChange = (page) => page.getByTestId('change-history').locator('[data-role="change"]').first()

test('setup: the unit publishes an activity with two sessions; a visitor holds a ticket for the second', async () => {
  const { page } = unit
  const districts = await apiCall(page, 'GET', 'public/districts')
  const chaoyang = districts.body.items.find((d) => d.name === '朝阳区')
  assert.ok(chaoyang, JSON.stringify(districts.body))
  const created = await apiCall(page, 'POST', `campaigns/${YEAR}/activities`, {
    title: TITLE,
    category: '开放日',
    mode: 'offline',
    district: chaoyang.code,
    venue: OLD_VENUE,
    address: '朝阳区北辰东路5号',
    starts_at: at('09:00'),
    ends_at: at('17:00'),
    audience: ['公众'],
    description: '用望远镜看月亮。',
    contact_name: '王老师',
    contact_phone: '010-59041000',
    is_free: true,
    reservation_required: true,
    online_url: null,
    security_owner: null,
    safe_occupancy: 50,
    co_organizers: [],
    sessions: [
      {
        starts_at: at('10:00'),
        ends_at: at('11:00'),
        capacity: 10,
        high_demand: false,
        opens_at: null,
        lottery_cutoff: null,
      },
      {
        starts_at: at('14:00'),
        ends_at: at('15:00'),
        capacity: 10,
        high_demand: false,
        opens_at: null,
        lottery_cutoff: null,
      },
    ],
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  state.id = created.body.id
  assert.equal((await apiCall(page, 'POST', `activities/${state.id}/submit`, {})).status, 200)
  const approved = await apiCall(reviewer.page, 'POST', `activities/${state.id}/approve`, {})
  assert.equal(approved.status, 200, JSON.stringify(approved.body))
  state.sessions = approved.body.sessions.map((s) => s.id)
  state.moved = await reserve(state.sessions[1], MOVED_PHONE, 2)
})

test('the unit fixes the description at once, then moves the venue and a session: it waits for review', async () => {
  assert.ok(state.moved, 'needs the setup')
  const { page, pageErrors } = unit

  // Only the description: applied at once, no reason asked.
  await openChangeForm(page)
  assert.equal(await page.locator('#af-venue').inputValue(), OLD_VENUE, 'the form opens with the published plan')
  await page.getByTestId('session-taken-1').getByText('已预约 2 人').waitFor()
  await page.locator('#af-desc').fill('用望远镜看月亮和木星。')
  assert.equal(await page.getByTestId('change-review').count(), 0, 'a description needs no reason')
  await page.getByTestId('activity-save').click()
  await page.locator('.el-message', { hasText: '已更新' }).waitFor()
  await page.waitForURL(new RegExp(`/unit/activities/${state.id}$`))
  await page.getByTestId('activity-info').getByText('用望远镜看月亮和木星。').waitFor()
  assert.equal(await page.getByTestId('pending-change').count(), 0)
  assert.equal((await publicActivity(state.id)).description, '用望远镜看月亮和木星。')

  // The venue and the second session's time: the reason box appears with what goes to review.
  await openChangeForm(page)
  await page.locator('#af-venue').fill(NEW_VENUE)
  const review = page.getByTestId('change-review')
  await review.waitFor()
  await review.getByTestId('change-lines').getByText(NEW_VENUE).waitFor()
  await pickDateTime(page, '#ss-1-start', `${DAY} 15:00`)
  await pickDateTime(page, '#ss-1-end', `${DAY} 16:00`)
  await review.getByText('场次改期').waitFor()
  // Saving without a reason is stopped at the box.
  await page.getByTestId('activity-save').click()
  await page.getByTestId('form-errors').getByText('须填写变更原因').waitFor()
  await page.locator('#af-change-reason').fill('A 厅设备检修，改到 B 厅；下午场推迟一小时')
  for (const line of await axeViolations(page)) assert.fail(`edit form: ${line}`)
  await screenshot(page, 'a0-activity-change-form')
  await page.getByTestId('activity-save').click()
  await page.locator('.el-message', { hasText: '变更已提交审核' }).waitFor()
  await page.waitForURL(new RegExp(`/unit/activities/${state.id}$`))

  // The change waits; everything else still shows the published venue and time.
  const panel = page.getByTestId('pending-change')
  await panel.waitFor()
  await panel.getByTestId('pending-change-reason').getByText('A 厅设备检修，改到 B 厅；下午场推迟一小时').waitFor()
  await panel.getByTestId('pending-change-level').getByText('等待审核').waitFor()
  const lines = await panel.getByTestId('pending-change-lines').innerText()
  assert.match(lines, new RegExp(`活动场地：${OLD_VENUE} → ${NEW_VENUE}`))
  assert.match(lines, new RegExp(`场次改期：${DAY} 14:00–15:00 → ${DAY} 15:00–16:00`))
  await panel.getByTestId('withdraw-change').waitFor()
  assert.equal(await panel.getByTestId('approve-change').count(), 0, 'the unit does not review its own change')
  const info = await page.getByTestId('activity-info').innerText()
  assert.match(info, new RegExp(OLD_VENUE))
  assert.doesNotMatch(info, new RegExp(NEW_VENUE))
  assert.match(await page.getByTestId('session-ops-1').innerText(), new RegExp(`${DAY} 14:00`))
  await newestChange(page).getByTestId('change-status').getByText('待审核').waitFor()

  const a = await apiCall(page, 'GET', `activities/${state.id}`)
  assert.equal(a.body.venue, OLD_VENUE)
  assert.deepEqual(a.body.pending_change.summary.moved, [state.sessions[1]])
  assert.equal((await publicActivity(state.id)).venue, OLD_VENUE, 'the calendar keeps the published venue')
  const t = await ticket(state.moved.code, MOVED_PHONE)
  assert.equal(t.session.starts_at, at('14:00'), 'the ticket keeps its time until approval')
  for (const line of await axeViolations(page)) assert.fail(`pending change: ${line}`)
  await screenshot(page, 'a1-activity-change-pending')
  assert.deepEqual(pageErrors, [])
})

test('the reviewer finds it under 有待审核变更 and approves it: the new venue and time show', async () => {
  const { page, pageErrors } = reviewer
  await page.getByRole('menuitem', { name: '活动审核' }).click()
  await page.getByTestId('activity-queue').waitFor()
  await page.getByTestId('queue-tab').getByText('有待审核变更').click()
  await page.waitForURL(/change=pending/)
  const row = page.getByTestId('activities-table').locator('tr', { hasText: TITLE })
  await row.getByTestId('row-pending-change').waitFor()
  await settle(page)
  await page.waitForTimeout(400) // the tab's transition
  await screenshot(page, 'a2-change-queue')
  await row.getByRole('link', { name: TITLE }).click()
  await page.waitForURL(`**/organizer/activities/${state.id}`)
  const panel = page.getByTestId('pending-change')
  await panel.waitFor()
  await panel.getByTestId('pending-change-notified').getByText('现有约 2 人').waitFor()
  assert.equal(await panel.getByTestId('withdraw-change').count(), 0, 'only the unit withdraws')
  await panel.getByTestId('approve-change').click()
  await page.getByRole('dialog').getByRole('button', { name: '通过并生效' }).click()
  await page.locator('.el-message', { hasText: '变更已通过并生效' }).waitFor()
  await panel.waitFor({ state: 'detached' })
  await page.getByTestId('activity-info').getByText(NEW_VENUE, { exact: false }).waitFor()
  await page.getByTestId('session-ops-1').getByText(`${DAY} 15:00`, { exact: false }).waitFor()

  // 变更记录: approved, with the moved ticket to notify (masked: never the full phone).
  const change = newestChange(page)
  await change.getByTestId('change-status').getByText('已通过').waitFor()
  const affected = change.getByTestId('affected-tickets')
  await affected.getByText('需通知的观众（1）').waitFor()
  const ticketRow = affected.locator('tr', { hasText: state.moved.ticket_no.slice(0, 4) })
  await ticketRow.getByTestId('affected-effect').getByText('改期').waitFor()
  assert.match(await ticketRow.innerText(), new RegExp(`${DAY} 14:00–15:00 → ${DAY} 15:00–16:00`))
  assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(MOVED_PHONE))
  await settle(page)
  await screenshot(page, 'a3-activity-change-approved')

  const pub = await publicActivity(state.id)
  assert.equal(pub.venue, NEW_VENUE)
  assert.equal(pub.sessions[1].starts_at, at('15:00'))
  const t = await ticket(state.moved.code, MOVED_PHONE)
  assert.equal(t.status, 'confirmed', 'the moved ticket stays valid')
  assert.equal(t.session.starts_at, at('15:00'))
  assert.deepEqual(pageErrors, [])
})

test('removing a session with a ticket asks to cancel it; approved, the ticket is listed and cancelled', async () => {
  state.removed = await reserve(state.sessions[0], REMOVED_PHONE, 1)
  const { page, pageErrors } = unit
  await openChangeForm(page)
  assert.equal(await page.locator('#af-venue').inputValue(), NEW_VENUE)
  await page.getByTestId('session-taken-0').getByText('已预约 1 人').waitFor()
  await page.getByTestId('session-row-0').getByRole('button', { name: '删除场次 1' }).click()
  await page.getByTestId('change-review').getByText('删除场次').waitFor()
  await page.locator('#af-change-reason').fill('上午场讲师无法到场，取消上午场')
  await page.getByTestId('activity-save').click()

  // The server's count, in a confirmation; going back changes nothing.
  const dialog = page.getByRole('dialog', { name: '确认取消已预约的票' })
  await dialog.getByText('此变更将取消1张已预约的票（共1人）').waitFor()
  await page.waitForTimeout(400) // the dialog fades in
  await screenshot(page, 'a4-activity-change-cancel-confirm', { fullPage: false })
  await dialog.getByRole('button', { name: '返回修改' }).click()
  await dialog.waitFor({ state: 'hidden' })
  assert.equal((await apiCall(page, 'GET', `activities/${state.id}`)).body.pending_change, null)
  await page.getByTestId('activity-save').click()
  await dialog.getByRole('button', { name: '确认取消并提交审核' }).click()
  await page.waitForURL(new RegExp(`/unit/activities/${state.id}$`))
  const panel = page.getByTestId('pending-change')
  await panel.getByTestId('pending-change-cancels').getByText('主办单位已确认').waitFor()
  assert.match(await panel.getByTestId('pending-change-lines').innerText(), /删除场次：/)
  assert.equal((await ticket(state.removed.code, REMOVED_PHONE)).status, 'confirmed', 'nothing is cancelled yet')

  const r = reviewer.page
  await r.goto(`/organizer/activities/${state.id}`)
  await r.getByTestId('pending-change').getByTestId('approve-change').click()
  await r.getByRole('dialog').getByRole('button', { name: '通过并生效' }).click()
  await r.getByTestId('pending-change').waitFor({ state: 'detached' })
  await r.getByTestId('session-ops-0').waitFor()
  assert.equal(await r.getByTestId('session-ops-1').count(), 0, 'the removed session is no longer listed')
  const change = newestChange(r)
  await change.getByTestId('change-status').getByText('已通过').waitFor()
  const row = change.getByTestId('affected-tickets').locator('tr', { hasText: state.removed.ticket_no.slice(0, 4) })
  await row.getByTestId('affected-effect').getByText('已取消').waitFor()
  assert.match(await row.innerText(), /139\*{4}0002/)
  for (const line of await axeViolations(r)) assert.fail(`history: ${line}`)
  await screenshot(r, 'a5-activity-change-history')

  const t = await ticket(state.removed.code, REMOVED_PHONE)
  assert.equal(t.status, 'cancelled')
  assert.equal(t.cancel_reason, '上午场讲师无法到场，取消上午场')
  assert.equal((await ticket(state.moved.code, MOVED_PHONE)).status, 'confirmed', "the other session's stays")
  assert.deepEqual([...pageErrors, ...reviewer.pageErrors], [])
})

test('the reviewer returns a change with a reason; the plan stays and the history says why', async () => {
  const { page } = unit
  const a = (await apiCall(page, 'GET', `activities/${state.id}`)).body
  const body = {
    title: `${TITLE}（新名称）`,
    category: a.category,
    mode: a.mode,
    district: a.district.code,
    venue: a.venue,
    address: a.address,
    starts_at: a.starts_at,
    ends_at: a.ends_at,
    audience: a.audience,
    description: a.description,
    contact_name: a.contact_name,
    contact_phone: a.contact_phone,
    is_free: a.is_free,
    reservation_required: a.reservation_required,
    online_url: a.online_url,
    security_owner: a.security_owner,
    safe_occupancy: a.safe_occupancy,
    co_organizers: [],
    sessions: a.sessions.map((s) => ({
      id: s.id,
      starts_at: s.starts_at,
      ends_at: s.ends_at,
      capacity: s.capacity,
      high_demand: s.high_demand,
      opens_at: s.opens_at,
      lottery_cutoff: s.lottery_cutoff,
    })),
    version: a.version,
    change_reason: '活动改名',
  }
  const r = await apiCall(page, 'PUT', `activities/${state.id}`, body)
  assert.equal(r.status, 200, JSON.stringify(r.body))
  assert.ok(r.body.pending_change)

  const rp = reviewer.page
  await rp.goto(`/organizer/activities/${state.id}`)
  const panel = rp.getByTestId('pending-change')
  assert.match(await panel.getByTestId('pending-change-lines').innerText(), /活动名称：.+ → .+（新名称）/)
  await panel.getByTestId('reject-change').click()
  const dialog = rp.getByRole('dialog', { name: '退回变更' })
  await dialog.getByRole('button', { name: '退回' }).click()
  await dialog.getByText('请填写退回理由').waitFor()
  await dialog.locator('textarea').fill('名称与宣传材料不一致')
  await dialog.getByRole('button', { name: '退回' }).click()
  await rp.locator('.el-message', { hasText: '变更已退回' }).waitFor()
  await panel.waitFor({ state: 'detached' })
  await rp.getByTestId('activity-title').getByText(TITLE, { exact: true }).waitFor()
  const change = newestChange(rp)
  await change.getByTestId('change-status').getByText('已退回').waitFor()
  await change.getByText('退回理由').waitFor()
  await change.getByText('名称与宣传材料不一致').first().waitFor()
  assert.deepEqual(reviewer.pageErrors, [])
})
