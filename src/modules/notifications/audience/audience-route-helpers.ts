/** Small pieces the audience routes share: path parameters checked, query values, `?done=` notices. */
import type { FastifyRequest } from 'fastify'
import { UUID_PATTERN } from './audience-request.js'

export const manageConfig = { auth: 'staff', permission: 'notifications.manage' } as const

export const BASE = '/:tenant/staff/notifications'

/** The `:id` path parameter when it is a uuid (else the route answers 404 without asking the database). */
export function idParam(req: FastifyRequest): string | undefined {
  const id = (req.params as { id?: unknown }).id
  return typeof id === 'string' && UUID_PATTERN.test(id) ? id : undefined
}

export function queryValue(req: FastifyRequest, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value : undefined
}

/** The success message for `?done=<key>` among the known ones (unknown values show nothing). */
export function doneNotice(req: FastifyRequest, section: string, known: readonly string[], params: Record<string, string | number> = {}): string | undefined {
  const done = queryValue(req, 'done')
  return done && known.includes(done) ? req.t(`audience.${section}.done.${done}`, params) : undefined
}

export function tenantBase(req: FastifyRequest): string {
  return `/${req.tenant?.slug}/staff/notifications`
}
