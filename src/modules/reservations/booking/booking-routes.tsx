/**
 * Resident routes of the booking area: the slot page and its hold form, マイ予約 (list, detail,
 * payment choice, permit, cancel, reschedule). POST-redirect-GET; refusals re-render the form with
 * an error summary and a 4xx.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isAppError, type AppError } from '../../../platform/errors.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import { checkAdmission } from '../queue/index.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { PUBLIC_BASE, residentRequest, UUID_PATTERN, uuidParam } from '../reservation-request.js'
import { bookingNotFound, bookingStateChanged } from './booking-errors.js'
import { readApplicantName } from './applicant-name.js'
import { renderPermit } from './booking-permit.js'
import { createBookingService, type HoldForm } from './booking-service.js'
import { BookingDetailPage, CancelPage, MyBookingsPage, ReschedulePage } from './my-booking-pages.js'
import { SlotPage, type HoldFormValues } from './slot-page.js'

type Body = Record<string, unknown>
const text = (body: Body, name: string): string => {
  const value = body[name]
  return typeof value === 'string' ? value.trim() : ''
}

/** Which form field a refusal belongs to (the rest go to the top of the form). */
const FIELD_OF_CODE: Record<string, string> = {
  'RESERVATIONS.PARTY_TOO_LARGE': 'partySize',
  'RESERVATIONS.PURPOSE_NOT_ALLOWED': 'purpose',
  'RESERVATIONS.EXEMPTION_NOT_ALLOWED': 'exemption',
  'RESERVATIONS.GROUP_NOT_ALLOWED': 'groupId',
  'RESERVATIONS.APPLICANT_NAME_REQUIRED': 'applicantName',
}

function errorItem(req: FastifyRequest, error: AppError, fallbackField: string) {
  return { field: FIELD_OF_CODE[error.code] ?? fallbackField, message: req.t(error.messageKey, error.params) }
}

/** Refusals re-render the form; a missing booking or slot stays a 404 page. */
const isFormRefusal = (error: unknown): error is AppError => isAppError(error) && error.status >= 400 && error.status < 500 && error.status !== 404 && error.status !== 401 && error.status !== 403

export function registerBookingRoutes(app: FastifyInstance, deps: ReservationDeps): void {
  const service = createBookingService(deps)
  const myPath = (slug: string, id: string) => `/${slug}/reservations/my/${id}`

  async function renderSlot(req: FastifyRequest, reply: FastifyReply, slotId: string, input: { values?: HoldFormValues; errors?: { field: string; message: string }[]; status?: number; idempotencyKey?: string } = {}) {
    const tenant = tenantOf(req)
    const data = await service.loadSlotPage(tenant, slotId, req.resident?.id)
    return reply
      .header('cache-control', 'no-store')
      .html(<SlotPage ctx={pageContext(req)} tenant={tenant} data={data} idempotencyKey={input.idempotencyKey ?? randomUUID()} values={input.values} errors={input.errors} />, input.status ?? 200)
  }

  /** The virtual waiting room's gate, before any booking work (slot page and hold). */
  async function admit(req: FastifyRequest, reply: FastifyReply, slotId: string): Promise<boolean> {
    const tenant = tenantOf(req)
    const resource = await service.findResourceOfSlot(tenant, slotId)
    const admission = await checkAdmission(req, deps, resource)
    if (admission.isAdmitted) return true
    await reply.redirect(admission.waitingRoomUrl, 303)
    return false
  }

  app.get(`${PUBLIC_BASE}/slots/:slotId`, { config: { auth: 'public' } }, async (req, reply) => {
    const slotId = uuidParam(req, 'slotId')
    if (!slotId) throw bookingNotFound()
    if (!(await admit(req, reply, slotId))) return reply
    return renderSlot(req, reply, slotId)
  })

  app.post(`${PUBLIC_BASE}/slots/:slotId/hold`, { config: { auth: 'resident' } }, async (req, reply) => {
    const request = residentRequest(req)
    const slotId = uuidParam(req, 'slotId')
    if (!slotId) throw bookingNotFound()
    if (!(await admit(req, reply, slotId))) return reply
    const body = (req.body ?? {}) as Body
    const values: HoldFormValues = { applicantName: text(body, 'applicantName'), partySize: text(body, 'partySize'), purpose: text(body, 'purpose'), exemption: text(body, 'exemption'), groupId: text(body, 'groupId') }
    const idempotencyKey = text(body, 'idempotencyKey')
    const partySize = /^[0-9０-９]{1,5}$/.test(values.partySize ?? '') ? Number((values.partySize ?? '').normalize('NFKC')) : NaN
    const errors: { field: string; message: string }[] = []
    const applicantName = readApplicantName(values.applicantName, request.resident.displayName)
    if (applicantName.problem) errors.push({ field: 'applicantName', message: req.t(applicantName.problem) })
    if (!Number.isInteger(partySize) || partySize < 1) errors.push({ field: 'partySize', message: req.t('reservations.booking.errors.invalidPartySize') })
    if (values.groupId && !UUID_PATTERN.test(values.groupId)) errors.push({ field: 'groupId', message: req.t('reservations.booking.errors.groupNotAllowed') })
    if (!UUID_PATTERN.test(idempotencyKey)) errors.push({ field: 'booking-form', message: req.t('reservations.booking.errors.idempotencyKeyReused') })
    if (errors.length > 0) return renderSlot(req, reply, slotId, { values, errors, status: 422 })
    const form: HoldForm = { partySize, applicantName: applicantName.name || undefined, purposeCode: values.purpose || undefined, exemptionCode: values.exemption || undefined, groupId: values.groupId || undefined, idempotencyKey }
    try {
      const reservation = await service.holdSlot(request.tenant, request.resident, slotId, form, request.requestId)
      return reply.redirect(myPath(request.tenant.slug, reservation.id), 303)
    } catch (error) {
      if (!isFormRefusal(error)) throw error
      return renderSlot(req, reply, slotId, { values, errors: [errorItem(req, error, 'booking-form')], status: error.status })
    }
  })

  app.get(`${PUBLIC_BASE}/my`, { config: { auth: 'resident' } }, async (req, reply) => {
    const request = residentRequest(req)
    const items = await service.listMyBookings(request.tenant, request.resident.id)
    return reply.header('cache-control', 'no-store').html(<MyBookingsPage ctx={pageContext(req)} tenant={request.tenant} items={items} now={new Date()} />)
  })

  async function renderDetail(req: FastifyRequest, reply: FastifyReply, reservationId: string, input: { errors?: { field: string; message: string }[]; status?: number } = {}) {
    const request = residentRequest(req)
    const detail = await service.getMyBooking(request.tenant, request.resident.id, reservationId)
    const noticeParam = (req.query as { done?: string }).done
    const notice = noticeParam === 'cancelled' || noticeParam === 'rescheduled' ? noticeParam : undefined
    return reply
      .header('cache-control', 'no-store')
      .html(<BookingDetailPage ctx={pageContext(req)} tenant={request.tenant} detail={detail} now={new Date()} notice={notice} errors={input.errors} />, input.status ?? 200)
  }

  app.get(`${PUBLIC_BASE}/my/:reservationId`, { config: { auth: 'resident' } }, async (req, reply) => {
    const reservationId = uuidParam(req, 'reservationId')
    if (!reservationId) throw bookingNotFound()
    return renderDetail(req, reply, reservationId)
  })

  app.post(`${PUBLIC_BASE}/my/:reservationId/payment`, { config: { auth: 'resident' } }, async (req, reply) => {
    const request = residentRequest(req)
    const reservationId = uuidParam(req, 'reservationId')
    if (!reservationId) throw bookingNotFound()
    const method = text((req.body ?? {}) as Body, 'method')
    if (method !== 'none' && method !== 'online' && method !== 'counter') {
      return renderDetail(req, reply, reservationId, { errors: [{ field: 'method', message: req.t('reservations.booking.errors.chooseMethod') }], status: 422 })
    }
    try {
      const outcome = await service.choosePaymentMethod(request.tenant, request.resident.id, reservationId, method, request.requestId)
      return reply.redirect(outcome.redirectUrl ?? myPath(request.tenant.slug, reservationId), 303)
    } catch (error) {
      if (!isFormRefusal(error)) throw error
      return renderDetail(req, reply, reservationId, { errors: [errorItem(req, error, 'method')], status: error.status })
    }
  })

  app.get(`${PUBLIC_BASE}/my/:reservationId/permit.pdf`, { config: { auth: 'resident' } }, async (req, reply) => {
    const request = residentRequest(req)
    const reservationId = uuidParam(req, 'reservationId')
    if (!reservationId) throw bookingNotFound()
    const detail = await service.getMyBooking(request.tenant, request.resident.id, reservationId)
    if (detail.reservation.status !== 'confirmed' && detail.reservation.status !== 'checked_in') throw bookingStateChanged()
    const pdf = await renderPermit({ tenant: request.tenant, detail, publicUrl: deps.platform.config.publicUrl, t: req.t, locale: req.locale })
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="permit-${detail.reservation.reference}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf)
  })

  app.get(`${PUBLIC_BASE}/my/:reservationId/cancel`, { config: { auth: 'resident' } }, async (req, reply) => {
    const request = residentRequest(req)
    const reservationId = uuidParam(req, 'reservationId')
    if (!reservationId) throw bookingNotFound()
    const detail = await service.getMyBooking(request.tenant, request.resident.id, reservationId)
    if (detail.reservation.status === 'cancelled') return reply.redirect(myPath(request.tenant.slug, reservationId), 303)
    return reply.header('cache-control', 'no-store').html(<CancelPage ctx={pageContext(req)} tenant={request.tenant} detail={detail} />)
  })

  app.post(`${PUBLIC_BASE}/my/:reservationId/cancel`, { config: { auth: 'resident' } }, async (req, reply) => {
    const request = residentRequest(req)
    const reservationId = uuidParam(req, 'reservationId')
    if (!reservationId) throw bookingNotFound()
    try {
      await service.cancelMyBooking(request.tenant, request.resident.id, reservationId, request.requestId)
      return reply.redirect(`${myPath(request.tenant.slug, reservationId)}?done=cancelled`, 303)
    } catch (error) {
      if (!isFormRefusal(error)) throw error
      const detail = await service.getMyBooking(request.tenant, request.resident.id, reservationId)
      return reply.html(<CancelPage ctx={pageContext(req)} tenant={request.tenant} detail={detail} errors={[errorItem(req, error, 'cancel-form')]} />, error.status)
    }
  })

  async function renderReschedule(req: FastifyRequest, reply: FastifyReply, reservationId: string, input: { errors?: { field: string; message: string }[]; status?: number } = {}) {
    const request = residentRequest(req)
    const loaded = await service.loadReschedule(request.tenant, request.resident.id, reservationId)
    return reply
      .header('cache-control', 'no-store')
      .html(
        <ReschedulePage
          ctx={pageContext(req)}
          tenant={request.tenant}
          detail={loaded.detail}
          slots={loaded.slots}
          isAllowed={loaded.isAllowed}
          deadlineHours={loaded.deadlineHours}
          idempotencyKey={randomUUID()}
          errors={input.errors}
        />,
        input.status ?? 200,
      )
  }

  app.get(`${PUBLIC_BASE}/my/:reservationId/reschedule`, { config: { auth: 'resident' } }, async (req, reply) => {
    const reservationId = uuidParam(req, 'reservationId')
    if (!reservationId) throw bookingNotFound()
    return renderReschedule(req, reply, reservationId)
  })

  app.post(`${PUBLIC_BASE}/my/:reservationId/reschedule`, { config: { auth: 'resident' } }, async (req, reply) => {
    const request = residentRequest(req)
    const reservationId = uuidParam(req, 'reservationId')
    if (!reservationId) throw bookingNotFound()
    const body = (req.body ?? {}) as Body
    const slotId = text(body, 'slotId')
    const idempotencyKey = text(body, 'idempotencyKey')
    if (!UUID_PATTERN.test(slotId)) return renderReschedule(req, reply, reservationId, { errors: [{ field: 'slotId', message: req.t('reservations.booking.reschedule.chooseError') }], status: 422 })
    if (!UUID_PATTERN.test(idempotencyKey)) return renderReschedule(req, reply, reservationId, { errors: [{ field: 'slotId', message: req.t('reservations.booking.errors.idempotencyKeyReused') }], status: 422 })
    try {
      const moved = await service.rescheduleMyBooking(request.tenant, request.resident.id, reservationId, slotId.toLowerCase(), idempotencyKey, request.requestId)
      return reply.redirect(`${myPath(request.tenant.slug, moved.id)}?done=rescheduled`, 303)
    } catch (error) {
      if (!isFormRefusal(error) && !(isAppError(error) && error.code === 'RESERVATIONS.NOT_FOUND')) throw error
      return renderReschedule(req, reply, reservationId, { errors: [errorItem(req, error as AppError, 'slotId')], status: (error as AppError).status === 404 ? 422 : (error as AppError).status })
    }
  })
}
