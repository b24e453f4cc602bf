/** Reads for the resident's own applications (My page). */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../platform/db/schema.js'
import { proceduresDb } from './procedure-tables.js'
import type { MyApplicationRow, StaffView, DocumentLink } from './my-application-pages.js'

type Trx = Transaction<Database>

export async function listResidentApplications(trx: Trx, tenantId: string, residentId: string): Promise<MyApplicationRow[]> {
  const rows = await proceduresDb(trx)
    .selectFrom('applications as a')
    .innerJoin('procedureVersions as v', join => join.onRef('v.tenantId', '=', 'a.tenantId').onRef('v.id', '=', 'a.versionId'))
    .selectAll('a')
    .select(sql<Record<string, string>>`v.document -> 'title'`.as('title'))
    .where('a.tenantId', '=', tenantId)
    .where('a.residentId', '=', residentId)
    .orderBy('a.updatedAt', 'desc')
    .limit(200)
    .execute()
  return rows.map(({ title, ...application }) => ({ application, title: title as MyApplicationRow['title'] }))
}

/**
 * Which department opened the application and when — from the audit log, where every staff
 * open is recorded (action 'application.view'). Staff names are not shown, departments are.
 */
export async function listStaffViews(trx: Trx, tenantId: string, applicationId: string): Promise<StaffView[]> {
  const rows = await trx
    .selectFrom('auditLog')
    .select(['occurredAt', 'details'])
    .where('tenantId', '=', tenantId)
    .where('subjectType', '=', 'application')
    .where('subjectId', '=', applicationId)
    .where('action', 'in', ['application.view', 'application.reveal-my-number', 'application.export'])
    .orderBy('seq', 'desc')
    .limit(100)
    .execute()
  return rows.map(r => {
    const details = (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as { departmentName?: string }
    return { departmentName: details.departmentName || '—', viewedAt: r.occurredAt }
  })
}

export async function listDocuments(trx: Trx, tenantId: string, applicationId: string): Promise<DocumentLink[]> {
  return proceduresDb(trx)
    .selectFrom('applicationDocuments')
    .select(['id', 'title', 'issuedAt'])
    .where('tenantId', '=', tenantId)
    .where('applicationId', '=', applicationId)
    .where('kind', '=', 'notice')
    .orderBy('issuedAt')
    .execute()
}

export async function findDocument(trx: Trx, tenantId: string, applicationId: string, documentId: string) {
  return proceduresDb(trx)
    .selectFrom('applicationDocuments')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('applicationId', '=', applicationId)
    .where('id', '=', documentId)
    .executeTakeFirst()
}

export async function findDepartmentName(trx: Trx, tenantId: string, departmentId: string | null): Promise<string | undefined> {
  if (!departmentId) return undefined
  const row = await trx.selectFrom('departments').select('name').where('tenantId', '=', tenantId).where('id', '=', departmentId).executeTakeFirst()
  return row?.name
}
