import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { badRequest, isAppError } from '../../platform/errors.js'
import { pageContext } from '../../platform/views/page-context.js'
import { adminRequest, type AdminRequest } from './admin-context.js'
import { fieldErrors, formFields, isUuid, PageQuerySchema, queryValue, type FieldErrors } from './admin-forms.js'
import { doneNotice } from './admin-views.js'
import { NewStaffAccountPage, StaffAccountPage, StaffAccountsPage, type StaffAccountForm } from './staff-account-pages.js'
import { AddRoleAssignmentSchema, CreateStaffAccountSchema, ROLE_ASSIGNMENT_FIELDS, STAFF_ACCOUNT_FIELDS } from './staff-account-schemas.js'
import type { StaffAccountService } from './staff-account-service.js'

const config = { auth: 'staff', permission: 'admin.staff' } as const

const DETAIL_DONE = ['created', 'role-added', 'role-removed', 'disabled', 'enabled', 'mfa-reset', 'unlocked'] as const

/** Refusals shown on the account page itself rather than on an error page. */
const REFUSALS = new Set(['ADMIN.OWN_LAST_ADMINISTRATOR_ROLE', 'ADMIN.CANNOT_DISABLE_SELF', 'ADMIN.ROLE_ALREADY_ASSIGNED', 'ADMIN.UNKNOWN_DEPARTMENT'])

/** Which field of the add-a-role form a refusal belongs to (`form`: the page heading). */
const REFUSAL_FIELD: Record<string, string> = { 'ADMIN.ROLE_ALREADY_ASSIGNED': 'role', 'ADMIN.UNKNOWN_DEPARTMENT': 'departmentId' }

function staffId(req: FastifyRequest): string | undefined {
  const { id } = req.params as { id: string }
  return isUuid(id) ? id.toLowerCase() : undefined
}

/** 職員アカウント: list, create, roles, disable/enable, MFA reset, unlock. */
export function registerStaffAccountRoutes(app: FastifyInstance, staffAccounts: StaffAccountService) {
  async function renderAccount(req: FastifyRequest, reply: FastifyReply, admin: AdminRequest, id: string, extra: { errors?: FieldErrors; form?: StaffAccountForm; status?: number; notice?: string } = {}) {
    const { account, departments } = await staffAccounts.getStaffAccount(admin, id)
    return reply.html(<StaffAccountPage ctx={pageContext(req)} account={account} departments={departments} errors={extra.errors} form={extra.form} notice={extra.notice} />, extra.status ?? 200)
  }

  /** Runs one account action; a known refusal re-renders the account page with the reason. */
  function accountAction(path: string, done: (typeof DETAIL_DONE)[number], run: (admin: AdminRequest, id: string, req: FastifyRequest) => Promise<void>) {
    app.post(`/:tenant/staff/admin/staff/:id${path}`, { config }, async (req, reply) => {
      const id = staffId(req)
      if (!id) return reply.callNotFound()
      const admin = adminRequest(req)
      try {
        await run(admin, id, req)
      } catch (error) {
        if (isAppError(error) && REFUSALS.has(error.code)) {
          return renderAccount(req, reply, admin, id, { errors: { [REFUSAL_FIELD[error.code] ?? 'form']: req.t(error.messageKey) }, status: error.status })
        }
        throw error
      }
      return reply.redirect(`/${admin.tenant.slug}/staff/admin/staff/${id}?done=${done}`, 303)
    })
  }

  app.get('/:tenant/staff/admin/staff', { config }, async (req, reply) => {
    const page = PageQuerySchema.safeParse(queryValue(req.query, 'page'))
    if (!page.success) throw badRequest('ADMIN.INVALID_PAGE', 'admin.form.invalidPage')
    const result = await staffAccounts.listStaffAccounts(adminRequest(req), page.data)
    return reply.html(<StaffAccountsPage ctx={pageContext(req)} {...result} notice={doneNotice(req.t, 'staff', queryValue(req.query, 'done'), [])} />)
  })

  app.get('/:tenant/staff/admin/staff/new', { config }, async (req, reply) => {
    const departments = await staffAccounts.listDepartmentChoices(adminRequest(req))
    return reply.html(<NewStaffAccountPage ctx={pageContext(req)} departments={departments} />)
  })

  app.post('/:tenant/staff/admin/staff/new', { config }, async (req, reply) => {
    const admin = adminRequest(req)
    const form = formFields(req.body, STAFF_ACCOUNT_FIELDS)
    const echo: StaffAccountForm = { email: form.email.slice(0, 254), displayName: form.displayName.slice(0, 100), role: form.role, departmentId: form.departmentId }
    const rerender = async (errors: FieldErrors) =>
      reply.html(<NewStaffAccountPage ctx={pageContext(req)} departments={await staffAccounts.listDepartmentChoices(admin)} form={echo} errors={errors} />, 422)
    const parsed = CreateStaffAccountSchema.safeParse(form)
    if (!parsed.success) return rerender(fieldErrors(parsed.error, req.t))
    let id: string
    try {
      id = await staffAccounts.createStaffAccount(admin, parsed.data)
    } catch (error) {
      if (isAppError(error) && error.code === 'ADMIN.STAFF_EMAIL_TAKEN') return rerender({ email: req.t(error.messageKey) })
      if (isAppError(error) && error.code === 'ADMIN.UNKNOWN_DEPARTMENT') return rerender({ departmentId: req.t(error.messageKey) })
      throw error
    }
    return reply.redirect(`/${admin.tenant.slug}/staff/admin/staff/${id}?done=created`, 303)
  })

  app.get('/:tenant/staff/admin/staff/:id', { config }, async (req, reply) => {
    const id = staffId(req)
    if (!id) return reply.callNotFound()
    return renderAccount(req, reply, adminRequest(req), id, { notice: doneNotice(req.t, 'staff', queryValue(req.query, 'done'), DETAIL_DONE) })
  })

  app.post('/:tenant/staff/admin/staff/:id/roles', { config }, async (req, reply) => {
    const id = staffId(req)
    if (!id) return reply.callNotFound()
    const admin = adminRequest(req)
    const form = formFields(req.body, ROLE_ASSIGNMENT_FIELDS)
    const parsed = AddRoleAssignmentSchema.safeParse(form)
    if (!parsed.success) return renderAccount(req, reply, admin, id, { errors: fieldErrors(parsed.error, req.t), form, status: 422 })
    try {
      await staffAccounts.addRoleAssignment(admin, id, parsed.data)
    } catch (error) {
      if (isAppError(error) && REFUSALS.has(error.code)) {
        // a refused role is a form problem like a validation error: 422, the answer kept
        return renderAccount(req, reply, admin, id, { errors: { [REFUSAL_FIELD[error.code] ?? 'form']: req.t(error.messageKey) }, form, status: 422 })
      }
      throw error
    }
    return reply.redirect(`/${admin.tenant.slug}/staff/admin/staff/${id}?done=role-added`, 303)
  })

  app.post('/:tenant/staff/admin/staff/:id/roles/:assignmentId/delete', { config }, async (req, reply) => {
    const id = staffId(req)
    const { assignmentId } = req.params as { assignmentId: string }
    if (!id || !isUuid(assignmentId)) return reply.callNotFound()
    const admin = adminRequest(req)
    try {
      await staffAccounts.removeRoleAssignment(admin, id, assignmentId.toLowerCase())
    } catch (error) {
      if (isAppError(error) && REFUSALS.has(error.code)) return renderAccount(req, reply, admin, id, { errors: { form: req.t(error.messageKey) }, status: error.status })
      throw error
    }
    return reply.redirect(`/${admin.tenant.slug}/staff/admin/staff/${id}?done=role-removed`, 303)
  })

  accountAction('/disable', 'disabled', (admin, id) => staffAccounts.disableStaffAccount(admin, id))
  accountAction('/enable', 'enabled', (admin, id) => staffAccounts.enableStaffAccount(admin, id))
  accountAction('/reset-mfa', 'mfa-reset', (admin, id) => staffAccounts.resetStaffMfa(admin, id))
  accountAction('/unlock', 'unlocked', (admin, id) => staffAccounts.unlockStaffAccount(admin, id))
}
