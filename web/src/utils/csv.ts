// CSV files for import: staff often save them from Excel, which writes GBK on Chinese
// Windows. Decode UTF-8 when the bytes are valid UTF-8, else GBK, and send UTF-8 on.

export interface DecodedText {
  text: string
  encoding: 'utf-8' | 'gbk'
}

export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
    return { text, encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' }
  }
}

/** Number of non-empty data lines (the header excluded). */
export function countDataLines(text: string): number {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  return Math.max(0, lines.length - 1)
}

/** The import's columns; the last (contact_email) may be left out: units then keep their address. */
export const ORG_CSV_HEADER = 'code,name,type,parent_code,contact_name,contact_phone,contact_email'
