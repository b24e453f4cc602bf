import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { FakeLineRequest, FakeLineResponse } from './fake-line.js'

/**
 * The rich menus of the fake LINE account: create (validated against LINE's limits: size,
 * aspect ratio, up to 20 areas inside the menu, labels of 20 and a chat bar text of 14
 * characters), get, list, delete, the image upload (PNG or JPEG of exactly the menu's size, at
 * most 1 MB, once) and the default menu for all users — which needs an image first, as on LINE.
 */

const Label = z.string().min(1).max(20).optional()
const ActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('uri'), label: Label, uri: z.string().max(1000).regex(/^(https?:\/\/|line:\/\/|tel:)/, 'must be an http, https, line or tel URI'), altUri: z.unknown().optional() }),
  z.object({ type: z.literal('postback'), label: Label, data: z.string().min(1).max(300), displayText: z.string().max(300).optional(), inputOption: z.string().optional(), fillInText: z.string().optional() }),
  z.object({ type: z.literal('message'), label: Label, text: z.string().min(1).max(300) }),
  z.looseObject({ type: z.enum(['datetimepicker', 'richmenuswitch', 'camera', 'cameraRoll', 'location', 'clipboard']) }),
])
const Int = z.number().int()
const RichMenuSchema = z
  .object({
    size: z.object({ width: Int.min(800).max(2500), height: Int.min(250) }),
    selected: z.boolean(),
    name: z.string().min(1).max(300),
    chatBarText: z.string().min(1).max(14),
    areas: z.array(z.object({ bounds: z.object({ x: Int.min(0), y: Int.min(0), width: Int.min(1), height: Int.min(1) }), action: ActionSchema })).min(1).max(20),
  })
  .superRefine((menu, ctx) => {
    if (menu.size.width / menu.size.height < 1.45) ctx.addIssue({ code: 'custom', path: ['size'], message: 'The aspect ratio (width / height) must be at least 1.45' })
    menu.areas.forEach((area, index) => {
      const { x, y, width, height } = area.bounds
      if (x + width > menu.size.width || y + height > menu.size.height) ctx.addIssue({ code: 'custom', path: ['areas', index, 'bounds'], message: 'The bounds exceed the rich menu size' })
    })
  })

const RICH_MENU_IMAGE_MAX_BYTES = 1024 * 1024
/** Width and height of a PNG (IHDR) or a baseline/progressive JPEG (SOF0/SOF2), or undefined. */
export function imageDimensions(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR') return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let offset = 2
    while (offset + 9 < bytes.length) {
      if (bytes[offset] !== 0xff) return undefined
      const marker = bytes[offset + 1]
      const length = bytes.readUInt16BE(offset + 2)
      if (marker === 0xc0 || marker === 0xc2) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) }
      offset += 2 + length
    }
  }
  return undefined
}

export interface FakeRichMenu {
  richMenuId: string
  menu: Record<string, unknown> & { size: { width: number; height: number }; name: string; chatBarText: string; selected: boolean; areas: unknown[] }
  image?: { contentType: string; bytes: Buffer }
  createdAt: number
}

/** What happened to rich menus, in order (tests assert "the disaster menu was set as default"). */
export interface FakeRichMenuCall {
  action: 'create' | 'upload' | 'set-default' | 'clear-default' | 'delete'
  richMenuId?: string
  at: number
}

/** The shared answer helpers of the fake (LINE's JSON error shapes). */
export interface FakeLineAnswers {
  answer(status: number, requestId: string, body: unknown, extra?: Record<string, string>): FakeLineResponse
  invalidBody(requestId: string, issues: z.core.$ZodIssue[]): FakeLineResponse
  parseJson(request: FakeLineRequest): { ok: true; json: unknown } | { ok: false }
  header(headers: FakeLineRequest['headers'], name: string): string | undefined
}

export function createFakeRichMenus(now: () => number, { answer, invalidBody, parseJson, header }: FakeLineAnswers) {
  const richMenus = new Map<string, FakeRichMenu>()
  const calls: FakeRichMenuCall[] = []
  let defaultRichMenuId: string | undefined

  /** Answers a rich menu call (route names of the fake's router); undefined for any other call. */
  function handle(name: string, id: string | undefined, request: FakeLineRequest, requestId: string): FakeLineResponse | undefined {
    const menu = id === undefined ? undefined : richMenus.get(id)
    switch (name) {
      case 'create-menu': {
        const json = parseJson(request)
        if (!json.ok) return answer(400, requestId, { message: 'The request body could not be parsed as JSON' })
        const parsed = RichMenuSchema.safeParse(json.json)
        if (!parsed.success) return invalidBody(requestId, parsed.error.issues)
        if (richMenus.size >= 1000) return answer(400, requestId, { message: 'The maximum number of rich menus has been reached' })
        const richMenuId = `richmenu-${randomBytes(16).toString('hex')}`
        richMenus.set(richMenuId, { richMenuId, menu: parsed.data, createdAt: now() })
        calls.push({ action: 'create', richMenuId, at: now() })
        return answer(200, requestId, { richMenuId })
      }
      case 'list-menus':
        return answer(200, requestId, { richmenus: [...richMenus.values()].map(m => ({ richMenuId: m.richMenuId, ...m.menu })) })
      case 'get-menu':
        return menu ? answer(200, requestId, { richMenuId: menu.richMenuId, ...menu.menu }) : answer(404, requestId, { message: 'Not found' })
      case 'delete-menu':
        if (!menu) return answer(404, requestId, { message: 'Not found' })
        richMenus.delete(menu.richMenuId)
        if (defaultRichMenuId === menu.richMenuId) defaultRichMenuId = undefined
        calls.push({ action: 'delete', richMenuId: menu.richMenuId, at: now() })
        return answer(200, requestId, {})
      case 'upload-image': {
        if (!menu) return answer(404, requestId, { message: 'Not found' })
        const contentType = (header(request.headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase()
        if (contentType !== 'image/png' && contentType !== 'image/jpeg') return answer(415, requestId, { message: 'Unsupported Media Type' })
        const bytes = request.rawBody ?? Buffer.from(request.body, 'utf8')
        if (bytes.length > RICH_MENU_IMAGE_MAX_BYTES) return answer(413, requestId, { message: 'Request Entity Too Large' })
        if (menu.image) return answer(400, requestId, { message: 'An image has already been uploaded to the richmenu' })
        const size = imageDimensions(bytes)
        if (!size) return answer(400, requestId, { message: 'The image could not be read' })
        if (size.width !== menu.menu.size.width || size.height !== menu.menu.size.height)
          return answer(400, requestId, { message: `The image size (${size.width}x${size.height}) does not match the rich menu size (${menu.menu.size.width}x${menu.menu.size.height})` })
        menu.image = { contentType, bytes: Buffer.from(bytes) }
        calls.push({ action: 'upload', richMenuId: menu.richMenuId, at: now() })
        return answer(200, requestId, {})
      }
      case 'get-image':
        if (!menu?.image) return answer(404, requestId, { message: 'Not found' })
        return { status: 200, headers: { 'content-type': menu.image.contentType, 'x-line-request-id': requestId }, body: menu.image.bytes }
      case 'set-default':
        if (!menu) return answer(404, requestId, { message: 'Not found' })
        if (!menu.image) return answer(400, requestId, { message: 'An image has not been uploaded to the richmenu' })
        defaultRichMenuId = menu.richMenuId
        calls.push({ action: 'set-default', richMenuId: menu.richMenuId, at: now() })
        return answer(200, requestId, {})
      case 'get-default':
        return defaultRichMenuId ? answer(200, requestId, { richMenuId: defaultRichMenuId }) : answer(404, requestId, { message: 'no default richmenu' })
      case 'clear-default':
        defaultRichMenuId = undefined
        calls.push({ action: 'clear-default', at: now() })
        return answer(200, requestId, {})
      default:
        return undefined
    }
  }

  return {
    richMenus,
    calls,
    get defaultRichMenuId() {
      return defaultRichMenuId
    },
    handle,
  }
}
