/**
 * The procedures API's reads and its one write. Submission is the application service's
 * `submitAnswers` (validation, fee, 受付番号, idempotency, all in one transaction); this file
 * adds what is particular to API clients: keys scoped per API key, and answers shaped for JSON.
 */
import type { Platform } from '../../../platform/platform.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { ApiKeyPrincipal } from '../../../platform/auth/api-keys/index.js'
import { createApplicationService, findPublished, isOpenForApplications, requestHashOf } from '../application-service.js'
import { findApplicationByReceipt, listApplicationEvents } from '../application-repository.js'
import { findProcedureRef, findVersion, listPublishedProcedures } from '../procedure-repository.js'
import { applicationNotFound, procedureNotFound } from '../procedure-errors.js'
import { normalizeReceiptNumber } from '../receipt-number.js'
import type { Application } from '../procedure-tables.js'
import type { ProcedureDocument } from '../form/form-definition.js'
import { SLUG_PATTERN, type CatalogueQuery, type SubmitApplicationBody } from './procedures-api-schemas.js'
import {
  applicationStatus,
  procedureDetail,
  procedureSummary,
  submissionResponse,
  type ApplicationStatusJson,
  type ProcedureDetailJson,
  type ProcedureSummaryJson,
  type SubmissionJson,
} from './procedures-api-views.js'

export interface ApiSubmission {
  body: SubmissionJson
  /** True when an earlier request with the same key and body already created it. */
  replayed: boolean
}

/** Postgres unique_violation: two concurrent first tries of one Idempotency-Key. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
}

/**
 * Idempotency keys are the client's own, so they are kept per API key: two kiosks that happen to
 * choose the same key never see each other's applications.
 */
export function scopedIdempotencyKey(apiKeyId: string, clientKey: string): string {
  return `api:${apiKeyId}:${clientKey}`
}

export function createProceduresApiService(platform: Platform) {
  const { db } = platform.database
  const applications = createApplicationService(platform)

  /** The slug and version number of an application's procedure (for responses). */
  async function procedureOf(tenantId: string, application: Application): Promise<{ slug: string; version: number; document: ProcedureDocument }> {
    return withTenant(db, tenantId, async trx => {
      const version = await findVersion(trx, tenantId, application.versionId)
      const procedure = await findProcedureRef(trx, tenantId, { id: application.procedureId })
      if (!version || !procedure) throw applicationNotFound()
      return { slug: procedure.slug, version: version.version, document: version.document }
    })
  }

  return {
    /** The published catalogue, filtered by a search phrase, category or life event. */
    async listCatalogue(tenantId: string, query: CatalogueQuery, now = new Date()): Promise<ProcedureSummaryJson[]> {
      const entries = await withTenant(db, tenantId, trx => listPublishedProcedures(trx, tenantId, { query: query.q || undefined, category: query.category, lifeEvent: query.lifeEvent }))
      return entries.map(e => procedureSummary(e.slug, e.version, e.document, isOpenForApplications(e.document, now)))
    },

    /** One published procedure with the JSON Schema and UI schema its answers are checked against. */
    async getProcedureForm(tenantId: string, slug: string, now = new Date()): Promise<ProcedureDetailJson> {
      if (!SLUG_PATTERN.test(slug)) throw procedureNotFound()
      const published = await withTenant(db, tenantId, trx => findPublished(trx, tenantId, slug))
      if (!published) throw procedureNotFound()
      const { version, document } = published
      return procedureDetail(procedureSummary(slug, version.version, document, isOpenForApplications(document, now)), document, version)
    },

    /**
     * Creates and submits an application from complete answers. Nothing is stored unless it
     * succeeds: validation, version and idempotency failures roll the one transaction back.
     */
    async submitApplication(tenant: { id: string; slug: string }, apiKey: ApiKeyPrincipal, body: SubmitApplicationBody, rawBody: unknown, idempotencyKey: string): Promise<ApiSubmission> {
      const input = {
        slug: body.procedure,
        version: body.version,
        answers: body.answers,
        channel: 'api' as const,
        actor: { actorType: 'api' as const, actorId: apiKey.id },
        residentId: null,
        apiKeyId: apiKey.id,
        idempotencyKey: scopedIdempotencyKey(apiKey.id, idempotencyKey),
        requestHash: requestHashOf(rawBody),
      }
      let outcome
      try {
        outcome = await applications.submitAnswers(tenant.id, input)
      } catch (error) {
        // A concurrent first try with the same key won the insert: this one is now its replay.
        if (!isUniqueViolation(error)) throw error
        outcome = await applications.submitAnswers(tenant.id, input)
      }
      const procedure = outcome.procedure ?? (await procedureOf(tenant.id, outcome.application))
      const receipt = outcome.application.receiptNumber ?? ''
      return { body: submissionResponse(outcome.application, procedure, statusPath(tenant.slug, receipt)), replayed: outcome.replayed }
    },

    /** An application sent with this API key, by 受付番号; anyone else's is 404. */
    async getApplicationStatus(tenantId: string, apiKey: ApiKeyPrincipal, receiptText: string): Promise<ApplicationStatusJson> {
      const receiptNumber = normalizeReceiptNumber(receiptText)
      if (!receiptNumber) throw applicationNotFound()
      return withTenant(db, tenantId, async trx => {
        const application = await findApplicationByReceipt(trx, tenantId, receiptNumber)
        if (!application || application.apiKeyId !== apiKey.id) throw applicationNotFound()
        const version = await findVersion(trx, tenantId, application.versionId)
        const procedure = await findProcedureRef(trx, tenantId, { id: application.procedureId })
        if (!version || !procedure) throw applicationNotFound()
        const events = await listApplicationEvents(trx, tenantId, application.id)
        return applicationStatus(application, { slug: procedure.slug, version: version.version, document: version.document }, events)
      })
    },
  }
}
export type ProceduresApiService = ReturnType<typeof createProceduresApiService>

export function statusPath(tenantSlug: string, receiptNumber: string): string {
  return `/api/v1/${tenantSlug}/applications/${receiptNumber}`
}
