import { z } from 'zod'
import { LOCALES } from '../i18n/i18n.js'

/** Per-municipality settings: differences between municipalities live here, never in `if`s. */
export const FEATURES = ['procedures', 'notifications', 'reservations', 'disaster'] as const

export const TenantSettingsSchema = z.object({
  brandColour: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #0031d8')
    .default('#0031d8'),
  logoUrl: z
    .string()
    .regex(/^(\/static\/|https:\/\/)[^\s"'<>]*$/, 'must be /static/… or https://…')
    .optional(),
  languages: z.array(z.enum(LOCALES)).min(1).default(['ja', 'ja-easy', 'en']),
  features: z.array(z.enum(FEATURES)).default([]),
  contact: z
    .object({
      department: z.string().max(100).default(''),
      phone: z.string().max(30).default(''),
      email: z.string().max(254).default(''),
      address: z.string().max(300).default(''),
      hours: z.string().max(200).default(''),
    })
    .default({ department: '', phone: '', email: '', address: '', hours: '' }),
  /** Text of the site-wide emergency banner; empty means no banner. Disaster mode sets it. */
  emergencyBanner: z.string().max(500).default(''),
  /**
   * 災害モード: 'active' turns the portal into the emergency page and pauses non-urgent sends;
   * 'training' runs the same flow marked 訓練 without reaching residents. Set only by the disaster
   * module's switch (which records who, why and the scope); `since` is an ISO time.
   */
  disasterMode: z
    .object({ state: z.enum(['off', 'active', 'training']).default('off'), since: z.string().max(40).default('') })
    .default({ state: 'off', since: '' }),
})
export type TenantSettings = z.infer<typeof TenantSettingsSchema>

/** Reads stored settings tolerantly: unknown keys are dropped, missing keys take defaults. */
export function parseTenantSettings(value: unknown): TenantSettings {
  const parsed = TenantSettingsSchema.safeParse(value ?? {})
  return parsed.success ? parsed.data : TenantSettingsSchema.parse({})
}
