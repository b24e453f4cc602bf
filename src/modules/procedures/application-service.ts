/**
 * Applications from the resident's side: start (with prefill), save a page as a draft, check,
 * submit (idempotent), withdraw (取下げ), correct and resubmit after a 差戻し. The submission
 * core (`finalizeSubmission`) is shared with the API and counter-assisted entry.
 */
import { createHash, randomUUID } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../platform/db/schema.js'
import type { Platform } from '../../platform/platform.js'
import { withTenant } from '../../platform/db/tenant-context.js'
import { encryptField } from '../../platform/crypto.js'
import { defineNotificationTemplate } from '../../platform/notify/notify.js'
import { addBusinessDays } from '../../jp/holidays.js'
import { proceduresDb, type Application, type ApplicationChannel, type ProcedureVersion } from './procedure-tables.js'
import { findApplication, findApplicationForUpdate, recordApplicationEvent, transitionApplication, type EventActor } from './application-repository.js'
import { findProcedureRef, findVersion } from './procedure-repository.js'
import { generateReceiptNumber } from './receipt-number.js'
import type { ProcedureDocument, FormPage, Field } from './form/form-definition.js'
import { listFields } from './form/form-definition.js'
import { pruneHiddenAnswers, visiblePages } from './form/form-conditions.js'
import { calculateFee } from './form/form-fees.js'
import { checkAnswersAgainstSchema } from './form/form-json-schema.js'
import { MASKED_MY_NUMBER, normalizeJsonAnswer, tokyoToday, validateAnswers, type AnswerError, type AnswerValue, type Answers, type PersonNameValue } from './form/form-answers.js'
import {
  AnswersInvalidError,
  applicationNotFound,
  applicationStateChanged,
  identityTooWeak,
  idempotencyKeyReused,
  procedureClosed,
  procedureNotFound,
  quotaReached,
  versionMismatch,
} from './procedure-errors.js'

type Trx = Transaction<Database>

export const applicationReceived = defineNotificationTemplate({
  id: 'procedures.application-received',
  subjectKey: 'procedures.notify.received.subject',
  bodyKey: 'procedures.notify.received.body',
  channels: ['inbox', 'email'],
})

export interface ResidentActor {
  id: string
  assurance: 'low' | 'high'
}

export interface PublishedProcedure {
  procedureId: string
  departmentId: string | null
  version: ProcedureVersion
  document: ProcedureDocument
}

export async function findPublished(trx: Trx, tenantId: string, slug: string): Promise<PublishedProcedure | undefined> {
  const procedure = await findProcedureRef(trx, tenantId, { slug })
  if (!procedure || procedure.status !== 'published' || !procedure.publishedVersionId) return undefined
  const version = await findVersion(trx, tenantId, procedure.publishedVersionId)
  if (!version) return undefined
  return { procedureId: procedure.id, departmentId: procedure.departmentId, version, document: version.document }
}

/** Whether the procedure takes applications now (publication period). */
export function isOpenForApplications(doc: ProcedureDocument, now: Date): boolean {
  if (doc.publication.opensAt && now < new Date(doc.publication.opensAt)) return false
  if (doc.publication.closesAt && now >= new Date(doc.publication.closesAt)) return false
  return doc.channels.online
}

function checkIdentity(doc: ProcedureDocument, resident: ResidentActor) {
  if (doc.identityLevel === 'my-number-card' && resident.assurance !== 'high') throw identityTooWeak()
}

/** Values we already hold (once-only): 基本4情報 / contact details, and earlier answers by reuseKey. */
async function prefillAnswers(trx: Trx, tenantId: string, residentId: string, doc: ProcedureDocument): Promise<Answers> {
  const fields = listFields(doc.form)
  const answers: Answers = {}
  const resident = await trx.selectFrom('residents').selectAll().where('tenantId', '=', tenantId).where('id', '=', residentId).executeTakeFirst()
  const basic = await trx.selectFrom('residentBasicInfo').selectAll().where('tenantId', '=', tenantId).where('residentId', '=', residentId).executeTakeFirst()
  const reuse = fields.filter(f => f.reuseKey)
  const previous = reuse.length > 0 ? await previousAnswersByReuseKey(trx, tenantId, residentId) : new Map<string, AnswerValue>()
  for (const field of fields) {
    const value = prefillValue(field, resident, basic) ?? (field.reuseKey ? previous.get(`${field.reuseKey}|${field.type}`) : undefined)
    if (value !== undefined) answers[field.id] = value
  }
  return answers
}

type ResidentRow = { email: string | null; phone: string | null; postalCode: string | null; addressPrefecture: string | null; addressCity: string | null; addressTown: string | null; addressStreet: string | null } | undefined
type BasicRow = { name: string; nameKana: string | null; birthdate: string; address: string } | undefined

function splitName(full: string): { family: string; given: string } {
  const parts = full.replace(/\u3000/g, ' ').trim().split(/\s+/)
  return parts.length >= 2 ? { family: parts[0] as string, given: parts.slice(1).join(' ') } : { family: full.trim(), given: '' }
}

function prefillValue(field: Field, resident: ResidentRow, basic: BasicRow): AnswerValue | undefined {
  switch (field.prefill) {
    case 'name':
    case 'nameKana': {
      if (!basic || field.type !== 'personName') return basic && field.type === 'text' ? basic.name : undefined
      const name = splitName(basic.name)
      const kana = basic.nameKana ? splitName(basic.nameKana) : undefined
      const value: PersonNameValue = { familyName: name.family, givenName: name.given }
      if (kana) Object.assign(value, { familyNameKana: kana.family, givenNameKana: kana.given })
      return value
    }
    case 'address':
      if (field.type !== 'address' || !resident?.postalCode) return undefined
      return { postalCode: resident.postalCode, prefecture: resident.addressPrefecture ?? '', city: resident.addressCity ?? '', town: resident.addressTown ?? '', street: resident.addressStreet ?? '' }
    case 'birthdate':
      return basic?.birthdate
    case 'email':
      return resident?.email ?? undefined
    case 'phone':
      return resident?.phone ?? undefined
    case undefined:
      return undefined
    default: {
      const unreachable: never = field.prefill
      return unreachable
    }
  }
}

async function previousAnswersByReuseKey(trx: Trx, tenantId: string, residentId: string): Promise<Map<string, AnswerValue>> {
  const rows = await proceduresDb(trx)
    .selectFrom('applications as a')
    .innerJoin('procedureVersions as v', join => join.onRef('v.tenantId', '=', 'a.tenantId').onRef('v.id', '=', 'a.versionId'))
    .select(['a.answers', 'v.document'])
    .where('a.tenantId', '=', tenantId)
    .where('a.residentId', '=', residentId)
    .where('a.status', 'not in', ['draft', 'withdrawn'])
    .orderBy('a.submittedAt', 'desc')
    .limit(20)
    .execute()
  const found = new Map<string, AnswerValue>()
  for (const row of rows) {
    for (const field of listFields(row.document.form)) {
      const key = field.reuseKey ? `${field.reuseKey}|${field.type}` : undefined
      // My Number is never reused from answers: only its masked form is stored there.
      if (key && field.type !== 'myNumber' && !found.has(key) && row.answers[field.id] !== undefined) found.set(key, row.answers[field.id] as AnswerValue)
    }
  }
  return found
}

async function countActiveApplications(trx: Trx, tenantId: string, procedureId: string, residentId?: string): Promise<number> {
  let q = proceduresDb(trx)
    .selectFrom('applications')
    .select(sql<number>`count(*)`.as('n'))
    .where('tenantId', '=', tenantId)
    .where('procedureId', '=', procedureId)
    .where('status', 'not in', ['draft', 'withdrawn'])
  if (residentId) q = q.where('residentId', '=', residentId)
  return Number((await q.executeTakeFirstOrThrow()).n)
}

/**
 * Moves My Number answers out of the answers into application_secrets (encrypted) and leaves
 * the masked form behind. Plain digits never reach the answers column.
 */
async function sealMyNumbers(trx: Trx, tenantId: string, applicationId: string, doc: ProcedureDocument, answers: Answers, key: Buffer): Promise<Answers> {
  const sealed: Answers = { ...answers }
  for (const field of listFields(doc.form)) {
    if (field.type !== 'myNumber') continue
    const value = sealed[field.id]
    if (typeof value !== 'string' || MASKED_MY_NUMBER.test(value)) continue
    await proceduresDb(trx)
      .insertInto('applicationSecrets')
      .values({ tenantId, applicationId, fieldPath: field.id, ciphertext: encryptField(key, value) })
      .onConflict(oc => oc.columns(['tenantId', 'applicationId', 'fieldPath']).doUpdateSet({ ciphertext: encryptField(key, value), updatedAt: new Date() }))
      .execute()
    sealed[field.id] = `${'*'.repeat(8)}${value.slice(-4)}`
  }
  return sealed
}

export interface SubmissionInput {
  channel: ApplicationChannel
  actor: EventActor
  residentId: string | null
  enteredByStaffId?: string | null
  apiKeyId?: string | null
  idempotencyKey?: string | null
  requestHash?: string | null
}

export interface SubmissionOutcome {
  application: Application
  /** True when this call found the application already submitted (a retry). */
  replayed: boolean
  /** The procedure it was submitted to (set on a first submission; a replay looks it up). */
  procedure?: { slug: string; version: number; document: ProcedureDocument }
}

/**
 * The submission core: answers are pruned of hidden fields, checked by the field rules (friendly
 * messages) and by Ajv against the JSON Schema frozen with the version (defence against tampered
 * posts), the fee is recalculated, a 受付番号 assigned and the status moved draft → submitted.
 */
export async function finalizeSubmission(platform: Platform, trx: Trx, tenantId: string, application: Application, published: PublishedProcedure, input: SubmissionInput, now = new Date()): Promise<Application> {
  const values = await submissionValues(platform, trx, tenantId, application.id, application.answers, published, input, now)
  const submitted = await transitionApplication(trx, tenantId, { id: application.id, action: 'submit', actor: input.actor, patch: { ...values, currentPage: null } })
  if (!submitted) throw applicationStateChanged()
  await notifyReceived(platform, trx, tenantId, submitted, published)
  return submitted
}

/**
 * Everything a submission stores besides the status: checked, pruned and sealed answers, the
 * recalculated fee, the 受付番号 and the due date. Throws AnswersInvalidError, procedureClosed
 * or quotaReached; writes only the My Number secrets (in the caller's transaction).
 */
async function submissionValues(platform: Platform, trx: Trx, tenantId: string, applicationId: string, rawAnswers: Answers, published: PublishedProcedure, input: SubmissionInput, now: Date) {
  const doc = published.document
  if (!isOpenForApplications(doc, now) && input.channel !== 'counter') throw procedureClosed()
  const ctx = { today: tokyoToday(now) }
  const answers = pruneHiddenAnswers(doc.form, rawAnswers)
  const errors = validateAnswers(doc.form, answers, ctx)
  if (errors.length > 0) throw new AnswersInvalidError(errors)
  const violations = checkAnswersAgainstSchema(published.version.jsonSchema, answers)
  if (violations.length > 0) throw new AnswersInvalidError(violations.map(v => ({ path: v.path.replace(/^\//, '').replace(/\//g, '.') || 'answers', messageKey: 'procedures.validation.tampered', label: { ja: v.path || '回答' } })))
  // Quotas: the advisory lock makes the count and the insert one step per procedure.
  if (doc.quota.maxApplications || doc.quota.maxPerResident) {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${'procedure-quota:' + published.procedureId}))`.execute(trx)
    if (doc.quota.maxApplications && (await countActiveApplications(trx, tenantId, published.procedureId)) >= doc.quota.maxApplications) throw quotaReached()
    if (doc.quota.maxPerResident && input.residentId && (await countActiveApplications(trx, tenantId, published.procedureId, input.residentId)) >= doc.quota.maxPerResident) throw quotaReached()
  }
  const fee = calculateFee(doc.fee, answers)
  const sealed = await sealMyNumbers(trx, tenantId, applicationId, doc, answers, platform.config.dataEncryptionKey)
  return {
    answers: JSON.stringify(sealed),
    receiptNumber: await uniqueReceiptNumber(trx, tenantId),
    submittedAt: now,
    dueAt: new Date(`${addBusinessDays(ctx.today, doc.processingDays)}T08:00:00Z`), // 17:00 JST
    feeYen: fee.totalYen,
    feeLines: JSON.stringify(fee.lines),
    paymentState: fee.totalYen > 0 && doc.fee?.timing === 'on-submission' ? ('due' as const) : ('none' as const),
    departmentId: published.departmentId,
  }
}

async function notifyReceived(platform: Platform, trx: Trx, tenantId: string, submitted: Application, published: PublishedProcedure) {
  if (!submitted.residentId || !submitted.receiptNumber) return
  const tenant = await trx.selectFrom('tenants').select('slug').where('id', '=', tenantId).executeTakeFirstOrThrow()
  await platform.notifier.notify(
    trx,
    tenantId,
    { residentId: submitted.residentId },
    applicationReceived,
    { procedure: published.document.title.ja, receiptNumber: submitted.receiptNumber, fee: submitted.feeYen },
    { idempotencyKey: `application-received:${submitted.id}`, linkUrl: `/${tenant.slug}/applications/${submitted.id}` },
  )
}

async function uniqueReceiptNumber(trx: Trx, tenantId: string): Promise<string> {
  for (;;) {
    const candidate = generateReceiptNumber()
    const clash = await proceduresDb(trx).selectFrom('applications').select('id').where('tenantId', '=', tenantId).where('receiptNumber', '=', candidate).executeTakeFirst()
    if (!clash) return candidate
  }
}

/** A stable hash of a JSON body, to tell a retry from a different request under the same key. */
export function requestHashOf(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(canonical) : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map(k => [k, canonical((value as Record<string, unknown>)[k])])) : value
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex')
}

export function createApplicationService(platform: Platform) {
  const { db } = platform.database

  async function loadOwnApplication(trx: Trx, tenantId: string, residentId: string, applicationId: string) {
    const application = await findApplication(trx, tenantId, applicationId)
    if (!application || application.residentId !== residentId) throw applicationNotFound()
    const version = await findVersion(trx, tenantId, application.versionId)
    if (!version) throw applicationNotFound()
    return { application, version, document: version.document }
  }

  return {
    /**
     * Starts an application, or resumes the resident's open draft of the same procedure (so a
     * second device continues where the first stopped). Drafts start prefilled (once-only).
     */
    async startApplication(tenantId: string, resident: ResidentActor, slug: string, now = new Date()): Promise<Application> {
      return withTenant(db, tenantId, async trx => {
        const published = await findPublished(trx, tenantId, slug)
        if (!published) throw procedureNotFound()
        if (!isOpenForApplications(published.document, now)) throw procedureClosed()
        checkIdentity(published.document, resident)
        const existing = await proceduresDb(trx)
          .selectFrom('applications')
          .selectAll()
          .where('tenantId', '=', tenantId)
          .where('residentId', '=', resident.id)
          .where('procedureId', '=', published.procedureId)
          .where('status', '=', 'draft')
          .orderBy('updatedAt', 'desc')
          .executeTakeFirst()
        if (existing) {
          if (existing.versionId === published.version.id) return existing
          // A newer version was published since: carry the answers over; the rules re-check them.
          const carried = pruneToForm(published.document, existing.answers)
          return proceduresDb(trx).updateTable('applications').set({ versionId: published.version.id, answers: JSON.stringify(carried), updatedAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow()
        }
        const answers = await prefillAnswers(trx, tenantId, resident.id, published.document)
        const firstPage = published.document.form.pages[0]?.id ?? null
        return proceduresDb(trx)
          .insertInto('applications')
          .values({ tenantId, procedureId: published.procedureId, versionId: published.version.id, residentId: resident.id, answers: JSON.stringify(answers), feeLines: '[]', currentPage: firstPage, channel: 'online' })
          .returningAll()
          .executeTakeFirstOrThrow()
      })
    },

    /** The resident's own application with its frozen version (404 for anyone else's). */
    async getOwnApplication(tenantId: string, residentId: string, applicationId: string) {
      return withTenant(db, tenantId, trx => loadOwnApplication(trx, tenantId, residentId, applicationId))
    },

    /** Saves a page's answers (draft, or correcting after a 差戻し). Answers of other pages stay. */
    async savePageAnswers(tenantId: string, residentId: string, applicationId: string, page: FormPage, pageValues: Answers, nextPage: string | null): Promise<Application> {
      return withTenant(db, tenantId, async trx => {
        const { application, document } = await loadOwnApplication(trx, tenantId, residentId, applicationId)
        if (application.status !== 'draft' && application.status !== 'correction_requested') throw applicationStateChanged()
        const answers: Answers = { ...application.answers }
        for (const element of page.elements) delete answers[element.id]
        Object.assign(answers, pageValues)
        const sealed = await sealMyNumbers(trx, tenantId, application.id, document, answers, platform.config.dataEncryptionKey)
        const updated = await proceduresDb(trx)
          .updateTable('applications')
          .set({ answers: JSON.stringify(sealed), currentPage: nextPage, updatedAt: new Date() })
          .where('tenantId', '=', tenantId)
          .where('id', '=', application.id)
          .where('status', 'in', ['draft', 'correction_requested'])
          .returningAll()
          .executeTakeFirst()
        if (!updated) throw applicationStateChanged()
        return updated
      })
    },

    /**
     * Submits the resident's draft. Idempotent: a double-click, a retry after a dropped
     * connection or a back-button resubmit finds the application already submitted and returns it.
     */
    async submitApplication(tenantId: string, resident: ResidentActor, applicationId: string): Promise<SubmissionOutcome> {
      return withTenant(db, tenantId, async trx => {
        const application = await findApplicationForUpdate(trx, tenantId, applicationId)
        if (!application || application.residentId !== resident.id) throw applicationNotFound()
        if (application.status !== 'draft') {
          if (application.receiptNumber) return { application, replayed: true }
          throw applicationStateChanged()
        }
        const published = await publishedForApplication(trx, tenantId, application)
        checkIdentity(published.document, resident)
        const submitted = await finalizeSubmission(platform, trx, tenantId, application, published, { channel: 'online', actor: { actorType: 'resident', actorId: resident.id }, residentId: resident.id })
        return { application: submitted, replayed: false }
      })
    },

    /** 取下げ: possible until processing starts (or instead of answering a 差戻し). */
    async withdrawApplication(tenantId: string, residentId: string, applicationId: string, reason: string | null): Promise<Application> {
      return withTenant(db, tenantId, async trx => {
        const { application } = await loadOwnApplication(trx, tenantId, residentId, applicationId)
        if (application.status === 'withdrawn') return application
        const withdrawn = await transitionApplication(trx, tenantId, { id: application.id, action: 'withdraw', actor: { actorType: 'resident', actorId: residentId }, message: reason })
        if (!withdrawn) throw applicationStateChanged()
        return withdrawn
      })
    },

    /** Sends a corrected application back after a 差戻し (same application, same 受付番号). */
    async resubmitApplication(tenantId: string, residentId: string, applicationId: string): Promise<Application> {
      return withTenant(db, tenantId, async trx => {
        const { application, document, version } = await loadOwnApplication(trx, tenantId, residentId, applicationId)
        if (application.status === 'submitted') return application // a retry of the resubmit
        const answers = pruneHiddenAnswers(document.form, application.answers)
        const errors = validateAnswers(document.form, answers, { today: tokyoToday() })
        if (errors.length > 0) throw new AnswersInvalidError(errors)
        if (checkAnswersAgainstSchema(version.jsonSchema, answers).length > 0) throw new AnswersInvalidError([{ path: 'answers', messageKey: 'procedures.validation.tampered', label: { ja: '回答' } }])
        const fee = calculateFee(document.fee, answers)
        const resubmitted = await transitionApplication(trx, tenantId, {
          id: application.id,
          action: 'resubmit',
          actor: { actorType: 'resident', actorId: residentId },
          // A correction can change the fee only while nothing has been paid.
          patch: application.paymentState === 'paid' ? { answers: JSON.stringify(answers) } : { answers: JSON.stringify(answers), feeYen: fee.totalYen, feeLines: JSON.stringify(fee.lines), paymentState: fee.totalYen > 0 && document.fee?.timing === 'on-submission' ? 'due' : application.paymentState === 'due' ? 'none' : application.paymentState },
        })
        if (!resubmitted) throw applicationStateChanged()
        return resubmitted
      })
    },

    /** Deletes a draft the resident no longer wants (never a submitted application). */
    async discardDraft(tenantId: string, residentId: string, applicationId: string): Promise<void> {
      await withTenant(db, tenantId, async trx => {
        const { application } = await loadOwnApplication(trx, tenantId, residentId, applicationId)
        if (application.status !== 'draft') throw applicationStateChanged()
        await proceduresDb(trx).deleteFrom('applicationSecrets').where('tenantId', '=', tenantId).where('applicationId', '=', application.id).execute()
        await proceduresDb(trx).deleteFrom('applications').where('tenantId', '=', tenantId).where('id', '=', application.id).where('status', '=', 'draft').execute()
      })
    },

    /**
     * Creates and submits in one step from complete answers (API clients, kiosks). The
     * Idempotency-Key is stored with the application: the same key and body return the same
     * application; the same key with a different body is refused.
     */
    async submitAnswers(
      tenantId: string,
      input: { slug: string; version?: number; answers: Record<string, unknown>; channel: ApplicationChannel; actor: EventActor; residentId?: string | null; enteredByStaffId?: string | null; apiKeyId?: string | null; idempotencyKey: string; requestHash: string },
    ): Promise<SubmissionOutcome> {
      return withTenant(db, tenantId, async trx => {
        const existing = await proceduresDb(trx).selectFrom('applications').selectAll().where('tenantId', '=', tenantId).where('idempotencyKey', '=', input.idempotencyKey).executeTakeFirst()
        if (existing) {
          if (existing.requestHash !== input.requestHash || (input.apiKeyId ?? null) !== existing.apiKeyId) throw idempotencyKeyReused()
          return { application: existing, replayed: true }
        }
        const published = await findPublished(trx, tenantId, input.slug)
        if (!published) throw procedureNotFound()
        if (input.version !== undefined && input.version !== published.version.version) throw versionMismatch()
        // A client cannot vouch for a My Number Card login: those procedures need the resident's own session.
        if (input.channel === 'api' && published.document.identityLevel === 'my-number-card') throw identityTooWeak()
        const known = new Set(listFields(published.document.form).map(f => f.id))
        const unknown = Object.keys(input.answers).filter(key => !known.has(key))
        if (unknown.length > 0) throw new AnswersInvalidError(unknown.slice(0, 20).map(key => ({ path: key, messageKey: 'procedures.validation.tampered', label: { ja: key } })))
        const answers = normalizeAnswers(published.document, input.answers)
        // Complete answers arrive in one request: the row is written once, already submitted.
        const id = randomUUID()
        const values = await submissionValues(platform, trx, tenantId, id, answers, published, { channel: input.channel, actor: input.actor, residentId: input.residentId ?? null }, new Date())
        const submitted = await proceduresDb(trx)
          .insertInto('applications')
          .values({
            tenantId,
            id,
            procedureId: published.procedureId,
            versionId: published.version.id,
            residentId: input.residentId ?? null,
            status: 'submitted',
            channel: input.channel,
            enteredByStaffId: input.enteredByStaffId ?? null,
            apiKeyId: input.apiKeyId ?? null,
            idempotencyKey: input.idempotencyKey,
            requestHash: input.requestHash,
            ...values,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        await recordApplicationEvent(trx, tenantId, { applicationId: id, fromStatus: null, toStatus: 'submitted', action: 'submit', actor: input.actor })
        await notifyReceived(platform, trx, tenantId, submitted, published)
        return { application: submitted, replayed: false, procedure: { slug: input.slug, version: published.version.version, document: published.document } }
      })
    },
  }
}

export type ApplicationService = ReturnType<typeof createApplicationService>

/** The published procedure an application may still be submitted to: its own frozen version, still the published one. */
export async function publishedForApplication(trx: Trx, tenantId: string, application: Application): Promise<PublishedProcedure> {
  const procedure = await findProcedureRef(trx, tenantId, { id: application.procedureId })
  if (!procedure || procedure.status !== 'published' || procedure.publishedVersionId === null) throw procedureClosed()
  // The application keeps the version it was started with; a newer publication is picked up
  // when the resident next opens the draft (startApplication), never silently at submit.
  if (procedure.publishedVersionId !== application.versionId) throw versionMismatch()
  const version = await findVersion(trx, tenantId, application.versionId)
  if (!version) throw procedureClosed()
  return { procedureId: procedure.id, departmentId: procedure.departmentId, version, document: version.document }
}

/** Keeps answers whose field still exists in the document (a new version may drop fields). */
function pruneToForm(doc: ProcedureDocument, answers: Answers): Answers {
  const ids = new Set(listFields(doc.form).map(f => f.id))
  return Object.fromEntries(Object.entries(answers).filter(([id]) => ids.has(id)))
}

/** JSON answers from an API client, normalised like a posted form (unknown keys are refused before this). */
export function normalizeAnswers(doc: ProcedureDocument, raw: Record<string, unknown>): Answers {
  const out: Answers = {}
  const fields = new Map(listFields(doc.form).map(f => [f.id, f]))
  for (const [id, value] of Object.entries(raw)) {
    const field = fields.get(id)
    const normal = field ? normalizeJsonAnswer(field, value) : (value as AnswerValue)
    if (normal !== undefined) out[id] = normal
  }
  return out
}

/** Pages in order with the next/previous page for the answers so far. */
export function pageNavigation(doc: ProcedureDocument, answers: Answers, pageId: string) {
  const pages = visiblePages(doc.form, answers)
  const index = pages.findIndex(p => p.id === pageId)
  return { pages, index, previous: index > 0 ? pages[index - 1] : undefined, next: index >= 0 ? pages[index + 1] : undefined }
}

export type { AnswerError }
