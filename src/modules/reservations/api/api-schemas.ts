/**
 * What API clients (kiosks, LINE mini-apps, integrators) send to `/api/v1/{tenant}/availability`
 * and `/api/v1/{tenant}/bookings`: zod checks the envelope; the booking core checks the rules.
 */
import { z } from 'zod'
import { findIsoDateParts } from '../../../jp/calendar-date.js'
import { RESOURCE_CATEGORIES, RESOURCE_KINDS } from '../reservation-tables.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const uuid = z.string().regex(UUID).transform(v => v.toLowerCase())
const CODE = /^[a-z0-9][a-z0-9-]{0,39}$/
/** The most days one availability call covers (a month). */
export const MAX_AVAILABILITY_DAYS = 31

const isoDate = z.string().refine(value => findIsoDateParts(value) !== undefined, { message: 'date' })

/** Query strings arrive as text: numbers are coerced, equipment is a comma-separated list. */
export const AvailabilityQuerySchema = z.strictObject({
  from: isoDate,
  days: z.coerce.number().int().min(1).max(MAX_AVAILABILITY_DAYS).default(7),
  kind: z.enum(RESOURCE_KINDS).optional(),
  category: z.enum(RESOURCE_CATEGORIES).optional(),
  facility: uuid.optional(),
  resource: uuid.optional(),
  capacity: z.coerce.number().int().min(1).max(10_000).optional(),
  equipment: z
    .string()
    .max(400)
    .transform(value => value.split(',').map(item => item.trim()).filter(Boolean))
    .refine(items => items.length <= 20 && items.every(item => CODE.test(item)), { message: 'equipment' })
    .optional(),
  available: z.enum(['true', 'false']).optional(),
})
export type AvailabilityQueryParams = z.infer<typeof AvailabilityQuerySchema>

export const CreateBookingSchema = z.strictObject({
  slotId: uuid,
  partySize: z.number().int().min(1).max(10_000).default(1),
  purposeCode: z.string().regex(CODE).optional(),
  exemptionCode: z.string().regex(CODE).optional(),
  applicant: z.strictObject({
    name: z.string().trim().min(1).max(100),
    phone: z.string().trim().min(1).max(30).optional(),
    email: z.email().max(254).optional(),
  }),
  /** kiosks and mini-apps never take money themselves: free, or paid at the counter */
  paymentMethod: z.enum(['none', 'counter']).default('none'),
})
export type CreateBookingBody = z.infer<typeof CreateBookingSchema>

export const CancelBookingSchema = z.strictObject({ reason: z.string().trim().max(500).optional() }).optional()
