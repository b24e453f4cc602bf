import sharp, { type OverlayOptions } from 'sharp'
import { FONT_FILES } from '../../../../platform/pdf/pdf-fonts.js'
import type { LineMenuMode } from '../../notification-tables.js'
import { RICH_MENU_SIZE, type RichMenuPlan } from './line-rich-menus.js'

/**
 * Draws a rich menu image (PNG, exactly the menu's size, well under LINE's 1 MB): one rounded
 * button per area with its Japanese label and, smaller, the English one. Text is set with the
 * Noto Sans JP file the PDF module ships (sharp's text input takes a font file), so it renders
 * the same on any machine, with or without system CJK fonts. The normal menu uses the
 * municipality's brand colour; the disaster menu is red on black and cannot be mistaken for it.
 */

const DISASTER_BUTTON = '#b3261e'
const DISASTER_BACKGROUND = '#1a1a1a'
const DARK_TEXT = '#1a1a1a'
const GAP = 18

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/** White text when it reaches 4.5:1 on the colour (WCAG AA), otherwise near-black. */
export function labelColourFor(background: string): string {
  const contrastWithWhite = 1.05 / (luminance(background) + 0.05)
  return contrastWithWhite >= 4.5 ? '#ffffff' : DARK_TEXT
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** One line of text as a transparent PNG, shrunk until it fits `maxWidth`. */
async function renderLabel(text: string, colour: string, sizePx: number, maxWidth: number, weight: 'regular' | 'bold') {
  for (let size = sizePx; ; size = Math.floor(size * 0.85)) {
    const image = await sharp({
      text: {
        text: `<span foreground="${colour}">${escapeMarkup(text)}</span>`,
        font: `Noto Sans JP ${weight === 'bold' ? 'Bold ' : ''}${size}`,
        fontfile: FONT_FILES[weight],
        rgba: true,
        dpi: 72,
      },
    })
      .png()
      .toBuffer({ resolveWithObject: true })
    if (image.info.width <= maxWidth || size <= 24) return { input: image.data, width: image.info.width, height: image.info.height }
  }
}

// Drawing takes about a second; the same menu (same labels, links and colour) is drawn once.
const drawn = new Map<string, Promise<Buffer>>()

export function renderRichMenuImage(plan: RichMenuPlan, brandColour: string): Promise<Buffer> {
  const key = JSON.stringify([plan.mode, plan.cells.map(c => [c.labelJa, c.labelEn, c.bounds]), brandColour])
  let image = drawn.get(key)
  if (!image) {
    if (drawn.size >= 32) drawn.clear()
    image = drawRichMenuImage(plan, brandColour)
    drawn.set(key, image)
    image.catch(() => drawn.delete(key))
  }
  return image
}

async function drawRichMenuImage(plan: RichMenuPlan, brandColour: string): Promise<Buffer> {
  const isDisaster = (plan.mode satisfies LineMenuMode) === 'disaster'
  const button = isDisaster ? DISASTER_BUTTON : /^#[0-9a-fA-F]{6}$/.test(brandColour) ? brandColour : '#0031d8'
  const background = isDisaster ? DISASTER_BACKGROUND : '#ffffff'
  const text = labelColourFor(button)
  const rects = plan.cells
    .map(({ bounds }) => `<rect x="${bounds.x + GAP}" y="${bounds.y + GAP}" width="${bounds.width - 2 * GAP}" height="${bounds.height - 2 * GAP}" rx="48" ry="48" fill="${button}"/>`)
    .join('')
  const shapes = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${RICH_MENU_SIZE.width}" height="${RICH_MENU_SIZE.height}">${rects}</svg>`)
  const layers: OverlayOptions[] = [{ input: shapes, top: 0, left: 0 }]
  const jaSize = isDisaster ? 150 : 120
  for (const cell of plan.cells) {
    const maxWidth = cell.bounds.width - 2 * GAP - 80
    const ja = await renderLabel(cell.labelJa, text, jaSize, maxWidth, 'bold')
    const en = await renderLabel(cell.labelEn, text, Math.round(jaSize * 0.5), maxWidth, 'regular')
    const block = ja.height + 24 + en.height
    const top = cell.bounds.y + Math.round((cell.bounds.height - block) / 2)
    layers.push({ input: ja.input, top, left: cell.bounds.x + Math.round((cell.bounds.width - ja.width) / 2) })
    layers.push({ input: en.input, top: top + ja.height + 24, left: cell.bounds.x + Math.round((cell.bounds.width - en.width) / 2) })
  }
  return sharp({ create: { width: RICH_MENU_SIZE.width, height: RICH_MENU_SIZE.height, channels: 3, background } })
    .composite(layers)
    .png({ compressionLevel: 9, palette: true })
    .toBuffer()
}
