import type { FastifyInstance } from 'fastify'
import { isAppError } from '../../platform/errors.js'
import { pageContext } from '../../platform/views/page-context.js'
import { adminRequest } from './admin-context.js'
import { fieldErrors, formFields, isUuid, queryValue } from './admin-forms.js'
import { doneNotice } from './admin-views.js'
import { CreateDepartmentSchema, DEPARTMENT_FIELDS, RenameDepartmentSchema } from './department-schemas.js'
import type { DepartmentService } from './department-service.js'
import { DepartmentsPage, RenameDepartmentPage } from './department-pages.js'

const config = { auth: 'staff', permission: 'admin.departments' } as const

/** 所属(課)の管理: list, create, rename. */
export function registerDepartmentRoutes(app: FastifyInstance, departments: DepartmentService) {
  app.get('/:tenant/staff/admin/departments', { config }, async (req, reply) => {
    const list = await departments.listDepartments(adminRequest(req))
    const notice = doneNotice(req.t, 'departments', queryValue(req.query, 'done'), ['created', 'renamed'])
    return reply.html(<DepartmentsPage ctx={pageContext(req)} departments={list} notice={notice} />)
  })

  app.post('/:tenant/staff/admin/departments', { config }, async (req, reply) => {
    const admin = adminRequest(req)
    const form = formFields(req.body, DEPARTMENT_FIELDS)
    const parsed = CreateDepartmentSchema.safeParse(form)
    const rerender = async (errors: Record<string, string>) =>
      reply.html(<DepartmentsPage ctx={pageContext(req)} departments={await departments.listDepartments(admin)} form={form} errors={errors} />, 422)
    if (!parsed.success) return rerender(fieldErrors(parsed.error, req.t))
    try {
      await departments.createDepartment(admin, parsed.data)
    } catch (error) {
      if (isAppError(error) && error.code === 'ADMIN.DEPARTMENT_CODE_TAKEN') return rerender({ code: req.t(error.messageKey) })
      throw error
    }
    return reply.redirect(`/${admin.tenant.slug}/staff/admin/departments?done=created`, 303)
  })

  app.get('/:tenant/staff/admin/departments/:id', { config }, async (req, reply) => {
    const { id } = req.params as { id: string }
    if (!isUuid(id)) return reply.callNotFound()
    const department = await departments.getDepartment(adminRequest(req), id)
    return reply.html(<RenameDepartmentPage ctx={pageContext(req)} department={department} />)
  })

  app.post('/:tenant/staff/admin/departments/:id', { config }, async (req, reply) => {
    const { id } = req.params as { id: string }
    if (!isUuid(id)) return reply.callNotFound()
    const admin = adminRequest(req)
    const form = formFields(req.body, ['name', 'nameEn'])
    const parsed = RenameDepartmentSchema.safeParse(form)
    if (!parsed.success) {
      const department = await departments.getDepartment(admin, id)
      return reply.html(<RenameDepartmentPage ctx={pageContext(req)} department={department} form={form} errors={fieldErrors(parsed.error, req.t)} />, 422)
    }
    await departments.renameDepartment(admin, id, parsed.data)
    return reply.redirect(`/${admin.tenant.slug}/staff/admin/departments?done=renamed`, 303)
  })
}
