import { recordAudit } from '../../platform/audit/audit-log.js'
import { withTenant, type Db } from '../../platform/db/tenant-context.js'
import { requirePermission, type AdminRequest } from './admin-context.js'
import { isUuid } from './admin-forms.js'
import { pageCountOf } from './admin-rules.js'
import { countAuditEntries, listAuditEntries, listStaffNames, type AuditEntryRow } from './audit-log-repository.js'

export const AUDIT_PAGE_SIZE = 50

export interface AuditEntryView extends AuditEntryRow {
  /** the staff member's display name when the actor is staff */
  actorName?: string
}

/** Reading the audit log; every reading is itself recorded in it. */
export function createAuditLogService({ db }: { db: Db }) {
  return {
    /** `list*`: newest first, 50 a page, optionally only actions starting with a prefix. */
    async listAuditLog({ tenant, actor, requestId }: AdminRequest, query: { page: number; actionPrefix: string }) {
      requirePermission(actor, 'audit.read')
      return withTenant(db, tenant.id, async trx => {
        // Recorded first and in the same transaction: no reading without its trace.
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'admin.read-audit-log',
          details: { page: query.page, actionPrefix: query.actionPrefix || undefined },
          requestId,
        })
        const total = await countAuditEntries(trx, tenant.id, query.actionPrefix)
        const pageCount = pageCountOf(total, AUDIT_PAGE_SIZE)
        const page = Math.min(query.page, pageCount)
        const rows = await listAuditEntries(trx, tenant.id, { actionPrefix: query.actionPrefix, offset: (page - 1) * AUDIT_PAGE_SIZE, limit: AUDIT_PAGE_SIZE })
        const staffIds = [...new Set(rows.filter(r => r.actorType === 'staff' && isUuid(r.actorId)).map(r => r.actorId as string))]
        const names = await listStaffNames(trx, tenant.id, staffIds)
        const entries: AuditEntryView[] = rows.map(r => ({ ...r, actorName: r.actorId ? names.get(r.actorId) : undefined }))
        return { entries, total, page, pageCount }
      })
    },
  }
}
export type AuditLogService = ReturnType<typeof createAuditLogService>
