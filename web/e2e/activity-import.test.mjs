// 从Excel导入活动 (issue 10 §5) in a real browser against the real server: 中国科学技术馆's
// reporter opens the dialog on 本单位活动, downloads the campaign's template from it, types two
// activities into it as a spreadsheet program would (openpyxl), and imports them — the dry run
// lists both rows with their sessions, 导入为草稿 creates two drafts linked from the dialog, and
// the list shows them. A file with a time that does not read shows the problem at its cell and
// cannot be imported; the same file imported again is refused as duplicates, creating nothing.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, test } from 'node:test'
import { DEMO_PASSWORD, startServer } from './support/server.mjs'
import { assertNoExternal, launchBrowser, login, newPage, screenshot, settle } from './support/browser.mjs'
import { addDays, apiCall, beijingToday, openCampaign } from './support/api.mjs'

const { date: today, year: YEAR } = beijingToday()
const DAY = addDays(today, 1).startsWith(String(YEAR)) ? addDays(today, 1) : today
const END = addDays(today, 6).startsWith(String(YEAR)) ? addDays(today, 6) : `${YEAR}-12-31`
const editXlsx = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'edit-xlsx.py')
const UNIT = 'kjg' // 中国科学技术馆

// Two rows as a unit types them: a district by its name, times as text, sessions in one cell.
const ROWS = [
  [
    '青少年机器人编程体验',
    '科普基地活动',
    'offline',
    '朝阳区',
    '中国科学技术馆',
    '北辰东路5号',
    `${DAY} 09:00`,
    `${DAY} 12:00`,
    '青少年、亲子家庭',
    '动手搭建并编程一台小机器人',
    '王老师',
    '010-59041000',
    '是',
    '是',
    '09:00-10:30 40；10:30-12:00 40',
  ],
  [
    '科学家讲座：走近量子',
    '科普基地活动',
    '线下',
    '朝阳区',
    '中国科学技术馆报告厅',
    '北辰东路5号',
    `${DAY} 14:00`,
    `${DAY} 15:30`,
    '公众',
    '',
    '李老师',
    '010-59041000',
    '是',
    '否',
    '14:00-15:30 200',
  ],
]

let srv
let browser
let unit
const tmp = mkdtempSync(path.join(tmpdir(), 'sciweek-e2e-act-import-'))

before(async () => {
  srv = await startServer()
  browser = await launchBrowser()
  const admin = await newPage(browser, srv.baseUrl)
  await login(admin.page, 'admin', DEMO_PASSWORD)
  await admin.page.waitForURL('**/organizer')
  await openCampaign(admin.page, { year: YEAR, start: today, end: END })
  await admin.context.close()
  unit = await newPage(browser, srv.baseUrl)
  await login(unit.page, UNIT, DEMO_PASSWORD)
  await unit.page.waitForURL('**/unit')
})

after(async () => {
  await browser?.close()
  await srv?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

function edited(src, name, edits) {
  const dest = path.join(tmp, name)
  execFileSync('/usr/bin/python3', [editXlsx, src, dest, JSON.stringify(edits)], { stdio: 'pipe' })
  return dest
}

async function openDialog(page) {
  await page.goto('/unit/activities')
  await page.getByTestId('unit-activities').waitFor()
  await page.getByTestId('activity-import').click()
  const dialog = page.getByRole('dialog', { name: '从Excel导入活动' })
  await dialog.waitFor()
  return dialog
}

async function downloadTemplate(page, dialog) {
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: '下载活动导入模板' }).click(),
  ])
  assert.match(d.suggestedFilename(), /\.xlsx$/)
  const file = path.join(tmp, 'template.xlsx')
  await d.saveAs(file)
  return file
}

async function choose(dialog, file) {
  await dialog.getByTestId('import-file-input').setInputFiles(file)
  await dialog.getByTestId('import-result').waitFor()
  await dialog.getByTestId('import-summary').or(dialog.getByTestId('import-done')).first().waitFor()
}

let filled // the template with ROWS typed in

test('a unit fills the downloaded template and imports two activities as drafts', async () => {
  const { page, external, pageErrors } = unit
  const dialog = await openDialog(page)
  assert.match(await dialog.getByTestId('import-hint').innerText(), /先下载本届科技周的活动导入模板/)
  const template = await downloadTemplate(page, dialog)
  filled = edited(template, 'filled.xlsx', [{ sheet: '活动', append: ROWS }])

  await choose(dialog, filled)
  assert.match(
    await dialog.getByTestId('import-summary').innerText(),
    /检查通过：2 个活动（共 3 个场次）将导入为本单位的草稿/,
  )
  const rows = await dialog.getByTestId('import-items').locator('tbody tr').allInnerTexts()
  assert.equal(rows.length, 2)
  assert.ok(
    rows[0].includes('活动 第 3 行') && rows[0].includes('青少年机器人编程体验') && /\b2\b/.test(rows[0]),
    rows[0],
  )
  assert.ok(rows[1].includes('活动 第 4 行') && rows[1].includes('将导入'), rows[1])
  assert.equal(await dialog.getByTestId('import-problems').count(), 0)
  const before = await apiCall(page, 'GET', `campaigns/${YEAR}/activities?org=${UNIT}`)
  assert.equal(before.body.total, 0, 'the dry run created nothing')
  await settle(page)
  await screenshot(page, '98-activity-import-dry-run', { fullPage: false })

  await dialog.getByTestId('import-apply').click()
  const done = dialog.getByTestId('import-done')
  await done.waitFor()
  assert.match(await done.innerText(), /已导入 2 个活动草稿（共 3 个场次）/)
  assert.match(await done.innerText(), /请逐个核对活动、上传所需材料后提交审核/)
  assert.equal(await dialog.getByRole('link', { name: '已导入，查看' }).count(), 2)
  assert.ok(await dialog.getByTestId('import-apply').isDisabled(), 'imported once')
  await dialog.getByRole('button', { name: '关闭', exact: true }).click()
  await dialog.waitFor({ state: 'hidden' })

  // The list shows both, as drafts of the unit.
  const table = page.getByTestId('unit-activities')
  await table.getByText('科学家讲座：走近量子').waitFor()
  const list = await apiCall(page, 'GET', `campaigns/${YEAR}/activities?org=${UNIT}`)
  assert.equal(list.body.total, 2)
  const robot = list.body.items.find((a) => a.title === '青少年机器人编程体验')
  assert.equal(robot.status, 'draft')
  assert.equal(robot.district.name, '朝阳区', 'the district given by its name')
  assert.equal(robot.starts_at, `${DAY}T09:00:00+08:00`)
  assert.deepEqual(
    robot.sessions.map((s) => [s.starts_at, s.capacity]),
    [
      [`${DAY}T09:00:00+08:00`, 40],
      [`${DAY}T10:30:00+08:00`, 40],
    ],
  )
  const talk = list.body.items.find((a) => a.title === '科学家讲座：走近量子')
  assert.equal(talk.mode, 'offline', '线下 reads as offline')
  assert.equal(talk.reservation_required, false)
  assert.deepEqual(pageErrors, [])
  assertNoExternal(external)
})

test('the link of an imported row opens its draft', async () => {
  const { page } = unit
  const dialog = await openDialog(page)
  // A third activity, so there is something new to import and a link to follow.
  const third = [...ROWS[1]]
  third[0] = '夜观星空'
  third[14] = '14:00-15:00 30'
  await choose(dialog, edited(filled, 'third.xlsx', [{ sheet: '活动', append: [third] }]))
  // The two imported before are duplicates now: nothing may be imported until they go.
  assert.match(await dialog.getByTestId('import-summary').innerText(), /发现 2 个问题/)
  const problems = await dialog.getByTestId('import-problems').locator('tbody tr').allInnerTexts()
  assert.ok(problems[0].includes('A3') && problems[0].includes('本单位已有同名、同开始时间的活动'), problems[0])
  assert.ok(problems[1].includes('A4'), problems[1])
  assert.ok(await dialog.getByTestId('import-apply').isDisabled())

  await choose(dialog, edited(downloadedTemplate(), 'only-third.xlsx', [{ sheet: '活动', append: [third] }]))
  assert.match(await dialog.getByTestId('import-summary').innerText(), /检查通过：1 个活动/)
  await dialog.getByTestId('import-apply').click()
  await dialog.getByTestId('import-done').waitFor()
  await dialog.getByRole('link', { name: '已导入，查看' }).click()
  await page.waitForURL(/\/unit\/activities\/\d+$/)
  await page.getByText('夜观星空').first().waitFor()
})

test('a time that does not read is a problem at its cell, and nothing is imported', async () => {
  const { page } = unit
  const dialog = await openDialog(page)
  const bad = [...ROWS[0]]
  bad[0] = '天文望远镜入门'
  bad[6] = '明天上午九点'
  await choose(dialog, edited(downloadedTemplate(), 'bad.xlsx', [{ sheet: '活动', append: [bad] }]))
  assert.match(await dialog.getByTestId('import-summary').innerText(), /发现 1 个问题/)
  const cells = await dialog.getByTestId('import-problems').locator('tbody tr').first().locator('td').allInnerTexts()
  assert.equal(cells[0], '活动')
  assert.equal(cells[1], 'G3')
  assert.match(cells[2], /开始时间须为北京时间/)
  assert.equal(cells.length, 3, 'no 单位 column: a unit imports only its own activities')
  assert.match(await dialog.getByTestId('import-items').innerText(), /有问题/)
  assert.ok(await dialog.getByTestId('import-apply').isDisabled())
  await settle(page)
  await screenshot(page, '99-activity-import-problem', { fullPage: false })
  await dialog.getByRole('button', { name: '取消' }).click()
  const list = await apiCall(page, 'GET', `campaigns/${YEAR}/activities?org=${UNIT}`)
  assert.equal(list.body.total, 3)
})

function downloadedTemplate() {
  return path.join(tmp, 'template.xlsx')
}
