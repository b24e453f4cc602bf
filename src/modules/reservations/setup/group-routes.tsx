/**
 * 団体登録 routes: staff list / decide (reservations.manage) under the setup pages, and the
 * resident's application and groups under /:tenant/reservations/groups (resident login).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pageContext } from '../../../platform/views/page-context.js'
import type { GroupStatus } from '../reservation-tables.js'
import { PUBLIC_BASE, residentRequest, staffRequest, uuidParam } from '../reservation-request.js'
import { GROUP_STATUSES, GroupApplicationPage, GroupDetailPage, GroupListPage, MyGroupsPage } from './group-pages.js'
import type { GroupAction, GroupService } from './group-service.js'
import { formValuesOf, type FormProblem, type FormValues } from './setup-form-values.js'
import { doneNotice, manageConfig as config, queryValue, SETUP_BASE, setupPath } from './setup-route-helpers.js'
import { collectErrors } from './setup-views.js'

const DONE = ['approve', 'reject', 'suspend', 'applied'] as const
const residentConfig = { auth: 'resident' } as const

export function registerGroupStaffRoutes(app: FastifyInstance, groups: GroupService): void {
  app.get(`${SETUP_BASE}/groups`, { config }, async (req, reply) => {
    const raw = queryValue(req, 'status')
    const status = (GROUP_STATUSES as readonly string[]).includes(raw ?? '') ? (raw as GroupStatus) : undefined
    const list = await groups.listGroups(staffRequest(req), status)
    return reply.header('cache-control', 'no-store').html(<GroupListPage ctx={pageContext(req)} groups={list} status={status} notice={doneNotice(req, DONE)} />)
  })

  const detailPage = async (req: FastifyRequest, reply: FastifyReply, id: string, input: { values?: FormValues; problems?: FormProblem[] } = {}) => {
    const ctx = pageContext(req)
    const { group, exemptions } = await groups.getGroup(staffRequest(req), id)
    const errors = collectErrors(ctx, input.problems ?? [])
    const values = input.values ?? { priorityDays: String(group.priorityDays), maxActiveBookings: String(group.maxActiveBookings), exemptionCode: group.exemptionCode ?? '', isResidentGroup: group.isResidentGroup ? 'yes' : '' }
    return reply.header('cache-control', 'no-store').html(<GroupDetailPage ctx={ctx} group={group} exemptions={exemptions} state={{ values, errors: errors.fields }} summary={errors.summary} notice={input.problems ? undefined : doneNotice(req, DONE)} />, input.problems ? 422 : 200)
  }

  app.get(`${SETUP_BASE}/groups/:groupId`, { config }, async (req, reply) => {
    const id = uuidParam(req, 'groupId')
    if (!id) return reply.callNotFound()
    return detailPage(req, reply, id)
  })

  for (const action of ['approve', 'reject', 'suspend'] as const satisfies readonly GroupAction[]) {
    app.post(`${SETUP_BASE}/groups/:groupId/${action}`, { config }, async (req, reply) => {
      const id = uuidParam(req, 'groupId')
      if (!id) return reply.callNotFound()
      const values = formValuesOf(req.body)
      const outcome = await groups.decide(staffRequest(req), id, action, values)
      if (!outcome.ok) return detailPage(req, reply, id, { values, problems: outcome.problems })
      return reply.redirect(setupPath(req, `/groups/${id}?done=${action}`), 303)
    })
  }
}

export function registerGroupResidentRoutes(app: FastifyInstance, groups: GroupService): void {
  app.get(`${PUBLIC_BASE}/groups`, { config: residentConfig }, async (req, reply) => {
    const list = await groups.listMyGroups(residentRequest(req))
    return reply.header('cache-control', 'no-store').html(<MyGroupsPage ctx={pageContext(req)} groups={list} notice={doneNotice(req, DONE)} />)
  })

  const applicationPage = async (req: FastifyRequest, reply: FastifyReply, input: { values?: FormValues; problems?: FormProblem[] } = {}) => {
    const ctx = pageContext(req)
    const exemptions = await groups.applicationFormData(residentRequest(req))
    const errors = collectErrors(ctx, input.problems ?? [])
    return reply.header('cache-control', 'no-store').html(<GroupApplicationPage ctx={ctx} exemptions={exemptions} state={{ values: input.values ?? { isResidentGroup: 'yes' }, errors: errors.fields }} summary={errors.summary} />, input.problems ? 422 : 200)
  }

  app.get(`${PUBLIC_BASE}/groups/new`, { config: residentConfig }, async (req, reply) => applicationPage(req, reply))

  app.post(`${PUBLIC_BASE}/groups/new`, { config: residentConfig }, async (req, reply) => {
    const values = formValuesOf(req.body)
    const outcome = await groups.apply(residentRequest(req), values)
    if (!outcome.ok) return applicationPage(req, reply, { values, problems: outcome.problems })
    return reply.redirect(`/${req.tenant?.slug}/reservations/groups?done=applied`, 303)
  })
}
