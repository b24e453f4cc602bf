import Fastify, { type FastifyInstance } from 'fastify'
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeLine, fakeLinePlugin, type FakeLineOptions } from './fake-line.js'
import { createLineClient, deriveLineRetryKey, type FetchLike, type LineClientOptions } from './line-client.js'

const TOKEN = 'fake-channel-access-token'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const userId = () => `U${randomBytes(16).toString('hex')}`
const hello = [{ type: 'text' as const, text: '明日は燃えるごみの日です' }]

const servers: FastifyInstance[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})

/** The fake served over a real HTTP listener on 127.0.0.1, and a client pointed at it that counts its requests. */
async function setUp(fakeOptions: Partial<FakeLineOptions> = {}, clientOptions: Partial<LineClientOptions> = {}) {
  const fake = createFakeLine({ channelAccessTokens: [TOKEN], ...fakeOptions })
  // Slow-response tests leave a delayed handler behind; do not wait for it on close.
  const server = Fastify({ forceCloseConnections: true })
  servers.push(server)
  await server.register(fakeLinePlugin, { fake })
  const baseUrl = await server.listen({ host: '127.0.0.1', port: 0 })
  const requests: string[] = []
  const countingFetch: FetchLike = (input, init) => {
    requests.push(init.headers['x-line-retry-key'])
    return fetch(input, init)
  }
  const client = createLineClient({ channelAccessToken: TOKEN, baseUrl, fetch: countingFetch, backoffMs: 1, sleep: async () => undefined, ...clientOptions })
  return { fake, client, requests, baseUrl }
}

describe('LINE client against the fake Messaging API', () => {
  it('pushes a message and reports it accepted with LINE’s request id', async () => {
    const { fake, client } = await setUp()
    const to = userId()
    const outcome = await client.pushMessage(to, hello, 'notice-1/resident-1')
    expect(outcome).toMatchObject({ status: 'accepted', recipients: [to], retryKey: deriveLineRetryKey('notice-1/resident-1', 0) })
    expect(outcome.retryKey).toMatch(UUID)
    expect(fake.received).toHaveLength(1)
    expect(fake.received[0]).toMatchObject({ endpoint: 'push', to: [to], messages: hello, retryKey: outcome.retryKey, requestId: outcome.requestId })
  })

  it('sends 1,234 recipients as 3 multicast batches with distinct retry keys that are the same on a retried send', async () => {
    const { fake, client, requests } = await setUp()
    const recipients = Array.from({ length: 1234 }, userId)
    const first = await client.multicast(recipients, hello, 'notice-42')
    expect(first.map(o => o.recipients.length)).toEqual([500, 500, 234])
    expect(first.every(o => o.status === 'accepted')).toBe(true)
    expect(first.flatMap(o => o.recipients)).toEqual(recipients)
    const keys = first.map(o => o.retryKey)
    expect(new Set(keys).size).toBe(3)
    keys.forEach((key, i) => expect(key).toBe(deriveLineRetryKey('notice-42', i)))
    expect(fake.received.map(r => r.to.length)).toEqual([500, 500, 234])

    // A crash after sending, then the same send again: LINE answers 409 and sends nothing more.
    const again = await client.multicast(recipients, hello, 'notice-42')
    expect(again.map(o => o.retryKey)).toEqual(keys)
    expect(again.map(o => o.status)).toEqual(['accepted', 'accepted', 'accepted'])
    expect(again.map(o => o.requestId)).toEqual(first.map(o => o.requestId))
    expect(fake.received).toHaveLength(3)
    expect(requests).toHaveLength(6)
  })

  it('counts a retry answered 409 as accepted when the first attempt timed out after LINE accepted it', async () => {
    const { fake, client, requests } = await setUp(
      { knobs: { slowRate: 1, slowResponseMs: 400 } },
      // Between attempts LINE recovers; the retry reuses the retry key.
      { timeoutMs: 100, sleep: async () => fake.setKnobs({ slowRate: 0 }) },
    )
    const outcome = await client.pushMessage(userId(), hello, 'notice-7')
    expect(requests).toHaveLength(2)
    expect(requests[0]).toBe(requests[1])
    expect(outcome.status).toBe('accepted')
    expect(outcome.requestId).toBe(fake.received[0].requestId)
    expect(fake.received).toHaveLength(1)
  })

  it('reports a wrong channel access token as a permanent failure without retrying', async () => {
    const { fake, client, requests } = await setUp({ channelAccessTokens: ['another-token'] })
    const outcome = await client.pushMessage(userId(), hello, 'notice-8')
    expect(outcome.status).toBe('permanent_failure')
    expect(outcome.error).toMatch(/^LINE 401: Authentication failed/)
    expect(outcome.requestId).toBeTruthy()
    expect(requests).toHaveLength(1)
    expect(fake.received).toHaveLength(0)
  })

  it('reports an invalid request (six messages) as a permanent failure naming the property', async () => {
    const { client, requests } = await setUp()
    const outcome = await client.pushMessage(userId(), Array.from({ length: 6 }, () => hello[0]), 'notice-9')
    expect(outcome.status).toBe('permanent_failure')
    expect(outcome.error).toMatch(/^LINE 400: The request body has 1 error\(s\) \(messages: /)
    expect(requests).toHaveLength(1)
  })

  it('backs off after a 429 and then succeeds', async () => {
    let clock = 1_000_000
    const waits: number[] = []
    const { fake, client, requests } = await setUp(
      { now: () => clock, knobs: { rateLimit: { max: 1, windowMs: 1000 } } },
      { backoffMs: 1000, sleep: async ms => void (waits.push(ms), (clock += ms)) },
    )
    expect((await client.pushMessage(userId(), hello, 'uses-the-window')).status).toBe('accepted')
    const outcome = await client.pushMessage(userId(), hello, 'notice-10')
    expect(outcome.status).toBe('accepted')
    expect(waits).toEqual([1000])
    expect(requests).toHaveLength(3)
    expect(fake.received).toHaveLength(2)
  })

  it('gives up on a lasting 429 after a bounded number of attempts, as a temporary failure', async () => {
    const { client, requests } = await setUp({ knobs: { rateLimit: { max: 0, windowMs: 60_000 } } }, { maxAttempts: 3 })
    const outcome = await client.pushMessage(userId(), hello, 'notice-11')
    expect(outcome).toMatchObject({ status: 'temporary_failure', error: 'LINE 429: Too Many Requests' })
    expect(requests).toHaveLength(3)
  })

  it('reports a timeout on the last attempt as a temporary failure', async () => {
    const { fake, client, requests } = await setUp({ knobs: { slowRate: 1, slowResponseMs: 300 } }, { timeoutMs: 50, maxAttempts: 1 })
    const outcome = await client.pushMessage(userId(), hello, 'notice-12')
    expect(outcome.status).toBe('temporary_failure')
    expect(outcome.error).toBe('LINE timed out after 50 ms')
    expect(requests).toHaveLength(1)
    // LINE had accepted it: a later retry by the engine with the same key settles as accepted.
    fake.setKnobs({ slowRate: 0 })
    expect((await client.pushMessage(fake.received[0].to[0], hello, 'notice-12')).status).toBe('accepted')
    expect(fake.received).toHaveLength(1)
  })

  it('retries a 5xx with the same retry key and reports a lasting one as temporary', async () => {
    const { fake, client, requests } = await setUp({}, { maxAttempts: 3 })
    fake.failNext(503)
    expect((await client.pushMessage(userId(), hello, 'notice-13')).status).toBe('accepted')
    expect(requests[0]).toBe(requests[1])
    fake.failNext(500, 3)
    expect(await client.pushMessage(userId(), hello, 'notice-14')).toMatchObject({ status: 'temporary_failure', error: 'LINE 500: Internal Server Error' })
  })

  it('does not retry the monthly-quota 429', async () => {
    let calls = 0
    const client = createLineClient({
      channelAccessToken: TOKEN,
      sleep: async () => undefined,
      fetch: async () => {
        calls++
        return new Response(JSON.stringify({ message: 'You have reached your monthly limit.' }), { status: 429, headers: { 'x-line-request-id': 'r-1' } })
      },
    })
    expect(await client.pushMessage(userId(), hello, 'k')).toMatchObject({ status: 'temporary_failure', requestId: 'r-1' })
    expect(calls).toBe(1)
  })
})

describe('deriveLineRetryKey', () => {
  it('is a stable UUID per caller key and batch', () => {
    expect(deriveLineRetryKey('a', 0)).toBe(deriveLineRetryKey('a', 0))
    expect(deriveLineRetryKey('a', 0)).not.toBe(deriveLineRetryKey('a', 1))
    expect(deriveLineRetryKey('a', 0)).not.toBe(deriveLineRetryKey('b', 0))
    expect(deriveLineRetryKey('a', 0)).toMatch(UUID)
  })
})
