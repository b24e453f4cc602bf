/**
 * What every `/api/v1` route shares: the client's retry key, the body's canonical hash (the same
 * key with another body is refused), zod problems as `errors[]`, and the problem+json answer with
 * that list. Expected outcomes are sent directly, not thrown: the central error handler's
 * problems carry no list.
 */
import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'

/**
 * The client's retry key (8–200 visible ASCII characters: a UUID or ULID is typical). The same key
 * with the same body returns the first response; with another body it is refused.
 */
export const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{8,200}$/)

/** One problem with the request, as the APIs report it. */
export interface RequestIssue {
  path: string
  code: string
}

/** At most 50 problems; a custom refinement's message is its code. */
export function requestIssues(error: z.ZodError): RequestIssue[] {
  return error.issues.slice(0, 50).map(issue => ({ path: issue.path.map(String).join('.') || '(body)', code: issue.code === 'custom' ? issue.message : issue.code }))
}

/** SHA-256 of the body with keys sorted: the same request sent again hashes the same. */
export function hashRequestBody(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(canonical) : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map(key => [key, canonical((value as Record<string, unknown>)[key])])) : value
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex')
}

export interface ProblemItem {
  path: string
  code: string
  message: string
}

/** A problem+json with an `errors` list, shaped like the central error handler's problems. */
export function sendProblem(req: FastifyRequest, reply: FastifyReply, status: number, code: string, messageKey: string, errors: ProblemItem[] = []) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({ type: `https://yakuba.example/problems/${code.toLowerCase().replace(/\./g, '/')}`, title: req.t(messageKey), status, code, instance: req.url.split('?')[0], requestId: req.id, errors })
}
