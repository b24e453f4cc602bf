/**
 * The notices API for integrators, under `/api/v1/:tenant/notices` with the municipality's API
 * keys (platform/auth/api-keys), described in /api/v1/openapi.json:
 *
 * | Method | Path | Scope |
 * |---|---|---|
 * | POST | `/api/v1/:tenant/notices` (Idempotency-Key) | notices:write |
 * | GET | `/api/v1/:tenant/notices/:id` | notices:read |
 *
 * GET answers for notices created with any of the municipality's keys (see notices-api-service.ts).
 */
import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../platform/platform.js'
import { registerNoticesApiRoutes } from './notices-api-routes.js'
import { createNoticesApiService } from './notices-api-service.js'

export { createNoticesApiService, scopedIdempotencyKey, type NoticesApiService } from './notices-api-service.js'

/** Registers the API on the public surface (the staff listener serves no API). */
export function registerNoticesApi(app: FastifyInstance, platform: Platform, surfaces: { public: boolean; staff: boolean }): void {
  if (!surfaces.public) return
  registerNoticesApiRoutes(app, createNoticesApiService(platform))
}
