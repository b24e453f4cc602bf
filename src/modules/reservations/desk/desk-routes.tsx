/**
 * Staff routes of the desk (reservations.operate): the overview, the bookings list and one
 * booking with its actions, the week calendar and the utilisation report. POST-redirect-GET; a
 * refusal re-renders the page with an error summary and its 4xx.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { isAppError, type AppError } from '../../../platform/errors.js'
import { pageNumber } from '../../../platform/http/params.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { bookingNotFound } from '../booking/index.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { STAFF_BASE, staffRequest, uuidParam } from '../reservation-request.js'
import { tokyoDate } from '../reservation-time.js'
import { BookingDetailPage } from './booking-detail-page.js'
import { CalendarPage } from './calendar-page.js'
import { loadCalendar } from './calendar-service.js'
import * as repository from './desk-repository.js'
import { unknownEncoding } from './desk-errors.js'
import { fieldText, isUuid, parseBookingFilter, parseCancellation, parseReportPeriod } from './desk-forms.js'
import { parseIsoDate, weekStart } from './desk-rules.js'
import { cancelOnBehalf, checkInById, confirmCounterPayment, getDeskBooking, listDeskBookings, loadOverview, markBookingNoShow } from './desk-service.js'
import { BookingListPage, OverviewPage } from './overview-pages.js'
import { ReportPage } from './report-page.js'
import { REPORT_ENCODINGS, type ReportEncoding } from './report-csv.js'
import { exportReport, loadReport } from './report-service.js'

export const config = { auth: 'staff', permission: 'reservations.operate' } as const

/** Refusals staff can act on re-render the page; a missing booking stays a 404 page, a missing permission a 403. */
export const isPageRefusal = (error: unknown): error is AppError => isAppError(error) && error.status >= 400 && error.status < 500 && error.status !== 404 && error.status !== 401 && error.status !== 403

const DONE = ['created', 'cancelled', 'paid', 'checkedIn', 'noShow'] as const

export function registerDeskRoutes(app: FastifyInstance, deps: ReservationDeps): void {
  const { db } = deps.platform.database

  app.get(STAFF_BASE, { config }, async (req, reply) => {
    const request = staffRequest(req)
    const overview = await loadOverview(deps, request)
    return reply.header('cache-control', 'no-store').html(<OverviewPage ctx={pageContext(req)} overview={overview} canManage={request.actor.permissions.has('reservations.manage')} />)
  })

  app.get(`${STAFF_BASE}/bookings`, { config }, async (req, reply) => {
    const request = staffRequest(req)
    const { values, filter, problems } = parseBookingFilter(req.query, new Date())
    const choices = await withTenant(db, request.tenant.id, async trx => ({ facilities: await repository.listFacilities(trx, request.tenant.id), resources: await repository.listResources(trx, request.tenant.id) }))
    const page = pageNumber((req.query as Record<string, unknown> | undefined)?.page)
    if (Object.keys(problems).length > 0) {
      return reply.header('cache-control', 'no-store').html(<BookingListPage ctx={pageContext(req)} values={values} problems={problems} {...choices} rows={[]} total={0} page={1} pageCount={1} />, 422)
    }
    const result = await listDeskBookings(deps, request, filter, page)
    return reply.header('cache-control', 'no-store').html(<BookingListPage ctx={pageContext(req)} values={values} problems={{}} {...choices} {...result} />)
  })

  async function renderDetail(req: FastifyRequest, reply: FastifyReply, reservationId: string, options: { errors?: { field: string; message: string }[]; status?: number; reason?: string } = {}) {
    const request = staffRequest(req)
    const detail = await getDeskBooking(deps, request, reservationId)
    const done = fieldText(req.query, 'done')
    const notice = (DONE as readonly string[]).includes(done) ? req.t(`reservations.desk.done.${done}`, { reference: detail.reservation.reference }) : undefined
    const permissions = request.actor.permissions
    return reply
      .header('cache-control', 'no-store')
      .html(
        <BookingDetailPage ctx={pageContext(req)} detail={detail} canCollectPayment={permissions.has('payments.refund')} canReadPayments={permissions.has('payments.read')} notice={options.errors ? undefined : notice} errors={options.errors} reason={options.reason} />,
        options.status ?? 200,
      )
  }

  const reservationIdOf = (req: FastifyRequest) => {
    const id = uuidParam(req, 'reservationId')
    if (!id) throw bookingNotFound()
    return id
  }
  const detailUrl = (req: FastifyRequest, id: string, done: (typeof DONE)[number]) => `/${staffRequest(req).tenant.slug}/staff/reservations/bookings/${id}?done=${done}`

  app.get(`${STAFF_BASE}/bookings/:reservationId`, { config }, async (req, reply) => renderDetail(req, reply, reservationIdOf(req)))

  /** Runs a booking action; a refusal re-renders the booking with the message beside the actions. */
  async function act(req: FastifyRequest, reply: FastifyReply, action: (id: string) => Promise<unknown>, done: (typeof DONE)[number], field = 'actions') {
    const id = reservationIdOf(req)
    try {
      await action(id)
    } catch (error) {
      if (!isPageRefusal(error)) throw error
      return renderDetail(req, reply, id, { errors: [{ field: error.code === 'RESERVATIONS.CHECK_IN_OTHER_DAY' ? 'isOtherDayConfirmed' : field, message: req.t(error.messageKey, error.params) }], status: error.status })
    }
    return reply.redirect(detailUrl(req, id, done), 303)
  }

  app.post(`${STAFF_BASE}/bookings/:reservationId/check-in`, { config }, async (req, reply) =>
    act(req, reply, id => checkInById(deps, staffRequest(req), id, { isOtherDayConfirmed: fieldText(req.body, 'isOtherDayConfirmed') === '1' }), 'checkedIn'),
  )

  app.post(`${STAFF_BASE}/bookings/:reservationId/no-show`, { config }, async (req, reply) => act(req, reply, id => markBookingNoShow(deps, staffRequest(req), id), 'noShow'))

  // The route needs only the desk permission; the payments module checks payments.refund (403 without it).
  app.post(`${STAFF_BASE}/bookings/:reservationId/confirm-payment`, { config }, async (req, reply) => act(req, reply, id => confirmCounterPayment(deps, staffRequest(req), id), 'paid'))

  app.post(`${STAFF_BASE}/bookings/:reservationId/cancel`, { config }, async (req, reply) => {
    const id = reservationIdOf(req)
    const parsed = parseCancellation(req.body)
    if (!parsed.ok) return renderDetail(req, reply, id, { errors: [{ field: 'reason', message: req.t(parsed.problems.reason ?? '') }], status: 422, reason: parsed.reason })
    return act(req, reply, reservationId => cancelOnBehalf(deps, staffRequest(req), reservationId, { reason: parsed.reason, isFeeWaived: parsed.isFeeWaived }), 'cancelled', 'reason')
  })

  app.get(`${STAFF_BASE}/calendar`, { config }, async (req, reply) => {
    const request = staffRequest(req)
    const facility = fieldText(req.query, 'facility')
    const week = parseIsoDate(fieldText(req.query, 'week')) ?? tokyoDate(new Date())
    const calendar = await loadCalendar(deps, request, isUuid(facility) ? facility.toLowerCase() : undefined, weekStart(week))
    return reply.header('cache-control', 'no-store').html(<CalendarPage ctx={pageContext(req)} calendar={calendar} now={new Date()} />)
  })

  app.get(`${STAFF_BASE}/report`, { config }, async (req, reply) => {
    const request = staffRequest(req)
    const { values, period, problems } = parseReportPeriod(req.query, new Date())
    if (!period) return reply.header('cache-control', 'no-store').html(<ReportPage ctx={pageContext(req)} values={values} problems={problems} />, 422)
    const report = await loadReport(deps, request, period)
    return reply.header('cache-control', 'no-store').html(<ReportPage ctx={pageContext(req)} values={values} problems={{}} report={report} />)
  })

  app.get(`${STAFF_BASE}/report.csv`, { config }, async (req, reply) => {
    const request = staffRequest(req)
    const { values, period, problems } = parseReportPeriod(req.query, new Date())
    const encoding = fieldText(req.query, 'encoding') || 'utf8'
    // Only a hand-edited address has another encoding: an error page says so.
    if (!(REPORT_ENCODINGS as readonly string[]).includes(encoding)) throw unknownEncoding()
    if (!period) return reply.header('cache-control', 'no-store').html(<ReportPage ctx={pageContext(req)} values={values} problems={problems} />, 422)
    const file = await exportReport(deps, request, period, encoding as ReportEncoding, req.t, req.locale)
    reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).header('cache-control', 'no-store')
    if (file.replaced > 0) reply.header('x-unencodable-characters', String(file.replaced))
    return reply.send(file.bytes)
  })
}
