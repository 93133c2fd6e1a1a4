// The unit workspace's first load in a real browser (issue: "under 1 s on loopback").
// A measurement, not a test: it prints figures and never fails on a time.
//
// `build/sciweek serve` (or $SCIWEEK_BIN) on a fresh demo SQLite database serving web/dist,
// Debian's Chromium through playwright-core (the harness of web/e2e). A reporter logs in
// through the login page once; then BENCH_WEB_RUNS (5) loads of /unit in a fresh tab each:
//   cold — HTTP cache disabled (CDP Network.setCacheDisabled), every byte fetched again;
//   warm — the context's HTTP cache primed by one unmeasured load (hashed assets are
//          immutable, index.html and the API are revalidated / fetched).
// Per load: navigation timing (DOMContentLoaded, load, from navigation start), the time until
// the workspace's campaign card and its report card ("继续/开始填写统计表") are visible (a
// requestAnimationFrame probe installed before any page script), and bytes transferred by area
// (Resource Timing transferSize: JS, CSS, API, the HTML document). Medians are reported.
// Finally the login page is loaded in a fresh context and its requests are checked for admin
// or chart chunks. Output: a Markdown block on stdout; with --results FILE the block replaces
// the part of FILE between <!-- web-first-load --> and <!-- /web-first-load -->.
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { startServer, DEMO_PASSWORD } from '../web/e2e/support/server.mjs'
import { launchBrowser, login } from '../web/e2e/support/browser.mjs'

const RUNS = Number(process.env.BENCH_WEB_RUNS || 5)
const REPORTER = process.env.BENCH_WEB_LOGIN || '110101'
const resultsArg = process.argv.indexOf('--results')
const resultsFile = resultsArg > 0 ? process.argv[resultsArg + 1] : null
// Chunks the login page must not download (same list as e2e/auth.test.mjs).
const HEAVY = /(CampaignsView|OrgsView|UsersView|AuditView|AppLayout|echarts|DashboardView|TotalsCharts|FormEditorView|ReportView|StatsForm)/i

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const ms = (x) => `${Math.round(x)} ms`
const kb = (x) => `${(x / 1024).toFixed(1)} KB`

// Runs in the page before its scripts: note when the workspace's parts first become visible.
function installProbe() {
  const seen = {}
  window.__firstLoad = seen
  const visible = (sel) => {
    const el = document.querySelector(sel)
    if (!el) return false
    const r = el.getBoundingClientRect()
    return r.width > 0 && r.height > 0
  }
  const tick = () => {
    if (seen.campaign === undefined && visible('[data-testid="campaign-card"]')) seen.campaign = performance.now()
    if (seen.report === undefined && visible('[data-testid="go-form"]')) seen.report = performance.now()
    if (seen.campaign === undefined || seen.report === undefined) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
}

async function measureLoad(context, { cold }) {
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: cold })
  await page.goto('/unit', { waitUntil: 'load' })
  await page.waitForFunction(() => window.__firstLoad?.report !== undefined, null, { timeout: 30_000 })
  await page.waitForLoadState('networkidle')
  const m = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0]
    const bytes = { js: 0, css: 0, api: 0, other: 0, doc: nav.transferSize }
    const files = { js: 0, css: 0, api: 0, other: 0 }
    const scripts = []
    for (const r of performance.getEntriesByType('resource')) {
      const p = new URL(r.name).pathname
      const area = p.endsWith('.js') ? 'js' : p.endsWith('.css') ? 'css' : p.startsWith('/api/') ? 'api' : 'other'
      bytes[area] += r.transferSize
      files[area] += 1
      if (area === 'js') scripts.push(p.replace(/^\/assets\//, ''))
    }
    return {
      dcl: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      campaign: window.__firstLoad.campaign,
      report: window.__firstLoad.report,
      bytes,
      files,
      scripts,
    }
  })
  await page.close()
  return m
}

function summarize(runs) {
  const pick = (f) => median(runs.map(f))
  return {
    dcl: pick((r) => r.dcl),
    load: pick((r) => r.load),
    campaign: pick((r) => r.campaign),
    report: pick((r) => r.report),
    reportMin: Math.min(...runs.map((r) => r.report)),
    reportMax: Math.max(...runs.map((r) => r.report)),
    js: pick((r) => r.bytes.js),
    css: pick((r) => r.bytes.css),
    api: pick((r) => r.bytes.api),
    doc: pick((r) => r.bytes.doc),
    jsFiles: pick((r) => r.files.js),
    cssFiles: pick((r) => r.files.css),
    apiCalls: pick((r) => r.files.api),
  }
}

async function loginPageCheck(browser, baseUrl) {
  const context = await browser.newContext({ baseURL: baseUrl })
  const page = await context.newPage()
  const requested = []
  page.on('request', (r) => requested.push(new URL(r.url()).pathname))
  await page.goto('/login', { waitUntil: 'networkidle' })
  await page.getByRole('button', { name: '登录', exact: true }).waitFor()
  const bytes = await page.evaluate(() => {
    const out = { js: 0, css: 0 }
    for (const r of performance.getEntriesByType('resource')) {
      if (r.name.endsWith('.js')) out.js += r.transferSize
      else if (r.name.endsWith('.css')) out.css += r.transferSize
    }
    return out
  })
  await context.close()
  const scripts = requested.filter((p) => p.endsWith('.js'))
  return { scripts: scripts.length, heavy: scripts.filter((p) => HEAVY.test(p)), bytes }
}

async function main() {
  const srv = await startServer()
  const browser = await launchBrowser()
  try {
    const context = await browser.newContext({ baseURL: srv.baseUrl, viewport: { width: 1280, height: 860 }, locale: 'zh-CN' })
    await context.addInitScript(installProbe)
    const first = await context.newPage()
    await login(first, REPORTER, DEMO_PASSWORD)
    await first.waitForURL('**/unit')
    await first.close()

    const cold = []
    for (let i = 0; i < RUNS; i++) cold.push(await measureLoad(context, { cold: true }))
    await measureLoad(context, { cold: false }) // primes the cache; not counted
    const warm = []
    for (let i = 0; i < RUNS; i++) warm.push(await measureLoad(context, { cold: false }))
    await context.close()
    const lp = await loginPageCheck(browser, srv.baseUrl)

    const c = summarize(cold)
    const w = summarize(warm)
    const heavyOnUnit = cold[0].scripts.filter((s) => /echarts|TotalsCharts|CampaignsView|OrgsView|UsersView|AuditView|FormEditorView|DashboardView/i.test(s))
    const chromium = browser.version()
    const md = [
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores (load average ${os.loadavg()[0].toFixed(1)}),`,
      `Chromium ${chromium} headless, \`sciweek serve\` on loopback, fresh demo SQLite, reporter \`${REPORTER}\`,`,
      `route \`/unit\`; median of ${RUNS} loads each (report card: min–max in brackets).`,
      '',
      '| | cold (cache disabled) | warm (HTTP cache primed) |',
      '|---|---|---|',
      `| DOMContentLoaded | ${ms(c.dcl)} | ${ms(w.dcl)} |`,
      `| load event | ${ms(c.load)} | ${ms(w.load)} |`,
      `| campaign card visible | ${ms(c.campaign)} | ${ms(w.campaign)} |`,
      `| report card visible (workspace usable) | ${ms(c.report)} (${ms(c.reportMin)}–${ms(c.reportMax)}) | ${ms(w.report)} (${ms(w.reportMin)}–${ms(w.reportMax)}) |`,
      `| JS transferred | ${kb(c.js)} in ${c.jsFiles} files | ${kb(w.js)} |`,
      `| CSS transferred | ${kb(c.css)} in ${c.cssFiles} files | ${kb(w.css)} |`,
      `| API transferred | ${kb(c.api)} in ${c.apiCalls} calls | ${kb(w.api)} |`,
      `| HTML document | ${kb(c.doc)} | ${kb(w.doc)} |`,
      '',
      `Admin or chart chunks on \`/unit\`: ${heavyOnUnit.length ? heavyOnUnit.join(', ') : 'none'}.`,
      `Login page: ${lp.scripts} JS files, ${kb(lp.bytes.js)} JS + ${kb(lp.bytes.css)} CSS; admin or chart chunks: ${lp.heavy.length ? lp.heavy.join(', ') : 'none'}.`,
    ].join('\n')
    console.log(md)
    if (process.env.BENCH_WEB_VERBOSE) console.error(JSON.stringify({ cold, warm, login: lp }, null, 1))
    if (resultsFile) {
      const text = readFileSync(resultsFile, 'utf8')
      const open = '<!-- web-first-load -->'
      const close = '<!-- /web-first-load -->'
      const a = text.indexOf(open)
      const b = text.indexOf(close)
      if (a < 0 || b < a) console.error(`bench/web: ${resultsFile} has no ${open} … ${close} block; not written`)
      else writeFileSync(resultsFile, `${text.slice(0, a + open.length)}\n${md}\n${text.slice(b)}`)
    }
  } finally {
    await browser.close()
    await srv.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
