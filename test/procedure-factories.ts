import { readFileSync } from 'node:fs'
import type { Platform } from '../src/platform/platform.js'
import type { TenantContext } from '../src/platform/tenancy/tenant-service.js'
import { withTenant } from '../src/platform/db/tenant-context.js'
import { parseProcedureDocument, type ProcedureDocument, type ProcedureDocumentInput } from '../src/modules/procedures/form/form-definition.js'
import { insertProcedure, publishDraft } from '../src/modules/procedures/procedure-repository.js'
import { createTestDepartment } from './factories.js'

/** A template document (src/modules/procedures/templates/<slug>.json), parsed. */
export function templateDocument(slug: string): ProcedureDocument {
  const parsed = parseProcedureDocument(JSON.parse(readFileSync(new URL(`../src/modules/procedures/templates/${slug}.json`, import.meta.url), 'utf8')))
  if (!parsed.ok) throw new Error(`template ${slug}: ${JSON.stringify(parsed.issues)}`)
  return parsed.document
}

/** Parses a document written in a test (defaults filled in), failing loudly on mistakes. */
export function procedureDocument(input: ProcedureDocumentInput): ProcedureDocument {
  const parsed = parseProcedureDocument(input)
  if (!parsed.ok) throw new Error(`test procedure: ${JSON.stringify(parsed.issues)}`)
  return parsed.document
}

/**
 * Inserts and publishes a procedure (version 1). Creates its department when the document
 * routes to one that the tenant does not have yet.
 */
export async function publishTestProcedure(platform: Platform, tenant: TenantContext, doc: ProcedureDocument) {
  let departmentId: string | undefined
  if (doc.departmentCode) {
    const existing = await withTenant(platform.database.db, tenant.id, trx => trx.selectFrom('departments').select('id').where('tenantId', '=', tenant.id).where('code', '=', doc.departmentCode as string).executeTakeFirst())
    departmentId = existing?.id ?? (await createTestDepartment(platform, tenant, doc.departmentCode, `${doc.departmentCode}課`)).id
  }
  return withTenant(platform.database.db, tenant.id, async trx => {
    const procedure = await insertProcedure(trx, tenant.id, doc, null)
    const version = await publishDraft(trx, tenant.id, procedure.id, null)
    return { procedure, version, departmentId }
  })
}
