import { z } from 'zod'
import { normalizePostalCode } from '../../jp/postal.js'
import { isValidPhoneNumber, normalizePhoneNumber } from '../../jp/phone.js'
import { normalizeText } from '../../jp/kana.js'

const optionalText = (max: number) =>
  z
    .string()
    .max(1000)
    .transform(v => normalizeText(v))
    .pipe(z.string().max(max, { message: `tooLong:${max}` }))
    .transform(v => (v === '' ? null : v))

/** The resident's contact details form. Messages are i18n keys resolved by the page. */
export const ContactSchema = z.object({
  email: z
    .string()
    .max(254)
    .transform(v => v.trim().toLowerCase())
    .refine(v => v === '' || z.email().safeParse(v).success, { message: 'invalidEmail' })
    .transform(v => (v === '' ? null : v)),
  phone: z
    .string()
    .max(30)
    .refine(v => v.trim() === '' || isValidPhoneNumber(v), { message: 'invalidPhone' })
    .transform(v => (v.trim() === '' ? null : (normalizePhoneNumber(v) ?? null))),
  postalCode: z
    .string()
    .max(20)
    .refine(v => v.trim() === '' || normalizePostalCode(v) !== undefined, { message: 'invalidPostal' })
    .transform(v => (v.trim() === '' ? null : (normalizePostalCode(v) ?? null))),
  addressPrefecture: optionalText(10),
  addressCity: optionalText(50),
  addressTown: optionalText(100),
  // 番地 are written with every kind of dash between digits (１−１, 1ー1); keep one form.
  addressStreet: optionalText(200).transform(v => (v === null ? null : v.replace(/(?<=\d)[‐‑‒–—―−ー－](?=\d)/g, '-'))),
})
export type ContactInput = z.infer<typeof ContactSchema>

/** Field errors as { field: messageKey + params } from a zod error. */
export function contactErrors(error: z.ZodError): Record<string, { key: string; params?: Record<string, number> }> {
  const out: Record<string, { key: string; params?: Record<string, number> }> = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '')
    if (out[field]) continue
    const [key, max] = issue.message.split(':')
    out[field] = max ? { key: `portal.mypage.${key}`, params: { max: Number(max) } } : { key: `portal.mypage.${['invalidEmail', 'invalidPhone', 'invalidPostal'].includes(key) ? key : 'tooLong'}`, params: { max: 200 } }
  }
  return out
}
