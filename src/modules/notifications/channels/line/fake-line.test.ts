import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildLineEvent, createFakeLine } from './fake-line.js'
import { parseLineWebhook } from './line-webhook.js'

const TOKEN = 'fake-channel-access-token'
const auth = { authorization: `Bearer ${TOKEN}` }
const user = `U${'a'.repeat(32)}`
const text = [{ type: 'text', text: 'お知らせ' }]
const multicast = (body: unknown, headers: Record<string, string> = {}) =>
  createFakeLine({ channelAccessTokens: [TOKEN] }).handle({ method: 'POST', path: '/v2/bot/message/multicast', headers: { ...auth, ...headers }, body: JSON.stringify(body) })

describe('fake LINE Messaging API', () => {
  it('answers a missing token with 401 and LINE’s error shape', () => {
    const fake = createFakeLine({ channelAccessTokens: [TOKEN] })
    const response = fake.handle({ method: 'POST', path: '/v2/bot/message/push', headers: {}, body: JSON.stringify({ to: user, messages: text }) })
    expect(response.status).toBe(401)
    expect(response.body).toEqual({ message: expect.stringMatching(/^Authentication failed/) as unknown })
    expect(response.headers['x-line-request-id']).toBeTruthy()
  })

  it('refuses more than 500 recipients and more than 5 messages with 400 details', () => {
    const tooMany = multicast({ to: Array.from({ length: 501 }, () => user), messages: Array.from({ length: 6 }, () => text[0]) })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body).toMatchObject({ message: 'The request body has 2 error(s)', details: [{ property: 'to' }, { property: 'messages' }] })
    const empty = multicast({ to: [user], messages: [{ type: 'text', text: '' }] })
    expect(empty.body).toMatchObject({ details: [{ property: 'messages[0].text' }] })
  })

  it('refuses a retry key that is not a UUID, and answers 409 with the accepted request id for a reused one', () => {
    const fake = createFakeLine({ channelAccessTokens: [TOKEN] })
    const send = (key: string) => fake.handle({ method: 'POST', path: '/v2/bot/message/push', headers: { ...auth, 'x-line-retry-key': key }, body: JSON.stringify({ to: user, messages: text }) })
    expect(send('not-a-uuid').status).toBe(400)
    const key = randomUUID()
    const first = send(key)
    expect(first.status).toBe(200)
    const second = send(key)
    expect(second.status).toBe(409)
    expect(second.headers['x-line-accepted-request-id']).toBe(first.headers['x-line-request-id'])
    expect(fake.received).toHaveLength(1)
  })

  it('fails the configured fraction of calls with 500 and accepts nothing for them', () => {
    const fake = createFakeLine({ channelAccessTokens: [TOKEN], knobs: { failureRate: 0.5 }, random: (() => { let i = 0; return () => (i++ % 2 === 0 ? 0.1 : 0.9) })() })
    const statuses = Array.from({ length: 4 }, () => fake.handle({ method: 'POST', path: '/v2/bot/message/push', headers: auth, body: JSON.stringify({ to: user, messages: text }) }).status)
    expect(statuses.filter(s => s === 500)).toHaveLength(2)
    expect(fake.received).toHaveLength(2)
  })

  it('sends webhooks signed with the channel secret, which our parser accepts', async () => {
    const fake = createFakeLine({ channelAccessTokens: [TOKEN], channelSecret: 'secret-1' })
    const event = { type: 'unfollow', webhookEventId: '01J0000000000000000000000Z', deliveryContext: { isRedelivery: false }, timestamp: 1, mode: 'active', source: { type: 'user', userId: user } }
    let result: ReturnType<typeof parseLineWebhook> | undefined
    const { status } = await fake.sendWebhook('http://yakuba.test/webhooks/line', { destination: 'Ubot', events: [event] }, async (_url, init) => {
      result = parseLineWebhook(Buffer.from(init.body ?? ''), init.headers, 'secret-1')
      return new Response(null, { status: 200 })
    })
    expect(status).toBe(200)
    expect(result).toMatchObject({ ok: true, events: [{ type: 'unfollow', source: { userId: user } }] })
  })
})

describe('fake LINE replies and rich menus', () => {
  const fakeWithMenu = () => {
    const fake = createFakeLine({ channelAccessTokens: [TOKEN], channelSecret: 'secret-1' })
    const call = (method: string, path: string, body: unknown = '', headers: Record<string, string> = {}) =>
      fake.handle({ method, path, headers: { ...auth, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body), rawBody: Buffer.isBuffer(body) ? body : undefined })
    return { fake, call }
  }
  const menu = { size: { width: 2500, height: 843 }, selected: false, name: 'm', chatBarText: 'メニュー', areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'uri', uri: 'https://example.jp/' } }] }
  const png = (width: number, height: number) => {
    const bytes = Buffer.alloc(33)
    bytes.writeUInt32BE(0x89504e47, 0)
    bytes.write('IHDR', 12, 'latin1')
    bytes.writeUInt32BE(width, 16)
    bytes.writeUInt32BE(height, 20)
    return bytes
  }

  it('accepts a reply only with a token it sent in a webhook, once', () => {
    const { fake, call } = fakeWithMenu()
    const follow = buildLineEvent({ type: 'follow', userId: user })
    fake.buildWebhook({ destination: 'U0', events: [follow] })
    const reply = () => call('POST', '/v2/bot/message/reply', { replyToken: follow.replyToken, messages: text })
    expect(reply().status).toBe(200)
    expect(reply()).toMatchObject({ status: 400, body: { message: 'Invalid reply token' } })
    expect(call('POST', '/v2/bot/message/reply', { replyToken: 'made-up', messages: text }).status).toBe(400)
    expect(fake.received).toMatchObject([{ endpoint: 'reply', to: [user], messages: text }])
    expect(fake.isFollowing(user)).toBe(true)
  })

  it('refuses an image of the wrong size, a second image, and a default menu without an image', () => {
    const { fake, call } = fakeWithMenu()
    const { richMenuId } = call('POST', '/v2/bot/richmenu', menu).body as { richMenuId: string }
    expect(richMenuId).toMatch(/^richmenu-[0-9a-f]{32}$/)
    expect(call('POST', `/v2/bot/user/all/richmenu/${richMenuId}`, {}).status).toBe(400)
    expect(call('POST', `/v2/bot/richmenu/${richMenuId}/content`, png(2500, 1686), { 'content-type': 'image/png' }).status).toBe(400)
    expect(call('POST', `/v2/bot/richmenu/${richMenuId}/content`, png(2500, 843), { 'content-type': 'image/gif' }).status).toBe(415)
    expect(call('POST', `/v2/bot/richmenu/${richMenuId}/content`, png(2500, 843), { 'content-type': 'image/png' }).status).toBe(200)
    expect(call('POST', `/v2/bot/richmenu/${richMenuId}/content`, png(2500, 843), { 'content-type': 'image/png' }).body).toEqual({ message: 'An image has already been uploaded to the richmenu' })
    expect(call('POST', `/v2/bot/user/all/richmenu/${richMenuId}`, {}).status).toBe(200)
    expect(fake.defaultRichMenuId).toBe(richMenuId)
    expect(call('GET', '/v2/bot/user/all/richmenu').body).toEqual({ richMenuId })
    expect(call('DELETE', `/v2/bot/richmenu/${richMenuId}`).status).toBe(200)
    expect(fake.defaultRichMenuId).toBeUndefined()
    expect(call('DELETE', `/v2/bot/richmenu/${richMenuId}`)).toMatchObject({ status: 404, body: { message: 'Not found' } })
    expect(fake.richMenuCalls.map(c => c.action)).toEqual(['create', 'upload', 'set-default', 'delete'])
  })

  it('answers rich menu calls with 429 when told to, like any other call', () => {
    const { fake, call } = fakeWithMenu()
    fake.failNext(429)
    expect(call('GET', '/v2/bot/richmenu/list')).toMatchObject({ status: 429, body: { message: 'Too Many Requests' } })
    expect(call('GET', '/v2/bot/richmenu/list')).toMatchObject({ status: 200, body: { richmenus: [] } })
  })
})
