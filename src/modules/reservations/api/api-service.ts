/**
 * The bookings API for kiosks, LINE mini-apps and integrators: bookings go through the same core
 * as the resident pages (rules, fees, the seat guard), recorded with channel `api` and the key.
 * A key sees and cancels only the bookings it made.
 */
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { ApiKeyPrincipal } from '../../../platform/auth/api-keys/index.js'
import type { AuditActor } from '../../../platform/audit/audit-log.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { cancelBooking, createBooking } from '../booking/index.js'
import { findAvailability, type AvailabilityQuery, type ResourceAvailability } from '../search/index.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { reservationsDb, type Reservation } from '../reservation-tables.js'
import type { AvailabilityQueryParams, CreateBookingBody } from './api-schemas.js'

export interface BookingWithSlot {
  reservation: Reservation
  slot: { startsAt: Date; endsAt: Date }
}

/** The key acts for someone at a kiosk or in an app: audited as an operator (the key's id). */
function keyActor(apiKey: ApiKeyPrincipal): AuditActor {
  return { type: 'operator', id: apiKey.id }
}

export function createReservationsApiService(deps: ReservationDeps) {
  const { db } = deps.platform.database

  async function findOwnBooking(tenantId: string, apiKey: ApiKeyPrincipal, bookingId: string): Promise<BookingWithSlot | undefined> {
    return withTenant(db, tenantId, async trx => {
      const row = await reservationsDb(trx)
        .selectFrom('reservations as r')
        .innerJoin('reservationSlots as s', join => join.onRef('s.tenantId', '=', 'r.tenantId').onRef('s.id', '=', 'r.slotId'))
        .selectAll('r')
        .select(['s.startsAt as slotStartsAt', 's.endsAt as slotEndsAt'])
        .where('r.tenantId', '=', tenantId)
        .where('r.id', '=', bookingId)
        .where('r.apiKeyId', '=', apiKey.id)
        .executeTakeFirst()
      if (!row) return undefined
      const { slotStartsAt, slotEndsAt, ...reservation } = row
      return { reservation, slot: { startsAt: slotStartsAt, endsAt: slotEndsAt } }
    })
  }

  return {
    /** Open and full slots with fees, for the query's dates and filters. */
    async listAvailability(tenantId: string, params: AvailabilityQueryParams): Promise<ResourceAvailability[]> {
      const query: AvailabilityQuery = {
        from: params.from,
        days: params.days,
        kind: params.kind,
        category: params.category,
        facilityId: params.facility,
        resourceId: params.resource,
        capacity: params.capacity,
        equipment: params.equipment,
        minRemaining: params.available === 'true' ? 1 : undefined,
      }
      return withTenant(db, tenantId, trx => findAvailability(trx, tenantId, query))
    },

    /**
     * Books through the core. The client's retry key is scoped to the key, so two integrators can
     * never collide; a replay returns the first booking (isNew false).
     */
    async createBooking(tenant: TenantContext, apiKey: ApiKeyPrincipal, body: CreateBookingBody, request: { idempotencyKey: string; requestHash: string; requestId: string }): Promise<BookingWithSlot & { isNew: boolean }> {
      const created = await withTenant(db, tenant.id, trx =>
        createBooking(trx, deps, tenant, {
          slotId: body.slotId,
          partySize: body.partySize,
          purposeCode: body.purposeCode,
          exemptionCode: body.exemptionCode,
          applicant: { name: body.applicant.name, phone: body.applicant.phone, email: body.applicant.email },
          channel: 'api',
          start: { kind: 'direct', paymentMethod: body.paymentMethod },
          idempotencyKey: `api:${apiKey.id}:${request.idempotencyKey}`,
          requestHash: request.requestHash,
          apiKeyId: apiKey.id,
          actor: keyActor(apiKey),
          requestId: request.requestId,
        }),
      )
      const found = await findOwnBooking(tenant.id, apiKey, created.reservation.id)
      // A replayed key made by another API key cannot happen (the key is scoped), so this holds.
      if (!found) throw new Error('a booking just made by this key is not visible to it')
      return { ...found, isNew: created.isNew }
    },

    findBooking: findOwnBooking,

    /** Cancels for the applicant, under the resource's online cancellation deadline and fee. */
    async cancelBooking(tenant: TenantContext, apiKey: ApiKeyPrincipal, bookingId: string, reason: string | undefined, requestId: string): Promise<BookingWithSlot | undefined> {
      const own = await findOwnBooking(tenant.id, apiKey, bookingId)
      if (!own) return undefined
      if (own.reservation.status !== 'cancelled') {
        await withTenant(db, tenant.id, trx => cancelBooking(trx, deps, tenant, bookingId, { by: 'resident', reason, isDeadlineEnforced: true, actor: keyActor(apiKey), requestId }))
      }
      return findOwnBooking(tenant.id, apiKey, bookingId)
    },
  }
}

export type ReservationsApiService = ReturnType<typeof createReservationsApiService>
