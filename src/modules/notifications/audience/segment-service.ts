/**
 * Segments (保存した配信対象): list, count before saving, create, edit, delete. Counting runs the
 * very SQL the delivery engine runs (segment-sql.ts), so the number staff see is who is sent to.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import { segmentNotFound } from './audience-errors.js'
import type { FormValues } from './audience-form-values.js'
import { requireManage, type StaffRequest } from './audience-request.js'
import { listDistricts, type DistrictView } from './district-repository.js'
import { parseSegmentDefinition, type SegmentDefinition } from './segment-definition.js'
import { readSegmentForm, type SegmentFormResult } from './segment-form.js'
import { countAudienceResidents, countWaitingNoticesOfSegment, deleteSegment, findSegment, insertSegment, listProcedureChoices, listSegments, updateSegment, type ProcedureChoice } from './segment-repository.js'
import { savedSegmentResidentsSql, segmentDefinitionResidentsSql } from './segment-sql.js'

export interface SegmentSummary {
  id: string
  name: string
  /** undefined when the stored definition no longer parses (shown as such, never sent to) */
  definition: SegmentDefinition | undefined
  updatedAt: Date
}

/** What the segment form needs to offer its choices. */
export interface SegmentFormChoices {
  districts: DistrictView[]
  procedures: ProcedureChoice[]
}

/** Reading the form: the definition and its recipient count, or the problems. */
export type SegmentFormOutcome = (SegmentFormResult & { ok: false }) | { ok: true; name: string; definition: SegmentDefinition; count: number }

export function createSegmentService(db: Db) {
  const toSummary = (row: { id: string; name: string; definition: unknown; updatedAt: Date }): SegmentSummary => {
    const parsed = parseSegmentDefinition(row.definition)
    return { id: row.id, name: row.name, definition: parsed.ok ? parsed.definition : undefined, updatedAt: row.updatedAt }
  }

  /** Reads and counts the form inside the caller's transaction. */
  const readAndCount = async (trx: Parameters<Parameters<typeof withTenant>[2]>[0], tenantId: string, form: FormValues): Promise<SegmentFormOutcome> => {
    const districts = await listDistricts(trx, tenantId)
    const read = readSegmentForm(form, new Set(districts.map(d => d.id)))
    if (!read.ok) return read
    const count = await countAudienceResidents(trx, segmentDefinitionResidentsSql(tenantId, read.definition))
    return { ...read, count }
  }

  return {
    async listSegments(request: StaffRequest): Promise<{ segments: SegmentSummary[]; districts: DistrictView[] }> {
      requireManage(request)
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => ({ segments: (await listSegments(trx, tenantId)).map(toSummary), districts: await listDistricts(trx, tenantId) }))
    },

    async formChoices(request: StaffRequest): Promise<SegmentFormChoices> {
      requireManage(request)
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => ({ districts: await listDistricts(trx, tenantId), procedures: await listProcedureChoices(trx, tenantId) }))
    },

    /** A saved segment with the number of residents it means now (unless `withCount` is false: counting a city takes a moment). */
    async getSegment(request: StaffRequest, id: string, options: { withCount?: boolean } = {}): Promise<SegmentSummary & { count: number | undefined }> {
      requireManage(request)
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => {
        const row = await findSegment(trx, tenantId, id)
        if (!row) throw segmentNotFound()
        const count = options.withCount === false ? undefined : await countAudienceResidents(trx, savedSegmentResidentsSql(tenantId, id))
        return { ...toSummary(row), count }
      })
    },

    /** The count of residents the posted (unsaved) form means, or its problems. */
    async previewSegment(request: StaffRequest, form: FormValues): Promise<SegmentFormOutcome> {
      requireManage(request)
      return withTenant(db, request.tenant.id, trx => readAndCount(trx, request.tenant.id, form))
    },

    async createSegment(request: StaffRequest, form: FormValues): Promise<SegmentFormOutcome & { id?: string }> {
      requireManage(request)
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => {
        const outcome = await readAndCount(trx, tenantId, form)
        if (!outcome.ok) return outcome
        const { id } = await insertSegment(trx, tenantId, { name: outcome.name, definition: outcome.definition, createdByStaffId: request.actor.id })
        await recordAudit(trx, tenantId, { actor: { type: 'staff', id: request.actor.id }, requestId: request.requestId, action: 'notifications.create-segment', subjectType: 'segment', subjectId: id, details: { name: outcome.name, count: outcome.count } })
        return { ...outcome, id }
      })
    },

    async editSegment(request: StaffRequest, id: string, form: FormValues): Promise<SegmentFormOutcome> {
      requireManage(request)
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => {
        if (!(await findSegment(trx, tenantId, id))) throw segmentNotFound()
        const outcome = await readAndCount(trx, tenantId, form)
        if (!outcome.ok) return outcome
        await updateSegment(trx, tenantId, id, { name: outcome.name, definition: outcome.definition })
        await recordAudit(trx, tenantId, { actor: { type: 'staff', id: request.actor.id }, requestId: request.requestId, action: 'notifications.edit-segment', subjectType: 'segment', subjectId: id, details: { name: outcome.name, count: outcome.count } })
        return outcome
      })
    },

    /** Deletes a segment unless a notice waiting to be sent (draft, approval, scheduled) targets it. */
    async deleteSegment(request: StaffRequest, id: string): Promise<{ ok: true; name: string } | { ok: false; name: string; waitingNotices: number }> {
      requireManage(request)
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => {
        const row = await findSegment(trx, tenantId, id)
        if (!row) throw segmentNotFound()
        const waitingNotices = await countWaitingNoticesOfSegment(trx, tenantId, id)
        if (waitingNotices > 0) return { ok: false, name: row.name, waitingNotices }
        await deleteSegment(trx, tenantId, id)
        await recordAudit(trx, tenantId, { actor: { type: 'staff', id: request.actor.id }, requestId: request.requestId, action: 'notifications.delete-segment', subjectType: 'segment', subjectId: id, details: { name: row.name } })
        return { ok: true, name: row.name }
      })
    },
  }
}

export type SegmentService = ReturnType<typeof createSegmentService>
