/** Routes of the fee editor: enable / remove the fee, timing and methods, items, exemptions. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pageContext } from '../../../platform/views/page-context.js'
import type { ProcedureDocument } from '../form/form-definition.js'
import { nextId } from './builder-edits.js'
import { exemptionToForm, feeItemToForm, feeSettingsToForm, readExemptionForm, readFeeItemForm, readFeeSettingsForm } from './builder-fee-form.js'
import { ExemptionPage, FeeItemPage, FeePage } from './builder-fee-pages.js'
import { conditionToForm, feeConditionCandidates, formValuesOf, type FormValues } from './builder-form-values.js'
import { BASE, builderParams, config, doneNotice, japaneseText } from './builder-route-helpers.js'
import { builderRequest, type EditOutcome, type PlannedEdit, type ProcedureBuilderService } from './builder-service.js'
import { collectErrors } from './builder-views.js'

export function registerBuilderFeeRoutes(app: FastifyInstance, builder: ProcedureBuilderService) {
  const feeBase = (req: FastifyRequest, id: string) => `/${req.tenant?.slug}/staff/procedures/${id}/fee`
  const edit = (req: FastifyRequest, id: string, plan: (doc: ProcedureDocument) => PlannedEdit) => builder.editDraft(builderRequest(req), id, plan)
  const idOf = (req: FastifyRequest) => builderParams(req)?.id

  /** The fee page again with the problems of an action posted from it. */
  function feePageWithProblems(req: FastifyRequest, reply: FastifyReply, id: string, outcome: Extract<EditOutcome, { ok: false }>, values?: FormValues) {
    const ctx = pageContext(req)
    const errors = collectErrors(ctx, outcome.formProblems, outcome.problems, { base: ['fee'], inputs: ['timing', 'methods'], source: outcome.candidate ?? outcome.document })
    const fee = outcome.document.fee
    return reply.html(<FeePage ctx={ctx} procedureId={id} document={outcome.document} values={values ?? (fee ? feeSettingsToForm(fee) : {})} errors={errors.fields} summary={errors.summary} />, 422)
  }

  app.get(`${BASE}/:id/fee`, { config }, async (req, reply) => {
    const id = idOf(req)
    if (!id) return reply.callNotFound()
    const view = await builder.getProcedure(builderRequest(req), id)
    const fee = view.document.fee
    return reply.html(<FeePage ctx={pageContext(req)} procedureId={id} document={view.document} values={fee ? feeSettingsToForm(fee) : {}} notice={doneNotice(req)} />)
  })

  app.post(`${BASE}/:id/fee`, { config }, async (req, reply) => {
    const id = idOf(req)
    if (!id) return reply.callNotFound()
    const values = formValuesOf(req.body)
    const outcome = await edit(req, id, () => {
      const read = readFeeSettingsForm(values)
      return read.settings ? { edit: { kind: 'update-fee-settings', ...read.settings } } : { formProblems: read.problems }
    })
    if (outcome.ok) return reply.redirect(`${feeBase(req, id)}?done=fee-saved`, 303)
    return feePageWithProblems(req, reply, id, outcome, values)
  })

  app.post(`${BASE}/:id/fee/enable`, { config }, async (req, reply) => {
    const id = idOf(req)
    if (!id) return reply.callNotFound()
    const outcome = await edit(req, id, doc =>
      doc.fee ? { formProblems: [] } : { edit: { kind: 'set-fee', fee: { timing: 'on-submission', items: [{ id: 'fee1', label: { ja: japaneseText('builder.defaults.feeItem') }, unitYen: 0 }], exemptions: [], methods: ['online', 'counter'] } } },
    )
    if (!outcome.ok && outcome.formProblems.length === 0 && outcome.problems.length === 0) return reply.redirect(feeBase(req, id), 303)
    if (outcome.ok) return reply.redirect(`${feeBase(req, id)}/items/fee1?done=fee-enabled`, 303)
    return feePageWithProblems(req, reply, id, outcome)
  })

  app.post(`${BASE}/:id/fee/remove`, { config }, async (req, reply) => {
    const id = idOf(req)
    if (!id) return reply.callNotFound()
    const outcome = await edit(req, id, () => ({ edit: { kind: 'set-fee', fee: undefined } }))
    if (outcome.ok) return reply.redirect(`${feeBase(req, id)}?done=fee-removed`, 303)
    return feePageWithProblems(req, reply, id, outcome)
  })

  // ---- items -----------------------------------------------------------------------------------

  app.get(`${BASE}/:id/fee/items/new`, { config }, async (req, reply) => {
    const id = idOf(req)
    if (!id) return reply.callNotFound()
    const view = await builder.getProcedure(builderRequest(req), id)
    if (!view.document.fee) return reply.redirect(feeBase(req, id), 303)
    return reply.html(<FeeItemPage ctx={pageContext(req)} procedureId={id} document={view.document} values={{ id: nextId(view.document, 'fee'), unitYen: '0', ...conditionToForm(undefined) }} candidates={feeConditionCandidates(view.document)} />)
  })

  app.get(`${BASE}/:id/fee/items/:itemId`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id || !params.itemId) return reply.callNotFound()
    const view = await builder.getProcedure(builderRequest(req), params.id)
    const item = view.document.fee?.items.find(i => i.id === params.itemId)
    if (!item) return reply.callNotFound()
    return reply.html(<FeeItemPage ctx={pageContext(req)} procedureId={params.id} document={view.document} itemId={item.id} values={feeItemToForm(item)} candidates={feeConditionCandidates(view.document)} notice={doneNotice(req)} />)
  })

  async function saveItem(req: FastifyRequest, reply: FastifyReply) {
    const params = builderParams(req)
    if (!params?.id) return reply.callNotFound()
    const { id, itemId } = params as { id: string; itemId?: string }
    const values = formValuesOf(req.body)
    const outcome = await edit(req, id, doc => {
      const current = itemId ? doc.fee?.items.find(i => i.id === itemId) : undefined
      if (itemId && !current) return { formProblems: [{ field: 'id', key: 'builder.problems.notFound' }] }
      const read = readFeeItemForm(values, doc, current)
      if (!read.item) return { formProblems: read.problems }
      return { edit: itemId ? { kind: 'update-fee-item', itemId, item: read.item } : { kind: 'add-fee-item', item: read.item } }
    })
    if (outcome.ok) return reply.redirect(`${feeBase(req, id)}?done=item-saved`, 303)
    const ctx = pageContext(req)
    const index = outcome.document.fee?.items.findIndex(i => i.id === itemId) ?? -1
    const errors = collectErrors(ctx, outcome.formProblems, outcome.problems, {
      base: ['fee', 'items', index >= 0 ? index : (outcome.document.fee?.items.length ?? 0)],
      inputs: Object.keys(feeItemToForm({ id: '', label: { ja: '' }, unitYen: 0 })).concat('conditionMode'),
      source: outcome.candidate,
    })
    return reply.html(<FeeItemPage ctx={ctx} procedureId={id} document={outcome.document} itemId={itemId} values={values} errors={errors.fields} summary={errors.summary} candidates={feeConditionCandidates(outcome.document)} />, 422)
  }
  app.post(`${BASE}/:id/fee/items`, { config }, saveItem)
  app.post(`${BASE}/:id/fee/items/:itemId`, { config }, saveItem)

  app.post(`${BASE}/:id/fee/items/:itemId/delete`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id || !params.itemId) return reply.callNotFound()
    const outcome = await edit(req, params.id, () => ({ edit: { kind: 'delete-fee-item', itemId: params.itemId as string } }))
    if (outcome.ok) return reply.redirect(`${feeBase(req, params.id)}?done=item-deleted`, 303)
    return feePageWithProblems(req, reply, params.id, outcome)
  })

  // ---- exemptions ------------------------------------------------------------------------------

  app.get(`${BASE}/:id/fee/exemptions/new`, { config }, async (req, reply) => {
    const id = idOf(req)
    if (!id) return reply.callNotFound()
    const view = await builder.getProcedure(builderRequest(req), id)
    if (!view.document.fee) return reply.redirect(feeBase(req, id), 303)
    return reply.html(<ExemptionPage ctx={pageContext(req)} procedureId={id} document={view.document} values={{ ...conditionToForm(undefined), conditionMode: 'all' }} candidates={feeConditionCandidates(view.document)} />)
  })

  app.get(`${BASE}/:id/fee/exemptions/:index`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id || params.index === undefined) return reply.callNotFound()
    const view = await builder.getProcedure(builderRequest(req), params.id)
    const index = Number(params.index)
    const exemption = view.document.fee?.exemptions[index]
    if (!exemption) return reply.callNotFound()
    return reply.html(<ExemptionPage ctx={pageContext(req)} procedureId={params.id} document={view.document} index={index} values={exemptionToForm(exemption)} candidates={feeConditionCandidates(view.document)} />)
  })

  async function saveExemption(req: FastifyRequest, reply: FastifyReply) {
    const params = builderParams(req)
    if (!params?.id) return reply.callNotFound()
    const id = params.id
    const index = params.index === undefined ? undefined : Number(params.index)
    const values = formValuesOf(req.body)
    const outcome = await edit(req, id, doc => {
      const current = index === undefined ? undefined : doc.fee?.exemptions[index]
      if (index !== undefined && !current) return { formProblems: [{ field: 'labelJa', key: 'builder.problems.notFound' }] }
      const read = readExemptionForm(values, doc, current)
      if (!read.exemption) return { formProblems: read.problems }
      return { edit: index === undefined ? { kind: 'add-exemption', exemption: read.exemption } : { kind: 'update-exemption', index, exemption: read.exemption } }
    })
    if (outcome.ok) return reply.redirect(`${feeBase(req, id)}?done=exemption-saved`, 303)
    const ctx = pageContext(req)
    const errors = collectErrors(ctx, outcome.formProblems, outcome.problems, {
      base: ['fee', 'exemptions', index ?? outcome.document.fee?.exemptions.length ?? 0],
      aliases: { items: 'items' },
      inputs: ['labelJa', 'labelEasy', 'labelEn', 'items', 'conditionMode'],
      source: outcome.candidate,
    })
    return reply.html(<ExemptionPage ctx={ctx} procedureId={id} document={outcome.document} index={index} values={values} errors={errors.fields} summary={errors.summary} candidates={feeConditionCandidates(outcome.document)} />, 422)
  }
  app.post(`${BASE}/:id/fee/exemptions`, { config }, saveExemption)
  app.post(`${BASE}/:id/fee/exemptions/:index`, { config }, saveExemption)

  app.post(`${BASE}/:id/fee/exemptions/:index/delete`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id || params.index === undefined) return reply.callNotFound()
    const outcome = await edit(req, params.id, () => ({ edit: { kind: 'delete-exemption', index: Number(params.index) } }))
    if (outcome.ok) return reply.redirect(`${feeBase(req, params.id)}?done=exemption-deleted`, 303)
    return feePageWithProblems(req, reply, params.id, outcome)
  })
}
