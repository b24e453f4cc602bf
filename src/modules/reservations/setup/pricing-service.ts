/**
 * Purposes (利用目的, a fee factor) and exemptions (減免, a percent off): create, edit, delete.
 * One that bookings (or groups) already name is not deleted: their fee history would read wrong.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import type { FeeExemption, Purpose } from '../reservation-tables.js'
import { requirePermission, staffActor, type StaffRequest } from '../reservation-request.js'
import { readExemptionForm, readPurposeForm } from './pricing-form.js'
import { countExemptionUsage, countPurposeUsage, deleteExemption, deletePurpose, findExemption, findPurpose, insertExemption, insertPurpose, listExemptions, listPurposes, updateExemption, updatePurpose } from './pricing-repository.js'
import type { FormValues } from './setup-form-values.js'
import { isForeignKeyViolation, isUniqueViolation } from './setup-db.js'
import { exemptionNotFound, purposeNotFound } from './setup-errors.js'
import type { SaveOutcome } from './facility-service.js'

const codeTaken: SaveOutcome = { ok: false, problems: [{ field: 'code', key: 'reservations.setup.form.codeTaken' }] }
export type DeleteOutcome = { ok: true } | { ok: false; reason: 'in-use' }

export function createPricingService(db: Db) {
  const manage = (request: StaffRequest) => {
    requirePermission(request, 'reservations.manage')
    return { tenantId: request.tenant.id, audit: { actor: staffActor(request), requestId: request.requestId } }
  }
  return {
    async listPurposes(request: StaffRequest): Promise<Purpose[]> {
      const { tenantId } = manage(request)
      return withTenant(db, tenantId, trx => listPurposes(trx, tenantId))
    },

    async getPurpose(request: StaffRequest, code: string): Promise<Purpose> {
      const { tenantId } = manage(request)
      const purpose = await withTenant(db, tenantId, trx => findPurpose(trx, tenantId, code))
      if (!purpose) throw purposeNotFound()
      return purpose
    },

    async createPurpose(request: StaffRequest, form: FormValues): Promise<SaveOutcome> {
      const { tenantId, audit } = manage(request)
      const read = readPurposeForm(form, true)
      if (!read.ok) return read
      try {
        return await withTenant(db, tenantId, async trx => {
          if (await findPurpose(trx, tenantId, read.values.code)) return codeTaken
          await insertPurpose(trx, tenantId, read.values)
          await recordAudit(trx, tenantId, { ...audit, action: 'reservations.create-purpose', subjectType: 'reservation_purpose', details: { code: read.values.code, feePercent: read.values.feePercent } })
          return { ok: true, id: read.values.code }
        })
      } catch (error) {
        if (isUniqueViolation(error)) return codeTaken
        throw error
      }
    },

    async editPurpose(request: StaffRequest, code: string, form: FormValues): Promise<SaveOutcome> {
      const { tenantId, audit } = manage(request)
      const read = readPurposeForm(form, false)
      if (!read.ok) return read
      return withTenant(db, tenantId, async trx => {
        if (!(await updatePurpose(trx, tenantId, code, read.values))) throw purposeNotFound()
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.edit-purpose', subjectType: 'reservation_purpose', details: { code, feePercent: read.values.feePercent } })
        return { ok: true, id: code }
      })
    },

    /** Refused while bookings, lottery entries or resources name the purpose. */
    async deletePurpose(request: StaffRequest, code: string): Promise<DeleteOutcome> {
      const { tenantId, audit } = manage(request)
      try {
        return await withTenant(db, tenantId, async trx => {
          if (!(await findPurpose(trx, tenantId, code))) throw purposeNotFound()
          const usage = await countPurposeUsage(trx, tenantId, code)
          if (usage.bookings > 0 || usage.resources > 0) return { ok: false, reason: 'in-use' } as const
          await deletePurpose(trx, tenantId, code)
          await recordAudit(trx, tenantId, { ...audit, action: 'reservations.delete-purpose', subjectType: 'reservation_purpose', details: { code } })
          return { ok: true } as const
        })
      } catch (error) {
        // a booking took the purpose between the count and the delete
        if (isForeignKeyViolation(error)) return { ok: false, reason: 'in-use' }
        throw error
      }
    },

    async listExemptions(request: StaffRequest): Promise<FeeExemption[]> {
      const { tenantId } = manage(request)
      return withTenant(db, tenantId, trx => listExemptions(trx, tenantId))
    },

    async getExemption(request: StaffRequest, code: string): Promise<FeeExemption> {
      const { tenantId } = manage(request)
      const exemption = await withTenant(db, tenantId, trx => findExemption(trx, tenantId, code))
      if (!exemption) throw exemptionNotFound()
      return exemption
    },

    async createExemption(request: StaffRequest, form: FormValues): Promise<SaveOutcome> {
      const { tenantId, audit } = manage(request)
      const read = readExemptionForm(form, true)
      if (!read.ok) return read
      try {
        return await withTenant(db, tenantId, async trx => {
          if (await findExemption(trx, tenantId, read.values.code)) return codeTaken
          await insertExemption(trx, tenantId, read.values)
          await recordAudit(trx, tenantId, { ...audit, action: 'reservations.create-exemption', subjectType: 'reservation_fee_exemption', details: { code: read.values.code, percentOff: read.values.percentOff, isGroupOnly: read.values.isGroupOnly } })
          return { ok: true, id: read.values.code }
        })
      } catch (error) {
        if (isUniqueViolation(error)) return codeTaken
        throw error
      }
    },

    async editExemption(request: StaffRequest, code: string, form: FormValues): Promise<SaveOutcome> {
      const { tenantId, audit } = manage(request)
      const read = readExemptionForm(form, false)
      if (!read.ok) return read
      return withTenant(db, tenantId, async trx => {
        if (!(await updateExemption(trx, tenantId, code, read.values))) throw exemptionNotFound()
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.edit-exemption', subjectType: 'reservation_fee_exemption', details: { code, percentOff: read.values.percentOff, isGroupOnly: read.values.isGroupOnly } })
        return { ok: true, id: code }
      })
    },

    /** Refused while bookings used it or groups hold it. */
    async deleteExemption(request: StaffRequest, code: string): Promise<DeleteOutcome> {
      const { tenantId, audit } = manage(request)
      try {
        return await withTenant(db, tenantId, async trx => {
          if (!(await findExemption(trx, tenantId, code))) throw exemptionNotFound()
          const usage = await countExemptionUsage(trx, tenantId, code)
          if (usage.bookings > 0 || usage.groups > 0) return { ok: false, reason: 'in-use' } as const
          await deleteExemption(trx, tenantId, code)
          await recordAudit(trx, tenantId, { ...audit, action: 'reservations.delete-exemption', subjectType: 'reservation_fee_exemption', details: { code } })
          return { ok: true } as const
        })
      } catch (error) {
        if (isForeignKeyViolation(error)) return { ok: false, reason: 'in-use' }
        throw error
      }
    },
  }
}

export type PricingService = ReturnType<typeof createPricingService>
