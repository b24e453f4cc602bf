/**
 * OpenAPI descriptions of the reservations API (merged into /api/v1/openapi.json through each
 * route's `schema.operation`). The routes check input with zod; these describe it.
 */
import { AUTH_PROBLEMS, apiKeySecurity, json, problem, problemWithErrors, type Schema } from '../../../platform/http/openapi-parts.js'
import { RESERVATION_STATUSES, RESOURCE_CATEGORIES, RESOURCE_KINDS } from '../reservation-tables.js'
import { MAX_AVAILABILITY_DAYS } from './api-schemas.js'

const PROBLEM_WITH_ERRORS = problemWithErrors('`path` names the query parameter or body field (`applicant.name`).')
const NAMES: Schema = { type: 'object', required: ['ja'], properties: { ja: { type: 'string' }, 'ja-easy': { type: 'string' }, en: { type: 'string' } } }

const SLOT: Schema = {
  type: 'object',
  properties: {
    slotId: { type: 'string', format: 'uuid' },
    startsAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
    capacity: { type: 'integer' },
    remaining: { type: 'integer', description: 'Seats left now (a space has one: the whole room).' },
    mode: { type: 'string', enum: ['first_come', 'lottery'], description: '`lottery`: book through the lottery pages until its second round.' },
    lotteryId: { type: ['string', 'null'], format: 'uuid' },
    residentFeeYen: { type: 'integer', description: 'Fee for residents, general purpose, before exemptions (円).' },
    nonResidentFeeYen: { type: 'integer' },
  },
}

const RESOURCE: Schema = {
  type: 'object',
  properties: {
    resourceId: { type: 'string', format: 'uuid' },
    code: { type: 'string' },
    names: NAMES,
    kind: { type: 'string', enum: [...RESOURCE_KINDS] },
    category: { type: 'string', enum: [...RESOURCE_CATEGORIES] },
    capacityPeople: { type: 'integer' },
    equipment: { type: 'array', items: { type: 'string' } },
    facilityId: { type: 'string', format: 'uuid' },
    facilityNames: NAMES,
    closedDates: { type: 'array', items: { type: 'string', format: 'date' }, description: 'Tokyo dates in the range when the resource is closed (休館日, holidays, closures).' },
    slots: { type: 'array', items: SLOT },
  },
}

const BOOKING: Schema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    reference: { type: 'string', description: '予約番号, e.g. R-4KQ-7XW-3MC' },
    status: { type: 'string', enum: [...RESERVATION_STATUSES] },
    slotId: { type: 'string', format: 'uuid' },
    resourceId: { type: 'string', format: 'uuid' },
    startsAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
    partySize: { type: 'integer' },
    purposeCode: { type: ['string', 'null'] },
    exemptionCode: { type: ['string', 'null'] },
    feeYen: { type: 'integer', description: 'Computed by Yakuba from the fee table (円); never taken from the client.' },
    paymentMethod: { type: 'string', enum: ['none', 'online', 'counter'] },
    paymentDueAt: { type: ['string', 'null'], format: 'date-time', description: 'Counter payment due by then, or the booking is released.' },
    checkInCode: { type: 'string', description: 'Shown (or printed as a QR code) for check-in at the facility.' },
    cancellationFeeYen: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    links: { type: 'object', properties: { self: { type: 'string' }, cancel: { type: 'string' } } },
  },
}

export const availabilityOperation = {
  description: `Open and full slots of the municipality’s facilities and appointment services, with fees and closed days. Public (no key), rate-limited. At most ${MAX_AVAILABILITY_DAYS} days per call.`,
  parameters: [
    { name: 'from', in: 'query', required: true, description: 'First date (Japan), YYYY-MM-DD.', schema: { type: 'string', format: 'date' } },
    { name: 'days', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_AVAILABILITY_DAYS, default: 7 } },
    { name: 'kind', in: 'query', required: false, schema: { type: 'string', enum: [...RESOURCE_KINDS] } },
    { name: 'category', in: 'query', required: false, schema: { type: 'string', enum: [...RESOURCE_CATEGORIES] } },
    { name: 'facility', in: 'query', required: false, schema: { type: 'string', format: 'uuid' } },
    { name: 'resource', in: 'query', required: false, schema: { type: 'string', format: 'uuid' } },
    { name: 'capacity', in: 'query', required: false, description: 'People the space must hold.', schema: { type: 'integer', minimum: 1 } },
    { name: 'equipment', in: 'query', required: false, description: 'Comma-separated equipment codes the space must all have (e.g. `projector,whiteboard`).', schema: { type: 'string' } },
    { name: 'available', in: 'query', required: false, description: '`true`: only slots with a seat left.', schema: { type: 'string', enum: ['true', 'false'] } },
  ],
  responses: {
    '200': { description: 'Resources with their slots', content: json({ type: 'object', properties: { from: { type: 'string', format: 'date' }, days: { type: 'integer' }, resources: { type: 'array', items: RESOURCE } } }) },
    '400': problem('A missing or malformed date, an unknown kind or category, too many days.', PROBLEM_WITH_ERRORS),
    '429': problem('Too many calls from this address this minute; see Retry-After.'),
  },
}

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', in: 'header', required: true, description: '8–200 visible ASCII characters chosen by the client (a UUID is typical), unique per booking.', schema: { type: 'string', minLength: 8, maxLength: 200 } }

export const createBookingOperation = {
  description:
    'Books a slot for someone at a kiosk or in an app (channel `api`). The fee is computed from the fee table (non-resident rate and window: the API cannot verify residence). `paymentMethod` `none` confirms a free booking; `counter` keeps it provisional until paid at the counter by `paymentDueAt`. Needs `bookings:write` and an `Idempotency-Key`: a retry with the same key and body returns the first booking with `Idempotent-Replayed: true`; the same key with another body is 422. Never overbooks: the last seat goes to exactly one caller, the others get 409.',
  ...apiKeySecurity('bookings:write'),
  parameters: [IDEMPOTENCY_HEADER],
  requestBody: {
    required: true,
    content: json({
      type: 'object',
      additionalProperties: false,
      required: ['slotId', 'applicant'],
      properties: {
        slotId: { type: 'string', format: 'uuid' },
        partySize: { type: 'integer', minimum: 1, default: 1 },
        purposeCode: { type: 'string' },
        exemptionCode: { type: 'string', description: '減免: checked against the exemptions the applicant may use.' },
        applicant: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', maxLength: 100 }, phone: { type: 'string' }, email: { type: 'string', format: 'email' } } },
        paymentMethod: { type: 'string', enum: ['none', 'counter'], default: 'none' },
      },
    }),
  },
  responses: {
    '201': { description: 'Booked', content: json(BOOKING) },
    '200': { description: 'A replay of an earlier request with the same key and body', content: json(BOOKING) },
    '400': problem('Malformed body, or no Idempotency-Key.', PROBLEM_WITH_ERRORS),
    '404': problem('No such slot.'),
    '409': problem('The slot has no seat left (`RESERVATIONS.SLOT_TAKEN`).'),
    '422': problem('A rule refuses the booking (outside the booking window, closed day, party too large, limit reached, fee needs payment…) or the key was used with another body.'),
    ...AUTH_PROBLEMS,
  },
}

export const getBookingOperation = {
  description: 'A booking made with this API key. Needs `bookings:read`.',
  ...apiKeySecurity('bookings:read'),
  responses: {
    '200': { description: 'The booking', content: json(BOOKING) },
    '404': problem('No booking with this id was made with this key.'),
    ...AUTH_PROBLEMS,
  },
}

export const cancelBookingOperation = {
  description: 'Cancels a booking made with this key, under the resource’s online cancellation deadline (a cancellation fee may apply). Repeating it returns the cancelled booking. Needs `bookings:write`.',
  ...apiKeySecurity('bookings:write'),
  requestBody: { required: false, content: json({ type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } }) },
  responses: {
    '200': { description: 'The cancelled booking', content: json(BOOKING) },
    '404': problem('No booking with this id was made with this key.'),
    '422': problem('Past the online cancellation deadline, or the booking has ended.'),
    ...AUTH_PROBLEMS,
  },
}
