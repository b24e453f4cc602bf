/** Small pieces the setup routes share: config, `?done=` notices, generation outcomes carried through the redirect. */
import type { FastifyRequest } from 'fastify'
import { UUID_PATTERN } from '../reservation-request.js'
import type { SlotGenerationResult } from './slot-generation.js'

export const manageConfig = { auth: 'staff', permission: 'reservations.manage' } as const
export const SETUP_BASE = '/:tenant/staff/reservations/setup'
/** Most conflicting slots a redirect carries (the page says how many more there were). */
export const MAX_CONFLICTS_IN_URL = 30

export function setupPath(req: FastifyRequest, path = ''): string {
  return `/${req.tenant?.slug}/staff/reservations/setup${path}`
}

export function queryValue(req: FastifyRequest, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined
}

function queryValues(req: FastifyRequest, name: string): string[] {
  const value = (req.query as Record<string, unknown> | undefined)?.[name]
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')
}

/** The success message for `?done=<key>` among the known ones (unknown values show nothing). */
export function doneNotice(req: FastifyRequest, known: readonly string[]): string | undefined {
  const done = queryValue(req, 'done')
  if (!done || !known.includes(done)) return undefined
  const count = Number(queryValue(req, 'count') ?? 0)
  return req.t(`reservations.setup.done.${done}`, { count: Number.isSafeInteger(count) ? count : 0 })
}

/** `created=…&updated=…&closed=…&c=<slot id>…` for the page after a generation. */
export function generationQuery(result: SlotGenerationResult): string {
  const params = new URLSearchParams({ created: String(result.created), updated: String(result.updated), closed: String(result.closed) })
  for (const conflict of result.conflicts.slice(0, MAX_CONFLICTS_IN_URL)) params.append('c', conflict.slotId)
  return params.toString()
}

/** The counts and conflicting slot ids a redirect carried, or undefined when it carried none. */
export function generationFromQuery(req: FastifyRequest): { counts?: Omit<SlotGenerationResult, 'conflicts'>; conflictIds: string[] } {
  const number = (name: string) => {
    const value = Number(queryValue(req, name))
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined
  }
  const created = number('created')
  const updated = number('updated')
  const closed = number('closed')
  const conflictIds = queryValues(req, 'c')
    .filter(id => UUID_PATTERN.test(id))
    .slice(0, MAX_CONFLICTS_IN_URL)
  return { counts: created !== undefined && updated !== undefined && closed !== undefined ? { created, updated, closed } : undefined, conflictIds }
}
