/**
 * Districts (地区): import a GeoJSON file (all or nothing, in one transaction, with every problem
 * located), list with residents per district, delete one nobody is registered in.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import { districtNotFound } from './audience-errors.js'
import { requireManage, type StaffRequest } from './audience-request.js'
import { parseDistrictsGeoJson, type DistrictProblem } from './district-geojson.js'
import { countDistrictUsage, countResidentsByDistrict, deleteDistrict, findDistrict, listDistricts, upsertDistricts, type DistrictView } from './district-repository.js'

export type DistrictImportOutcome = { ok: true; added: number; replaced: number } | { ok: false; problems: DistrictProblem[] }

export function createDistrictService(db: Db) {
  return {
    async listDistricts(request: StaffRequest): Promise<{ districts: DistrictView[]; residents: Map<string, number> }> {
      requireManage(request)
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => ({ districts: await listDistricts(trx, tenantId), residents: await countResidentsByDistrict(trx, tenantId) }))
    },

    /** Districts for the map and other staff pages (boundaries are not personal data). */
    async listDistrictShapes(request: StaffRequest): Promise<DistrictView[]> {
      return withTenant(db, request.tenant.id, trx => listDistricts(trx, request.tenant.id))
    },

    /**
     * Reads the file and, only when every feature is sound, adds new codes and replaces existing
     * ones in one transaction. Re-importing the same file changes nothing but timestamps.
     */
    async importDistricts(request: StaffRequest, text: string): Promise<DistrictImportOutcome> {
      requireManage(request)
      const parsed = parseDistrictsGeoJson(text)
      if (!parsed.ok) return parsed
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => {
        const counts = await upsertDistricts(trx, tenantId, parsed.districts)
        await recordAudit(trx, tenantId, {
          actor: { type: 'staff', id: request.actor.id },
          requestId: request.requestId,
          action: 'notifications.import-districts',
          subjectType: 'district',
          details: { ...counts, codes: parsed.districts.slice(0, 50).map(d => d.code) },
        })
        return { ok: true, ...counts }
      })
    },

    async deleteDistrict(request: StaffRequest, id: string): Promise<{ ok: true; district: DistrictView } | { ok: false; district: DistrictView; residents: number }> {
      requireManage(request)
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => {
        const district = await findDistrict(trx, tenantId, id)
        if (!district) throw districtNotFound()
        const usage = await countDistrictUsage(trx, tenantId, id)
        if (usage.residents > 0) return { ok: false, district, residents: usage.residents }
        await deleteDistrict(trx, tenantId, id)
        await recordAudit(trx, tenantId, { actor: { type: 'staff', id: request.actor.id }, requestId: request.requestId, action: 'notifications.delete-district', subjectType: 'district', subjectId: id, details: { code: district.code } })
        return { ok: true, district }
      })
    },
  }
}

export type DistrictService = ReturnType<typeof createDistrictService>
