/** `/api/v1/:tenant/availability` (public) and `/api/v1/:tenant/bookings` (API keys). */
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify'
import { apiKeyRoute, type ApiKeyPrincipal } from '../../../platform/auth/api-keys/index.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import { hashRequestBody, IdempotencyKeySchema, requestIssues, sendProblem, type RequestIssue } from '../../../platform/http/api-requests.js'
import { notFound, unauthenticated } from '../../../platform/errors.js'
import { uuidParam } from '../reservation-request.js'
import { AvailabilityQuerySchema, CancelBookingSchema, CreateBookingSchema } from './api-schemas.js'
import { availabilityJson, bookingJson } from './api-views.js'
import { availabilityOperation, cancelBookingOperation, createBookingOperation, getBookingOperation } from './api-openapi.js'
import type { ReservationsApiService } from './api-service.js'

const schema = (summary: string, operation: Record<string, unknown>) => ({ summary, tags: ['reservations'], operation }) as FastifySchema

function apiKeyOf(req: FastifyRequest): ApiKeyPrincipal {
  if (!req.apiKey) throw unauthenticated('AUTH.API_KEY_REQUIRED')
  return req.apiKey
}

function fieldErrors(req: FastifyRequest, issues: RequestIssue[]) {
  return issues.map(issue => ({ ...issue, message: req.t('reservations.api.errors.field', { path: issue.path }) }))
}

const bookingNotFound = () => notFound('RESERVATIONS.BOOKING_NOT_FOUND')

export function registerApiRoutes(app: FastifyInstance, service: ReservationsApiService): void {
  app.get('/api/v1/:tenant/availability', { config: { auth: 'public' }, schema: schema('Vacancies (空き状況)', availabilityOperation) }, async (req, reply) => {
    const tenant = tenantOf(req)
    const query = AvailabilityQuerySchema.safeParse(req.query ?? {})
    if (!query.success) return sendProblem(req, reply, 400, 'RESERVATIONS.INVALID_QUERY', 'reservations.api.errors.invalidQuery', fieldErrors(req, requestIssues(query.error)))
    const resources = await service.listAvailability(tenant.id, query.data)
    return reply.header('cache-control', 'no-store').send({ from: query.data.from, days: query.data.days, resources: availabilityJson(resources) })
  })

  app.post('/api/v1/:tenant/bookings', { ...apiKeyRoute(app, 'bookings:write'), schema: schema('Book a slot (予約)', createBookingOperation) }, async (req, reply) => {
    const tenant = tenantOf(req)
    const apiKey = apiKeyOf(req)
    const idempotencyKey = IdempotencyKeySchema.safeParse(req.headers['idempotency-key'])
    if (!idempotencyKey.success) return sendProblem(req, reply, 400, 'RESERVATIONS.IDEMPOTENCY_KEY_REQUIRED', 'reservations.api.errors.idempotencyKeyRequired')
    const body = CreateBookingSchema.safeParse(req.body)
    if (!body.success) return sendProblem(req, reply, 400, 'RESERVATIONS.INVALID_REQUEST', 'reservations.api.errors.invalidRequest', fieldErrors(req, requestIssues(body.error)))
    const booked = await service.createBooking(tenant, apiKey, body.data, { idempotencyKey: idempotencyKey.data, requestHash: hashRequestBody(req.body), requestId: req.id })
    const basePath = `/api/v1/${tenant.slug}/bookings`
    if (!booked.isNew) reply.header('idempotent-replayed', 'true')
    return reply
      .status(booked.isNew ? 201 : 200)
      .header('location', `${basePath}/${booked.reservation.id}`)
      .send(bookingJson(booked.reservation, booked.slot, basePath))
  })

  app.get('/api/v1/:tenant/bookings/:bookingId', { ...apiKeyRoute(app, 'bookings:read'), schema: schema('A booking made with this key', getBookingOperation) }, async req => {
    const tenant = tenantOf(req)
    const bookingId = uuidParam(req, 'bookingId')
    if (!bookingId) throw bookingNotFound()
    const found = await service.findBooking(tenant.id, apiKeyOf(req), bookingId)
    if (!found) throw bookingNotFound()
    return bookingJson(found.reservation, found.slot, `/api/v1/${tenant.slug}/bookings`)
  })

  app.post('/api/v1/:tenant/bookings/:bookingId/cancel', { ...apiKeyRoute(app, 'bookings:write'), schema: schema('Cancel a booking made with this key', cancelBookingOperation) }, async (req, reply) => {
    const tenant = tenantOf(req)
    const bookingId = uuidParam(req, 'bookingId')
    if (!bookingId) throw bookingNotFound()
    const body = CancelBookingSchema.safeParse(req.body ?? undefined)
    if (!body.success) return sendProblem(req, reply, 400, 'RESERVATIONS.INVALID_REQUEST', 'reservations.api.errors.invalidRequest', fieldErrors(req, requestIssues(body.error)))
    const cancelled = await service.cancelBooking(tenant, apiKeyOf(req), bookingId, body.data?.reason, req.id)
    if (!cancelled) throw bookingNotFound()
    return bookingJson(cancelled.reservation, cancelled.slot, `/api/v1/${tenant.slug}/bookings`)
  })
}
