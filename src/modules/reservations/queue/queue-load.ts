/**
 * This process's booking load: how many booking requests (the slot page and the hold) are being
 * handled right now. Counted by hooks registerQueue installs; read by checkAdmission. Per process
 * on purpose: each web process protects its own event loop and database pool.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { PUBLIC_BASE } from '../reservation-request.js'
import { DEFAULT_QUEUE_LOAD_THRESHOLD } from './queue-rules.js'

/** The booking routes whose requests count as load (the booking area registers them). */
export const BOOKING_ROUTES: ReadonlySet<string> = new Set([`GET ${PUBLIC_BASE}/slots/:slotId`, `POST ${PUBLIC_BASE}/slots/:slotId/hold`])

let inFlight = 0
let threshold = DEFAULT_QUEUE_LOAD_THRESHOLD
const counted = new WeakSet<FastifyRequest>()
const instrumented = new WeakSet<FastifyInstance>()

export function bookingRequestsInFlight(): number {
  return inFlight
}

export function queueLoadThreshold(): number {
  return threshold
}

/**
 * Sets the load threshold of this process (deployments measure their booking path with
 * `npm run bench -- booking-rush`; tests lower it to exercise the load queue). Returns the previous one.
 */
export function configureQueueLoad(options: { threshold: number }): number {
  if (!Number.isInteger(options.threshold) || options.threshold < 0) throw new Error('queue load threshold must be a non-negative integer')
  const previous = threshold
  threshold = options.threshold
  return previous
}

function settle(req: FastifyRequest) {
  if (!counted.has(req)) return
  counted.delete(req)
  inFlight = Math.max(0, inFlight - 1)
}

/** Counts booking requests from their arrival to their response (or abort). Once per app. */
export function trackBookingLoad(app: FastifyInstance): void {
  if (instrumented.has(app)) return
  instrumented.add(app)
  app.addHook('onRequest', async req => {
    if (!BOOKING_ROUTES.has(`${req.method} ${req.routeOptions.url ?? ''}`)) return
    counted.add(req)
    inFlight += 1
  })
  app.addHook('onResponse', async req => settle(req))
  app.addHook('onRequestAbort', async req => settle(req))
}
