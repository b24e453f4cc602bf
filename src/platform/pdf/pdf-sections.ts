/**
 * The parts of an official document, top to bottom: header (letterhead, number, date, brand
 * rule), addressee, title, paragraphs, fields table, and the closing block with QR code and footer.
 */
import type { Letterhead, OfficialDocument } from './pdf-document.js'
import { COLOURS, type PageLayout, type TextStyle } from './pdf-layout.js'

const DEFAULT_BRAND_COLOUR = '#0031d8'
const QR_SIZE = 80
const QR_BLOCK_WIDTH = 120

export const STYLES = {
  municipality: { weight: 'bold', size: 14, lineHeight: 20, colour: COLOURS.text },
  department: { weight: 'regular', size: 10.5, lineHeight: 16, colour: COLOURS.text },
  contact: { weight: 'regular', size: 8.5, lineHeight: 13, colour: COLOURS.muted },
  meta: { weight: 'regular', size: 10, lineHeight: 16, colour: COLOURS.text },
  addresseeAddress: { weight: 'regular', size: 10, lineHeight: 16, colour: COLOURS.text },
  addresseeName: { weight: 'regular', size: 13, lineHeight: 20, colour: COLOURS.text },
  title: { weight: 'bold', size: 18, lineHeight: 27, colour: COLOURS.text },
  body: { weight: 'regular', size: 10.5, lineHeight: 18, colour: COLOURS.text },
  label: { weight: 'bold', size: 9.5, lineHeight: 15, colour: COLOURS.text },
  value: { weight: 'regular', size: 10, lineHeight: 15, colour: COLOURS.text },
  caption: { weight: 'regular', size: 8, lineHeight: 12, colour: COLOURS.text },
  footer: { weight: 'regular', size: 8.5, lineHeight: 13, colour: COLOURS.muted },
  pageNumber: { weight: 'regular', size: 9, lineHeight: 12, colour: COLOURS.muted },
} satisfies Record<string, TextStyle>

function brandColourOf(letterhead: Letterhead): string {
  const colour = letterhead.brandColour
  return colour && /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : DEFAULT_BRAND_COLOUR
}

/** Letterhead top left, document number and date top right, then the brand-colour rule. */
export function drawHeader(
  layout: PageLayout,
  root: PDFKit.PDFStructureElement,
  doc: OfficialDocument,
  labels: { phone: string; email: string },
  issueDate: string,
): void {
  const { letterhead } = doc
  const gap = 16
  const leftWidth = layout.width * 0.58
  const rightWidth = layout.width - leftWidth - gap
  const rightX = layout.left + leftWidth + gap
  const top = layout.y

  if (letterhead.logoPng) drawLogo(layout, letterhead.logoPng)
  const contact = [
    letterhead.address,
    [letterhead.phone && `${labels.phone} ${letterhead.phone}`, letterhead.email && `${labels.email} ${letterhead.email}`].filter(Boolean).join('　'),
  ]
  const leftBlocks: Array<[string | undefined, TextStyle]> = [
    [letterhead.municipalityName, STYLES.municipality],
    [letterhead.departmentName, STYLES.department],
    ...contact.map((text): [string | undefined, TextStyle] => [text, STYLES.contact]),
  ]
  for (const [text, style] of leftBlocks) {
    if (!text) continue
    layout.flowText(layout.openElement(root, 'P'), layout.breakText(text, leftWidth, style), layout.left, leftWidth, style)
  }
  const leftBottom = layout.y

  layout.y = top
  const meta = [doc.documentNumber, issueDate]
  for (const text of meta) {
    if (!text) continue
    layout.flowText(layout.openElement(root, 'P'), layout.breakText(text, rightWidth, STYLES.meta), rightX, rightWidth, STYLES.meta, 'right')
  }

  layout.y = Math.max(leftBottom, layout.y) + 8
  const ruleY = layout.y
  layout.artifact(() => {
    layout.pdf.rect(layout.left, ruleY, layout.width, 2.5).fill(brandColourOf(letterhead))
  }, 'Layout')
  layout.y += 2.5 + 18
}

function drawLogo(layout: PageLayout, logo: Buffer): void {
  const height = 36
  const y = layout.y
  try {
    layout.artifact(() => {
      layout.pdf.image(logo, layout.left, y, { fit: [150, height], valign: 'center' })
    }, 'Layout')
  } catch {
    // A logo pdfkit cannot read must not stop a resident's receipt from being issued.
    return
  }
  layout.y += height + 6
}

export function drawAddressee(layout: PageLayout, root: PDFKit.PDFStructureElement, addressee: { name: string; address?: string }, honorific: string): void {
  const width = layout.width * 0.7
  if (addressee.address) {
    const lines = layout.breakText(addressee.address, width, STYLES.addresseeAddress)
    layout.flowText(layout.openElement(root, 'P'), lines, layout.left, width, STYLES.addresseeAddress)
  }
  const nameLines = layout.breakText(`${addressee.name}${honorific}`, width, STYLES.addresseeName)
  layout.flowText(layout.openElement(root, 'P'), nameLines, layout.left, width, STYLES.addresseeName)
  layout.y += 14
}

export function drawTitle(layout: PageLayout, root: PDFKit.PDFStructureElement, title: string): void {
  const lines = layout.breakText(title, layout.width, STYLES.title)
  layout.ensureSpace(lines.length * STYLES.title.lineHeight + 3 * STYLES.body.lineHeight) // never alone at a page foot
  layout.flowText(layout.openElement(root, 'H1'), lines, layout.left, layout.width, STYLES.title, 'centre')
  layout.y += 14
}

export function drawParagraphs(layout: PageLayout, root: PDFKit.PDFStructureElement, paragraphs: string[]): void {
  for (const paragraph of paragraphs) {
    const lines = layout.breakText(paragraph, layout.width, STYLES.body)
    layout.flowText(layout.openElement(root, 'P'), lines, layout.left, layout.width, STYLES.body)
    layout.y += 6
  }
  layout.y += 6
}

/**
 * The two-column table. A row that does not fit moves to the next page; a row taller than a
 * whole page is split line by line, each part with its own borders.
 */
export function drawFields(layout: PageLayout, root: PDFKit.PDFStructureElement, fields: Array<{ label: string; value: string }>): void {
  const padX = 7
  const padY = 5
  const labelWidth = Math.round(layout.width * 0.3)
  const valueWidth = layout.width - labelWidth
  const lineHeight = Math.max(STYLES.label.lineHeight, STYLES.value.lineHeight)
  const table = layout.openElement(root, 'Table')

  for (const field of fields) {
    let labelLines = layout.breakText(field.label, labelWidth - 2 * padX, STYLES.label)
    let valueLines = layout.breakText(field.value, valueWidth - 2 * padX, STYLES.value)
    const rowHeight = (lines: number) => lines * lineHeight + 2 * padY
    const totalLines = Math.max(labelLines.length, valueLines.length)
    // Keep a row whole when it fits on a fresh page; split it only when it is taller than a page.
    if (rowHeight(totalLines) > layout.remaining && rowHeight(totalLines) <= layout.bottom - layout.top) layout.addPage()

    const row = layout.openElement(table, 'TR')
    const header = layout.openElement(row, 'TH', { scope: 'Row' } as PDFKit.Mixins.StructureElementOptions)
    const cell = layout.openElement(row, 'TD')
    while (labelLines.length > 0 || valueLines.length > 0) {
      let fitting = Math.floor((layout.remaining - 2 * padY + 0.01) / lineHeight)
      if (fitting < 1) {
        layout.addPage()
        fitting = Math.floor((layout.remaining - 2 * padY) / lineHeight)
      }
      const labelPart = labelLines.slice(0, fitting)
      const valuePart = valueLines.slice(0, fitting)
      labelLines = labelLines.slice(labelPart.length)
      valueLines = valueLines.slice(valuePart.length)
      const height = rowHeight(Math.max(labelPart.length, valuePart.length, 1))
      const y = layout.y
      layout.artifact(() => {
        layout.pdf.rect(layout.left, y, labelWidth, height).fill(COLOURS.labelFill)
        layout.pdf.lineWidth(0.6).strokeColor(COLOURS.rule)
        layout.pdf.rect(layout.left, y, labelWidth, height).stroke()
        layout.pdf.rect(layout.left + labelWidth, y, valueWidth, height).stroke()
      }, 'Layout')
      header.add(() => layout.drawLines(labelPart, layout.left + padX, y + padY, labelWidth - 2 * padX, STYLES.label))
      cell.add(() => layout.drawLines(valuePart, layout.left + labelWidth + padX, y + padY, valueWidth - 2 * padX, STYLES.value))
      layout.y += height
    }
    row.end()
  }
  table.end()
  layout.y += 16
}

/** The QR code bottom right with its caption below, the footer beside it, at the foot of the last page. */
export function drawClosing(layout: PageLayout, root: PDFKit.PDFStructureElement, doc: OfficialDocument, qrPng: Buffer | undefined): void {
  if (!doc.footer && !(doc.qr && qrPng)) return
  const gap = 16
  const qrBlockWidth = doc.qr && qrPng ? QR_BLOCK_WIDTH : 0
  const footerWidth = layout.width - (qrBlockWidth ? qrBlockWidth + gap : 0)
  let footerLines = doc.footer ? layout.breakText(doc.footer, footerWidth, STYLES.footer) : []
  const captionLines = doc.qr && qrPng ? layout.breakText(doc.qr.caption, qrBlockWidth, STYLES.caption) : []
  const qrHeight = qrBlockWidth ? QR_SIZE + 4 + captionLines.length * STYLES.caption.lineHeight : 0
  let height = Math.max(footerLines.length * STYLES.footer.lineHeight, qrHeight) + 10

  if (height > layout.bottom - layout.top) {
    // Only a footer longer than a page gets here: it flows like body text, the QR code follows.
    const lines = layout.breakText(doc.footer ?? '', layout.width, STYLES.footer)
    layout.flowText(layout.openElement(root, 'P'), lines, layout.left, layout.width, STYLES.footer)
    footerLines = []
    height = qrHeight + 10
  }
  // Anchored to the foot of the page, which is a new one only when the content left no room.
  if (height > layout.remaining) layout.addPage()
  layout.y = layout.bottom - height
  const top = layout.y
  layout.artifact(() => {
    layout.pdf.moveTo(layout.left, top).lineTo(layout.right, top).lineWidth(0.6).strokeColor(COLOURS.rule).stroke()
  }, 'Layout')

  if (doc.qr && qrPng) {
    const { url, caption } = doc.qr
    const qrX = layout.right - qrBlockWidth + (qrBlockWidth - QR_SIZE) / 2
    const qrY = top + 10
    const alt = `${caption} ${url}`
    root.add(
      layout.pdf.struct('Figure', { alt, bbox: [qrX, qrY, qrX + QR_SIZE, qrY + QR_SIZE] } as PDFKit.Mixins.StructureElementOptions, () => {
        layout.pdf.image(qrPng, qrX, qrY, { width: QR_SIZE, height: QR_SIZE })
      }),
    )
    const link = layout.openElement(root, 'Link')
    // pdfkit 0.20 accepts structParent (tagging the annotation) but @types/pdfkit does not know it;
    // Contents must be a String object, which pdfkit writes as text rather than as a PDF name.
    const linkOptions = { structParent: link, Contents: new String(alt) }
    layout.pdf.link(qrX, qrY, QR_SIZE, QR_SIZE, url, linkOptions as unknown as PDFKit.Mixins.AnnotationOption)
    link.end()
    layout.y = qrY + QR_SIZE + 4
    layout.flowText(layout.openElement(root, 'P'), captionLines, layout.right - qrBlockWidth, qrBlockWidth, STYLES.caption, 'centre')
  }
  if (footerLines.length > 0) {
    layout.y = top + 10
    layout.flowText(layout.openElement(root, 'P'), footerLines, layout.left, footerWidth, STYLES.footer)
  }
}
