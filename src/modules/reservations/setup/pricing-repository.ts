/** SQL of purposes (利用目的) and fee exemptions (減免). */
import type { Executor } from '../../../platform/db/tenant-context.js'
import type { FeeExemption, Purpose } from '../reservation-tables.js'
import type { ExemptionValues, PurposeValues } from './pricing-form.js'
import { rdb } from './setup-db.js'

export async function listPurposes(executor: Executor, tenantId: string): Promise<Purpose[]> {
  return rdb(executor).selectFrom('reservationPurposes').selectAll().where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
}

export async function findPurpose(executor: Executor, tenantId: string, code: string): Promise<Purpose | undefined> {
  return rdb(executor).selectFrom('reservationPurposes').selectAll().where('tenantId', '=', tenantId).where('code', '=', code).executeTakeFirst()
}

export async function insertPurpose(executor: Executor, tenantId: string, values: PurposeValues): Promise<Purpose> {
  return rdb(executor)
    .insertInto('reservationPurposes')
    .values({ tenantId, code: values.code, names: JSON.stringify(values.names), feePercent: values.feePercent, sortOrder: values.sortOrder })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updatePurpose(executor: Executor, tenantId: string, code: string, values: PurposeValues): Promise<Purpose | undefined> {
  return rdb(executor)
    .updateTable('reservationPurposes')
    .set({ names: JSON.stringify(values.names), feePercent: values.feePercent, sortOrder: values.sortOrder, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('code', '=', code)
    .returningAll()
    .executeTakeFirst()
}

/** Bookings and lottery entries that name the purpose, and resources that allow it. */
export async function countPurposeUsage(executor: Executor, tenantId: string, code: string): Promise<{ bookings: number; resources: number }> {
  const db = rdb(executor)
  const bookings = await db.selectFrom('reservations').select(eb => eb.fn.countAll<string>().as('count')).where('tenantId', '=', tenantId).where('purposeCode', '=', code).executeTakeFirstOrThrow()
  const entries = await db.selectFrom('reservationLotteryEntries').select(eb => eb.fn.countAll<string>().as('count')).where('tenantId', '=', tenantId).where('purposeCode', '=', code).executeTakeFirstOrThrow()
  const resources = await db.selectFrom('reservationResources').select(eb => eb.fn.countAll<string>().as('count')).where('tenantId', '=', tenantId).where(eb => eb(eb.val(code), '=', eb.fn.any('purposes'))).executeTakeFirstOrThrow()
  return { bookings: Number(bookings.count) + Number(entries.count), resources: Number(resources.count) }
}

export async function deletePurpose(executor: Executor, tenantId: string, code: string): Promise<boolean> {
  const deleted = await rdb(executor).deleteFrom('reservationPurposes').where('tenantId', '=', tenantId).where('code', '=', code).executeTakeFirst()
  return Number(deleted.numDeletedRows) > 0
}

export async function listExemptions(executor: Executor, tenantId: string): Promise<FeeExemption[]> {
  return rdb(executor).selectFrom('reservationFeeExemptions').selectAll().where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
}

export async function findExemption(executor: Executor, tenantId: string, code: string): Promise<FeeExemption | undefined> {
  return rdb(executor).selectFrom('reservationFeeExemptions').selectAll().where('tenantId', '=', tenantId).where('code', '=', code).executeTakeFirst()
}

const exemptionColumns = (values: ExemptionValues) => ({ names: JSON.stringify(values.names), proofNotes: JSON.stringify(values.proofNotes), percentOff: values.percentOff, isGroupOnly: values.isGroupOnly, sortOrder: values.sortOrder })

export async function insertExemption(executor: Executor, tenantId: string, values: ExemptionValues): Promise<FeeExemption> {
  return rdb(executor)
    .insertInto('reservationFeeExemptions')
    .values({ tenantId, code: values.code, ...exemptionColumns(values) })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updateExemption(executor: Executor, tenantId: string, code: string, values: ExemptionValues): Promise<FeeExemption | undefined> {
  return rdb(executor)
    .updateTable('reservationFeeExemptions')
    .set({ ...exemptionColumns(values), updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('code', '=', code)
    .returningAll()
    .executeTakeFirst()
}

/** Bookings that used the exemption and groups that hold it. */
export async function countExemptionUsage(executor: Executor, tenantId: string, code: string): Promise<{ bookings: number; groups: number }> {
  const db = rdb(executor)
  const bookings = await db.selectFrom('reservations').select(eb => eb.fn.countAll<string>().as('count')).where('tenantId', '=', tenantId).where('exemptionCode', '=', code).executeTakeFirstOrThrow()
  const groups = await db.selectFrom('reservationGroups').select(eb => eb.fn.countAll<string>().as('count')).where('tenantId', '=', tenantId).where('exemptionCode', '=', code).executeTakeFirstOrThrow()
  return { bookings: Number(bookings.count), groups: Number(groups.count) }
}

export async function deleteExemption(executor: Executor, tenantId: string, code: string): Promise<boolean> {
  const deleted = await rdb(executor).deleteFrom('reservationFeeExemptions').where('tenantId', '=', tenantId).where('code', '=', code).executeTakeFirst()
  return Number(deleted.numDeletedRows) > 0
}
