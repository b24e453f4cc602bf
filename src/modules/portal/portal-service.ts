import { withTenant, type Db } from '../../platform/db/tenant-context.js'

export interface ContactDetails {
  email: string | null
  phone: string | null
  postalCode: string | null
  addressPrefecture: string | null
  addressCity: string | null
  addressTown: string | null
  addressStreet: string | null
}

/** Reads and writes behind the resident's own pages (their profile, contact details, inbox). */
export function createPortalService(db: Db) {
  return {
    async getProfile(tenantId: string, residentId: string) {
      return withTenant(db, tenantId, async trx => {
        const resident = await trx
          .selectFrom('residents')
          .select(['id', 'email', 'emailVerifiedAt', 'postalCode', 'addressPrefecture', 'addressCity', 'addressTown', 'addressStreet', 'phone', 'displayName'])
          .where('tenantId', '=', tenantId)
          .where('id', '=', residentId)
          .executeTakeFirstOrThrow()
        const basicInfo = await trx.selectFrom('residentBasicInfo').selectAll().where('tenantId', '=', tenantId).where('residentId', '=', residentId).executeTakeFirst()
        // Which departments looked at this resident's personal data, from the audit log.
        const views = await trx
          .selectFrom('auditLog')
          .select(['occurredAt', 'actorId'])
          .where('tenantId', '=', tenantId)
          .where('action', '=', 'resident.read-basic-info')
          .where('subjectType', '=', 'resident')
          .where('subjectId', '=', residentId)
          .orderBy('seq', 'desc')
          .limit(20)
          .execute()
        const staffIds = [...new Set(views.map(v => v.actorId).filter((id): id is string => !!id))]
        const departments = staffIds.length
          ? await trx
              .selectFrom('staffRoleAssignments as a')
              .leftJoin('departments as d', join => join.onRef('d.tenantId', '=', 'a.tenantId').onRef('d.id', '=', 'a.departmentId'))
              .select(['a.staffUserId', 'd.name', 'd.nameEn'])
              .where('a.tenantId', '=', tenantId)
              .where('a.staffUserId', 'in', staffIds)
              .execute()
          : []
        const departmentOf = (staffId: string | null) => {
          const rows = departments.filter(d => d.staffUserId === staffId && d.name)
          return rows.length ? rows.map(r => ({ name: r.name as string, nameEn: r.nameEn ?? '' })) : []
        }
        return { resident, basicInfo, views: views.map(v => ({ at: v.occurredAt, departments: departmentOf(v.actorId) })) }
      })
    },

    async updateContact(tenantId: string, residentId: string, contact: ContactDetails) {
      return withTenant(db, tenantId, async trx => {
        const current = await trx.selectFrom('residents').select(['email']).where('tenantId', '=', tenantId).where('id', '=', residentId).executeTakeFirstOrThrow()
        await trx
          .updateTable('residents')
          .set({
            ...contact,
            // a changed address is unverified until a magic link proves it
            ...(current.email !== contact.email ? { emailVerifiedAt: null } : {}),
            updatedAt: new Date(),
          })
          .where('tenantId', '=', tenantId)
          .where('id', '=', residentId)
          .execute()
      })
    },

    async listMessages(tenantId: string, residentId: string, page: number, pageSize = 20) {
      return withTenant(db, tenantId, async trx => {
        const rows = await trx
          .selectFrom('messages')
          .select(['id', 'subject', 'createdAt', 'readAt'])
          .where('tenantId', '=', tenantId)
          .where('residentId', '=', residentId)
          .orderBy('createdAt', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute()
        const counts = await trx
          .selectFrom('messages')
          .select(eb => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('id').filterWhere('readAt', 'is', null).as('unread')])
          .where('tenantId', '=', tenantId)
          .where('residentId', '=', residentId)
          .executeTakeFirstOrThrow()
        return { rows, total: Number(counts.total), unread: Number(counts.unread), pageCount: Math.max(1, Math.ceil(Number(counts.total) / pageSize)) }
      })
    },

    /** Opens one message and marks it read. */
    async findMessage(tenantId: string, residentId: string, messageId: string) {
      return withTenant(db, tenantId, async trx => {
        const message = await trx
          .selectFrom('messages')
          .selectAll()
          .where('tenantId', '=', tenantId)
          .where('residentId', '=', residentId)
          .where('id', '=', messageId)
          .executeTakeFirst()
        if (message && !message.readAt)
          await trx.updateTable('messages').set({ readAt: new Date(), updatedAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', messageId).execute()
        return message
      })
    },
  }
}
export type PortalService = ReturnType<typeof createPortalService>
