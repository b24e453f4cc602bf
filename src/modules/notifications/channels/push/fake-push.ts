import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto'

/**
 * A local stand-in for a Web Push service (RFC 8030) for development and tests: browsers' real
 * push services are not reachable offline, so tests make a synthetic subscription here (a P-256
 * key pair and a 16-byte auth secret, as a browser would) and the hub sends to it.
 *
 * What it checks, as the real services do:
 * - the endpoint exists and has not expired (else 410 Gone);
 * - `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292): an ES256 JWT signed by `k`,
 *   `aud` = the origin of the endpoint, `exp` in the future and at most 24 h ahead, a `sub`
 *   contact (401 otherwise); `k` must be the applicationServerKey the subscription was made
 *   with, when it was made with one (403 otherwise, as FCM answers);
 * - `TTL` present, `Urgency` and `Topic` well-formed (400), body at most 4096 bytes (413),
 *   `Content-Encoding: aes128gcm` for a body (415).
 * When it holds the subscription's private key it decrypts the payload (RFC 8291), so tests and
 * the /dev-push viewer can read what a device would show.
 */

export interface FakePushEndpoint {
  id: string
  endpoint: string
  createdAt: Date
  expiresAt?: Date
  isExpired: boolean
  /** the VAPID public key the subscription was made with (base64url), if any */
  applicationServerKey?: string
  /** the subscriber's key material when the fake made the subscription (to decrypt) */
  keys?: { p256dh: string; auth: string; privateKey: string }
}

export interface FakePushMessage {
  id: string
  endpointId: string
  receivedAt: Date
  ttl: number
  urgency: string
  topic?: string
  bytes: number
  vapidSubject: string
  /** the decrypted payload, when the fake holds the subscription's private key */
  plaintext?: string
  decryptError?: string
}

export interface FakePushRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

export interface FakePushResponse {
  status: number
  headers: Record<string, string>
  body: unknown
}

export interface FakePushOptions {
  /** the push service's own origin, e.g. http://localhost:3000 (the VAPID `aud`) */
  origin: string
  /** path prefix of the service, e.g. /dev-push */
  basePath: string
  now?: () => number
}

const MAX_RECORD_BYTES = 4096
const MAX_VAPID_EXPIRY_SECONDS = 24 * 60 * 60
const URGENCIES = new Set(['very-low', 'low', 'normal', 'high'])

function header(headers: FakePushRequest['headers'], name: string): string | undefined {
  const value = headers[name]
  return typeof value === 'string' ? value : undefined
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakePushResponse => ({ status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body })
const refuse = (status: number, reason: string) => json(status, { code: status, errno: status, error: reason })

type VapidCheck = { ok: true; publicKey: string; subject: string } | { ok: false; status: number; reason: string }

/** Verifies a `vapid t=…, k=…` Authorization header for an audience at a time (seconds). */
export function verifyVapidAuthorization(authorization: string | undefined, audience: string, nowSeconds: number): VapidCheck {
  if (!authorization) return { ok: false, status: 401, reason: 'missing Authorization' }
  const match = /^vapid\s+(.+)$/i.exec(authorization.trim())
  if (!match) return { ok: false, status: 401, reason: 'Authorization is not the vapid scheme' }
  const params = new Map<string, string>()
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=')
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim())
  }
  const token = params.get('t')
  const key = params.get('k')
  if (!token || !key) return { ok: false, status: 401, reason: 'vapid needs t and k' }
  const point = Buffer.from(key, 'base64url')
  if (point.length !== 65 || point[0] !== 0x04) return { ok: false, status: 401, reason: 'k is not an uncompressed P-256 point' }
  const [encodedHeader, encodedClaims, encodedSignature, ...rest] = token.split('.')
  if (!encodedHeader || !encodedClaims || !encodedSignature || rest.length > 0) return { ok: false, status: 401, reason: 'malformed JWT' }
  let jwtHeader: { alg?: unknown; typ?: unknown }
  let claims: { aud?: unknown; exp?: unknown; sub?: unknown }
  try {
    jwtHeader = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as typeof jwtHeader
    claims = JSON.parse(Buffer.from(encodedClaims, 'base64url').toString('utf8')) as typeof claims
  } catch {
    return { ok: false, status: 401, reason: 'malformed JWT' }
  }
  if (jwtHeader.alg !== 'ES256') return { ok: false, status: 401, reason: 'JWT alg must be ES256' }
  let isValid = false
  try {
    const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }, format: 'jwk' })
    isValid = verify('sha256', Buffer.from(`${encodedHeader}.${encodedClaims}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(encodedSignature, 'base64url'))
  } catch {
    isValid = false
  }
  if (!isValid) return { ok: false, status: 401, reason: 'JWT signature does not verify with k' }
  if (claims.aud !== audience) return { ok: false, status: 401, reason: `aud must be ${audience}` }
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return { ok: false, status: 401, reason: 'JWT expired' }
  if (claims.exp > nowSeconds + MAX_VAPID_EXPIRY_SECONDS + 60) return { ok: false, status: 401, reason: 'exp more than 24 hours ahead' }
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) return { ok: false, status: 401, reason: 'sub must be a mailto: or https: contact' }
  return { ok: true, publicKey: key, subject: claims.sub }
}

const hmacSha256 = (key: Buffer, ...data: Buffer[]) => {
  const mac = createHmac('sha256', key)
  for (const part of data) mac.update(part)
  return mac.digest()
}

/** Decrypts one aes128gcm Web Push message (RFC 8291 over RFC 8188) with the subscriber's keys. */
export function decryptWebPush(body: Buffer, keys: { privateKey: string; p256dh: string; auth: string }): string {
  if (body.length < 21) throw new Error('body shorter than the aes128gcm header')
  const salt = body.subarray(0, 16)
  const recordSize = body.readUInt32BE(16)
  const idLength = body[20]
  if (idLength !== 65) throw new Error('keyid is not the sender public key')
  const senderPublic = body.subarray(21, 21 + idLength)
  const record = body.subarray(21 + idLength)
  if (record.length > recordSize || record.length < 17) throw new Error('record size mismatch')
  const ecdh = createECDH('prime256v1')
  ecdh.setPrivateKey(Buffer.from(keys.privateKey, 'base64url'))
  const shared = ecdh.computeSecret(senderPublic)
  const receiverPublic = Buffer.from(keys.p256dh, 'base64url')
  const prkKey = hmacSha256(Buffer.from(keys.auth, 'base64url'), shared)
  const ikm = hmacSha256(prkKey, Buffer.from('WebPush: info\0'), receiverPublic, senderPublic, Buffer.from([1]))
  const prk = hmacSha256(salt, ikm)
  const cek = hmacSha256(prk, Buffer.from('Content-Encoding: aes128gcm\0'), Buffer.from([1])).subarray(0, 16)
  const nonce = hmacSha256(prk, Buffer.from('Content-Encoding: nonce\0'), Buffer.from([1])).subarray(0, 12)
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce)
  decipher.setAuthTag(record.subarray(record.length - 16))
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()])
  let end = padded.length - 1
  while (end >= 0 && padded[end] === 0) end--
  if (end < 0 || padded[end] !== 2) throw new Error('missing last-record delimiter')
  return padded.subarray(0, end).toString('utf8')
}

export function createFakePushService(options: FakePushOptions) {
  const now = options.now ?? Date.now
  const endpoints = new Map<string, FakePushEndpoint>()
  const messages: FakePushMessage[] = []
  const forced: number[] = []
  const endpointUrl = (id: string) => `${options.origin}${options.basePath}/endpoints/${id}`

  function createEndpoint(input: { applicationServerKey?: string; ttlMs?: number; keys?: FakePushEndpoint['keys'] } = {}): FakePushEndpoint {
    const id = randomBytes(16).toString('base64url')
    const endpoint: FakePushEndpoint = {
      id,
      endpoint: endpointUrl(id),
      createdAt: new Date(now()),
      expiresAt: input.ttlMs ? new Date(now() + input.ttlMs) : undefined,
      isExpired: false,
      applicationServerKey: input.applicationServerKey,
      keys: input.keys,
    }
    endpoints.set(id, endpoint)
    return endpoint
  }

  /** A subscription as a browser would hand it over, with key material the fake keeps to decrypt. */
  function createSubscription(input: { applicationServerKey?: string; ttlMs?: number } = {}): { endpoint: string; keys: { p256dh: string; auth: string }; id: string } {
    const ecdh = createECDH('prime256v1')
    ecdh.generateKeys()
    const keys = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url'), privateKey: ecdh.getPrivateKey().toString('base64url') }
    const endpoint = createEndpoint({ ...input, keys })
    return { id: endpoint.id, endpoint: endpoint.endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } }
  }

  /** The browser unsubscribed or the service dropped the subscription: later sends get 410. */
  function expireEndpoint(id: string) {
    const endpoint = endpoints.get(id)
    if (endpoint) endpoint.isExpired = true
  }

  function receive(id: string, req: FakePushRequest): FakePushResponse {
    const endpoint = endpoints.get(id)
    if (!endpoint || endpoint.isExpired || (endpoint.expiresAt && endpoint.expiresAt.getTime() <= now())) return refuse(410, 'push subscription has unsubscribed or expired')
    const status = forced.shift()
    if (status !== undefined) return refuse(status, 'forced by the test knob')
    const vapid = verifyVapidAuthorization(header(req.headers, 'authorization'), options.origin, Math.floor(now() / 1000))
    if (!vapid.ok) return refuse(vapid.status, vapid.reason)
    if (endpoint.applicationServerKey && endpoint.applicationServerKey !== vapid.publicKey) return refuse(403, 'the VAPID key is not the one this subscription was made with')
    const ttlText = header(req.headers, 'ttl')
    if (!ttlText || !/^\d{1,10}$/.test(ttlText)) return refuse(400, 'missing or invalid TTL header')
    const urgency = header(req.headers, 'urgency') ?? 'normal'
    if (!URGENCIES.has(urgency)) return refuse(400, 'invalid Urgency header')
    const topic = header(req.headers, 'topic')
    if (topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return refuse(400, 'invalid Topic header')
    if (req.body.length > MAX_RECORD_BYTES) return refuse(413, 'payload too large')
    if (req.body.length > 0 && header(req.headers, 'content-encoding')?.toLowerCase() !== 'aes128gcm') return refuse(415, 'Content-Encoding must be aes128gcm')
    const message: FakePushMessage = {
      id: randomBytes(12).toString('base64url'),
      endpointId: id,
      receivedAt: new Date(now()),
      ttl: Number(ttlText),
      urgency,
      topic,
      bytes: req.body.length,
      vapidSubject: vapid.subject,
    }
    if (endpoint.keys && req.body.length > 0) {
      try {
        message.plaintext = decryptWebPush(req.body, endpoint.keys)
      } catch (error) {
        message.decryptError = (error as Error).message
      }
    }
    // A topic replaces the undelivered message with the same topic (RFC 8030 §5.4).
    if (topic) {
      const replaced = messages.findIndex(m => m.endpointId === id && m.topic === topic)
      if (replaced >= 0) messages.splice(replaced, 1)
    }
    messages.push(message)
    return json(201, {}, { location: `${options.basePath}/messages/${message.id}` })
  }

  return {
    createEndpoint,
    createSubscription,
    expireEndpoint,
    /** The next sends are answered with these statuses (429, 500, 400…) whatever they carry. */
    forceResponses(...statuses: number[]) {
      forced.push(...statuses)
    },
    handle(req: FakePushRequest): FakePushResponse {
      const match = /^\/endpoints\/([A-Za-z0-9_-]{1,64})$/.exec(req.path)
      if (req.method === 'POST' && match) return receive(match[1], req)
      if (req.method === 'POST' && req.path === '/endpoints') {
        let applicationServerKey: string | undefined
        try {
          const parsed = JSON.parse(req.body.toString('utf8') || '{}') as { applicationServerKey?: unknown }
          if (typeof parsed.applicationServerKey === 'string') applicationServerKey = parsed.applicationServerKey
        } catch {
          return refuse(400, 'body must be JSON')
        }
        const subscription = createSubscription({ applicationServerKey })
        return json(201, subscription)
      }
      if (req.method === 'DELETE' && match) {
        expireEndpoint(match[1])
        return { status: 204, headers: {}, body: '' }
      }
      return refuse(404, 'not found')
    },
    endpoints(): FakePushEndpoint[] {
      return [...endpoints.values()]
    },
    messages(): readonly FakePushMessage[] {
      return messages
    },
    messagesFor(endpoint: string): FakePushMessage[] {
      const id = endpoint.split('/').pop() ?? ''
      return messages.filter(m => m.endpointId === id)
    },
  }
}

export type FakePushService = ReturnType<typeof createFakePushService>
