/**
 * What API clients send to `/api/v1/{tenant}/notices`: zod checks the envelope (shapes, sizes);
 * the service checks what needs the database or the clock (the template, the audience, the
 * schedule) and the notice texts' channel rules.
 */
import { z } from 'zod'
import { NOTICE_LANGUAGES } from '../notification-tables.js'
import { PLACEHOLDER_NAME } from '../templates/index.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const TEMPLATE_KEY = /^[a-z0-9][a-z0-9-]{0,59}$/
export const TOPIC_KEY = /^[a-z0-9][a-z0-9-]{0,39}$/
/** A larger list of districts is a sign of a client error, not of a real audience (use `everyone`). */
export const MAX_DISTRICTS = 200
export const MAX_PERSONALISATION_VALUES = 100

export { IdempotencyKeySchema, hashRequestBody, requestIssues, type RequestIssue } from '../../../platform/http/api-requests.js'

const NoticeTextsSchema = z.strictObject({
  subject: z.string().min(1).max(400),
  body: z.string().min(1).max(20_000),
  sms: z.string().min(1).max(2000).optional(),
  push: z.string().min(1).max(1000).optional(),
  line: z.string().min(1).max(10_000).optional(),
  lineFlex: z.record(z.string(), z.unknown()).optional(),
})

const uuid = z.string().regex(UUID).transform(v => v.toLowerCase())

const AudienceSchema = z.union([
  z.strictObject({ everyone: z.literal(true) }),
  z.strictObject({ topic: z.string().regex(TOPIC_KEY) }),
  z.strictObject({ segment: uuid }),
  z.strictObject({ districts: z.array(z.string().min(1).max(40)).min(1).max(MAX_DISTRICTS) }),
])
export type AudienceRequest = z.infer<typeof AudienceSchema>

/** `https://…`, or a path on this site (`/demo/…`); nothing else becomes a link in a notice. */
const LinkUrlSchema = z
  .string()
  .max(2000)
  .refine(value => (value.startsWith('/') && !value.startsWith('//')) || /^https:\/\/[^\s/]+/.test(value), { message: 'link' })

export const CreateNoticeSchema = z
  .strictObject({
    template: z.strictObject({ key: z.string().regex(TEMPLATE_KEY), version: z.number().int().min(1).max(1_000_000).optional() }).optional(),
    content: z.partialRecord(z.enum(NOTICE_LANGUAGES), NoticeTextsSchema).optional(),
    personalisation: z
      .record(z.string().regex(PLACEHOLDER_NAME), z.union([z.string().max(1000), z.number().finite()]).transform(String))
      .refine(values => Object.keys(values).length <= MAX_PERSONALISATION_VALUES, { message: 'too_many' })
      .optional(),
    recipient: z.strictObject({ residentId: uuid }).optional(),
    audience: AudienceSchema.optional(),
    priority: z.enum(['normal', 'critical']).optional(),
    linkUrl: LinkUrlSchema.optional(),
    scheduledAt: z.iso.datetime({ offset: true }).optional(),
    statusCallback: z.strictObject({ url: z.string().min(1).max(2000), bearerToken: z.string().min(10).max(500).regex(/^[\x21-\x7e]+$/) }).optional(),
  })
  .superRefine((body, ctx) => {
    // Exactly one of each pair: saying both is as unclear as saying neither.
    if ((body.template === undefined) === (body.content === undefined)) ctx.addIssue({ code: 'custom', path: ['template'], message: 'template_or_content' })
    if ((body.recipient === undefined) === (body.audience === undefined)) ctx.addIssue({ code: 'custom', path: ['recipient'], message: 'recipient_or_audience' })
  })
export type CreateNoticeBody = z.infer<typeof CreateNoticeSchema>

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Private, loopback and link-local addresses: a callback there would make us call into a private network. */
export function isPrivateAddress(host: string): boolean {
  if (LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost')) return true
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host)
  if (v4) {
    const a = Number(v4[1])
    const b = Number(v4[2])
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)
  }
  // IPv6: refuse them all rather than reason about mapped and local ranges.
  return host.startsWith('[') || host.includes(':')
}

/**
 * Where the delivery engine may post status updates: https to a public host; outside production
 * also http to this machine (127.0.0.1 / localhost), for integrators testing locally. No user
 * information in the URL: credentials go in the bearer token, which is stored encrypted.
 */
export function checkStatusCallbackUrl(text: string, isProduction: boolean): 'ok' | 'scheme' | 'host' | 'malformed' {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'malformed'
  }
  if (url.username || url.password || url.hash) return 'malformed'
  const host = url.hostname.toLowerCase()
  if (url.protocol === 'http:') return !isProduction && LOOPBACK_HOSTS.has(host) ? 'ok' : 'scheme'
  if (url.protocol !== 'https:') return 'scheme'
  if (isProduction && isPrivateAddress(host)) return 'host'
  return 'ok'
}
