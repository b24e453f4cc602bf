/**
 * Facilities, their resources and fee tables: create and edit, each write one transaction with
 * its audit entry. Codes are unique per tenant; two staff saving the same code at once are
 * refused by the constraint, reported on the code field.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import type { Facility, FeeRule, Resource } from '../reservation-tables.js'
import { requirePermission, staffActor, type StaffRequest } from '../reservation-request.js'
import { readFacilityForm, readResourceForm } from './facility-form.js'
import { deleteFeeRule, findFacility, findFacilityByCode, findResource, findResourceByCode, insertFacility, insertFeeRule, insertResource, listFacilities, listFeeRules, listResources, updateFacility, updateResource } from './facility-repository.js'
import { listPurposes } from './pricing-repository.js'
import { readFeeRuleForm } from './pricing-form.js'
import type { FormProblem, FormValues } from './setup-form-values.js'
import { isUniqueViolation } from './setup-db.js'
import { facilityNotFound, resourceNotFound, setupRowNotFound } from './setup-errors.js'

export type SaveOutcome = { ok: true; id: string } | { ok: false; problems: FormProblem[] }
const codeTaken: SaveOutcome = { ok: false, problems: [{ field: 'code', key: 'reservations.setup.form.codeTaken' }] }

export function createFacilityService(db: Db) {
  const manage = (request: StaffRequest) => {
    requirePermission(request, 'reservations.manage')
    return { tenantId: request.tenant.id, audit: { actor: staffActor(request), requestId: request.requestId } }
  }
  return {
    async listFacilities(request: StaffRequest): Promise<{ facilities: Facility[]; resources: Resource[] }> {
      const { tenantId } = manage(request)
      return withTenant(db, tenantId, async trx => ({ facilities: await listFacilities(trx, tenantId), resources: await listResources(trx, tenantId) }))
    },

    async getFacility(request: StaffRequest, id: string): Promise<{ facility: Facility; resources: Resource[] }> {
      const { tenantId } = manage(request)
      const found = await withTenant(db, tenantId, async trx => {
        const facility = await findFacility(trx, tenantId, id)
        return facility ? { facility, resources: await listResources(trx, tenantId, id) } : undefined
      })
      if (!found) throw facilityNotFound()
      return found
    },

    async createFacility(request: StaffRequest, form: FormValues): Promise<SaveOutcome> {
      const { tenantId, audit } = manage(request)
      const read = readFacilityForm(form, true)
      if (!read.ok) return read
      try {
        return await withTenant(db, tenantId, async trx => {
          if (await findFacilityByCode(trx, tenantId, read.values.code)) return codeTaken
          const facility = await insertFacility(trx, tenantId, read.values)
          await recordAudit(trx, tenantId, { ...audit, action: 'reservations.create-facility', subjectType: 'reservation_facility', subjectId: facility.id, details: { code: facility.code } })
          return { ok: true, id: facility.id }
        })
      } catch (error) {
        if (isUniqueViolation(error)) return codeTaken
        throw error
      }
    },

    async editFacility(request: StaffRequest, id: string, form: FormValues): Promise<SaveOutcome> {
      const { tenantId, audit } = manage(request)
      const read = readFacilityForm(form, false)
      if (!read.ok) return read
      return withTenant(db, tenantId, async trx => {
        const facility = await updateFacility(trx, tenantId, id, read.values)
        if (!facility) throw facilityNotFound()
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.edit-facility', subjectType: 'reservation_facility', subjectId: id, details: { code: facility.code } })
        return { ok: true, id }
      })
    },

    /** What the resource form offers: the tenant's facilities and purposes (and the resource when editing). */
    async resourceFormData(request: StaffRequest, id?: string) {
      const { tenantId } = manage(request)
      const data = await withTenant(db, tenantId, async trx => ({
        facilities: await listFacilities(trx, tenantId),
        purposes: await listPurposes(trx, tenantId),
        resource: id ? await findResource(trx, tenantId, id) : undefined,
      }))
      if (id && !data.resource) throw resourceNotFound()
      return data
    },

    async createResource(request: StaffRequest, form: FormValues): Promise<SaveOutcome> {
      const { tenantId, audit } = manage(request)
      try {
        return await withTenant(db, tenantId, async trx => {
          const known = { facilityIds: (await listFacilities(trx, tenantId)).map(f => f.id), purposeCodes: (await listPurposes(trx, tenantId)).map(p => p.code) }
          const read = readResourceForm(form, true, known)
          if (!read.ok) return read
          if (await findResourceByCode(trx, tenantId, read.values.code)) return codeTaken
          const resource = await insertResource(trx, tenantId, read.values)
          await recordAudit(trx, tenantId, { ...audit, action: 'reservations.create-resource', subjectType: 'reservation_resource', subjectId: resource.id, details: { code: resource.code, facilityId: resource.facilityId } })
          return { ok: true, id: resource.id }
        })
      } catch (error) {
        if (isUniqueViolation(error)) return codeTaken
        throw error
      }
    },

    async editResource(request: StaffRequest, id: string, form: FormValues): Promise<SaveOutcome> {
      const { tenantId, audit } = manage(request)
      return withTenant(db, tenantId, async trx => {
        const before = await findResource(trx, tenantId, id)
        if (!before) throw resourceNotFound()
        const known = { facilityIds: (await listFacilities(trx, tenantId)).map(f => f.id), purposeCodes: (await listPurposes(trx, tenantId)).map(p => p.code) }
        const read = readResourceForm(form, false, known)
        if (!read.ok) return read
        const resource = await updateResource(trx, tenantId, id, read.values)
        if (!resource) throw resourceNotFound()
        const changed = (Object.keys(read.values) as (keyof typeof read.values)[]).filter(key => key !== 'code' && JSON.stringify(before[key]) !== JSON.stringify(resource[key]))
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.edit-resource', subjectType: 'reservation_resource', subjectId: id, details: { code: resource.code, changed } })
        return { ok: true, id }
      })
    },

    async getFees(request: StaffRequest, resourceId: string): Promise<{ resource: Resource; facility: Facility; rules: FeeRule[] }> {
      const { tenantId } = manage(request)
      const found = await withTenant(db, tenantId, async trx => {
        const resource = await findResource(trx, tenantId, resourceId)
        if (!resource) return undefined
        const facility = await findFacility(trx, tenantId, resource.facilityId)
        return facility ? { resource, facility, rules: await listFeeRules(trx, tenantId, resourceId) } : undefined
      })
      if (!found) throw resourceNotFound()
      return found
    },

    async addFeeRule(request: StaffRequest, resourceId: string, form: FormValues): Promise<SaveOutcome> {
      const { tenantId, audit } = manage(request)
      return withTenant(db, tenantId, async trx => {
        if (!(await findResource(trx, tenantId, resourceId))) throw resourceNotFound()
        const read = readFeeRuleForm(form, await listFeeRules(trx, tenantId, resourceId))
        if (!read.ok) return read
        const rule = await insertFeeRule(trx, tenantId, resourceId, read.values)
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.add-fee-rule', subjectType: 'reservation_resource', subjectId: resourceId, details: { ...read.values, ruleId: rule.id } })
        return { ok: true, id: rule.id }
      })
    },

    async deleteFeeRule(request: StaffRequest, resourceId: string, ruleId: string): Promise<void> {
      const { tenantId, audit } = manage(request)
      await withTenant(db, tenantId, async trx => {
        const rule = await deleteFeeRule(trx, tenantId, resourceId, ruleId)
        if (!rule) throw setupRowNotFound()
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.delete-fee-rule', subjectType: 'reservation_resource', subjectId: resourceId, details: { ruleId, dayKind: rule.dayKind, bandStart: rule.bandStart, bandEnd: rule.bandEnd } })
      })
    },
  }
}

export type FacilityService = ReturnType<typeof createFacilityService>
