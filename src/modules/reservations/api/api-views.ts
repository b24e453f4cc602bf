/** How bookings and availability look in the API's JSON (camelCase, ISO instants, integer yen). */
import type { ResourceAvailability } from '../search/index.js'
import type { Reservation } from '../reservation-tables.js'

export function bookingJson(reservation: Reservation, slot: { startsAt: Date; endsAt: Date }, basePath: string) {
  return {
    id: reservation.id,
    reference: reservation.reference,
    status: reservation.status,
    slotId: reservation.slotId,
    resourceId: reservation.resourceId,
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    partySize: reservation.partySize,
    purposeCode: reservation.purposeCode,
    exemptionCode: reservation.exemptionCode,
    feeYen: reservation.feeYen,
    paymentMethod: reservation.paymentMethod,
    paymentDueAt: reservation.paymentDueAt?.toISOString() ?? null,
    checkInCode: reservation.checkInCode,
    cancellationFeeYen: reservation.cancellationFeeYen,
    createdAt: reservation.createdAt.toISOString(),
    links: { self: `${basePath}/${reservation.id}`, cancel: `${basePath}/${reservation.id}/cancel` },
  }
}

export function availabilityJson(resources: ResourceAvailability[]) {
  return resources.map(resource => ({
    resourceId: resource.resourceId,
    code: resource.resourceCode,
    names: resource.resourceNames,
    kind: resource.kind,
    category: resource.category,
    capacityPeople: resource.capacityPeople,
    equipment: resource.equipment,
    facilityId: resource.facilityId,
    facilityNames: resource.facilityNames,
    closedDates: resource.closedDates,
    slots: resource.slots.map(slot => ({
      slotId: slot.slotId,
      startsAt: slot.startsAt.toISOString(),
      endsAt: slot.endsAt.toISOString(),
      capacity: slot.capacity,
      remaining: slot.remaining,
      mode: slot.mode,
      lotteryId: slot.lotteryId,
      residentFeeYen: slot.residentFeeYen,
      nonResidentFeeYen: slot.nonResidentFeeYen,
    })),
  }))
}
