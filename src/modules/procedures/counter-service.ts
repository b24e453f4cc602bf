/**
 * Counter-assisted applications (代理入力, the first step towards 書かない窓口): a staff member
 * fills a procedure for a resident who is present, after checking their identity; the resident
 * confirms the answers on the screen (a tablet at the counter) before it is submitted. The
 * application records channel 'counter', the staff member and how identity was checked.
 */
import { z } from 'zod'
import type { Platform } from '../../platform/platform.js'
import type { StaffPrincipal } from '../../platform/http/types.js'
import { withTenant } from '../../platform/db/tenant-context.js'
import { recordAudit } from '../../platform/audit/audit-log.js'
import { hasPermission } from '../../platform/auth/permissions.js'
import { forbidden } from '../../platform/errors.js'
import { proceduresDb, type Application } from './procedure-tables.js'
import { findApplicationForUpdate } from './application-repository.js'
import { findProcedureRef, findVersion, listPublishedProcedures, type CatalogueEntry } from './procedure-repository.js'
import { findPublished, finalizeSubmission, publishedForApplication } from './application-service.js'
import type { FormPage } from './form/form-definition.js'
import type { Answers } from './form/form-answers.js'
import { applicationNotFound, applicationStateChanged, procedureNotFound } from './procedure-errors.js'

export const IDENTITY_CHECKS = ['my-number-card', 'driving-licence', 'passport', 'residence-card', 'health-insurance-card', 'other'] as const

export const StartCounterSchema = z.object({
  procedure: z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, 'procedures.counter.errors.procedure'),
  identityCheck: z.enum(IDENTITY_CHECKS, 'procedures.counter.errors.identityCheck'),
  residentEmail: z.union([z.literal(''), z.email('procedures.counter.errors.email').max(254)]).default(''),
})
export type StartCounterInput = z.infer<typeof StartCounterSchema>

export function createCounterService(platform: Platform) {
  const { db } = platform.database

  function requireDepartment(staff: StaffPrincipal, departmentId: string | null) {
    if (!hasPermission(staff.assignments, 'procedures.process', departmentId)) throw forbidden('AUTH.PERMISSION_DENIED')
  }

  async function loadCounterApplication(tenantId: string, staff: StaffPrincipal, applicationId: string) {
    return withTenant(db, tenantId, async trx => {
      const application = await proceduresDb(trx).selectFrom('applications').selectAll().where('tenantId', '=', tenantId).where('id', '=', applicationId).executeTakeFirst()
      if (!application || application.channel !== 'counter' || application.enteredByStaffId !== staff.id) throw applicationNotFound()
      const version = await findVersion(trx, tenantId, application.versionId)
      const procedure = await findProcedureRef(trx, tenantId, { id: application.procedureId })
      if (!version || !procedure) throw applicationNotFound()
      requireDepartment(staff, procedure.departmentId)
      return { application, version, document: version.document }
    })
  }

  return {
    async listProcedures(tenantId: string): Promise<CatalogueEntry[]> {
      return withTenant(db, tenantId, trx => listPublishedProcedures(trx, tenantId))
    },

    /** Opens a counter application; links it to the resident's online account when their email is known. */
    async startCounterApplication(tenantId: string, staff: StaffPrincipal, input: StartCounterInput, requestId: string): Promise<Application> {
      return withTenant(db, tenantId, async trx => {
        const published = await findPublished(trx, tenantId, input.procedure)
        if (!published) throw procedureNotFound()
        requireDepartment(staff, published.departmentId)
        const resident = input.residentEmail
          ? await trx.selectFrom('residents').select('id').where('tenantId', '=', tenantId).where('email', '=', input.residentEmail.toLowerCase()).executeTakeFirst()
          : undefined
        const application = await proceduresDb(trx)
          .insertInto('applications')
          .values({
            tenantId,
            procedureId: published.procedureId,
            versionId: published.version.id,
            residentId: resident?.id ?? null,
            answers: '{}',
            feeLines: '[]',
            channel: 'counter',
            enteredByStaffId: staff.id,
            currentPage: published.document.form.pages[0]?.id ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        await recordAudit(trx, tenantId, {
          actor: { type: 'staff', id: staff.id },
          action: 'application.counter-start',
          subjectType: 'application',
          subjectId: application.id,
          details: { procedure: input.procedure, identityCheck: input.identityCheck, linkedResident: Boolean(resident) },
          requestId,
        })
        return application
      })
    },

    getCounterApplication: loadCounterApplication,

    async saveCounterPage(tenantId: string, staff: StaffPrincipal, applicationId: string, page: FormPage, values: Answers, nextPage: string | null): Promise<void> {
      const { application } = await loadCounterApplication(tenantId, staff, applicationId)
      if (application.status !== 'draft') throw applicationStateChanged()
      const answers: Answers = { ...application.answers }
      for (const element of page.elements) delete answers[element.id]
      Object.assign(answers, values)
      await withTenant(db, tenantId, trx =>
        proceduresDb(trx).updateTable('applications').set({ answers: JSON.stringify(answers), currentPage: nextPage, updatedAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', applicationId).where('status', '=', 'draft').execute(),
      )
    },

    /** Submits after the resident confirmed on screen; idempotent like the online submit. */
    async submitCounterApplication(tenantId: string, staff: StaffPrincipal, applicationId: string, requestId: string): Promise<Application> {
      await loadCounterApplication(tenantId, staff, applicationId)
      return withTenant(db, tenantId, async trx => {
        const application = await findApplicationForUpdate(trx, tenantId, applicationId)
        if (!application) throw applicationNotFound()
        if (application.status !== 'draft') return application
        const published = await publishedForApplication(trx, tenantId, application)
        const submitted = await finalizeSubmission(platform, trx, tenantId, application, published, { channel: 'counter', actor: { actorType: 'staff', actorId: staff.id }, residentId: application.residentId, enteredByStaffId: staff.id })
        await recordAudit(trx, tenantId, { actor: { type: 'staff', id: staff.id }, action: 'application.counter-submit', subjectType: 'application', subjectId: application.id, details: { receiptNumber: submitted.receiptNumber }, requestId })
        return submitted
      })
    },
  }
}
