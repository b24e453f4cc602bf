import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { FONT_FILES } from './pdf-fonts.js'
import { PAGE } from './pdf-layout.js'
import { findUnsupportedCharacters, formatIssueDate, renderOfficialDocument, type OfficialDocument } from './pdf-document.js'

// ---- a small reader for the PDFs pdfkit writes (classic xref table, direct /Length) ----

interface PdfObject {
  dict: string
  stream?: Buffer
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1')
  const xrefAt = Number(/startxref\n(\d+)\n%%EOF\s*$/.exec(text)?.[1])
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(xrefAt)) ?? []
  const entries = text.slice(xrefAt).split('\n').slice(2, 2 + Number(count))
  const objects = new Map<number, PdfObject>()
  entries.forEach((entry, index) => {
    const [offset, , kind] = entry.trim().split(' ')
    if (kind !== 'n') return
    const id = Number(first) + index
    const start = Number(offset)
    const header = `${id} 0 obj\n`
    expect(text.slice(start, start + header.length)).toBe(header)
    const bodyStart = start + header.length
    const streamAt = text.indexOf('\nstream\n', bodyStart)
    const endAt = text.indexOf('\nendobj', bodyStart)
    if (streamAt === -1 || endAt < streamAt) {
      objects.set(id, { dict: text.slice(bodyStart, endAt) })
      return
    }
    const dict = text.slice(bodyStart, streamAt)
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1])
    const raw = pdf.subarray(streamAt + 8, streamAt + 8 + length)
    objects.set(id, { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw })
  })
  return objects
}

const refOf = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1])

/** Maps each glyph id (CID) of a Type0 font to its text, from the font's ToUnicode CMap. */
function readToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>()
  for (const [, start, entries] of cmap.matchAll(/<([0-9a-f]+)> <[0-9a-f]+> \[([^\]]*)\]/g)) {
    ;[...entries.matchAll(/<([0-9a-f ]*)>/g)].forEach(([, units], index) => {
      const codeUnits = units.split(' ').filter(Boolean).map(u => parseInt(u, 16))
      map.set(parseInt(start, 16) + index, String.fromCharCode(...codeUnits))
    })
  }
  return map
}

interface PrintedLine {
  text: string
  /** Baseline height above the bottom edge of the page, in points. */
  baseline: number
}

/** The text drawn on each page, one entry per line drawn, in drawing order. */
function readPages(pdf: Buffer): PrintedLine[][] {
  const objects = readObjects(pdf)
  const catalog = [...objects.values()].find(o => o.dict.includes('/Type /Catalog'))
  const pages = objects.get(refOf(catalog?.dict ?? '', 'Pages'))
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(pages?.dict ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map(m => Number(m[1]))
  return kids.map(kid => {
    const page = objects.get(kid)?.dict ?? ''
    const resources = objects.get(refOf(page, 'Resources'))?.dict ?? ''
    const fonts = new Map<string, Map<number, string>>()
    for (const [, name, id] of resources.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const cmap = objects.get(refOf(objects.get(Number(id))?.dict ?? '', 'ToUnicode'))?.stream?.toString('latin1') ?? ''
      fonts.set(name, readToUnicode(cmap))
    }
    const content = objects.get(refOf(page, 'Contents'))?.stream?.toString('latin1') ?? ''
    const lines: PrintedLine[] = []
    for (const [, block] of content.matchAll(/\nBT\n([\s\S]*?)\nET/g)) {
      const baseline = Number(/ (-?[\d.]+) Tm/.exec(block)?.[1])
      const font = fonts.get(/\/(F\d+) [\d.]+ Tf/.exec(block)?.[1] ?? '') ?? new Map<number, string>()
      const hex = [...block.matchAll(/<([0-9a-f]+)>/g)].map(m => m[1]).join('')
      const text = (hex.match(/.{4}/g) ?? []).map(cid => font.get(parseInt(cid, 16)) ?? '�').join('')
      lines.push({ text, baseline })
    }
    return lines
  })
}

const textOf = (pdf: Buffer) => readPages(pdf).map(lines => lines.map(l => l.text).join('\n')).join('\n')
const countPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0

/** Reads one entry of the Info dictionary: a literal string (UTF-16BE with BOM, escaped) or a date. */
function readInfo(pdf: Buffer, key: string): string | undefined {
  const objects = readObjects(pdf)
  const text = pdf.toString('latin1')
  const info = objects.get(refOf(text.slice(text.lastIndexOf('trailer')), 'Info'))?.dict ?? ''
  const literal = objects.get(refOf(info, key))?.dict ?? new RegExp(`/${key} (\\([\\s\\S]*?[^\\\\]\\))`).exec(info)?.[1]
  if (!literal) return undefined
  const unescaped = literal.slice(1, -1).replace(/\\([nrtbf()\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' })[c] ?? c)
  const bytes = Buffer.from(unescaped, 'latin1')
  return bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2).swap16().toString('utf16le') : unescaped
}

const readTitle = (pdf: Buffer) => readInfo(pdf, 'Title')
const isPageNumber = (line: PrintedLine) => /^\d+ \/ \d+$/.test(line.text)

// ---- fixtures ----

// 84 characters, as long as the longest addresses in the 住民基本台帳 test data.
const LONG_ADDRESS =
  '北海道山田郡山田町字大通り東三丁目十二番地の四十五 グランドメゾン山田ヒルズ第二期エステート棟一二〇三号室（𠮷田方）山田町子育て支援課気付 児童手当担当 御中（二階奥）'

function aNotice(overrides: Partial<OfficialDocument> = {}): OfficialDocument {
  return {
    letterhead: { municipalityName: '山田町', departmentName: '子育て支援課', address: '〒049-0000 北海道山田郡山田町本町1-2-3', phone: '0123-45-6789', brandColour: '#0a7b3e' },
    title: '交付決定通知書',
    documentNumber: '受付番号 K7M-4PQ-9XR',
    issuedAt: new Date('2026-11-23T01:00:00Z'),
    addressee: { name: '𠮷田 太郎', address: LONG_ADDRESS },
    paragraphs: ['令和8年11月1日付けで申請のありました児童手当について、下記のとおり交付することに決定したので通知します。'],
    fields: [
      { label: '受付番号', value: 'K7M-4PQ-9XR' },
      { label: '交付額', value: '月額 15,000円' },
    ],
    footer: 'この通知書は電子的に発行されました。',
    ...overrides,
  }
}

const QR = { url: 'https://yamada.example.jp/d/K7M-4PQ-9XR', caption: 'オンラインで内容を確認できます' }

// fontkit is pdfkit's dependency; reached through pdfkit so the test reads fonts the way pdfkit does.
interface FontkitGlyph {
  path: { commands: unknown[]; toSVG(): string }
}
interface FontkitFont {
  getGlyph(id: number): FontkitGlyph
  glyphForCodePoint(codePoint: number): FontkitGlyph
}
const requireFromHere = createRequire(import.meta.url)
const fontkit = createRequire(requireFromHere.resolve('pdfkit'))('fontkit') as { create(buffer: Buffer): FontkitFont }

describe('renderOfficialDocument', () => {
  it('writes a complete PDF file', async () => {
    const pdf = await renderOfficialDocument(aNotice())
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true)
  })

  it('embeds Noto Sans JP as a small subset, not the 5 MB font file', async () => {
    const pdf = await renderOfficialDocument(aNotice({ qr: QR }))
    const text = pdf.toString('latin1')
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Regular/)
    expect(text).toMatch(/\/FontFile2 \d+ 0 R/)
    expect(text).not.toMatch(/\/BaseFont \/Helvetica/)
    expect(pdf.length).toBeLessThan(120_000)
  })

  it('sets the title, language and tagging for assistive technology', async () => {
    const pdf = await renderOfficialDocument(aNotice())
    const text = pdf.toString('latin1')
    expect(readTitle(pdf)).toBe('交付決定通知書')
    expect(text).toContain('/Lang (ja-JP)')
    expect(text).toMatch(/\/Marked true/)
    expect(text).toContain('/Type /StructTreeRoot')
    expect(text).toContain('/S /H1')
    expect(text).toContain('/DisplayDocTitle true')
  })

  it('prints the letterhead, 和暦 date, addressee with 様, title, body and table as real text', async () => {
    const text = textOf(await renderOfficialDocument(aNotice()))
    for (const expected of ['山田町', '子育て支援課', 'TEL 0123-45-6789', '受付番号 K7M-4PQ-9XR', '発行日 令和8年11月23日', '𠮷田 太郎　様', '交付決定通知書', '月額 15,000円', 'この通知書は電子的に発行されました。']) {
      expect(text).toContain(expected)
    }
  })

  it('prints the date of the Tokyo calendar day, not the UTC one', async () => {
    // 2026-11-22T15:30Z is already 23 November in Tokyo.
    const text = textOf(await renderOfficialDocument(aNotice({ issuedAt: new Date('2026-11-22T15:30:00Z') })))
    expect(text).toContain('令和8年11月23日')
  })

  it('wraps an 84-character address without losing a character', async () => {
    expect([...LONG_ADDRESS]).toHaveLength(84)
    const pages = readPages(await renderOfficialDocument(aNotice()))
    const lines = pages[0].map(l => l.text)
    const start = lines.findIndex(l => LONG_ADDRESS.startsWith(l) && l.length > 5)
    expect(start).toBeGreaterThanOrEqual(0)
    const wrapped = lines.slice(start, start + 3).join('')
    expect(wrapped.startsWith(LONG_ADDRESS)).toBe(true)
    expect(lines[start].length).toBeLessThan(LONG_ADDRESS.length) // it did wrap
  })

  it('embeds the real 𠮷 (U+20BB7) glyph and maps it back to U+20BB7 for copy and search', async () => {
    const pdf = await renderOfficialDocument(aNotice({ addressee: { name: '𠮷田 太郎' } }), { compress: false })
    const objects = readObjects(pdf)
    const regularFont = [...objects.values()].find(o => /\/Subtype \/Type0\n\/BaseFont \/[A-Z]{6}\+NotoSansJP-Regular/.test(o.dict))
    expect(regularFont).toBeDefined()
    const cmap = objects.get(refOf(regularFont?.dict ?? '', 'ToUnicode'))?.stream?.toString('latin1') ?? ''
    expect(cmap).toContain('<d842 dfb7>')

    const cid = [...readToUnicode(cmap)].find(([, text]) => text === '𠮷')?.[0]
    expect(cid).toBeGreaterThan(0) // glyph 0 would be .notdef, an empty box
    const descendant = objects.get(Number(/\/DescendantFonts \[(\d+) 0 R\]/.exec(regularFont?.dict ?? '')?.[1]))
    const descriptor = objects.get(refOf(descendant?.dict ?? '', 'FontDescriptor'))
    const subsetFile = objects.get(refOf(descriptor?.dict ?? '', 'FontFile2'))?.stream
    expect(subsetFile).toBeDefined()
    const embedded = fontkit.create(subsetFile as Buffer).getGlyph(cid as number)
    const original = fontkit.create(readFileSync(FONT_FILES.regular))
    expect(embedded.path.commands.length).toBeGreaterThan(0)
    expect(embedded.path.toSVG()).toBe(original.glyphForCodePoint(0x20bb7).path.toSVG())
    expect(embedded.path.toSVG()).not.toBe(original.glyphForCodePoint(0x5409).path.toSVG()) // 吉, the look-alike
  })

  it('prints characters the font lacks as 〓 and lists them beforehand', async () => {
    const doc = aNotice({ paragraphs: ['絵文字👍🏽とハングル한と零幅\u200bスペース'] })
    expect(await findUnsupportedCharacters(doc)).toEqual(['👍🏽', '한'])
    const text = textOf(await renderOfficialDocument(doc))
    expect(text).toContain('絵文字〓とハングル〓と零幅スペース')
    expect(text).not.toContain('�')
  })

  it('breaks 60 table rows over several pages, numbered n / N, with nothing below the margin', async () => {
    const fields = Array.from({ length: 60 }, (_, i) => ({ label: `項目${i + 1}`, value: `値${i + 1} ${'長い説明文'.repeat(i % 9)}` }))
    const pdf = await renderOfficialDocument(aNotice({ fields, qr: QR }))
    const pages = readPages(pdf)
    expect(countPages(pdf)).toBeGreaterThan(1)
    expect(pages).toHaveLength(countPages(pdf))
    const total = pages.length
    pages.forEach((lines, index) => {
      expect(lines.map(l => l.text)).toContain(`${index + 1} / ${total}`)
      for (const line of lines.filter(l => !isPageNumber(l))) {
        expect(line.baseline, line.text).toBeGreaterThanOrEqual(PAGE.marginBottom)
        expect(line.baseline, line.text).toBeLessThanOrEqual(PAGE.height - PAGE.marginTop)
      }
    })
    const text = textOf(pdf)
    let position = -1
    for (const field of fields) {
      const at = text.indexOf(`\n${field.label}\n`, position)
      expect(at, field.label).toBeGreaterThan(position)
      position = at
    }
  })

  it('splits a table row taller than a page instead of letting it run off the page', async () => {
    const value = 'とても長い記載内容です。'.repeat(300)
    const pdf = await renderOfficialDocument(aNotice({ fields: [{ label: '備考', value }] }))
    const pages = readPages(pdf)
    expect(pages.length).toBeGreaterThan(2)
    for (const line of pages.flat().filter(l => !isPageNumber(l))) expect(line.baseline).toBeGreaterThanOrEqual(PAGE.marginBottom)
    const printed = pages.flat().filter(l => !isPageNumber(l)).map(l => l.text).join('')
    expect(printed.includes(value)).toBe(true)
  })

  it('prints no page number on a one-page document', async () => {
    const pages = readPages(await renderOfficialDocument(aNotice()))
    expect(pages).toHaveLength(1)
    expect(pages[0].some(isPageNumber)).toBe(false)
  })

  it('gives byte-identical output for the same input, and different output for another date', async () => {
    const first = await renderOfficialDocument(aNotice({ qr: QR, watermark: '見本' }))
    const second = await renderOfficialDocument(aNotice({ qr: QR, watermark: '見本' }))
    expect(first.equals(second)).toBe(true)
    const later = await renderOfficialDocument(aNotice({ qr: QR, watermark: '見本', issuedAt: new Date('2026-11-24T01:00:00Z') }))
    expect(later.equals(first)).toBe(false)
    expect(readInfo(first, 'CreationDate')).toBe('D:20261123010000Z')
    expect(readInfo(first, 'Producer')).toBe('Yakuba')
  })

  it('renders documents side by side exactly as one at a time (the parsed fonts are shared)', async () => {
    const docs = ['山田', '𠮷田', '髙橋', '渡邉', '齋藤'].map((name, i) => aNotice({ addressee: { name }, documentNumber: `受付番号 K7M-4PQ-${i}` }))
    const together = await Promise.all(docs.map(d => renderOfficialDocument(d)))
    for (const [i, d] of docs.entries()) expect(together[i].equals(await renderOfficialDocument(d))).toBe(true)
    expect(new Set(together.map(pdf => /\/ID \[<([0-9a-f]+)>/.exec(pdf.toString('latin1'))?.[1])).size).toBe(docs.length)
  })

  it('draws a QR code image linking to the online copy only when asked', async () => {
    const withQr = (await renderOfficialDocument(aNotice({ qr: QR }))).toString('latin1')
    expect(withQr).toMatch(/\/Subtype \/Image/)
    expect(withQr).toContain(`/URI (${QR.url})`)
    expect(withQr).toMatch(/\/S \/Figure\n\/Alt \(/) // described for screen readers
    const withoutQr = (await renderOfficialDocument(aNotice())).toString('latin1')
    expect(withoutQr).not.toMatch(/\/Subtype \/Image/)
    expect(withoutQr).not.toContain('/URI')
  })

  it('prints the QR caption under the code at the foot of the last page', async () => {
    const pages = readPages(await renderOfficialDocument(aNotice({ qr: QR })))
    const caption = pages.at(-1)?.find(l => l.text === QR.caption)
    expect(caption).toBeDefined()
    expect(caption?.baseline).toBeLessThan(PAGE.height / 4)
  })

  it('marks a preview with a watermark on every page and in the title', async () => {
    const fields = Array.from({ length: 60 }, (_, i) => ({ label: `項目${i + 1}`, value: '値' }))
    const pdf = await renderOfficialDocument(aNotice({ fields, watermark: '見本' }))
    const pages = readPages(pdf)
    expect(pages.length).toBeGreaterThan(1)
    for (const lines of pages) expect(lines[0].text).toBe('見本') // drawn first, under the content
    expect(readTitle(pdf)).toBe('交付決定通知書（見本）')
  })

  it('prints English labels in an English document', async () => {
    const text = textOf(await renderOfficialDocument(aNotice({ language: 'en', addressee: { name: 'Taro Yamada' } })))
    expect(text).toContain('Issued 23 November 2026')
    expect(text).toContain('(令和8年11月23日)')
    expect(text).toContain('Taro Yamada')
    expect(text).not.toContain('様')
    expect((await renderOfficialDocument(aNotice({ language: 'en' }))).toString('latin1')).toContain('/Lang (en)')
  })

  it('draws a PNG logo, and still issues the document when the logo cannot be read', async () => {
    // A QR PNG serves as a small valid image here.
    const { toBuffer } = await import('qrcode')
    const logo = await toBuffer('logo', { type: 'png' })
    const withLogo = await renderOfficialDocument(aNotice({ letterhead: { municipalityName: '山田町', logoPng: logo } }))
    expect(withLogo.toString('latin1')).toMatch(/\/Subtype \/Image/)
    const broken = await renderOfficialDocument(aNotice({ letterhead: { municipalityName: '山田町', logoPng: Buffer.from('not an image') } }))
    expect(textOf(broken)).toContain('山田町')
    expect(broken.toString('latin1')).not.toMatch(/\/Subtype \/Image/)
  })

  it('keeps the XMP metadata well formed when the title contains markup characters', async () => {
    const pdf = await renderOfficialDocument(aNotice({ title: '申請書 <A&B>' }), { compress: false })
    const xmp = /<x:xmpmeta[\s\S]*<\/x:xmpmeta>/.exec(pdf.toString('utf8'))?.[0] ?? ''
    expect(xmp).toContain('申請書 ＜A＆B＞')
    expect(xmp).not.toMatch(/<A&B>/)
  })

  it('rejects an invalid issue date', async () => {
    await expect(renderOfficialDocument(aNotice({ issuedAt: new Date('nope') }))).rejects.toThrow(RangeError)
  })
})

describe('formatIssueDate', () => {
  it('writes the date in 和暦 for Japanese and in both calendars for English', () => {
    const issuedAt = new Date('2019-05-01T00:00:00+09:00')
    expect(formatIssueDate(issuedAt, 'ja')).toBe('発行日 令和元年5月1日')
    expect(formatIssueDate(issuedAt, 'en')).toBe('Issued 1 May 2019\n(令和元年5月1日)')
  })
})
