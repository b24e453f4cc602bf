import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../platform/platform.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'

/** Delivery engine: fakes of SMS and push, provider receipt webhooks. (stub: helper fills in) */
export function registerDelivery(_app: FastifyInstance, _platform: Platform, _surfaces: { public: boolean; staff: boolean }): void {}

export const deliveryJobs: JobDefinition[] = []

/** The delivery pump loop (started by `yakuba start` with WORKER_IN_WEB, and by `yakuba worker`). */
export function startDeliveryPump(_platform: Platform): { stop(): Promise<void> } {
  return { stop: async () => {} }
}
