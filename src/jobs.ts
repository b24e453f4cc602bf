import type { JobDefinition } from './platform/jobs/define-job.js'
import type { DemoSeed } from './platform/cli/seed-demo.js'
import { paymentJobs } from './modules/payments/index.js'
import { procedureJobs, seedProceduresDemo } from './modules/procedures/index.js'
import { notificationJobs, seedNotificationsDemo, startDeliveryPump } from './modules/notifications/index.js'
import { reservationJobs, seedReservationsDemo, startSlotExtension } from './modules/reservations/index.js'
import { disasterJobs, disasterLoops, seedDisasterDemo } from './modules/disaster/index.js'
import type { Platform } from './platform/platform.js'

/** Jobs of the business modules (the platform's own are added by createPlatform). */
export const allJobs: JobDefinition[] = [...paymentJobs, ...procedureJobs, ...notificationJobs, ...reservationJobs, ...disasterJobs]

/** Demo data of the business modules, added to デモ市 by `seed-demo` / the first `start`. */
export const demoSeeds: DemoSeed[] = [seedProceduresDemo, seedNotificationsDemo, seedReservationsDemo, seedDisasterDemo]

/**
 * Long-running loops of the business modules that run beside the job workers (in `yakuba worker`,
 * and in `yakuba start` when WORKER_IN_WEB): the notifications delivery pump, and the reservation
 * slots kept generated ahead of the booking windows, and the disaster module's loops (the MQTT
 * sensor subscriber and the sensor offline watch).
 */
export const backgroundLoops: ((platform: Platform) => { stop(): Promise<void> })[] = [startDeliveryPump, startSlotExtension, ...disasterLoops]
