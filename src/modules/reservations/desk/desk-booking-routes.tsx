/**
 * Staff routes of the desk for 代理予約 (a booking on behalf of a resident) and 受付 (check-in).
 * Both are POST-redirect-GET; refusals re-render the form with an error summary and their 4xx.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isAppError } from '../../../platform/errors.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { bookingNotFound } from '../booking/index.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { STAFF_BASE, staffRequest } from '../reservation-request.js'
import { tokyoDate } from '../reservation-time.js'
import { CheckInPage } from './check-in-page.js'
import { checkInByCode, findCheckedIn, lookUpCheckIn, type CheckInLookup } from './check-in-service.js'
import { bookingFormValues, fieldText, isUuid, parseManualBooking, type BookingFormValues, type FieldProblems } from './desk-forms.js'
import { config, isPageRefusal } from './desk-routes.js'
import { parseIsoDate } from './desk-rules.js'
import { NewBookingPage, SlotChooserPage } from './new-booking-pages.js'
import { bookOnBehalf, loadNewBooking, loadSlotChooser } from './new-booking-service.js'

/** Which form field a refusal of the booking core belongs to (the rest go to the slot). */
const FIELD_OF_CODE: Record<string, string> = {
  'RESERVATIONS.PARTY_TOO_LARGE': 'partySize',
  'RESERVATIONS.PURPOSE_NOT_ALLOWED': 'purposeCode',
  'RESERVATIONS.EXEMPTION_NOT_ALLOWED': 'exemptionCode',
  'RESERVATIONS.GROUP_NOT_ALLOWED': 'groupId',
  'RESERVATIONS.RESIDENT_NOT_FOUND': 'residentId',
  'RESERVATIONS.ALREADY_BOOKED': 'residentId',
  'RESERVATIONS.LIMIT_REACHED': 'isStaffOverride',
  'RESERVATIONS.OUTSIDE_WINDOW': 'isStaffOverride',
  'RESERVATIONS.IDEMPOTENCY_KEY_REUSED': 'bookingForm',
}

const CHECK_IN_STATUS: Record<CheckInLookup['kind'], number> = { malformed: 422, unknown: 404, found: 200 }

export function registerDeskBookingRoutes(app: FastifyInstance, deps: ReservationDeps): void {
  const newPath = `${STAFF_BASE}/bookings/new`

  async function renderNew(req: FastifyRequest, reply: FastifyReply, slotId: string, input: { values: BookingFormValues; query?: string; problems?: FieldProblems; refusal?: { field: string; message: string }; status?: number }) {
    const request = staffRequest(req)
    const form = await loadNewBooking(deps, request, slotId, { query: input.query, chosenResidentId: isUuid(input.values.residentId) ? input.values.residentId.toLowerCase() : undefined })
    return reply
      .header('cache-control', 'no-store')
      .html(<NewBookingPage ctx={pageContext(req)} form={form} values={input.values} query={input.query ?? ''} problems={input.problems} refusal={input.refusal} />, input.status ?? 200)
  }

  app.get(newPath, { config }, async (req, reply) => {
    const request = staffRequest(req)
    const slot = fieldText(req.query, 'slot')
    if (slot) {
      if (!isUuid(slot)) throw bookingNotFound()
      const values = { ...bookingFormValues({}), idempotencyKey: randomUUID(), partySize: '1' }
      return renderNew(req, reply, slot.toLowerCase(), { values, query: fieldText(req.query, 'q').slice(0, 100) })
    }
    const values = { resource: fieldText(req.query, 'resource'), date: fieldText(req.query, 'date') || tokyoDate(new Date()) }
    const problems: FieldProblems = {}
    if (values.resource && !isUuid(values.resource)) problems.resource = 'reservations.desk.invalid.choice'
    const date = parseIsoDate(values.date)
    if (!date) problems.date = 'reservations.desk.invalid.date'
    const chooser = await loadSlotChooser(deps, request, problems.resource ? undefined : values.resource.toLowerCase() || undefined, date)
    const status = Object.keys(problems).length > 0 ? 422 : 200
    return reply.header('cache-control', 'no-store').html(<SlotChooserPage ctx={pageContext(req)} chooser={chooser} values={values} problems={problems} now={new Date()} />, status)
  })

  app.post(newPath, { config }, async (req, reply) => {
    const request = staffRequest(req)
    const slotId = fieldText(req.body, 'slotId')
    if (!isUuid(slotId)) throw bookingNotFound()
    const values = bookingFormValues(req.body)
    const parsed = parseManualBooking(values)
    if (!parsed.ok) return renderNew(req, reply, slotId.toLowerCase(), { values: { ...values, idempotencyKey: isUuid(values.idempotencyKey) ? values.idempotencyKey : randomUUID() }, problems: parsed.problems, status: 422 })
    try {
      const { reservation } = await bookOnBehalf(deps, request, slotId.toLowerCase(), parsed.input)
      return reply.redirect(`/${request.tenant.slug}/staff/reservations/bookings/${reservation.id}?done=created`, 303)
    } catch (error) {
      if (!isPageRefusal(error)) throw error
      return renderNew(req, reply, slotId.toLowerCase(), { values, refusal: { field: FIELD_OF_CODE[error.code] ?? 'slot', message: req.t(error.messageKey, error.params) }, status: error.status })
    }
  })

  const checkInPath = `${STAFF_BASE}/check-in`

  app.get(checkInPath, { config }, async (req, reply) => {
    const request = staffRequest(req)
    const ctx = pageContext(req)
    const doneId = fieldText(req.query, 'done')
    const done = isUuid(doneId) ? await findCheckedIn(deps, request, doneId.toLowerCase()) : undefined
    const query = (req.query ?? {}) as Record<string, unknown>
    if (!('code' in query)) return reply.header('cache-control', 'no-store').html(<CheckInPage ctx={ctx} typed="" done={done} />)
    // The raw text, not NFKC-folded here: the lookup folds it (and echoes what was typed).
    const typed = (typeof query.code === 'string' ? query.code : '').slice(0, 300)
    const lookup = await lookUpCheckIn(deps, request, typed)
    const status = lookup.kind === 'found' && lookup.refusal ? 409 : CHECK_IN_STATUS[lookup.kind]
    return reply.header('cache-control', 'no-store').html(<CheckInPage ctx={ctx} typed={typed} lookup={lookup} />, status)
  })

  app.post(checkInPath, { config }, async (req, reply) => {
    const request = staffRequest(req)
    const body = (req.body ?? {}) as Record<string, unknown>
    const typed = (typeof body.code === 'string' ? body.code : '').slice(0, 300)
    try {
      const reservation = await checkInByCode(deps, request, typed, { isOtherDayConfirmed: fieldText(req.body, 'isOtherDayConfirmed') === '1' })
      return reply.redirect(`/${request.tenant.slug}/staff/reservations/check-in?done=${reservation.id}`, 303)
    } catch (error) {
      if (!isAppError(error) || !(error.code === 'RESERVATIONS.CHECK_IN_CODE_UNKNOWN' || isPageRefusal(error))) throw error
      const lookup = await lookUpCheckIn(deps, request, typed)
      // The lookup's own message covers a bad or unknown code and a booking that cannot be checked in.
      const field = error.code === 'RESERVATIONS.CHECK_IN_OTHER_DAY' ? 'isOtherDayConfirmed' : lookup.kind === 'found' ? 'booking' : 'code'
      const isLookupMessage = field !== 'isOtherDayConfirmed' && (lookup.kind !== 'found' || lookup.refusal !== undefined)
      return reply
        .header('cache-control', 'no-store')
        .html(<CheckInPage ctx={pageContext(req)} typed={typed} lookup={lookup} error={isLookupMessage ? undefined : { field, message: req.t(error.messageKey, error.params) }} />, error.status)
    }
  })
}
