/**
 * The page machinery under official documents: A4 geometry, text styles, a cursor that moves
 * down the page, page breaks, and tagging (every mark is either structure or an artifact, so
 * screen readers and text extraction get the text in reading order and skip decoration).
 */
import PDFDocument from 'pdfkit'
import { breakLines } from './line-breaking.js'
import { toPrintableText, type FontWeight, type LoadedFonts } from './pdf-fonts.js'

/** A4 in points; margins of 20 mm at the sides and top, 22 mm at the bottom for page numbers. */
export const PAGE = { width: 595.28, height: 841.89, marginX: 56.69, marginTop: 56.69, marginBottom: 62.36 } as const

export const COLOURS = { text: '#1a1a1a', muted: '#4d4d4d', rule: '#767676', labelFill: '#f0f0f0' } as const

export interface TextStyle {
  weight: FontWeight
  size: number
  /** Distance between baselines of consecutive lines, in points. */
  lineHeight: number
  colour: string
}

export type Align = 'left' | 'centre' | 'right'

/** One line broken out of a text, ready to draw. */
export type TextLines = string[]

export interface LayoutOptions {
  fonts: LoadedFonts
  compress: boolean
  lang: string
  info: PDFKit.DocumentInfo
  /** Drawn faintly across every page, under the content. */
  watermark?: string
}

/** A document being laid out top to bottom; `y` is the cursor in points from the top of the page. */
export class PageLayout {
  readonly pdf: PDFKit.PDFDocument
  readonly left = PAGE.marginX
  readonly right = PAGE.width - PAGE.marginX
  readonly top = PAGE.marginTop
  readonly bottom = PAGE.height - PAGE.marginBottom
  readonly width = PAGE.width - 2 * PAGE.marginX
  y: number = PAGE.marginTop
  private readonly hasGlyph: (codePoint: number) => boolean
  private readonly watermark: string

  constructor(options: LayoutOptions) {
    this.pdf = new PDFDocument({
      size: 'A4',
      margin: 0, // the layout keeps its own margins; pdfkit must never wrap or break on its own
      autoFirstPage: false,
      bufferPages: true, // page numbers 'n / N' are drawn once N is known
      compress: options.compress,
      pdfVersion: '1.7',
      tagged: true,
      lang: options.lang,
      displayTitle: true,
      info: options.info,
    })
    this.pdf.registerFont('regular', options.fonts.regular)
    this.pdf.registerFont('bold', options.fonts.bold)
    this.hasGlyph = options.fonts.hasGlyph
    this.watermark = options.watermark ? this.printable(options.watermark) : ''
  }

  /** The text as the font can print it (see toPrintableText). */
  printable(text: string): string {
    return toPrintableText(text, this.hasGlyph)
  }

  useStyle(style: TextStyle): void {
    this.pdf.font(style.weight).fontSize(style.size).fillColor(style.colour)
  }

  measure(text: string, style: TextStyle): number {
    this.useStyle(style)
    return this.pdf.widthOfString(text)
  }

  /** Breaks printable text into lines of at most `width` points. */
  breakText(text: string, width: number, style: TextStyle): TextLines {
    this.useStyle(style)
    return breakLines(this.printable(text), width, s => this.pdf.widthOfString(s))
  }

  /** Draws lines from `y` down; the caller has made sure they fit. */
  drawLines(lines: TextLines, x: number, y: number, width: number, style: TextStyle, align: Align = 'left'): void {
    this.useStyle(style)
    // Centres the glyph box (ascender to descender) in the line box.
    const offset = (style.lineHeight - this.pdf.currentLineHeight()) / 2
    lines.forEach((line, index) => {
      if (line === '') return
      const lineWidth = align === 'left' ? 0 : this.pdf.widthOfString(line)
      const lineX = align === 'left' ? x : align === 'right' ? x + width - lineWidth : x + (width - lineWidth) / 2
      this.pdf.text(line, lineX, y + index * style.lineHeight + offset, { lineBreak: false })
    })
  }

  /** Starts a page and draws the watermark under what follows. */
  addPage(): void {
    this.pdf.addPage()
    this.y = this.top
    if (this.watermark) this.drawWatermark()
  }

  /** Moves to a new page unless `height` more points fit on this one. */
  ensureSpace(height: number): void {
    if (this.y + height > this.bottom) this.addPage()
  }

  /** Space left on the current page below the cursor. */
  get remaining(): number {
    return this.bottom - this.y
  }

  /** Draws decoration that assistive technology should skip. */
  artifact(draw: () => void, type?: 'Pagination' | 'Layout'): void {
    this.pdf.markContent('Artifact', type ? { type } : undefined)
    this.pdf.save()
    try {
      draw()
    } finally {
      // Balanced even when drawing throws (an unreadable logo), so the page content stays valid.
      this.pdf.restore()
      this.pdf.endMarkedContent()
    }
  }

  /**
   * Draws text into `element` at the cursor, continuing on new pages as needed; each page's part
   * is marked as content of the same structure element. Keeps at least two lines together at
   * the foot of a page.
   */
  flowText(element: PDFKit.PDFStructureElement, lines: TextLines, x: number, width: number, style: TextStyle, align: Align = 'left'): void {
    let rest = lines
    while (rest.length > 0) {
      const fitting = Math.floor((this.remaining + 0.01) / style.lineHeight)
      if (fitting < Math.min(2, rest.length) && this.y > this.top) {
        this.addPage()
        continue
      }
      // At the top of a page at least one line is drawn, so a huge line height cannot loop forever.
      const chunk = rest.slice(0, Math.max(1, fitting))
      const y = this.y
      element.add(() => this.drawLines(chunk, x, y, width, style, align))
      this.y += chunk.length * style.lineHeight
      rest = rest.slice(chunk.length)
    }
  }

  /** Adds a structure element with no content yet to a parent, so its content can follow. */
  openElement(parent: PDFKit.PDFStructureElement, type: string, options?: PDFKit.Mixins.StructureElementOptions): PDFKit.PDFStructureElement {
    const element = this.pdf.struct(type, options ?? {})
    parent.add(element)
    return element
  }

  /** Writes 'n / N' at the foot of every page when there is more than one. */
  numberPages(style: TextStyle): void {
    const { start, count } = this.pdf.bufferedPageRange()
    if (count < 2) return
    for (let index = 0; index < count; index++) {
      this.pdf.switchToPage(start + index)
      const label = `${index + 1} / ${count}`
      this.artifact(() => this.drawLines([label], this.left, PAGE.height - PAGE.marginBottom / 2 - style.lineHeight / 2, this.width, style, 'centre'), 'Pagination')
    }
  }

  /** Finishes the document and collects its bytes. */
  async finish(): Promise<Buffer> {
    const chunks: Buffer[] = []
    const done = new Promise<Buffer>((resolve, reject) => {
      this.pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
      this.pdf.on('end', () => resolve(Buffer.concat(chunks)))
      this.pdf.on('error', reject)
    })
    this.pdf.end()
    return done
  }

  private drawWatermark(): void {
    const reference: TextStyle = { weight: 'bold', size: 100, lineHeight: 100, colour: '#000000' }
    const diagonal = Math.hypot(this.width, this.bottom - this.top)
    // Large on short words like 見本, shrunk so a long one still fits along the diagonal.
    const size = Math.min(140, (100 * diagonal * 0.75) / Math.max(1, this.measure(this.watermark, reference)))
    const style: TextStyle = { ...reference, size, lineHeight: size }
    const centreX = PAGE.width / 2
    const centreY = PAGE.height / 2
    this.artifact(() => {
      this.pdf.rotate(-Math.atan2(this.bottom - this.top, this.width) * (180 / Math.PI), { origin: [centreX, centreY] })
      this.pdf.fillOpacity(0.1)
      this.drawLines([this.watermark], centreX - diagonal / 2, centreY - size / 2, diagonal, style, 'centre')
    }, 'Layout')
  }
}
