// Headless Debian Chromium through playwright-core (no downloaded browser). Every page
// records requests that would leave the machine, so a test can assert there were none.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { webDir } from './server.mjs'

export const outputDir = path.join(webDir, 'e2e', 'output')

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** A fresh context (own cookies) and page; `external` collects off-machine requests.
 *  `bypassCSP` lets a test inject a script (axe-core) past the server's `script-src 'self'`. */
export async function newPage(
  browser,
  baseUrl,
  { width = 1280, height = 860, bypassCSP = false, locale = 'zh-CN' } = {},
) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    bypassCSP,
    viewport: { width, height },
    locale,
    timezoneId: 'America/New_York', // times must still show in Beijing time
  })
  context.setDefaultTimeout(30_000) // CI machines are 2 slow cores
  const page = await context.newPage()
  const external = []
  const requested = []
  page.on('request', (req) => {
    const url = req.url()
    requested.push(url)
    if (!/^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|data:|blob:|about:)/.test(url)) external.push(url)
  })
  const pageErrors = []
  page.on('pageerror', (e) => pageErrors.push(String(e)))
  return { context, page, external, requested, pageErrors }
}

export async function login(page, user, password) {
  await page.goto('/login')
  await page.getByLabel('登录名', { exact: true }).fill(user)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: '登录', exact: true }).click()
}

/** Full-page by default; dialogs read better as the visible viewport (`fullPage: false`). */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(outputDir, { recursive: true })
  await page.screenshot({ path: path.join(outputDir, `${name}.png`), fullPage })
}

export function assertNoExternal(external) {
  assert.deepEqual(external, [], `requests left the machine: ${external.join(', ')}`)
}

/** Wait until Element Plus's loading masks are gone. */
export async function settle(page) {
  await page.waitForLoadState('networkidle')
  await page
    .locator('.el-loading-mask')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => {})
}
