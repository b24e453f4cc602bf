/**
 * Wiring of the garbage calendars into the app: residents' public pages and the iCalendar feed,
 * and the staff console pages. Reminders are planned by `garbageReminderTask` (garbage-reminders.ts),
 * which the delivery pump runs every minute; no pg-boss jobs are needed.
 */
import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../platform/platform.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import { registerGarbagePublicRoutes, registerGarbageStylesheet } from './garbage-public-routes.js'
import { registerGarbageStaffRoutes } from './garbage-staff-routes.js'

/** Garbage calendars: staff import, public calendar, iCal feed, sorting dictionary. */
export function registerGarbage(app: FastifyInstance, platform: Platform, surfaces: { public: boolean; staff: boolean }): void {
  if (surfaces.public || surfaces.staff) registerGarbageStylesheet(app, platform)
  if (surfaces.public) registerGarbagePublicRoutes(app, platform)
  if (surfaces.staff) registerGarbageStaffRoutes(app, platform)
}

export const garbageJobs: JobDefinition[] = []
