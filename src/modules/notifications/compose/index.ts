/**
 * Staff compose (お知らせ配信): writing a notice or filling a template, choosing the audience
 * (everyone, a topic, a segment, districts, an area drawn on the map), recipient counts per
 * channel, sending now or at a set time, supervisor approval of large and critical sends, the
 * live progress view with cancelling, and the delivery metrics and reach dashboard.
 */
import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../platform/platform.js'
import { createApprovalService } from './approval-service.js'
import type { ComposeDeps } from './compose-context.js'
import { registerComposeRoutes } from './compose-routes.js'
import { createComposeService } from './compose-service.js'
import { createOverviewService } from './overview-service.js'
import { createProgressService } from './progress-service.js'

export function registerCompose(app: FastifyInstance, platform: Platform, surfaces: { public: boolean; staff: boolean }): void {
  if (!surfaces.staff) return
  const deps: ComposeDeps = { db: platform.database.db, config: platform.config, clock: () => new Date() }
  registerComposeRoutes(app, {
    compose: createComposeService(deps),
    approvals: createApprovalService(deps),
    progress: createProgressService(deps),
    overview: createOverviewService(deps),
    clock: deps.clock,
  })
}

export { approvalReasons, approvalRefusal, scheduleProblem, type ApprovalReason } from './compose-rules.js'
