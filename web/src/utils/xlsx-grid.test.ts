// The browser's xlsx reader against real files (scripts/make-xlsx-fixtures.py writes them):
// one written by openpyxl, the same workbook saved again by LibreOffice Calc, and files one
// past each bound. Our own exports are read back in e2e/report-import.test.mjs.
import { describe, expect, it } from 'vitest'
import { zipSync } from 'fflate'
import { GRID_LIMITS, XlsxGridError, columnName, readXlsxGrid, type Grid, type GridCell } from './xlsx-grid'

// Each file inlined by Vite as a data: URL (the app's types have no node:fs), fetched as bytes.
const files = import.meta.glob<string>('./__fixtures__/*.xlsx', { query: '?inline', import: 'default', eager: true })
async function bytes(name: string): Promise<Uint8Array<ArrayBuffer>> {
  const url = files[`./__fixtures__/${name}`]
  if (!url) throw new Error(`no fixture ${name}`)
  return new Uint8Array(await (await fetch(url)).arrayBuffer())
}
const fixture = async (name: string) => new Blob([await bytes(name)])
const sheet = (g: Grid, name: string) => g.sheets.find((s) => s.name === name)?.rows ?? []
const utf8 = (s: string) => new TextEncoder().encode(s).length

async function refusal(file: Blob, limits = GRID_LIMITS): Promise<string> {
  try {
    await readXlsxGrid(file, limits)
  } catch (e) {
    expect(e).toBeInstanceOf(XlsxGridError)
    return (e as Error).message
  }
  throw new Error('the file was read')
}

/** What both writers must give for the summary sheet, apart from the formula row. */
function expectSummary(rows: GridCell[][]): void {
  // A merged title and merged header cells: the value in the top-left cell, null elsewhere.
  expect(rows[0]).toEqual(['2025年北京科技周活动开展情况统计汇总表'])
  expect(rows[1]).toEqual(['单位代码', '单位名称', '活动情况', null, '经费投入情况（万元）', null, '备注'])
  expect(rows[2]).toEqual([
    null,
    null,
    '举办活动次数（次）',
    '承接北京市科普活动个数（个）',
    '北京市财政经费投入情况',
    '区级财政经费投入情况',
  ])
  // Numbers stay numbers (0.1 exactly as typed), text stays text, a styled empty cell at
  // J4 and the empty 备注 are not there.
  expect(rows[3]).toEqual(['110101', '东城区', 12, 3, 10.55, 20.25])
  // A code typed as a number stays a number; spaces around text go; an empty cell in the
  // middle is null, so every later cell keeps its column; a line break in a cell stays.
  expect(rows[4]).toEqual([110108, '海淀区', null, 2, 0.1, null, '第一行\n第二行'])
  // Text in a number cell is sent as text: the server names the cell (type problem).
  expect(rows[5].slice(0, 6)).toEqual(['pku', '北京大学', '十二', 1234567, 1.5, 0])
  // A note over the server's 1,000 bytes is cut on a character, not refused.
  const note = rows[5][6] as string
  expect(utf8(note)).toBeLessThanOrEqual(1000)
  expect(utf8(note)).toBeGreaterThan(990)
  expect(note.startsWith('本单位科技周期间开展了多场科普活动本单位')).toBe(true)
  // An empty row in the middle stays, so the rows below keep their numbers.
  expect(rows[7]).toEqual([])
  // A date cell as an ISO date; a boolean as a boolean.
  expect(rows[8]).toEqual(['填报日期', '2025-05-20', '已核实', true])
  // Styled empty cells below the data (K12, A14) add no rows.
  expect(rows).toHaveLength(9)
}

describe('readXlsxGrid', () => {
  it('reads a workbook written by openpyxl: every sheet, cells where they are', async () => {
    const g = await readXlsxGrid(await fixture('openpyxl.xlsx'))
    expect(g.sheets.map((s) => s.name)).toEqual(['汇总', '填报情况'])
    const rows = sheet(g, '汇总')
    expectSummary(rows)
    // openpyxl writes formulas without a cached value: nothing to read.
    expect(rows[6]).toEqual([null, '合计'])
    // A sheet that starts at B3: leading empty rows and columns are kept, so the server's
    // address of 海淀区 is B5 here as in the file.
    expect(sheet(g, '填报情况')).toEqual([
      [],
      [],
      [null, '单位', '状态'],
      [null, '东城区', '已提交'],
      [null, '海淀区', null, -0.25],
    ])
    expect(JSON.parse(JSON.stringify(g))).toEqual(g)
  })

  it('reads the same workbook saved by LibreOffice Calc, with the formulas it computed', async () => {
    const g = await readXlsxGrid(await fixture('libreoffice.xlsx'))
    expect(g.sheets.map((s) => s.name)).toEqual(['汇总', '填报情况'])
    const rows = sheet(g, '汇总')
    expectSummary(rows)
    expect(rows[6]).toEqual([null, '合计', 12, 1234572])
    expect(sheet(g, '填报情况')[4]).toEqual([null, '海淀区', null, -0.25])
  })

  it('refuses a file over 10 MB before reading it', async () => {
    const big = new Blob([new Uint8Array(GRID_LIMITS.fileBytes + 1)])
    expect(await refusal(big)).toMatch(/文件超过 10 MB/)
  })

  it('refuses more than 20 sheets, 400 columns or 20,000 rows, naming the sheet and the column', async () => {
    expect(await refusal(await fixture('too-many-sheets.xlsx'))).toMatch(/文件有 21 个工作表，最多可导入 20 个/)
    expect(await refusal(await fixture('too-wide.xlsx'))).toMatch(
      /工作表“Sheet”第 1 行用到了第 401 列（OK 列），最多 400 列/,
    )
    expect(await refusal(await fixture('too-long.xlsx'))).toMatch(/工作表“Sheet”超过 20000 行/)
  })

  it('counts rows and columns after dropping what is empty at the end', async () => {
    // The openpyxl sheet has styled empty cells out to K and down to row 14.
    const g = await readXlsxGrid(await fixture('openpyxl.xlsx'), { ...GRID_LIMITS, rows: 9, columns: 7 })
    expect(sheet(g, '汇总')).toHaveLength(9)
    expect(await refusal(await fixture('openpyxl.xlsx'), { ...GRID_LIMITS, rows: 8 })).toMatch(/工作表“汇总”超过 8 行/)
    expect(await refusal(await fixture('openpyxl.xlsx'), { ...GRID_LIMITS, columns: 6 })).toMatch(
      /工作表“汇总”第 2 行用到了第 7 列（G 列）/,
    )
    expect(await refusal(await fixture('openpyxl.xlsx'), { ...GRID_LIMITS, cells: 30 })).toMatch(/单元格总数超过 30 个/)
  })

  it('refuses what unpacks too large (a zip bomb) before inflating it', async () => {
    expect(await refusal(await fixture('openpyxl.xlsx'), { ...GRID_LIMITS, unpackedBytes: 10_000 })).toMatch(
      /文件解压后超过/,
    )
  })

  it('says what to do with an old .xls, a file that is not a workbook, a broken zip, an empty file', async () => {
    const ole = new Uint8Array(512)
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    expect(await refusal(new Blob([ole]))).toMatch(/旧版 Excel 97-2003 文件（\.xls）.*另存为/)
    expect(await refusal(new Blob(['单位代码,单位名称\n110101,东城区\n']))).toMatch(/不是 Excel 工作簿/)
    const zip = await bytes('openpyxl.xlsx')
    expect(await refusal(new Blob([zip.slice(0, zip.length / 2)]))).toMatch(/文件已损坏/)
    expect(await refusal(new Blob([zipSync({ 'a.txt': new TextEncoder().encode('x') })]))).toMatch(
      /不是有效的 Excel 工作簿/,
    )
    expect(await refusal(new Blob([]))).toMatch(/文件是空的/)
  })

  it('names columns as spreadsheets do', () => {
    expect([0, 25, 26, 51, 52, 399, 400, 701, 702].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'OJ',
      'OK',
      'ZZ',
      'AAA',
    ])
  })
})
