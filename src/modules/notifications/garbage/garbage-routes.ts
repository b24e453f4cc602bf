import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../platform/platform.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'

/** Garbage calendars: staff import, public calendar, iCal feed, sorting dictionary. (stub: helper fills in) */
export function registerGarbage(_app: FastifyInstance, _platform: Platform, _surfaces: { public: boolean; staff: boolean }): void {}

export const garbageJobs: JobDefinition[] = []
