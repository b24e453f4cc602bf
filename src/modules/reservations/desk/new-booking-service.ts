/**
 * Bookings made by staff on behalf of a resident who phoned or came to the counter (代理予約): the
 * channel (phone / counter) and the staff member are recorded on the booking. The booking core
 * does the rest exactly as for a resident (createBooking, start 'direct': confirmed when free,
 * else awaiting payment at the counter), and audits it. Finding a resident's account by name or
 * e-mail reads personal data, so each search is audited (its length, not its text).
 */
import { createHash } from 'node:crypto'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { bookingNotFound, computeFee, createBooking, findSlotView, type SlotView } from '../booking/index.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { requirePermission, staffActor, type StaffRequest } from '../reservation-request.js'
import type { FeeExemption, Purpose, Reservation, ReservationGroup, Resource, Slot } from '../reservation-tables.js'
import { tokyoInstant } from '../reservation-time.js'
import { residentNotFound } from './desk-errors.js'
import type { ManualBookingInput } from './desk-forms.js'
import * as repository from './desk-repository.js'
import type { ResidentChoice } from './desk-repository.js'

export const RESIDENT_SEARCH_LIMIT = 20
export const RESIDENT_QUERY_MIN = 2

export interface SlotChooser {
  resources: Resource[]
  facilities: { id: string; names: Resource['names'] }[]
  slots?: (Slot & { lotteryStatus: string | null })[]
}

/** Step 1: the resources, and the slots of one of them on a date. */
export async function loadSlotChooser(deps: ReservationDeps, request: StaffRequest, resourceId: string | undefined, date: string | undefined): Promise<SlotChooser> {
  requirePermission(request, 'reservations.operate')
  const tenantId = request.tenant.id
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const resources = (await repository.listResources(trx, tenantId)).filter(r => r.status === 'active')
    const facilities = (await repository.listFacilities(trx, tenantId)).map(f => ({ id: f.id, names: f.names }))
    if (!resourceId || !date || !resources.some(r => r.id === resourceId)) return { resources, facilities }
    const slots = await repository.listSlotsOfResource(trx, tenantId, resourceId, tokyoInstant(date, '00:00'), tokyoInstant(addCalendarDays(date, 1), '00:00'))
    return { resources, facilities, slots }
  })
}

export interface NewBookingForm {
  view: SlotView
  purposes: Purpose[]
  exemptions: FeeExemption[]
  groups: ReservationGroup[]
  residentFeeYen: number
  nonResidentFeeYen: number
  /** search results (when staff searched) */
  matches?: ResidentChoice[]
  hasMoreMatches?: boolean
  /** the account chosen before (a re-rendered form) */
  chosen?: ResidentChoice
}

/** Step 2: the slot and the form's choices; with `query`, the residents matching it (audited). */
export async function loadNewBooking(deps: ReservationDeps, request: StaffRequest, slotId: string, options: { query?: string; chosenResidentId?: string } = {}): Promise<NewBookingForm> {
  requirePermission(request, 'reservations.operate')
  const tenantId = request.tenant.id
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const view = await findSlotView(trx, tenantId, slotId)
    if (!view) throw bookingNotFound()
    const allPurposes = await repository.listPurposes(trx, tenantId)
    const purposes = view.resource.purposes.length > 0 ? allPurposes.filter(p => view.resource.purposes.includes(p.code)) : allPurposes
    const exemptions = await repository.listExemptions(trx, tenantId)
    const groups = await repository.listApprovedGroups(trx, tenantId)
    const feeOf = (isResidentRate: boolean) => computeFee({ startsAt: view.slot.startsAt, endsAt: view.slot.endsAt, rules: view.feeRules, isResidentRate }).totalYen
    let matches: ResidentChoice[] | undefined
    let hasMoreMatches = false
    const query = options.query?.trim()
    if (query && [...query].length >= RESIDENT_QUERY_MIN) {
      const found = await repository.searchResidents(trx, tenantId, query, RESIDENT_SEARCH_LIMIT + 1)
      matches = found.slice(0, RESIDENT_SEARCH_LIMIT)
      hasMoreMatches = found.length > RESIDENT_SEARCH_LIMIT
      await recordAudit(trx, tenantId, {
        actor: staffActor(request),
        action: 'reservations.search-residents',
        // the length only: the text is usually someone's name
        details: { queryLength: [...query].length, resultCount: matches.length },
        requestId: request.requestId,
      })
    }
    const chosen = options.chosenResidentId ? await repository.findResidentChoice(trx, tenantId, options.chosenResidentId) : undefined
    return { view, purposes, exemptions, groups, residentFeeYen: feeOf(true), nonResidentFeeYen: feeOf(false), matches, hasMoreMatches, chosen }
  })
}

/**
 * Books the slot for the applicant. Refusals of the booking core (slot taken, party too large,
 * purpose not allowed …) are thrown as its AppErrors and roll everything back. A repeated submit
 * of the same form (its hidden key) returns the booking made the first time.
 */
export async function bookOnBehalf(deps: ReservationDeps, request: StaffRequest, slotId: string, input: ManualBookingInput, now: Date = new Date()): Promise<{ reservation: Reservation; isNew: boolean }> {
  requirePermission(request, 'reservations.operate')
  const tenantId = request.tenant.id
  const requestHash = createHash('sha256')
    .update(JSON.stringify([slotId, input.residentId ?? '', input.applicantName ?? '', input.applicantPhone ?? '', input.applicantEmail ?? '', input.channel, input.partySize, input.purposeCode ?? '', input.exemptionCode ?? '', input.groupId ?? '', input.isResidentRateConfirmed, input.isStaffOverride]))
    .digest('hex')
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const account = input.residentId ? await repository.findResidentChoice(trx, tenantId, input.residentId) : undefined
    if (input.residentId && !account) throw residentNotFound()
    const name = (input.applicantName ?? account?.name ?? '').trim().slice(0, 100)
    return createBooking(
      trx,
      deps,
      request.tenant,
      {
        slotId,
        partySize: input.partySize,
        purposeCode: input.purposeCode,
        exemptionCode: input.exemptionCode,
        groupId: input.groupId,
        applicant: {
          residentId: account?.id,
          name: name || '-',
          phone: input.applicantPhone ?? account?.phone ?? undefined,
          email: input.applicantEmail ?? account?.email ?? undefined,
        },
        channel: input.channel,
        // Counter when there is a fee (paid at the facility, confirmed by staff), confirmed at once when free.
        start: { kind: 'direct', paymentMethod: 'counter' },
        idempotencyKey: `desk:${request.actor.id}:${input.idempotencyKey}`,
        requestHash,
        createdByStaffId: request.actor.id,
        isStaffOverride: input.isStaffOverride,
        isResidentRateConfirmedByStaff: input.isResidentRateConfirmed,
        actor: staffActor(request),
        requestId: request.requestId,
      },
      now,
    )
  })
}
