// 从Excel导入 (issue 10 §5) in a real browser against the real server: 海淀区's reporter
// downloads its own table from the report page, changes one figure in it as a spreadsheet
// program would (openpyxl), and imports it — 正在读取…, the dry run (one change, no problem),
// 导入为草稿 — then sees the new figure in the form; a text in a number cell shows the server's
// problem at its cell; and as the district, next to the summary's download, it fills a unit
// of its area in the summary, sent in a file over 512 KB unpacked, which the reader must open
// under the server's Content-Security-Policy (no blob: workers).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { assertNoExternal, launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'
import { apiCall, beijingToday, openCampaign } from './support/api.mjs'
import { LABELS, field } from './support/reporting.mjs'

const { date: today, year: YEAR } = beijingToday()
const editXlsx = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'edit-xlsx.py')
const OWN = {
  ...Object.fromEntries(Object.keys(LABELS).map((k) => [k, 3])),
  activities_held: 10,
  municipal_activities: 2,
}

let srv
let browser
let unit // 海淀区's reporter: its own table, and its district's summary
const tmp = mkdtempSync(path.join(tmpdir(), 'sciweek-e2e-import-'))

before(async () => {
  srv = await startServer()
  browser = await launchBrowser()
  const admin = await newPage(browser, srv.baseUrl)
  await login(admin.page, 'admin', DEMO_PASSWORD)
  await admin.page.waitForURL('**/organizer')
  await openCampaign(admin.page, { year: YEAR, start: today, end: today })
  await admin.context.close()
  unit = await newPage(browser, srv.baseUrl)
  await login(unit.page, '110108', DEMO_PASSWORD)
  await unit.page.waitForURL('**/unit')
  // A draft the unit has typed already (set up through the API: not under test).
  const put = await apiCall(unit.page, 'PUT', `campaigns/${YEAR}/reports/110108`, { values: OWN, version: 0 })
  assert.equal(put.status, 200, JSON.stringify(put.body))
})

after(async () => {
  await browser?.close()
  await srv?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

/** Click a download button and keep the file. */
async function downloadFrom(page, button, name) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()])
  const file = path.join(tmp, name)
  await d.saveAs(file)
  return file
}

function edited(src, name, edits) {
  const dest = path.join(tmp, name)
  execFileSync('/usr/bin/python3', [editXlsx, src, dest, JSON.stringify(edits)], { stdio: 'pipe' })
  return dest
}

/** Open the dialog and choose `file`; resolves with the texts 正在读取…/正在检查… shown on the way. */
async function importFile(page, file) {
  const dialog = page.getByRole('dialog', { name: '从Excel导入' })
  if (!(await dialog.isVisible())) await page.getByTestId('report-import').click()
  await dialog.waitFor()
  await dialog.getByTestId('import-status').evaluate((el) => {
    window.__importStatus = []
    new MutationObserver(() => window.__importStatus.push(el.textContent.trim())).observe(el, {
      childList: true,
      characterData: true,
      subtree: true,
    })
  })
  await dialog.getByTestId('import-file-input').setInputFiles(file)
  await dialog.getByTestId('import-result').waitFor()
  await dialog.getByTestId('import-summary').waitFor()
  return { dialog, shown: await page.evaluate(() => window.__importStatus) }
}

test('a unit imports its own downloaded table with one figure changed, as its draft', async () => {
  const { page, external, pageErrors } = unit
  await page.goto(`/unit/reports/${YEAR}/110108`)
  await page.getByTestId('report-title').waitFor()
  assert.equal(await field(page, 'activities_held').inputValue(), '10')
  const own = await downloadFrom(page, '下载本单位报表（Excel）', 'own.xlsx')
  const file = edited(own, 'own-edited.xlsx', [{ beside: '举办活动次数（次）', value: 4321 }])

  const { dialog, shown } = await importFile(page, file)
  assert.ok(shown.includes('正在读取…'), `status shown: ${shown.join(' | ')}`)
  assert.ok(shown.includes('正在检查…'), `status shown: ${shown.join(' | ')}`)
  assert.match(
    await dialog.getByTestId('import-hint').innerText(),
    /先下载本系统导出的汇总表或单位统计表，填写后再导入/,
  )
  assert.match(
    await dialog.getByTestId('import-summary').innerText(),
    /检查通过：识别出 1 个单位，其中 1 个单位共 1 项数据/,
  )
  const row = dialog.getByTestId('import-units').locator('tbody tr')
  assert.equal(await row.count(), 1)
  const text = await row.innerText()
  for (const want of ['110108', '海淀区', '统计表 第 3 行', '填报中', '18', '将修改 1 项'])
    assert.ok(text.includes(want), `${want} in ${text}`)
  assert.equal(await dialog.getByTestId('import-problems').count(), 0)
  await settle(page)
  await screenshot(page, '96-import-dry-run', { fullPage: false })

  const before = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/110108`)
  assert.equal(before.body.values.activities_held, 10, 'the dry run wrote nothing')
  await dialog.getByTestId('import-apply').click()
  const done = dialog.getByTestId('import-done')
  await done.waitFor()
  assert.match(await done.innerText(), /已导入为草稿：1 个单位，1 项数据/)
  assert.match(await done.innerText(), /各单位仍须核对本单位的统计表并提交/)
  assert.ok(await dialog.getByTestId('import-apply').isDisabled(), 'imported once')
  await dialog.getByRole('button', { name: '关闭', exact: true }).click()
  await dialog.waitFor({ state: 'hidden' })

  // The form shows the new figure, still a draft the unit submits itself.
  for (let i = 0; i < 100 && (await field(page, 'activities_held').inputValue()) !== '4321'; i++)
    await page.waitForTimeout(100)
  assert.equal(await field(page, 'activities_held').inputValue(), '4321')
  assert.equal(await page.getByTestId('report-status').first().innerText(), '草稿')
  const after = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/110108`)
  assert.equal(after.body.values.activities_held, 4321)
  assert.equal(after.body.values.municipal_activities, 2, 'the other figures are kept')
  assert.equal(after.body.status, 'draft')
  assert.equal(after.body.version, before.body.version + 1)
  assert.deepEqual(pageErrors, [])
  assertNoExternal(external)
})

test('a text in a number cell is a problem named by its cell, and nothing can be imported', async () => {
  const { page } = unit
  await page.goto(`/unit/reports/${YEAR}/110108`)
  await page.getByTestId('report-title').waitFor()
  const own = await downloadFrom(page, '下载本单位报表（Excel）', 'own-2.xlsx')
  const file = edited(own, 'own-text.xlsx', [{ beside: '承接北京市科普活动个数（个）', value: '两个' }])
  const { dialog } = await importFile(page, file)
  assert.match(await dialog.getByTestId('import-summary').innerText(), /发现 1 个问题/)
  const problem = dialog.getByTestId('import-problems').locator('tbody tr')
  assert.equal(await problem.count(), 1)
  const cells = await problem.locator('td').allInnerTexts()
  assert.equal(cells[0], '统计表')
  assert.equal(cells[1], 'C5')
  assert.equal(cells[2], '海淀区（110108）')
  assert.match(cells[3], /承接北京市科普活动个数/)
  assert.match(await dialog.getByTestId('import-units').innerText(), /有问题/)
  assert.ok(await dialog.getByTestId('import-apply').isDisabled())
  await settle(page)
  await screenshot(page, '97-import-problem', { fullPage: false })
  await dialog.getByRole('button', { name: '取消' }).click()
  const r = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/110108`)
  assert.equal(r.body.values.municipal_activities, 2)
})

test('the district fills a unit of its area in the summary next to its download, from a large file', async () => {
  const { page, pageErrors } = unit
  await page.goto(`/unit/district?year=${YEAR}`)
  await page.getByTestId('progress-panel').waitFor()
  const summary = await downloadFrom(page, '导出汇总表（Excel）', 'summary.xlsx')
  // Two figures of 北京大学, and a sheet of 20,000 numbers (over 512 KB of XML once unpacked,
  // where the reader would otherwise inflate in a worker the CSP refuses).
  const file = edited(summary, 'summary-edited.xlsx', [
    { row: 'pku', column: '举办活动次数（次）', value: 9 },
    { row: 'pku', column: '承接北京市科普活动个数（个）', value: 1 },
    { filler: '附表', rows: 2500, cols: 8 },
  ])
  const { dialog } = await importFile(page, file)
  assert.match(await dialog.getByTestId('import-summary').innerText(), /其中 1 个单位共 2 项数据将导入为草稿/)
  const units = await dialog.getByTestId('import-units').locator('tbody tr').allInnerTexts()
  const pku = units.find((t) => t.includes('pku'))
  assert.ok(
    pku && /北京大学/.test(pku) && /汇总 第 8 行/.test(pku) && /未填报/.test(pku) && /将修改 2 项/.test(pku),
    pku,
  )
  assert.ok(
    units.some((t) => t.includes('110108') && t.includes('无变化')),
    units.join('\n'),
  )
  await dialog.getByTestId('import-apply').click()
  await dialog.getByTestId('import-done').waitFor()
  await dialog.getByRole('button', { name: '关闭', exact: true }).click()
  const r = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/pku`)
  assert.equal(r.body.status, 'draft', 'a draft 北京大学 reviews and submits itself')
  assert.equal(r.body.values.activities_held, 9)
  assert.equal(r.body.values.municipal_activities, 1)
  const own = await apiCall(page, 'GET', `campaigns/${YEAR}/reports/110108`)
  assert.equal(own.body.values.activities_held, 4321, 'a row that repeats what is stored writes nothing')
  assert.deepEqual(pageErrors, [])
})
