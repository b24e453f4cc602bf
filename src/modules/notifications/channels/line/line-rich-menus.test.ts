import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerCatalog } from '../../../../platform/i18n/i18n.js'
import { createFakeLine } from './fake-line.js'
import { lineCatalog } from './line-catalog.js'
import { labelColourFor, renderRichMenuImage } from './line-rich-menu-image.js'
import { isOwnRichMenuName, planLineRichMenus, RICH_MENU_SIZE, telUri } from './line-rich-menus.js'

beforeAll(() => registerCatalog(lineCatalog))

const tenant = { slug: 'minato', publicUrl: 'https://yakuba.example/', contactPhone: '０３-1234-5678' }

describe('rich menu definitions', () => {
  it('tile the whole 2500×1686 menu with areas that neither overlap nor leave a gap', () => {
    for (const plan of Object.values(planLineRichMenus(tenant))) {
      expect(plan.menu.size).toEqual(RICH_MENU_SIZE)
      const covered = plan.menu.areas.reduce((sum, area) => sum + area.bounds.width * area.bounds.height, 0)
      expect(covered).toBe(RICH_MENU_SIZE.width * RICH_MENU_SIZE.height)
      for (const [i, a] of plan.menu.areas.entries())
        for (const b of plan.menu.areas.slice(i + 1)) {
          const apart = a.bounds.x + a.bounds.width <= b.bounds.x || b.bounds.x + b.bounds.width <= a.bounds.x || a.bounds.y + a.bounds.height <= b.bounds.y || b.bounds.y + b.bounds.height <= a.bounds.y
          expect(apart).toBe(true)
        }
    }
  })

  it('link the everyday menu to procedures, garbage, settings, inbox, LINE linking and the contact phone', () => {
    const { normal } = planLineRichMenus(tenant)
    expect(normal.menu.areas.map(a => a.action)).toEqual([
      { type: 'uri', label: '申請・手続き', uri: 'https://yakuba.example/minato/procedures' },
      { type: 'uri', label: 'ごみの日', uri: 'https://yakuba.example/minato/garbage' },
      { type: 'uri', label: '通知設定', uri: 'https://yakuba.example/minato/notifications/settings' },
      { type: 'uri', label: 'お知らせ', uri: 'https://yakuba.example/minato/inbox' },
      { type: 'uri', label: 'LINE連携', uri: 'https://yakuba.example/minato/notifications/line' },
      { type: 'uri', label: 'お問い合わせ', uri: 'tel:0312345678' },
    ])
    expect(normal.menu).toMatchObject({ name: 'yakuba:minato:normal', chatBarText: 'メニュー', selected: false })
  })

  it('give the disaster menu four large buttons, opened by default, that fall back to the portal without a phone', () => {
    const { disaster } = planLineRichMenus({ ...tenant, contactPhone: '' })
    expect(disaster.menu.areas.map(a => [a.action.label, (a.action as { uri: string }).uri])).toEqual([
      ['避難情報', 'https://yakuba.example/minato'],
      ['避難所', 'https://yakuba.example/minato/shelters'],
      ['安否登録', 'https://yakuba.example/minato/safety'],
      ['お問い合わせ', 'https://yakuba.example/minato'],
    ])
    expect(disaster.menu.areas.every(a => a.bounds.width >= 1250 && a.bounds.height >= 843)).toBe(true)
    expect(disaster.menu).toMatchObject({ name: 'yakuba:minato:disaster', chatBarText: '災害時メニュー', selected: true })
    expect(disaster.cells.map(c => c.labelEn)).toEqual(['Evacuation', 'Shelters', 'Safety check-in', 'Contact'])
  })

  it('are accepted by the fake LINE, which checks LINE’s limits (labels ≤ 20, chat bar ≤ 14, areas inside the menu)', () => {
    const fake = createFakeLine({ channelAccessTokens: ['t'] })
    for (const plan of Object.values(planLineRichMenus(tenant))) {
      const response = fake.handle({ method: 'POST', path: '/v2/bot/richmenu', headers: { authorization: 'Bearer t' }, body: JSON.stringify(plan.menu) })
      expect(response.status).toBe(200)
    }
    const tooLong = { ...planLineRichMenus(tenant).normal.menu, chatBarText: 'とても長いチャットバーのテキストです' }
    expect(fake.handle({ method: 'POST', path: '/v2/bot/richmenu', headers: { authorization: 'Bearer t' }, body: JSON.stringify(tooLong) })).toMatchObject({ status: 400, body: { details: [{ property: 'chatBarText' }] } })
  })

  it('recognise only this municipality’s own menus by name', () => {
    expect(isOwnRichMenuName('minato', 'yakuba:minato:disaster')).toBe(true)
    expect(isOwnRichMenuName('minato', 'yakuba:minato-2:normal')).toBe(false)
    expect(isOwnRichMenuName('minato', 'キャンペーン')).toBe(false)
  })

  it('dial a written phone number and ignore what is not one', () => {
    expect(telUri('03-1234-5678')).toBe('tel:0312345678')
    expect(telUri('+81 3 1234 5678')).toBe('tel:+81312345678')
    expect(telUri('窓口へ')).toBeUndefined()
  })
})

describe('rich menu image', () => {
  it('is a PNG of exactly the menu size and well under LINE’s 1 MB', async () => {
    const plans = planLineRichMenus(tenant)
    for (const plan of [plans.normal, plans.disaster]) {
      const png = await renderRichMenuImage(plan, '#0031d8')
      const meta = await sharp(png).metadata()
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'png', width: 2500, height: 1686 })
      expect(png.length).toBeLessThan(1024 * 1024)
    }
  })

  it('writes white on dark buttons and near-black on light ones', () => {
    expect(labelColourFor('#0031d8')).toBe('#ffffff')
    expect(labelColourFor('#b3261e')).toBe('#ffffff')
    expect(labelColourFor('#ffd500')).toBe('#1a1a1a')
  })
})
