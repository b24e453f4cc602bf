import { recordAudit } from '../../platform/audit/audit-log.js'
import { withTenant, type Db } from '../../platform/db/tenant-context.js'
import { requirePermission, type AdminRequest } from './admin-context.js'
import { residentNotFound } from './admin-errors.js'
import { departmentOfAccess } from './admin-rules.js'
import { findResidentBasicInfo, searchResidents, type ResidentBasicInfoRow, type ResidentMatch } from './resident-lookup-repository.js'

export const RESIDENT_SEARCH_LIMIT = 50

/**
 * Staff lookup of residents' 基本4情報. Every search and every reading is audited (who, when,
 * for which department); the search text is not, since it is usually someone's name.
 */
export function createResidentLookupService({ db }: { db: Db }) {
  return {
    /** Names only: one more than the limit is fetched to tell the page there are more. */
    async searchResidents({ tenant, actor, requestId }: AdminRequest, text: string): Promise<{ matches: ResidentMatch[]; hasMore: boolean }> {
      requirePermission(actor, 'residents.read-basic-info')
      return withTenant(db, tenant.id, async trx => {
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'resident.search',
          // the length only: the text is usually someone's name
          details: { queryLength: [...text].length },
          requestId,
        })
        const rows = await searchResidents(trx, tenant.id, text, RESIDENT_SEARCH_LIMIT + 1)
        return { matches: rows.slice(0, RESIDENT_SEARCH_LIMIT), hasMore: rows.length > RESIDENT_SEARCH_LIMIT }
      })
    },

    /** `get*`: the 基本4情報 with provenance; the audit row is written in the same transaction as the read. */
    async getResidentBasicInfo({ tenant, actor, requestId }: AdminRequest, residentId: string): Promise<ResidentBasicInfoRow> {
      requirePermission(actor, 'residents.read-basic-info')
      return withTenant(db, tenant.id, async trx => {
        const resident = await findResidentBasicInfo(trx, tenant.id, residentId)
        if (!resident) throw residentNotFound()
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'resident.read-basic-info',
          subjectType: 'resident',
          subjectId: residentId,
          details: { department: departmentOfAccess(actor.assignments, 'residents.read-basic-info') },
          requestId,
        })
        return resident
      })
    },
  }
}
export type ResidentLookupService = ReturnType<typeof createResidentLookupService>
