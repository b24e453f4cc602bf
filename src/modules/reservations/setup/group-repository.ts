/** SQL of registered groups (団体登録) and their members. */
import type { Executor } from '../../../platform/db/tenant-context.js'
import type { GroupStatus, ReservationGroup } from '../reservation-tables.js'
import { rdb } from './setup-db.js'

export type GroupRow = ReservationGroup & { representativeName: string | null }

export async function listGroups(executor: Executor, tenantId: string, status?: GroupStatus): Promise<GroupRow[]> {
  let query = rdb(executor)
    .selectFrom('reservationGroups as g')
    .leftJoin('residents as r', join => join.onRef('r.tenantId', '=', 'g.tenantId').onRef('r.id', '=', 'g.representativeResidentId'))
    .selectAll('g')
    .select('r.displayName as representativeName')
    .where('g.tenantId', '=', tenantId)
  if (status) query = query.where('g.status', '=', status)
  return query.orderBy('g.createdAt', 'desc').orderBy('g.id').limit(500).execute()
}

export async function findGroup(executor: Executor, tenantId: string, id: string): Promise<GroupRow | undefined> {
  return rdb(executor)
    .selectFrom('reservationGroups as g')
    .leftJoin('residents as r', join => join.onRef('r.tenantId', '=', 'g.tenantId').onRef('r.id', '=', 'g.representativeResidentId'))
    .selectAll('g')
    .select('r.displayName as representativeName')
    .where('g.tenantId', '=', tenantId)
    .where('g.id', '=', id)
    .executeTakeFirst()
}

export async function findGroupByNumber(executor: Executor, tenantId: string, registrationNumber: string): Promise<ReservationGroup | undefined> {
  return rdb(executor).selectFrom('reservationGroups').selectAll().where('tenantId', '=', tenantId).where('registrationNumber', '=', registrationNumber).executeTakeFirst()
}

/** Groups the resident represents or belongs to. */
export async function listGroupsOfResident(executor: Executor, tenantId: string, residentId: string): Promise<ReservationGroup[]> {
  const db = rdb(executor)
  return db
    .selectFrom('reservationGroups')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where(eb =>
      eb.or([
        eb('representativeResidentId', '=', residentId),
        eb('id', 'in', db.selectFrom('reservationGroupMembers').select('groupId').where('tenantId', '=', tenantId).where('residentId', '=', residentId)),
      ]),
    )
    .orderBy('createdAt', 'desc')
    .execute()
}

export interface NewGroup {
  registrationNumber: string
  name: string
  representativeResidentId: string
  memberCount: number
  isResidentGroup: boolean
  exemptionCode: string | null
}

/** A pending application; the representative is its first member. */
export async function insertGroup(executor: Executor, tenantId: string, group: NewGroup): Promise<ReservationGroup> {
  const db = rdb(executor)
  const row = await db
    .insertInto('reservationGroups')
    .values({ tenantId, ...group, status: 'pending' })
    .returningAll()
    .executeTakeFirstOrThrow()
  await db.insertInto('reservationGroupMembers').values({ tenantId, groupId: row.id, residentId: group.representativeResidentId }).execute()
  return row
}

export async function countPendingGroupsOf(executor: Executor, tenantId: string, residentId: string): Promise<number> {
  const row = await rdb(executor)
    .selectFrom('reservationGroups')
    .select(eb => eb.fn.countAll<string>().as('count'))
    .where('tenantId', '=', tenantId)
    .where('representativeResidentId', '=', residentId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

export interface GroupDecision {
  status: GroupStatus
  priorityDays?: number
  maxActiveBookings?: number
  exemptionCode?: string | null
  isResidentGroup?: boolean
  approvedByStaffId?: string | null
  approvedAt?: Date | null
}

/** Changes the status only from one of `from` (a decision someone else made first is not overwritten). */
export async function decideGroup(executor: Executor, tenantId: string, id: string, from: readonly GroupStatus[], decision: GroupDecision): Promise<ReservationGroup | undefined> {
  return rdb(executor)
    .updateTable('reservationGroups')
    .set({ ...decision, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .returningAll()
    .executeTakeFirst()
}
