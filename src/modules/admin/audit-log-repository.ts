import type { Executor } from '../../platform/db/tenant-context.js'
import type { ActorType } from '../../platform/db/schema.js'
import { escapeLikePattern } from './admin-rules.js'

/** Reads of the platform's audit_log (append-only: the admin module never writes it except through recordAudit). */

export interface AuditEntryRow {
  seq: number
  occurredAt: Date
  actorType: ActorType
  actorId: string | null
  action: string
  subjectType: string | null
  subjectId: string | null
  requestId: string | null
}

export function listAuditEntries(trx: Executor, tenantId: string, filter: { actionPrefix: string; offset: number; limit: number }): Promise<AuditEntryRow[]> {
  let query = trx
    .selectFrom('auditLog')
    .select(['seq', 'occurredAt', 'actorType', 'actorId', 'action', 'subjectType', 'subjectId', 'requestId'])
    .where('tenantId', '=', tenantId)
  if (filter.actionPrefix) query = query.where('action', 'like', `${escapeLikePattern(filter.actionPrefix)}%`)
  return query.orderBy('seq', 'desc').offset(filter.offset).limit(filter.limit).execute()
}

export async function countAuditEntries(trx: Executor, tenantId: string, actionPrefix: string): Promise<number> {
  let query = trx.selectFrom('auditLog').select(eb => eb.fn.countAll<number>().as('count')).where('tenantId', '=', tenantId)
  if (actionPrefix) query = query.where('action', 'like', `${escapeLikePattern(actionPrefix)}%`)
  const row = await query.executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Display names of the staff who appear as actors on a page. */
export async function listStaffNames(trx: Executor, tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await trx.selectFrom('staffUsers').select(['id', 'displayName']).where('tenantId', '=', tenantId).where('id', 'in', [...ids]).execute()
  return new Map(rows.map(r => [r.id, r.displayName]))
}
