import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../platform/platform.js'

/** (stub: helper fills in) */
export function registerAudience(_app: FastifyInstance, _platform: Platform, _surfaces: { public: boolean; staff: boolean }): void {}
