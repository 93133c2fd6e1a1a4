// An .xlsx file (Excel, WPS, LibreOffice, our own exports) as the grid of cells that the
// statistics import sends (docs/decisions/0018, docs/api.md "Importing the statistics table"):
// every sheet by name, each row a list of cells — null, number, string or boolean — with its
// first cell in column A and its first row at row 1, so the server's `sheet!cell` addresses
// are the spreadsheet's own. The server reads the table; here nothing knows its layout.
//
// Only the import dialog loads this module (and it loads the reader on first use), so no
// page that merely shows figures carries a zip inflater and an XML parser.
//
// Bounds, checked before the server would refuse the grid: the file (10 MB), what it holds
// once unpacked (zip bombs), sheets, rows, columns and cells. Every refusal is an
// XlsxGridError whose message is Chinese and says what to do.
import type { Unzipped } from 'fflate'

export type GridCell = null | number | string | boolean
export interface GridSheet {
  name: string
  rows: GridCell[][]
}
export interface Grid {
  sheets: GridSheet[]
}

export interface GridLimits {
  /** the .xlsx file itself */
  fileBytes: number
  /** the XML parts once unpacked */
  unpackedBytes: number
  sheets: number
  /** per sheet, after trailing empty rows are dropped */
  rows: number
  /** per row, after trailing empty cells are dropped */
  columns: number
  cells: number
  /** UTF-8 bytes of one text cell; longer texts are cut (see `textCell`) */
  textBytes: number
}

/** The server's limits on the grid (server/src/http/json/import_json.cpp), and a file size. */
export const GRID_LIMITS: Readonly<GridLimits> = {
  fileBytes: 10 * 1024 * 1024,
  unpackedBytes: 200 * 1024 * 1024,
  sheets: 20,
  rows: 20_000,
  columns: 400,
  cells: 1_000_000,
  textBytes: 1000,
}

export class XlsxGridError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'XlsxGridError'
  }
}

const MB = 1024 * 1024
const RESAVE = '请在 Excel 或 WPS 中打开后另存为“Excel 工作簿（*.xlsx）”再导入'

/** A1-style column letters of a zero-based column index (0 → A, 26 → AA). */
export function columnName(index: number): string {
  let s = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

/** The first bytes say what the file is before any parsing: xlsx is a zip, old .xls is OLE2. */
function checkSignature(bytes: Uint8Array): void {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b)
  if (starts([0x50, 0x4b, 0x03, 0x04])) return
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    throw new XlsxGridError(`这是旧版 Excel 97-2003 文件（.xls）或加密的文件，无法读取；${RESAVE}`)
  throw new XlsxGridError(`文件不是 Excel 工作簿（.xlsx）；${RESAVE}`)
}

/**
 * The XML parts of the zip, inflated here, synchronously, with the unpacked size bounded.
 *
 * read-excel-file would inflate a part of 512 KB or more in a Web Worker made from a `blob:`
 * URL, which our Content-Security-Policy (`script-src 'self'`, no `worker-src`) refuses, so
 * a large summary could not be read at all. So the parts are inflated here and handed to the
 * reader stored (uncompressed), which it copies out without any worker.
 */
async function unpack(bytes: Uint8Array, limits: GridLimits): Promise<Uint8Array<ArrayBuffer>> {
  const { unzipSync, zipSync } = await import('fflate')
  let total = 0
  let parts: Unzipped
  try {
    parts = unzipSync(bytes, {
      filter: (f) => {
        if (!/\.(xml|rels)$/i.test(f.name)) return false
        total += f.originalSize
        if (total > limits.unpackedBytes)
          throw new XlsxGridError(
            `文件解压后超过 ${Math.round(limits.unpackedBytes / MB)} MB，无法导入；请删去无关的工作表或内容后再试`,
          )
        return true
      },
    })
  } catch (e) {
    if (e instanceof XlsxGridError) throw e
    throw new XlsxGridError(`文件已损坏，无法解压；${RESAVE}`)
  }
  return zipSync(parts, { level: 0 })
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length
}

/** Text as the server takes it: no control characters but tab and line breaks, no lone
 *  surrogates, at most `maxBytes` of UTF-8. A text that long is a note: never a header, a
 *  unit code or a figure, which is all the server reads, so it is cut rather than refused. */
function textCell(s: string, maxBytes: number): string | null {
  let t = s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
  if (t.length * 3 > maxBytes && utf8Length(t) > maxBytes) {
    let bytes = 0
    let end = 0
    for (const ch of t) {
      const n = utf8Length(ch)
      if (bytes + n > maxBytes) break
      bytes += n
      end += ch.length
    }
    t = t.slice(0, end)
  }
  return t === '' ? null : t
}

/** A date cell as an ISO date (`2025-05-20`), with the time when it has one (`…T09:30:00`).
 *  The reader gives dates at UTC midnight: spreadsheets have no time zone. */
function dateCell(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null
  const iso = d.toISOString()
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19)
}

function cell(v: unknown, limits: GridLimits): GridCell {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'boolean') return v
  if (typeof v === 'string') return textCell(v, limits.textBytes)
  if (v instanceof Date) return dateCell(v)
  return textCell(String(v), limits.textBytes)
}

function readerError(e: unknown): XlsxGridError {
  const name = e instanceof Error ? e.name : ''
  const code = (e as { code?: unknown } | null)?.code
  if (name === 'InvalidInputError' && code === 'XLS_FILE_NOT_SUPPORTED')
    return new XlsxGridError(`这是旧版 Excel 97-2003 文件（.xls），无法读取；${RESAVE}`)
  if (name === 'InvalidInputError' || name === 'InvalidSpreadsheetError')
    return new XlsxGridError(`文件不是有效的 Excel 工作簿，无法读取；${RESAVE}`)
  return new XlsxGridError(`读取文件失败：${e instanceof Error ? e.message : String(e)}`)
}

/** Every sheet of an .xlsx file as a bounded grid of plain cells. */
export async function readXlsxGrid(file: Blob, limits: GridLimits = GRID_LIMITS): Promise<Grid> {
  if (file.size === 0) throw new XlsxGridError('文件是空的')
  if (file.size > limits.fileBytes)
    throw new XlsxGridError(
      `文件超过 ${Math.round(limits.fileBytes / MB)} MB，无法导入；请只保留需要导入的工作表后再试`,
    )
  const bytes = new Uint8Array(await file.arrayBuffer())
  checkSignature(bytes)
  const stored = await unpack(bytes, limits)

  // The reader for every environment (Blob or ArrayBuffer in, no worker of its own). Its
  // default export lists the workbook's sheets and reads each, in the workbook's order.
  const { default: readXlsxFile } = await import('read-excel-file/universal')
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>
  try {
    sheets = await readXlsxFile(new Blob([stored]))
  } catch (e) {
    throw readerError(e)
  }
  if (sheets.length > limits.sheets)
    throw new XlsxGridError(
      `文件有 ${sheets.length} 个工作表，最多可导入 ${limits.sheets} 个；请删去无关的工作表后再试`,
    )

  let cells = 0
  const out: GridSheet[] = []
  for (const s of sheets) {
    const rows: GridCell[][] = []
    let lastFilled = -1
    for (const raw of s.data) {
      const row = raw.map((v) => cell(v, limits))
      while (row.length && row[row.length - 1] === null) row.pop()
      if (row.length > limits.columns)
        throw new XlsxGridError(
          `工作表“${s.sheet}”第 ${rows.length + 1} 行用到了第 ${row.length} 列（${columnName(row.length - 1)} 列），` +
            `最多 ${limits.columns} 列；请删去表格右侧无关的内容后再试`,
        )
      rows.push(row)
      if (row.length) lastFilled = rows.length - 1
      if (lastFilled + 1 > limits.rows)
        throw new XlsxGridError(
          `工作表“${s.sheet}”超过 ${limits.rows} 行；请删去表格下方无关的内容，或分成几个文件导入`,
        )
      cells += row.length
      if (cells > limits.cells)
        throw new XlsxGridError(`文件的单元格总数超过 ${limits.cells} 个，无法导入；请删去无关的内容后再试`)
    }
    rows.length = lastFilled + 1
    out.push({ name: s.sheet, rows })
  }
  return { sheets: out }
}
