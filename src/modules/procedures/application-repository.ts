/**
 * SQL for applications and their status history. Every function takes the caller's
 * transaction (bound to a tenant by withTenant, so RLS applies).
 */
import type { Transaction, Updateable } from 'kysely'
import type { Database } from '../../platform/db/schema.js'
import { proceduresDb, type Application, type ApplicationEvent, type ApplicationStatus, type ApplicationsTable } from './procedure-tables.js'
import { allowedFrom, statusAfter, type ApplicationAction } from './application-lifecycle.js'

type Trx = Transaction<Database>

export async function findApplication(trx: Trx, tenantId: string, id: string): Promise<Application | undefined> {
  return proceduresDb(trx).selectFrom('applications').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

/** Locks the row for the rest of the transaction (decisions, payments and approvals race). */
export async function findApplicationForUpdate(trx: Trx, tenantId: string, id: string): Promise<Application | undefined> {
  return proceduresDb(trx).selectFrom('applications').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function findApplicationByReceipt(trx: Trx, tenantId: string, receiptNumber: string): Promise<Application | undefined> {
  return proceduresDb(trx).selectFrom('applications').selectAll().where('tenantId', '=', tenantId).where('receiptNumber', '=', receiptNumber).executeTakeFirst()
}

export interface EventActor {
  actorType: 'resident' | 'staff' | 'system' | 'api'
  actorId: string | null
}

/**
 * Moves an application along the state machine: a guarded UPDATE (`WHERE status IN (allowed)`)
 * plus one status-history row. Returns undefined when the application was not in a state the
 * action allows (someone else acted first, or a stale page) — callers turn that into a 409.
 */
export async function transitionApplication(
  trx: Trx,
  tenantId: string,
  input: {
    id: string
    action: ApplicationAction
    actor: EventActor
    decision?: 'approved' | 'rejected'
    patch?: Updateable<ApplicationsTable>
    /** Shown to the resident in the status history (差戻し reason, decision reason). */
    message?: string | null
  },
): Promise<Application | undefined> {
  const db = proceduresDb(trx)
  const current = await findApplicationForUpdate(trx, tenantId, input.id)
  if (!current || !allowedFrom(input.action).includes(current.status)) return undefined
  const to: ApplicationStatus = statusAfter(input.action, current.status, input.decision)
  const updated = await db
    .updateTable('applications')
    .set({ ...input.patch, status: to, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', input.id)
    .where('status', '=', current.status)
    .returningAll()
    .executeTakeFirst()
  if (!updated) return undefined
  await recordApplicationEvent(trx, tenantId, { applicationId: input.id, fromStatus: current.status, toStatus: to, action: input.action, actor: input.actor, message: input.message ?? null })
  return updated
}

export async function recordApplicationEvent(
  trx: Trx,
  tenantId: string,
  event: { applicationId: string; fromStatus: ApplicationStatus | null; toStatus: ApplicationStatus; action: string; actor: EventActor; message?: string | null },
): Promise<void> {
  await proceduresDb(trx)
    .insertInto('applicationEvents')
    .values({
      tenantId,
      applicationId: event.applicationId,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      action: event.action,
      actorType: event.actor.actorType,
      actorId: event.actor.actorId,
      message: event.message ?? null,
    })
    .execute()
}

export async function listApplicationEvents(trx: Trx, tenantId: string, applicationId: string): Promise<ApplicationEvent[]> {
  return proceduresDb(trx)
    .selectFrom('applicationEvents')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('applicationId', '=', applicationId)
    .orderBy('occurredAt')
    .orderBy('createdAt')
    .execute()
}
