/**
 * A local stand-in for the Lアラート relay (development and tests only, mounted at /dev-lalert
 * when NOTIFY_CHANNELS=fake). It implements the HTTP profile our adapter speaks:
 *
 *   POST /dev-lalert/v1/cap   Authorization: Bearer <token>, Content-Type: application/cap+xml
 *     202 { receipt }          accepted (a repeat of the same identifier returns the same receipt, 200)
 *     401                      missing or wrong token
 *     415                      not CAP XML
 *     422 { error }            not a CAP 1.2 alert (namespace, identifier, status, msgType missing)
 *     429 Retry-After: 1       more than `ratePerSecond` documents in one second
 *   GET /dev-lalert/v1/received   what it accepted, newest first (JSON)
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { CAP_NAMESPACE } from '../cap/cap-document.js'

export interface FakeLalertDocument {
  receipt: string
  identifier: string
  status: string
  msgType: string
  receivedAt: string
  xml: string
}

export interface FakeLalert {
  received: FakeLalertDocument[]
  /** answer the next N posts with 503 (to exercise retries) */
  failNext: number
  handle(input: { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string }): { status: number; headers: Record<string, string>; body: unknown }
}

const element = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]

export function createFakeLalert(options: { token: string; ratePerSecond?: number }): FakeLalert {
  const ratePerSecond = options.ratePerSecond ?? 20
  const byIdentifier = new Map<string, FakeLalertDocument>()
  const windowHits: number[] = []
  const expected = createHash('sha256').update(`Bearer ${options.token}`).digest()
  const fake: FakeLalert = {
    received: [],
    failNext: 0,
    handle({ method, path, headers, body }) {
      const json = { 'content-type': 'application/json' }
      if (method === 'GET' && path === '/v1/received') return { status: 200, headers: json, body: fake.received }
      if (method !== 'POST' || path !== '/v1/cap') return { status: 404, headers: json, body: { error: 'not found' } }
      const authorization = typeof headers.authorization === 'string' ? headers.authorization : ''
      if (!timingSafeEqual(createHash('sha256').update(authorization).digest(), expected)) return { status: 401, headers: json, body: { error: 'invalid token' } }
      const now = Date.now()
      while (windowHits.length > 0 && (windowHits[0] ?? 0) <= now - 1000) windowHits.shift()
      if (windowHits.length >= ratePerSecond) return { status: 429, headers: { ...json, 'retry-after': '1' }, body: { error: 'rate limited' } }
      windowHits.push(now)
      if (fake.failNext > 0) {
        fake.failNext -= 1
        return { status: 503, headers: json, body: { error: 'temporarily unavailable' } }
      }
      const type = typeof headers['content-type'] === 'string' ? headers['content-type'] : ''
      if (!/^application\/(cap\+)?xml\b/.test(type)) return { status: 415, headers: json, body: { error: 'expected application/cap+xml' } }
      const identifier = element(body, 'identifier')
      const status = element(body, 'status')
      const msgType = element(body, 'msgType')
      if (!body.includes(`xmlns="${CAP_NAMESPACE}"`) || !identifier || !status || !msgType) return { status: 422, headers: json, body: { error: 'not a CAP 1.2 alert' } }
      const known = byIdentifier.get(identifier)
      if (known) return { status: 200, headers: json, body: { receipt: known.receipt } }
      const doc = { receipt: `LA-${String(byIdentifier.size + 1).padStart(6, '0')}`, identifier, status, msgType, receivedAt: new Date(now).toISOString(), xml: body }
      byIdentifier.set(identifier, doc)
      fake.received.unshift(doc)
      if (fake.received.length > 1000) fake.received.pop()
      return { status: 202, headers: json, body: { receipt: doc.receipt } }
    },
  }
  return fake
}

/** Serves the fake over HTTP (register with the prefix /dev-lalert). */
export const fakeLalertPlugin: FastifyPluginAsync<{ fake: FakeLalert }> = async (app, { fake }) => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 }, (_request, body, done) => done(null, body))
  app.route({
    method: ['GET', 'POST'],
    url: '/*',
    config: { auth: 'public', csrf: false, rateLimit: false },
    handler: async (request, reply) => {
      const path = `/${(request.params as { '*': string })['*']}`.split('?')[0] ?? '/'
      const response = fake.handle({ method: request.method, path, headers: request.headers, body: typeof request.body === 'string' ? request.body : '' })
      return reply.status(response.status).headers(response.headers).header('cache-control', 'no-store').send(JSON.stringify(response.body))
    },
  })
}
