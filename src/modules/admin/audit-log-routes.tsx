import type { FastifyInstance } from 'fastify'
import { badRequest } from '../../platform/errors.js'
import { pageContext } from '../../platform/views/page-context.js'
import { adminRequest } from './admin-context.js'
import { fieldErrors, PageQuerySchema, queryValue } from './admin-forms.js'
import { AuditLogFilterSchema } from './audit-log-schemas.js'
import type { AuditLogService } from './audit-log-service.js'
import { AuditLogPage } from './audit-log-pages.js'

/** 監査ログ (read only). */
export function registerAuditLogRoutes(app: FastifyInstance, auditLog: AuditLogService) {
  app.get('/:tenant/staff/admin/audit', { config: { auth: 'staff', permission: 'audit.read' } }, async (req, reply) => {
    const admin = adminRequest(req)
    const page = PageQuerySchema.safeParse(queryValue(req.query, 'page'))
    if (!page.success) throw badRequest('ADMIN.INVALID_PAGE', 'admin.form.invalidPage')
    const rawAction = queryValue(req.query, 'action') ?? ''
    const filter = AuditLogFilterSchema.safeParse({ action: rawAction })
    if (!filter.success) {
      const echo = rawAction.slice(0, 100)
      return reply.html(<AuditLogPage ctx={pageContext(req)} entries={[]} page={1} pageCount={1} total={0} action={echo} errors={fieldErrors(filter.error, req.t)} />, 422)
    }
    const result = await auditLog.listAuditLog(admin, { page: page.data, actionPrefix: filter.data.action })
    return reply.html(<AuditLogPage ctx={pageContext(req)} {...result} action={filter.data.action} />)
  })
}
