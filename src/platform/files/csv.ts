/**
 * Reading CSV files that staff upload: the encoding they come in and RFC 4180 records. Shared by
 * every import (garbage calendars, slot templates, shelters); each importer maps header names to
 * its columns and reports problems in its own catalog.
 */

export type CsvEncoding = 'utf-8' | 'shift_jis'

export interface CsvRecord {
  /** the line the record starts on (1-based; a quoted newline makes a record span lines) */
  line: number
  fields: string[]
}

/**
 * Decodes a file: a UTF-8 BOM means UTF-8; otherwise valid UTF-8 is UTF-8 and anything else is
 * read as Shift_JIS (Windows-31J), which is what Excel on Japanese Windows writes.
 */
export function decodeCsv(input: Uint8Array | string): { text: string; encoding: CsvEncoding } {
  if (typeof input === 'string') return { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-8' }
  if (input.length >= 3 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(input.subarray(3)), encoding: 'utf-8' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(input), encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('shift_jis').decode(input), encoding: 'shift_jis' }
  }
}

/**
 * Splits RFC 4180 CSV into records: quoted fields may hold commas, newlines and doubled quotes
 * (spaces before the opening quote are tolerated); CRLF, LF and CR all end a record; blank and
 * whitespace-only lines are skipped. An unterminated quote ends the file and is reported by the
 * line it opened on.
 */
export function parseCsv(text: string): { records: CsvRecord[]; unterminatedQuoteLine?: number } {
  const records: CsvRecord[] = []
  let line = 1
  let recordLine = 1
  let fields: string[] = []
  let field = ''
  let inQuotes = false
  let quoteLine = 1
  const endRecord = () => {
    fields.push(field)
    if (!(fields.length === 1 && fields[0]?.trim() === '')) records.push({ line: recordLine, fields })
    fields = []
    field = ''
  }
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    if (inQuotes) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"'
          index++
        } else inQuotes = false
      } else {
        if (char === '\n' || (char === '\r' && text[index + 1] !== '\n')) line++
        field += char
      }
      continue
    }
    if (char === '"' && field.trim() === '') {
      inQuotes = true
      quoteLine = line
      field = ''
    } else if (char === ',') {
      fields.push(field)
      field = ''
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[index + 1] === '\n') index++
      endRecord()
      line++
      recordLine = line
    } else field += char
  }
  if (inQuotes) return { records, unterminatedQuoteLine: quoteLine }
  if (field !== '' || fields.length > 0) endRecord()
  return { records }
}
