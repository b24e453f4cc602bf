import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../../platform/platform.js'

/** LINE webhook, LINE Login linking, rich menus. (stub: helper fills in) */
export function registerLine(_app: FastifyInstance, _platform: Platform, _surfaces: { public: boolean; staff: boolean }): Promise<void> {
  return Promise.resolve()
}
