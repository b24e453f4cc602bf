/**
 * Closures, slot templates and exceptions, slot generation and the template CSV: each write one
 * transaction with its audit entry. Adding or removing a closure regenerates the slots it
 * touches at once (empty slots close or reopen; booked ones are reported), so the vacancy search
 * never offers a day the facility is closed.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { Closure, Facility, Resource, Slot, SlotException, SlotTemplate } from '../reservation-tables.js'
import { requirePermission, staffActor, type StaffRequest } from '../reservation-request.js'
import { tokyoDate } from '../reservation-time.js'
import { minutesOfDay } from '../reservation-time.js'
import { readClosureForm, readExceptionForm, readGenerationForm, readTemplateForm, templatesOverlap } from './calendar-form.js'
import { deleteClosure, deleteException, deleteTemplate, deleteTemplatesOf, findSlots, insertClosure, insertException, insertTemplates, listClosures, listExceptions, listResourceIdsInScope, listTemplates, listTemplatesWithCodes, summariseSlots, type NewTemplate } from './calendar-repository.js'
import { findFacility, findResource, listFacilities, listResources } from './facility-repository.js'
import type { FormProblem, FormValues } from './setup-form-values.js'
import { setupRowNotFound, resourceNotFound } from './setup-errors.js'
import { generateSlots, type SlotGenerationResult } from './slot-generation.js'
import { encodeTemplateCsv, readTemplateCsv, writeTemplateCsv, type CsvEncoding, type CsvProblem } from './template-csv.js'

export type CalendarOutcome = { ok: true; id: string; result?: SlotGenerationResult } | { ok: false; problems: FormProblem[] }
export type ImportOutcome = { ok: true; encoding: CsvEncoding; templates: number; resources: number } | { ok: false; problems: CsvProblem[] }

const later = (a: string, b: string) => (a > b ? a : b)
const earlier = (a: string, b: string) => (a < b ? a : b)

function mergeResults(results: SlotGenerationResult[]): SlotGenerationResult {
  return {
    created: results.reduce((sum, r) => sum + r.created, 0),
    updated: results.reduce((sum, r) => sum + r.updated, 0),
    closed: results.reduce((sum, r) => sum + r.closed, 0),
    conflicts: results.flatMap(r => r.conflicts).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
  }
}

/**
 * Regenerates the closure's dates for every resource it touches: from today (past slots stay as
 * they were) to its end, and never past the last slot a resource already has (removing a closure
 * does not extend how far ahead staff chose to open slots).
 */
async function regenerateForClosure(trx: Transaction<Database>, tenantId: string, closure: Closure, today: string): Promise<SlotGenerationResult> {
  const results: SlotGenerationResult[] = []
  const from = later(closure.startsOn, today)
  if (closure.endsOn < from) return mergeResults([])
  for (const resourceId of await listResourceIdsInScope(trx, tenantId, closure)) {
    const { lastStartsAt } = await summariseSlots(trx, tenantId, resourceId, new Date(0))
    if (!lastStartsAt) continue
    const until = earlier(closure.endsOn, tokyoDate(lastStartsAt))
    if (until >= from) results.push(await generateSlots(trx, tenantId, resourceId, from, until))
  }
  return mergeResults(results)
}

export interface TemplatePageData {
  resource: Resource
  facility: Facility
  templates: SlotTemplate[]
  exceptions: SlotException[]
  slots: { open: number; lastStartsAt: Date | null }
}

export function createCalendarService(db: Db) {
  const manage = (request: StaffRequest) => {
    requirePermission(request, 'reservations.manage')
    return { tenantId: request.tenant.id, audit: { actor: staffActor(request), requestId: request.requestId } }
  }
  return {
    async closuresPageData(request: StaffRequest, now: Date) {
      const { tenantId } = manage(request)
      return withTenant(db, tenantId, async trx => ({
        closures: await listClosures(trx, tenantId, tokyoDate(now)),
        facilities: await listFacilities(trx, tenantId),
        resources: await listResources(trx, tenantId),
      }))
    },

    async addClosure(request: StaffRequest, form: FormValues, now: Date): Promise<CalendarOutcome> {
      const { tenantId, audit } = manage(request)
      return withTenant(db, tenantId, async trx => {
        const known = { facilityIds: (await listFacilities(trx, tenantId)).map(f => f.id), resourceIds: (await listResources(trx, tenantId)).map(r => r.id) }
        const read = readClosureForm(form, known)
        if (!read.ok) return read
        const closure = await insertClosure(trx, tenantId, read.values)
        const result = await regenerateForClosure(trx, tenantId, closure, tokyoDate(now))
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.add-closure', subjectType: 'reservation_closure', subjectId: closure.id, details: { scope: read.values.scope, startsOn: closure.startsOn, endsOn: closure.endsOn, slotsClosed: result.closed, conflicts: result.conflicts.length } })
        return { ok: true, id: closure.id, result }
      })
    },

    async deleteClosure(request: StaffRequest, closureId: string, now: Date): Promise<SlotGenerationResult> {
      const { tenantId, audit } = manage(request)
      return withTenant(db, tenantId, async trx => {
        const closure = await deleteClosure(trx, tenantId, closureId)
        if (!closure) throw setupRowNotFound()
        const result = await regenerateForClosure(trx, tenantId, closure, tokyoDate(now))
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.delete-closure', subjectType: 'reservation_closure', subjectId: closureId, details: { startsOn: closure.startsOn, endsOn: closure.endsOn, slotsCreated: result.created, slotsReopened: result.updated } })
        return result
      })
    },

    async templatePageData(request: StaffRequest, resourceId: string, now: Date): Promise<TemplatePageData> {
      const { tenantId } = manage(request)
      const data = await withTenant(db, tenantId, async trx => {
        const resource = await findResource(trx, tenantId, resourceId)
        if (!resource) return undefined
        const facility = await findFacility(trx, tenantId, resource.facilityId)
        if (!facility) return undefined
        return {
          resource,
          facility,
          templates: await listTemplates(trx, tenantId, resourceId),
          exceptions: await listExceptions(trx, tenantId, resourceId, tokyoDate(now)),
          slots: await summariseSlots(trx, tenantId, resourceId, now),
        }
      })
      if (!data) throw resourceNotFound()
      return data
    },

    /** The slots a generation reported, to show them after the redirect (this tenant's only). */
    async conflictSlots(request: StaffRequest, slotIds: readonly string[]): Promise<(Slot & { resourceCode: string })[]> {
      const { tenantId } = manage(request)
      return withTenant(db, tenantId, trx => findSlots(trx, tenantId, slotIds))
    },

    async addTemplates(request: StaffRequest, resourceId: string, form: FormValues): Promise<CalendarOutcome> {
      const { tenantId, audit } = manage(request)
      return withTenant(db, tenantId, async trx => {
        const resource = await findResource(trx, tenantId, resourceId)
        if (!resource) throw resourceNotFound()
        const facility = await findFacility(trx, tenantId, resource.facilityId)
        if (!facility) throw resourceNotFound()
        const read = readTemplateForm(form, { openingTime: facility.openingTime, closingTime: facility.closingTime, existing: await listTemplates(trx, tenantId, resourceId) })
        if (!read.ok) return read
        const { weekdays, capacity, validFrom, validUntil } = read.values
        const count = await insertTemplates(trx, tenantId, read.values.slots.map(slot => ({ resourceId, weekdays, ...slot, capacity, validFrom, validUntil })))
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.add-slot-templates', subjectType: 'reservation_resource', subjectId: resourceId, details: { count, weekdays, capacity, validFrom, validUntil, first: read.values.slots[0]?.startTime } })
        return { ok: true, id: resourceId }
      })
    },

    async deleteTemplate(request: StaffRequest, resourceId: string, templateId: string): Promise<void> {
      const { tenantId, audit } = manage(request)
      await withTenant(db, tenantId, async trx => {
        const template = await deleteTemplate(trx, tenantId, resourceId, templateId)
        if (!template) throw setupRowNotFound()
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.delete-slot-template', subjectType: 'reservation_resource', subjectId: resourceId, details: { templateId, weekdays: template.weekdays, startTime: template.startTime } })
      })
    },

    async addException(request: StaffRequest, resourceId: string, form: FormValues): Promise<CalendarOutcome> {
      const { tenantId, audit } = manage(request)
      const read = readExceptionForm(form)
      if (!read.ok) return read
      return withTenant(db, tenantId, async trx => {
        if (!(await findResource(trx, tenantId, resourceId))) throw resourceNotFound()
        const exception = await insertException(trx, tenantId, resourceId, read.values)
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.add-slot-exception', subjectType: 'reservation_resource', subjectId: resourceId, details: { ...read.values, exceptionId: exception.id } })
        return { ok: true, id: exception.id }
      })
    },

    async deleteException(request: StaffRequest, resourceId: string, exceptionId: string): Promise<void> {
      const { tenantId, audit } = manage(request)
      await withTenant(db, tenantId, async trx => {
        const exception = await deleteException(trx, tenantId, resourceId, exceptionId)
        if (!exception) throw setupRowNotFound()
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.delete-slot-exception', subjectType: 'reservation_resource', subjectId: resourceId, details: { exceptionId, onDate: exception.onDate, kind: exception.kind } })
      })
    },

    /** "Generate slots" for a date range. */
    async generate(request: StaffRequest, resourceId: string, form: FormValues): Promise<CalendarOutcome> {
      const { tenantId, audit } = manage(request)
      const read = readGenerationForm(form)
      if (!read.ok) return read
      return withTenant(db, tenantId, async trx => {
        if (!(await findResource(trx, tenantId, resourceId))) throw resourceNotFound()
        const result = await generateSlots(trx, tenantId, resourceId, read.values.from, read.values.until)
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.generate-slots', subjectType: 'reservation_resource', subjectId: resourceId, details: { ...read.values, created: result.created, updated: result.updated, closed: result.closed, conflicts: result.conflicts.length } })
        return { ok: true, id: resourceId, result }
      })
    },

    async templatesCsvPageData(request: StaffRequest) {
      const { tenantId } = manage(request)
      return withTenant(db, tenantId, async trx => ({ facilities: await listFacilities(trx, tenantId), resources: await listResources(trx, tenantId) }))
    },

    /** The tenant's templates (or one resource's) as a CSV file. */
    async exportTemplates(request: StaffRequest, encoding: CsvEncoding, resourceId?: string): Promise<Buffer> {
      const { tenantId } = manage(request)
      const rows = await withTenant(db, tenantId, trx => listTemplatesWithCodes(trx, tenantId, resourceId))
      return encodeTemplateCsv(writeTemplateCsv(rows), encoding)
    },

    /**
     * Replaces the templates of every resource the file names (others are untouched). Any problem
     * — in one row, against the database, or between rows — stores nothing.
     */
    async importTemplates(request: StaffRequest, bytes: Uint8Array | undefined): Promise<ImportOutcome> {
      const { tenantId, audit } = manage(request)
      const read = readTemplateCsv(bytes ?? new Uint8Array())
      // A file-level problem (no file, wrong format, missing columns) leaves no rows to check further;
      // otherwise the valid rows are checked against the database too, so one upload shows every problem.
      if (read.problems.length > 0 && read.rows.length === 0) return { ok: false, problems: read.problems }
      return withTenant(db, tenantId, async trx => {
        const resources = new Map((await listResources(trx, tenantId)).map(resource => [resource.code, resource]))
        const facilities = new Map((await listFacilities(trx, tenantId)).map(facility => [facility.id, facility]))
        const problems: CsvProblem[] = [...read.problems]
        const accepted: (NewTemplate & { line: number })[] = []
        for (const row of read.rows) {
          const resource = resources.get(row.resourceCode)
          const facility = resource ? facilities.get(resource.facilityId) : undefined
          if (!resource || !facility) {
            problems.push({ line: row.line, column: '予約対象コード', key: 'reservations.setup.csv.unknownResource', params: { column: '予約対象コード', value: row.resourceCode } })
            continue
          }
          if (minutesOfDay(row.startTime) < minutesOfDay(facility.openingTime) || minutesOfDay(row.endTime) > minutesOfDay(facility.closingTime)) {
            problems.push({ line: row.line, column: '開始時刻', key: 'reservations.setup.csv.outsideOpeningHours', params: { column: '開始時刻', opening: facility.openingTime.slice(0, 5), closing: facility.closingTime.slice(0, 5) } })
            continue
          }
          const template = { line: row.line, resourceId: resource.id, weekdays: row.weekdays, startTime: row.startTime, endTime: row.endTime, capacity: row.capacity, validFrom: row.validFrom, validUntil: row.validUntil }
          const clash = accepted.find(other => other.resourceId === template.resourceId && templatesOverlap(other, template))
          if (clash) {
            problems.push({ line: row.line, column: '開始時刻', key: 'reservations.setup.csv.overlap', params: { column: '開始時刻', other: clash.line } })
            continue
          }
          accepted.push(template)
        }
        if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) }
        const resourceIds = [...new Set(accepted.map(template => template.resourceId))]
        const removed = await deleteTemplatesOf(trx, tenantId, resourceIds)
        const count = await insertTemplates(trx, tenantId, accepted.map(({ line: _line, ...template }) => template))
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.import-slot-templates', subjectType: 'reservation_slot_template', details: { encoding: read.encoding, templates: count, replaced: removed, resources: resourceIds.length } })
        return { ok: true, encoding: read.encoding, templates: count, resources: resourceIds.length }
      })
    },
  }
}

export type CalendarService = ReturnType<typeof createCalendarService>
