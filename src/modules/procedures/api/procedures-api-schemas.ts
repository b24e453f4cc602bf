/**
 * What API clients send: the catalogue query, the Idempotency-Key header and the submission
 * body. Zod checks the envelope; the answers themselves are checked by the submission service
 * (field rules + the version's stored JSON Schema).
 */
import { z } from 'zod'
import { CATEGORIES, LIFE_EVENTS } from '../form/form-definition.js'

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,59}$/

/** `?q=&category=&lifeEvent=`; a repeated parameter is refused rather than guessed at. */
export const CatalogueQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  category: z.enum(CATEGORIES).optional(),
  lifeEvent: z.enum(LIFE_EVENTS).optional(),
})
export type CatalogueQuery = z.infer<typeof CatalogueQuerySchema>

export { IdempotencyKeySchema, requestIssues, type RequestIssue } from '../../../platform/http/api-requests.js'

export const SubmitApplicationSchema = z.strictObject({
  procedure: z.string().regex(SLUG_PATTERN),
  /** The version the client rendered the form from; refused when it is not the published one. */
  version: z.number().int().min(1).max(1_000_000).optional(),
  answers: z.record(z.string().max(100), z.unknown()),
  applicant: z
    .strictObject({
      email: z.email().max(254).optional(),
      name: z.string().trim().min(1).max(100).optional(),
    })
    .optional(),
})
export type SubmitApplicationBody = z.infer<typeof SubmitApplicationSchema>

