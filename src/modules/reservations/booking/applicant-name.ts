/**
 * The name a booking is made in (印刷される氏名). A resident who logged in with the My Number card
 * has their name from the card; one who logged in by email has none, so the booking, lottery entry
 * and waitlist forms ask for it once and keep it on the account, where lottery wins and waitlist
 * claims made later (without a form) find it.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { CONTROL_CHARACTERS } from '../../../platform/http/form-values.js'

export const APPLICANT_NAME_MAX = 100

/** Catalog keys of the name field and its problems (booking-catalog.ts), shared by every form that asks. */
export const APPLICANT_NAME_KEYS = {
  label: 'reservations.booking.form.applicantName',
  hint: 'reservations.booking.form.applicantNameHint',
  required: 'reservations.booking.errors.applicantNameRequired',
  invalid: 'reservations.booking.errors.applicantNameInvalid',
} as const

/**
 * A typed name, NFC-normalised and trimmed. `problem` is a catalog key when the name is too long,
 * has control characters, or is missing while the account has no name of its own.
 */
export function readApplicantName(raw: unknown, accountName: string): { name: string; problem?: string } {
  const name = (typeof raw === 'string' ? raw : '').normalize('NFC').trim()
  if ([...name].length > APPLICANT_NAME_MAX || CONTROL_CHARACTERS.test(name)) return { name, problem: APPLICANT_NAME_KEYS.invalid }
  if (!accountName && !name) return { name, problem: APPLICANT_NAME_KEYS.required }
  return { name }
}

/** Keeps a typed name on an account that has none; an account's own name is never replaced. */
export async function rememberApplicantName(trx: Transaction<Database>, tenantId: string, residentId: string, name: string): Promise<void> {
  if (!name) return
  await trx.updateTable('residents').set({ displayName: name, updatedAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', residentId).where('displayName', '=', '').execute()
}
