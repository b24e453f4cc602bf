import { z } from 'zod'
import { API_KEY_SCOPES } from './api-key-format.js'

/** Control characters and angle brackets have no place in a name shown across the console. */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f<>]/

/**
 * The staff form that creates a key. Messages are catalog keys (`apiKeys.errors.*`). The expiry
 * is a date (the key stops working at the end of that day, Asia/Tokyo) and must be in the future.
 */
export function createApiKeySchema(today: string) {
  return z.object({
    name: z
      .string()
      .transform(v => v.normalize('NFKC').trim())
      .pipe(
        z
          .string()
          .min(1, { message: 'apiKeys.errors.nameRequired' })
          .max(100, { message: 'apiKeys.errors.nameTooLong' })
          .refine(v => !UNSAFE_CHARACTERS.test(v), { message: 'apiKeys.errors.nameCharacters' }),
      ),
    scopes: z.array(z.enum(API_KEY_SCOPES, { message: 'apiKeys.errors.scopesRequired' })).min(1, { message: 'apiKeys.errors.scopesRequired' }),
    expiresOn: z
      .string()
      .trim()
      .refine(v => v === '' || isIsoDate(v), { message: 'apiKeys.errors.expiryFormat' })
      .refine(v => v === '' || v > today, { message: 'apiKeys.errors.expiryPast' })
      .transform(v => (v === '' ? null : v)),
    rateLimitPerMinute: z
      .string()
      .trim()
      .transform(v => (v === '' ? '120' : v.normalize('NFKC')))
      .pipe(z.string().regex(/^[0-9]{1,5}$/, { message: 'apiKeys.errors.rateLimit' }).transform(Number))
      .pipe(z.number().int().min(1, { message: 'apiKeys.errors.rateLimit' }).max(10_000, { message: 'apiKeys.errors.rateLimit' })),
  })
}
export type CreateApiKeyInput = z.infer<ReturnType<typeof createApiKeySchema>>

export const API_KEY_FIELDS = ['name', 'scopes', 'expiresOn', 'rateLimitPerMinute'] as const

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
}

/** The end of a Tokyo calendar day as an instant: a key "valid until 2026-03-31" works all that day. */
export function endOfTokyoDay(isoDate: string): Date {
  return new Date(new Date(`${isoDate}T00:00:00+09:00`).getTime() + 24 * 60 * 60 * 1000)
}

/** The calendar date in Asia/Tokyo. */
export function tokyoDate(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(now)
}
