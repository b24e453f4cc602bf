/** Staff routes (reservations.manage): purposes (利用目的) and exemptions (減免). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pageContext } from '../../../platform/views/page-context.js'
import { staffRequest } from '../reservation-request.js'
import type { FeeExemption, Purpose } from '../reservation-tables.js'
import { exemptionFormValues, purposeFormValues } from './pricing-form.js'
import { PricingEditPage, PricingListPage } from './pricing-pages.js'
import type { PricingService } from './pricing-service.js'
import { CODE_PATTERN, formValuesOf, type FormProblem, type FormValues } from './setup-form-values.js'
import { doneNotice, manageConfig as config, SETUP_BASE, setupPath } from './setup-route-helpers.js'
import { collectErrors, localName } from './setup-views.js'

const DONE = ['created', 'saved', 'deleted'] as const
type Kind = 'purposes' | 'exemptions'

function codeParam(req: FastifyRequest): string | undefined {
  const code = (req.params as { code?: unknown }).code
  return typeof code === 'string' && CODE_PATTERN.test(code) ? code : undefined
}

export function registerPricingRoutes(app: FastifyInstance, pricing: PricingService): void {
  const listPage = async (req: FastifyRequest, reply: FastifyReply, kind: Kind, input: { values?: FormValues; problems?: FormProblem[]; refused?: boolean } = {}) => {
    const ctx = pageContext(req)
    const request = staffRequest(req)
    const errors = collectErrors(ctx, input.problems ?? [])
    const values = input.values ?? (kind === 'purposes' ? purposeFormValues() : exemptionFormValues())
    const rows = kind === 'purposes' ? { purposes: await pricing.listPurposes(request) } : { exemptions: await pricing.listExemptions(request) }
    const refused = input.refused ? ctx.t(`reservations.setup.${kind}.inUse`) : undefined
    return reply.html(<PricingListPage ctx={ctx} kind={kind} {...rows} state={{ values, errors: errors.fields }} summary={errors.summary} notice={input.problems || input.refused ? undefined : doneNotice(req, DONE.map(d => `${kind}-${d}`))} refused={refused} />, input.problems || input.refused ? (input.refused ? 409 : 422) : 200)
  }

  const editPage = async (req: FastifyRequest, reply: FastifyReply, kind: Kind, code: string, input: { values?: FormValues; problems?: FormProblem[] } = {}) => {
    const ctx = pageContext(req)
    const request = staffRequest(req)
    const row: { purpose?: Purpose; exemption?: FeeExemption } = kind === 'purposes' ? { purpose: await pricing.getPurpose(request, code) } : { exemption: await pricing.getExemption(request, code) }
    const names = row.purpose?.names ?? row.exemption?.names ?? { ja: code }
    const errors = collectErrors(ctx, input.problems ?? [])
    const values = input.values ?? (row.purpose ? purposeFormValues(row.purpose) : exemptionFormValues(row.exemption))
    return reply.html(<PricingEditPage ctx={ctx} kind={kind} code={code} name={localName(names, ctx.locale)} state={{ values, errors: errors.fields }} summary={errors.summary} />, input.problems ? 422 : 200)
  }

  for (const kind of ['purposes', 'exemptions'] as const) {
    const service = {
      create: (req: FastifyRequest, form: FormValues) => (kind === 'purposes' ? pricing.createPurpose(staffRequest(req), form) : pricing.createExemption(staffRequest(req), form)),
      edit: (req: FastifyRequest, code: string, form: FormValues) => (kind === 'purposes' ? pricing.editPurpose(staffRequest(req), code, form) : pricing.editExemption(staffRequest(req), code, form)),
      remove: (req: FastifyRequest, code: string) => (kind === 'purposes' ? pricing.deletePurpose(staffRequest(req), code) : pricing.deleteExemption(staffRequest(req), code)),
    }

    app.get(`${SETUP_BASE}/${kind}`, { config }, async (req, reply) => listPage(req, reply, kind))

    app.post(`${SETUP_BASE}/${kind}`, { config }, async (req, reply) => {
      const values = formValuesOf(req.body)
      const outcome = await service.create(req, values)
      if (!outcome.ok) return listPage(req, reply, kind, { values, problems: outcome.problems })
      return reply.redirect(setupPath(req, `/${kind}?done=${kind}-created`), 303)
    })

    app.get(`${SETUP_BASE}/${kind}/:code`, { config }, async (req, reply) => {
      const code = codeParam(req)
      if (!code) return reply.callNotFound()
      return editPage(req, reply, kind, code)
    })

    app.post(`${SETUP_BASE}/${kind}/:code`, { config }, async (req, reply) => {
      const code = codeParam(req)
      if (!code) return reply.callNotFound()
      const values = formValuesOf(req.body)
      const outcome = await service.edit(req, code, values)
      if (!outcome.ok) return editPage(req, reply, kind, code, { values, problems: outcome.problems })
      return reply.redirect(setupPath(req, `/${kind}?done=${kind}-saved`), 303)
    })

    app.post(`${SETUP_BASE}/${kind}/:code/delete`, { config }, async (req, reply) => {
      const code = codeParam(req)
      if (!code) return reply.callNotFound()
      const outcome = await service.remove(req, code)
      if (!outcome.ok) return listPage(req, reply, kind, { refused: true })
      return reply.redirect(setupPath(req, `/${kind}?done=${kind}-deleted`), 303)
    })
  }
}
