/**
 * Official documents as PDF: 受付票 (receipt slips), 通知書 (decision notices), 利用許可証 (permits)
 * all share this one A4 renderer, so every document a municipality issues looks the same, prints
 * the date in 和暦, carries the letterhead and can be checked online through its QR code.
 *
 * Output is deterministic: the same input gives the same bytes (creation date from `issuedAt`,
 * fixed producer, file ID derived from the metadata), so documents can be cached and compared.
 * Nothing is fetched at render time.
 */
import QRCode from 'qrcode'
import { formatWareki } from '../../jp/wareki.js'
import { listUnsupportedCharacters, loadFonts } from './pdf-fonts.js'
import { PageLayout } from './pdf-layout.js'
import { drawAddressee, drawClosing, drawFields, drawHeader, drawParagraphs, drawTitle, STYLES } from './pdf-sections.js'

/** Who issues the document, printed top left above a rule in the brand colour. */
export interface Letterhead {
  municipalityName: string
  departmentName?: string
  address?: string
  phone?: string
  email?: string
  /** '#rrggbb', as in tenant settings; anything else falls back to the default blue. */
  brandColour?: string
  /** PNG (or JPEG) image, fitted into 150 × 36 pt above the name. An unreadable image is left out. */
  logoPng?: Buffer
}

/** Everything printed on one official document. */
export interface OfficialDocument {
  letterhead: Letterhead
  /** Centred heading and PDF title, e.g. '受付票', '交付決定通知書'. */
  title: string
  /** Printed top right as given, e.g. '受付番号 K7M-4PQ-9XR'. */
  documentNumber?: string
  /** Printed as a 和暦 date in Asia/Tokyo (令和8年11月23日); also the PDF creation date. */
  issuedAt: Date
  /** Printed '〇〇 様' (in English documents, the name alone) with the address above it. */
  addressee?: { name: string; address?: string }
  /** Body text; each string is a paragraph, '\n' breaks a line. */
  paragraphs: string[]
  /** A bordered two-column table; long rows wrap and continue on the next page. */
  fields?: Array<{ label: string; value: string }>
  /** QR code bottom right linking to the online copy; also a clickable link in the PDF. */
  qr?: { url: string; caption: string }
  /** Small print at the foot of the last page, e.g. 'この通知書は電子的に発行されました。' */
  footer?: string
  /** Printed faintly across every page and added to the PDF title, e.g. '見本', '訓練'. */
  watermark?: string
  /** Language of the printed labels and of the PDF; defaults to 'ja'. */
  language?: 'ja' | 'en'
}

export interface RenderOptions {
  /** Leave page content uncompressed, for tests and debugging. */
  compress?: boolean
}

const PRODUCER = 'Yakuba'

const LABELS = {
  ja: { honorific: '　様', issued: '発行日', phone: 'TEL', email: 'E-mail', lang: 'ja-JP' },
  en: { honorific: '', issued: 'Issued', phone: 'Tel.', email: 'Email', lang: 'en' },
} as const

const englishDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', day: 'numeric', month: 'long', year: 'numeric' })

/**
 * The issue date line as printed top right: '発行日 令和8年11月23日', or in English
 * 'Issued 23 November 2026' with '(令和8年11月23日)' on a line of its own.
 */
export function formatIssueDate(issuedAt: Date, language: 'ja' | 'en'): string {
  const wareki = formatWareki(issuedAt)
  switch (language) {
    case 'ja':
      return `${LABELS.ja.issued} ${wareki}`
    case 'en':
      return `${LABELS.en.issued} ${englishDate.format(issuedAt)}\n(${wareki})`
    default: {
      const unknown: never = language
      throw new RangeError(`Unknown language ${String(unknown)}`)
    }
  }
}

// pdfkit 0.20 copies Title and Author into the XMP metadata without escaping them, so characters
// that are markup in XML are written as their full-width forms there and in the Info dictionary.
function toMetadataText(text: string): string {
  return text.replace(/[&<>]/g, c => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
}

/** The PDF title: the document title, with the watermark so a reader hears it is a 見本. */
function documentTitle(doc: OfficialDocument): string {
  return toMetadataText(doc.watermark ? `${doc.title}（${doc.watermark}）` : doc.title)
}

/** Renders an official document as an A4 PDF with Noto Sans JP embedded (subset). */
export async function renderOfficialDocument(doc: OfficialDocument, options: RenderOptions = {}): Promise<Buffer> {
  if (Number.isNaN(doc.issuedAt.getTime())) throw new RangeError('issuedAt is not a valid date')
  const language = doc.language ?? 'ja'
  const labels = LABELS[language]
  const [fonts, qrPng] = await Promise.all([loadFonts(), doc.qr ? renderQrPng(doc.qr.url) : undefined])
  const layout = new PageLayout({
    fonts,
    compress: options.compress ?? true,
    lang: labels.lang,
    watermark: doc.watermark,
    info: {
      Title: documentTitle(doc),
      Author: toMetadataText([doc.letterhead.municipalityName, doc.letterhead.departmentName].filter(Boolean).join(' ')),
      // The file ID is a hash of this dictionary, so the document number keeps receipts apart.
      ...(doc.documentNumber ? { Subject: toMetadataText(doc.documentNumber) } : {}),
      Producer: PRODUCER,
      Creator: PRODUCER,
      CreationDate: doc.issuedAt,
    },
  })
  const root = layout.pdf.struct('Document')
  layout.pdf.addStructure(root)
  layout.addPage()

  drawHeader(layout, root, doc, labels, formatIssueDate(doc.issuedAt, language))
  if (doc.addressee) drawAddressee(layout, root, doc.addressee, labels.honorific)
  drawTitle(layout, root, doc.title)
  drawParagraphs(layout, root, doc.paragraphs)
  if (doc.fields?.length) drawFields(layout, root, doc.fields)
  drawClosing(layout, root, doc, qrPng)
  layout.numberPages(STYLES.pageNumber)

  root.end()
  return layout.finish()
}

/**
 * Lists the characters of a document that the font cannot print and that would appear as 〓
 * (e.g. emoji, Hangul, rare ideographs outside JIS X 0213), so staff can be warned beforehand.
 */
export async function findUnsupportedCharacters(doc: OfficialDocument): Promise<string[]> {
  const { hasGlyph } = await loadFonts()
  const { letterhead, addressee, fields, qr } = doc
  const texts = [
    letterhead.municipalityName,
    letterhead.departmentName,
    letterhead.address,
    letterhead.phone,
    letterhead.email,
    doc.title,
    doc.documentNumber,
    addressee?.name,
    addressee?.address,
    ...doc.paragraphs,
    ...(fields ?? []).flatMap(f => [f.label, f.value]),
    qr?.caption,
    doc.footer,
    doc.watermark,
  ]
  return listUnsupportedCharacters(
    texts.filter((t): t is string => t !== undefined),
    hasGlyph,
  )
}

function renderQrPng(url: string): Promise<Buffer> {
  // Error correction M and a 4-module quiet zone: the usual choice for print, readable by phones.
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 })
}
