/**
 * Registered groups (団体登録): residents apply (pending), staff approve with the group's priority
 * days, booking limit and exemption, reject, or suspend (and reinstate). Staff views of a group
 * show its representative, so they are audited as reads of personal data.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import type { FeeExemption, GroupStatus, ReservationGroup } from '../reservation-tables.js'
import { requirePermission, staffActor, type ResidentRequest, type StaffRequest } from '../reservation-request.js'
import { readGroupApplication, readGroupApproval } from './group-form.js'
import { newGroupRegistrationNumber } from './group-numbers.js'
import { countPendingGroupsOf, decideGroup, findGroup, findGroupByNumber, insertGroup, listGroups, listGroupsOfResident, type GroupRow } from './group-repository.js'
import { listExemptions } from './pricing-repository.js'
import type { FormProblem, FormValues } from './setup-form-values.js'
import { groupNotFound, groupStatusChanged } from './setup-errors.js'

/** Applications one resident may have waiting at once (a guard against accidental repeats). */
export const MAX_PENDING_APPLICATIONS = 3

export type GroupOutcome = { ok: true; id: string } | { ok: false; problems: FormProblem[] }
export type GroupAction = 'approve' | 'reject' | 'suspend'

/** Which statuses each action may start from. */
const ALLOWED_FROM: Record<GroupAction, readonly GroupStatus[]> = {
  approve: ['pending', 'suspended', 'rejected'],
  reject: ['pending'],
  suspend: ['approved'],
}

export function createGroupService(db: Db) {
  const manage = (request: StaffRequest) => {
    requirePermission(request, 'reservations.manage')
    return { tenantId: request.tenant.id, audit: { actor: staffActor(request), requestId: request.requestId } }
  }
  return {
    async listGroups(request: StaffRequest, status?: GroupStatus): Promise<GroupRow[]> {
      const { tenantId, audit } = manage(request)
      return withTenant(db, tenantId, async trx => {
        const groups = await listGroups(trx, tenantId, status)
        // the list shows representatives' names
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.read-groups', subjectType: 'reservation_group', details: { status: status ?? 'all', count: groups.length } })
        return groups
      })
    },

    async getGroup(request: StaffRequest, id: string): Promise<{ group: GroupRow; exemptions: FeeExemption[] }> {
      const { tenantId, audit } = manage(request)
      const found = await withTenant(db, tenantId, async trx => {
        const group = await findGroup(trx, tenantId, id)
        if (!group) return undefined
        await recordAudit(trx, tenantId, { ...audit, action: 'reservations.read-group', subjectType: 'reservation_group', subjectId: id })
        return { group, exemptions: await listExemptions(trx, tenantId) }
      })
      if (!found) throw groupNotFound()
      return found
    },

    async decide(request: StaffRequest, id: string, action: GroupAction, form: FormValues): Promise<GroupOutcome> {
      const { tenantId, audit } = manage(request)
      return withTenant(db, tenantId, async trx => {
        const group = await findGroup(trx, tenantId, id)
        if (!group) throw groupNotFound()
        let updated: ReservationGroup | undefined
        let details: Record<string, unknown> = { from: group.status }
        switch (action) {
          case 'approve': {
            const read = readGroupApproval(form, (await listExemptions(trx, tenantId)).map(e => e.code))
            if (!read.ok) return read
            updated = await decideGroup(trx, tenantId, id, ALLOWED_FROM.approve, { status: 'approved', ...read.values, approvedByStaffId: request.actor.id, approvedAt: new Date() })
            details = { ...details, ...read.values }
            break
          }
          case 'reject':
            updated = await decideGroup(trx, tenantId, id, ALLOWED_FROM.reject, { status: 'rejected' })
            break
          case 'suspend':
            updated = await decideGroup(trx, tenantId, id, ALLOWED_FROM.suspend, { status: 'suspended' })
            break
        }
        if (!updated) throw groupStatusChanged()
        await recordAudit(trx, tenantId, { ...audit, action: `reservations.${action}-group`, subjectType: 'reservation_group', subjectId: id, details })
        return { ok: true, id }
      })
    },

    /** What the application form offers: exemptions a group may ask for. */
    async applicationFormData(request: ResidentRequest): Promise<FeeExemption[]> {
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, trx => listExemptions(trx, tenantId))
    },

    async listMyGroups(request: ResidentRequest): Promise<ReservationGroup[]> {
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, trx => listGroupsOfResident(trx, tenantId, request.resident.id))
    },

    /** A resident's 団体登録 application: pending until staff decide. */
    async apply(request: ResidentRequest, form: FormValues): Promise<GroupOutcome> {
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => {
        const read = readGroupApplication(form, (await listExemptions(trx, tenantId)).map(e => e.code))
        if (!read.ok) return read
        if ((await countPendingGroupsOf(trx, tenantId, request.resident.id)) >= MAX_PENDING_APPLICATIONS) return { ok: false, problems: [{ field: 'name', key: 'reservations.setup.groupApply.tooManyPending', params: { max: MAX_PENDING_APPLICATIONS } }] }
        // about 37 random bits: a number already taken is practically never drawn, but check anyway
        let registrationNumber = newGroupRegistrationNumber()
        while (await findGroupByNumber(trx, tenantId, registrationNumber)) registrationNumber = newGroupRegistrationNumber()
        const group = await insertGroup(trx, tenantId, { ...read.values, registrationNumber, representativeResidentId: request.resident.id })
        return { ok: true, id: group.id }
      })
    },
  }
}

export type GroupService = ReturnType<typeof createGroupService>
