import { translator, type Translate } from '../../../../platform/i18n/i18n.js'
import type { LineMenuMode } from '../../notification-tables.js'
import type { LineRichMenu } from './line-client.js'

/**
 * The two rich menus of a municipality's official account: the everyday one (procedures, garbage
 * days, notification settings, inbox, LINE linking, contact) and the disaster one (evacuation
 * information, shelters, safety check-in, contact) with four large buttons. Both are 2500×1686,
 * every area a `uri` action to an absolute URL of the portal. Labels come from the catalog:
 * Japanese on the area (LINE reads it to screen-reader users), Japanese and English on the image.
 */

export const RICH_MENU_SIZE = { width: 2500, height: 1686 } as const
export const LINE_MENU_MODES: readonly LineMenuMode[] = ['normal', 'disaster']

export interface RichMenuCell {
  /** catalog key of the label */
  labelKey: string
  labelJa: string
  labelEn: string
  uri: string
  bounds: { x: number; y: number; width: number; height: number }
}

export interface RichMenuPlan {
  mode: LineMenuMode
  menu: LineRichMenu
  cells: RichMenuCell[]
}

export interface RichMenuTenant {
  slug: string
  publicUrl: string
  /** 代表電話 from the tenant settings; the contact button dials it when set */
  contactPhone?: string
}

/** Our menus are named `yakuba:<slug>:<mode>`, so a refresh can find and remove its leftovers. */
export function richMenuName(slug: string, mode: LineMenuMode): string {
  return `yakuba:${slug}:${mode}`
}

export function isOwnRichMenuName(slug: string, name: string): boolean {
  return LINE_MENU_MODES.some(mode => name === richMenuName(slug, mode))
}

/** `tel:` URI of a Japanese phone number as written by staff (03-1234-5678, ０３…), or undefined. */
export function telUri(phone: string | undefined): string | undefined {
  const digits = (phone ?? '').normalize('NFKC').replace(/[^\d+]/g, '')
  return /^\+?\d{6,15}$/.test(digits) ? `tel:${digits}` : undefined
}

/** Splits the menu into a grid of equal cells (the last column/row takes the rounding). */
function grid(columns: number, rows: number): RichMenuCell['bounds'][] {
  const cells: RichMenuCell['bounds'][] = []
  const width = Math.floor(RICH_MENU_SIZE.width / columns)
  const height = Math.floor(RICH_MENU_SIZE.height / rows)
  for (let row = 0; row < rows; row++)
    for (let column = 0; column < columns; column++) {
      const x = column * width
      const y = row * height
      cells.push({ x, y, width: column === columns - 1 ? RICH_MENU_SIZE.width - x : width, height: row === rows - 1 ? RICH_MENU_SIZE.height - y : height })
    }
  return cells
}

/** Both menus of a municipality, ready for `POST /v2/bot/richmenu` and for drawing. */
export function planLineRichMenus(tenant: RichMenuTenant): Record<LineMenuMode, RichMenuPlan> {
  const ja: Translate = translator('ja')
  const en: Translate = translator('en')
  const base = `${tenant.publicUrl.replace(/\/+$/, '')}/${tenant.slug}`
  const contact = telUri(tenant.contactPhone) ?? base
  const cell = (labelKey: string, uri: string, bounds: RichMenuCell['bounds']): RichMenuCell => ({ labelKey, labelJa: ja(labelKey), labelEn: en(labelKey), uri, bounds })

  const normalBounds = grid(3, 2)
  const normalCells = [
    cell('line.menu.procedures', `${base}/procedures`, normalBounds[0]),
    cell('line.menu.garbage', `${base}/garbage`, normalBounds[1]),
    cell('line.menu.settings', `${base}/notifications/settings`, normalBounds[2]),
    cell('line.menu.inbox', `${base}/inbox`, normalBounds[3]),
    cell('line.menu.link', `${base}/notifications/line`, normalBounds[4]),
    cell('line.menu.contact', contact, normalBounds[5]),
  ]
  const disasterBounds = grid(2, 2)
  const disasterCells = [
    cell('line.menu.evacuation', base, disasterBounds[0]),
    cell('line.menu.shelters', `${base}/shelters`, disasterBounds[1]),
    cell('line.menu.safety', `${base}/safety`, disasterBounds[2]),
    cell('line.menu.contact', contact, disasterBounds[3]),
  ]
  const menu = (mode: LineMenuMode, cells: RichMenuCell[]): LineRichMenu => ({
    size: { ...RICH_MENU_SIZE },
    // In a disaster the menu opens by itself: the evacuation buttons must be seen.
    selected: mode === 'disaster',
    name: richMenuName(tenant.slug, mode),
    chatBarText: ja(`line.menu.chatBar.${mode}`),
    areas: cells.map(c => ({ bounds: c.bounds, action: { type: 'uri', label: c.labelJa, uri: c.uri } })),
  })
  return {
    normal: { mode: 'normal', menu: menu('normal', normalCells), cells: normalCells },
    disaster: { mode: 'disaster', menu: menu('disaster', disasterCells), cells: disasterCells },
  }
}
