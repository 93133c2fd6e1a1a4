// Accessibility of every main page, checked by axe-core in the real browser against the real
// server: no serious or critical violation of WCAG 2.0/2.1 A and AA (colour contrast included)
// for each role's pages, and the login form works from the keyboard with a visible focus ring.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { launchBrowser, login, newPage, settle } from './support/browser.mjs'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
// The server's CSP allows only its own scripts; the injected axe-core needs the bypass.
const AXE = { bypassCSP: true }
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

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

/** Serious and critical WCAG A/AA violations on the page as it is now, one line per node. */
async function axeViolations(page) {
  await settle(page)
  // Element Plus animates dialogs, tabs and skeletons in; let transitions end so colours are final.
  await page.waitForTimeout(400)
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath })
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_TAGS,
  )
  // Guard against a silent no-op: the contrast rule must have looked at the page.
  const ran = [...results.passes, ...results.incomplete, ...results.violations].map((r) => r.id)
  assert.ok(ran.includes('color-contrast'), `axe did not check colour contrast on ${page.url()}`)
  const lines = []
  for (const v of results.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue
    for (const n of v.nodes) lines.push(`${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`)
  }
  return lines
}

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

test('the admin pages (campaigns, form editor, orgs, users, audit) pass axe', async () => {
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
  ])
  await page.goto('/admin/campaigns')
  await page.getByRole('button', { name: '新建活动季' }).click()
  await page.getByRole('dialog', { name: '新建活动季' }).waitFor()
  for (const line of await axeViolations(page)) found.push(`新建活动季 dialog: ${line}`)
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
      outline: own.outlineStyle !== 'none' && parseFloat(own.outlineWidth) >= 2 ? `${own.outlineWidth} ${own.outlineStyle} ${own.outlineColor}` : '',
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
