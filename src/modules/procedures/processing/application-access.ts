/**
 * Reading one application on behalf of a staff member: unknown ids, drafts and applications
 * of departments they do not process for are all "not found" (existence is not revealed).
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { StaffPrincipal } from '../../../platform/http/types.js'
import { findApplication, findApplicationForUpdate } from '../application-repository.js'
import { findVersion } from '../procedure-repository.js'
import type { Application } from '../procedure-tables.js'
import { canProcessApplication } from './access-rules.js'
import type { DecisionSnapshot } from './decision-effects.js'
import { findApplicationContext } from './detail-repository.js'
import { applicationNotFound } from './processing-errors.js'

type Trx = Transaction<Database>

/** `get*`: the application when the staff member processes for its department; else NOT_FOUND. */
export async function getAccessibleApplication(trx: Trx, tenantId: string, actor: StaffPrincipal, id: string, options: { forUpdate?: boolean } = {}): Promise<Application> {
  const application = options.forUpdate ? await findApplicationForUpdate(trx, tenantId, id) : await findApplication(trx, tenantId, id)
  if (!application || application.status === 'draft' || !canProcessApplication(actor.assignments, application.departmentId)) throw applicationNotFound()
  return application
}

/** The application with its frozen procedure version and its department / resident context. */
export async function getApplicationSnapshot(trx: Trx, tenantId: string, actor: StaffPrincipal, id: string, options: { forUpdate?: boolean } = {}): Promise<DecisionSnapshot> {
  const application = await getAccessibleApplication(trx, tenantId, actor, id, options)
  const version = await findVersion(trx, tenantId, application.versionId)
  // The foreign key makes the version exist; a missing one would be a broken database.
  if (!version) throw new Error(`application ${id} has no procedure version`)
  const context = await findApplicationContext(trx, tenantId, application)
  return { application, document: version.document, context }
}

/** Optimistic check: the application is unchanged since it was read for a notice or a page. */
export function isUnchanged(before: Application, now: Application): boolean {
  return before.updatedAt.getTime() === now.updatedAt.getTime() && before.status === now.status
}
