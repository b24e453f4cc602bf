/**
 * Reservations — lottery area (抽選): staff create a lottery over a resource's slots, close the
 * applications, draw (seeded, reproducible: lottery-draw.ts) and publish; residents enter and
 * withdraw, winners confirm their 'won' booking through the booking area, and at the deadline the
 * `reservations.close-lottery` job releases unconfirmed wins and opens a first-come second round.
 * Public surface for the module's index.ts and the other areas. See README.md.
 */
import type { FastifyInstance } from 'fastify'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { ReservationDeps, ReservationSurfaces } from '../reservation-deps.js'
import { lotteryCatalog } from './lottery-catalog.js'
import { closeLotteryJob } from './lottery-round.js'
import { installLotteryRuntime } from './lottery-runtime.js'
import { registerLotteryResidentRoutes } from './lottery-resident-routes.js'
import { registerLotteryStaffRoutes } from './lottery-staff-routes.js'

export { lotteryCatalog }
export { installLotteryRuntime } from './lottery-runtime.js'
export { DRAW_ALGORITHM, drawKey, drawSlot, rankEntries } from './lottery-draw.js'
export { openSecondRound } from './lottery-round.js'

/** Jobs of this area (listed by the module's index.ts). */
export const lotteryJobs: JobDefinition[] = [closeLotteryJob] as unknown as JobDefinition[]

export function registerLottery(app: FastifyInstance, deps: ReservationDeps, on: ReservationSurfaces): void {
  // The close-lottery job runs in this process's workers: it needs the same deps.
  installLotteryRuntime(deps)
  if (on.staff) registerLotteryStaffRoutes(app, deps)
  if (on.public) registerLotteryResidentRoutes(app, deps)
}
