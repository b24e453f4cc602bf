/**
 * A Shift_JIS (Windows-31J, as the WHATWG Encoding Standard defines "Shift_JIS") encoder for CSV
 * files read by 財務会計 systems and Excel. Node can decode Shift_JIS but not encode it, and no
 * encoding package is installed, so the table is built once from Node's own decoder: every
 * two-byte pointer is decoded and the first pointer of each character wins, skipping the
 * NEC-selected IBM extension rows (pointers 8272–8835) exactly as the standard's encoder does.
 */
let table: Map<number, number> | undefined

function doubleByteTable(): Map<number, number> {
  if (table) return table
  const decoder = new TextDecoder('shift_jis', { fatal: true })
  const map = new Map<number, number>()
  const pair = new Uint8Array(2)
  for (let pointer = 0; pointer < 60 * 188; pointer++) {
    if (pointer >= 8272 && pointer <= 8835) continue
    const lead = Math.floor(pointer / 188)
    const trail = pointer % 188
    pair[0] = lead < 0x1f ? lead + 0x81 : lead + 0xc1
    pair[1] = trail < 0x3f ? trail + 0x40 : trail + 0x41
    let decoded: string
    try {
      decoded = decoder.decode(pair)
    } catch {
      continue
    }
    const codePoint = decoded.codePointAt(0)
    if (codePoint === undefined || decoded.length !== 1 || map.has(codePoint)) continue
    map.set(codePoint, (pair[0] << 8) | pair[1])
  }
  table = map
  return map
}

/** 〓 (geta mark), the customary stand-in for a character the target cannot show. */
const REPLACEMENT = 0x81ac

/** Encodes text as Shift_JIS; characters it has no code for become 〓 (counted in `replaced`). */
export function encodeShiftJis(text: string): { bytes: Buffer; replaced: number } {
  const map = doubleByteTable()
  const out = Buffer.alloc(text.length * 2)
  let length = 0
  let replaced = 0
  for (const char of text) {
    let codePoint = char.codePointAt(0) ?? 0
    if (codePoint < 0x80) {
      out[length++] = codePoint
      continue
    }
    if (codePoint === 0xa5) {
      out[length++] = 0x5c
      continue
    }
    if (codePoint === 0x203e) {
      out[length++] = 0x7e
      continue
    }
    if (codePoint >= 0xff61 && codePoint <= 0xff9f) {
      out[length++] = codePoint - 0xff61 + 0xa1
      continue
    }
    if (codePoint === 0x2212) codePoint = 0xff0d
    let code = map.get(codePoint)
    if (code === undefined) {
      code = REPLACEMENT
      replaced++
    }
    out[length++] = code >> 8
    out[length++] = code & 0xff
  }
  return { bytes: out.subarray(0, length), replaced }
}
