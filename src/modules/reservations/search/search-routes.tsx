/**
 * Public search routes (auth 'public', no login): the 施設予約 entry page with the search,
 * a resource's page with its week, and the JSON the month calendar reads. Read-only: GET only,
 * one short tenant transaction each.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, notFound } from '../../../platform/errors.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import { pageContext } from '../../../platform/views/page-context.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { PUBLIC_BASE, uuidParam } from '../reservation-request.js'
import { tokyoDate, tokyoTime } from '../reservation-time.js'
import { findAvailabilityWithReasons } from './availability.js'
import { buildAvailabilityGrid, summariseDays } from './availability-grid.js'
import { ResourcePage } from './resource-page.js'
import { SearchPage } from './search-pages.js'
import { parseCalendarRange, parseSearchQuery, parseWeekStart } from './search-query.js'
import { findPublicResource, listSearchFacets } from './search-repository.js'

const config = { auth: 'public' } as const

const resourceNotFound = () => notFound('RESERVATIONS.NOT_FOUND')

/** The JSON answer of a bad calendar request, shaped like the central handler's problems. */
function sendProblem(req: FastifyRequest, reply: FastifyReply, messageKey: string, params: Record<string, string | number> = {}) {
  return reply
    .status(400)
    .type('application/problem+json')
    .send({ type: 'https://yakuba.example/problems/reservations/invalid_search', title: req.t(messageKey, params), status: 400, code: 'RESERVATIONS.INVALID_SEARCH', instance: req.url.split('?')[0], requestId: req.id })
}

export function registerSearchRoutes(app: FastifyInstance, deps: ReservationDeps): void {
  const { db } = deps.platform.database

  app.get(PUBLIC_BASE, { config }, async (req, reply) => {
    const tenant = tenantOf(req)
    const now = new Date()
    const today = tokyoDate(now)
    const parsed = parseSearchQuery(req.query as Record<string, unknown>, today)
    const { facets, found } = await withTenant(db, tenant.id, async trx => ({
      facets: await listSearchFacets(trx, tenant.id),
      found: parsed.isValid ? await findAvailabilityWithReasons(trx, tenant.id, parsed.query, now) : undefined,
    }))
    const ctx = pageContext(req)
    reply.header('cache-control', 'no-store')
    if (!parsed.isValid) return reply.html(<SearchPage ctx={ctx} today={today} facets={facets} form={parsed.form} errors={parsed.errors} />, 400)
    const resources = (found ?? []).map(availability => ({ availability, grid: buildAvailabilityGrid(availability, parsed.query.from, parsed.query.days) }))
    return reply.html(<SearchPage ctx={ctx} today={today} facets={facets} form={parsed.form} errors={[]} results={{ query: parsed.query, resources }} />)
  })

  app.get(`${PUBLIC_BASE}/resources/:resourceId`, { config }, async (req, reply) => {
    const tenant = tenantOf(req)
    const resourceId = uuidParam(req, 'resourceId')
    if (!resourceId) throw resourceNotFound()
    const now = new Date()
    const today = tokyoDate(now)
    const week = parseWeekStart(req.query as Record<string, unknown>, today)
    if (!week.isValid) throw new AppError('BAD_REQUEST', 'RESERVATIONS.INVALID_SEARCH', week.messageKey, week.params)
    const loaded = await withTenant(db, tenant.id, async trx => {
      const details = await findPublicResource(trx, tenant.id, resourceId)
      if (!details) return undefined
      const [availability] = await findAvailabilityWithReasons(trx, tenant.id, { from: week.from, days: week.days, resourceId }, now)
      return { details, availability }
    })
    if (!loaded) throw resourceNotFound()
    const grid = buildAvailabilityGrid(loaded.availability ?? { slots: [], closedDates: [] }, week.from, week.days)
    reply.header('cache-control', 'no-store')
    return reply.html(<ResourcePage ctx={pageContext(req)} today={today} details={loaded.details} weekStart={week.from} grid={grid} />)
  })

  app.get(`${PUBLIC_BASE}/resources/:resourceId/availability.json`, { config }, async (req, reply) => {
    const tenant = tenantOf(req)
    const resourceId = uuidParam(req, 'resourceId')
    if (!resourceId) throw resourceNotFound()
    const now = new Date()
    const range = parseCalendarRange(req.query as Record<string, unknown>, tokyoDate(now))
    if (!range.isValid) return sendProblem(req, reply, range.messageKey, range.params)
    const [availability] = await withTenant(db, tenant.id, trx => findAvailabilityWithReasons(trx, tenant.id, { from: range.from, days: range.days, resourceId }, now))
    if (!availability) throw resourceNotFound()
    const base = `/${tenant.slug}/reservations`
    return reply
      .header('cache-control', 'public, max-age=15')
      .type('application/json; charset=utf-8')
      .send({
        resourceId: availability.resourceId,
        from: range.from,
        days: range.days,
        closedDates: availability.closedDates,
        dates: summariseDays(availability, range.from, range.days),
        slots: availability.slots.map(slot => ({
          slotId: slot.slotId,
          date: tokyoDate(slot.startsAt),
          start: tokyoTime(slot.startsAt),
          end: tokyoTime(slot.endsAt),
          startsAt: slot.startsAt.toISOString(),
          endsAt: slot.endsAt.toISOString(),
          capacity: slot.capacity,
          remaining: slot.remaining,
          mode: slot.mode,
          lotteryId: slot.lotteryId,
          residentFeeYen: slot.residentFeeYen,
          nonResidentFeeYen: slot.nonResidentFeeYen,
          url: slot.mode === 'lottery' && slot.lotteryId ? `${base}/lotteries/${slot.lotteryId}` : `${base}/slots/${slot.slotId}`,
        })),
      })
  })
}
