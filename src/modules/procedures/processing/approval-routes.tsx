import type { FastifyInstance } from 'fastify'
import { isUuid } from '../../../platform/http/params.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { DelegationsPage, PendingApprovalsPage } from './approval-pages.js'
import type { ApprovalService } from './approval-service.js'
import { processingRequest } from './processing-context.js'
import { FormProblem } from './processing-errors.js'
import { DelegationSchema, formErrors, formFields } from './processing-schemas.js'
import { doneNotice, translateErrors } from './processing-views.js'

const config = { auth: 'staff', permission: 'procedures.process' } as const

/** 決裁待ち and 代決の設定. Signing and returning a step are on the application's own page. */
export function registerApprovalRoutes(app: FastifyInstance, approvals: ApprovalService) {
  app.get('/:tenant/staff/applications/approvals', { config }, async (req, reply) => {
    const entries = await approvals.listPendingApprovals(processingRequest(req))
    reply.header('cache-control', 'no-store')
    return reply.html(<PendingApprovalsPage ctx={pageContext(req)} entries={entries} />)
  })

  app.get('/:tenant/staff/applications/delegations', { config }, async (req, reply) => {
    const view = await approvals.listDelegations(processingRequest(req))
    const done = (req.query as { done?: unknown } | undefined)?.done
    return reply.html(<DelegationsPage ctx={pageContext(req)} view={view} notice={doneNotice(req.t, typeof done === 'string' ? done : undefined, ['delegationAdded', 'delegationDeleted'])} />)
  })

  app.post('/:tenant/staff/applications/delegations', { config }, async (req, reply) => {
    const request = processingRequest(req)
    const form = formFields(req.body, ['to', 'startsOn', 'endsOn'])
    const rerender = async (errors: Record<string, string>) =>
      reply.html(<DelegationsPage ctx={pageContext(req)} view={await approvals.listDelegations(request)} form={form} errors={translateErrors(req.t, errors)} />, 422)
    const parsed = DelegationSchema.safeParse(form)
    if (!parsed.success) return rerender(formErrors(parsed.error))
    try {
      await approvals.createDelegation(request, parsed.data)
    } catch (error) {
      if (error instanceof FormProblem) return rerender(error.errors)
      throw error
    }
    return reply.redirect(`/${request.tenant.slug}/staff/applications/delegations?done=delegationAdded`, 303)
  })

  app.post('/:tenant/staff/applications/delegations/:delegationId/delete', { config }, async (req, reply) => {
    const { delegationId } = req.params as { delegationId: string }
    if (!isUuid(delegationId)) return reply.callNotFound()
    const request = processingRequest(req)
    await approvals.deleteDelegation(request, delegationId.toLowerCase())
    return reply.redirect(`/${request.tenant.slug}/staff/applications/delegations?done=delegationDeleted`, 303)
  })
}
