/**
 * Staff routes of segments (`notifications.manage`). The form posts `action=count` to see how many
 * residents the conditions mean (nothing is saved) or `action=save`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pageContext } from '../../../platform/views/page-context.js'
import { formValuesOf, text, type FormValues } from './audience-form-values.js'
import { staffRequest } from './audience-request.js'
import { BASE, doneNotice, idParam, manageConfig as config, tenantBase } from './audience-route-helpers.js'
import { collectErrors } from './audience-views.js'
import type { SegmentFormOutcome, SegmentService } from './segment-service.js'
import { segmentFormValues } from './segment-form.js'
import { SegmentDeletePage, SegmentFormPage, SegmentListPage } from './segment-pages.js'

const DONE = ['created', 'saved', 'deleted'] as const

export function registerSegmentRoutes(app: FastifyInstance, segments: SegmentService): void {
  /** The form with the posted values and either their count (200) or their problems (422). */
  const formPage = async (req: FastifyRequest, reply: FastifyReply, values: FormValues, outcome: SegmentFormOutcome, segment?: { id: string; name: string }) => {
    const ctx = pageContext(req)
    const choices = await segments.formChoices(staffRequest(req))
    if (outcome.ok) return reply.html(<SegmentFormPage ctx={ctx} segment={segment} values={values} {...choices} count={outcome.count} />)
    const errors = collectErrors(ctx, outcome.problems)
    return reply.html(<SegmentFormPage ctx={ctx} segment={segment} values={values} {...choices} errors={errors.fields} summary={errors.summary} areaProblems={outcome.areaProblems} />, 422)
  }

  app.get(`${BASE}/segments`, { config }, async (req, reply) => {
    const { segments: list, districts } = await segments.listSegments(staffRequest(req))
    return reply.html(<SegmentListPage ctx={pageContext(req)} segments={list} districts={districts} notice={doneNotice(req, 'segments', DONE)} />)
  })

  app.get(`${BASE}/segments/new`, { config }, async (req, reply) => {
    const choices = await segments.formChoices(staffRequest(req))
    return reply.html(<SegmentFormPage ctx={pageContext(req)} values={{ householdHasChildren: 'any' }} {...choices} />)
  })

  app.post(`${BASE}/segments/new`, { config }, async (req, reply) => {
    const values = formValuesOf(req.body)
    const request = staffRequest(req)
    if (text(values, 'action') !== 'save') return formPage(req, reply, values, await segments.previewSegment(request, values))
    const outcome = await segments.createSegment(request, values)
    if (!outcome.ok || !outcome.id) return formPage(req, reply, values, outcome)
    return reply.redirect(`${tenantBase(req)}/segments/${outcome.id}?done=created`, 303)
  })

  app.get(`${BASE}/segments/:id`, { config }, async (req, reply) => {
    const id = idParam(req)
    if (!id) return reply.callNotFound()
    const request = staffRequest(req)
    const segment = await segments.getSegment(request, id)
    const choices = await segments.formChoices(request)
    const values = segment.definition ? segmentFormValues(segment.name, segment.definition) : { name: segment.name, householdHasChildren: 'any' }
    return reply.html(<SegmentFormPage ctx={pageContext(req)} segment={segment} values={values} {...choices} count={segment.definition ? segment.count : undefined} notice={doneNotice(req, 'segments', DONE)} />)
  })

  app.post(`${BASE}/segments/:id`, { config }, async (req, reply) => {
    const id = idParam(req)
    if (!id) return reply.callNotFound()
    const values = formValuesOf(req.body)
    const request = staffRequest(req)
    const current = await segments.getSegment(request, id, { withCount: false })
    const shown = { id, name: current.name }
    if (text(values, 'action') !== 'save') return formPage(req, reply, values, await segments.previewSegment(request, values), shown)
    const outcome = await segments.editSegment(request, id, values)
    if (!outcome.ok) return formPage(req, reply, values, outcome, shown)
    return reply.redirect(`${tenantBase(req)}/segments/${id}?done=saved`, 303)
  })

  app.get(`${BASE}/segments/:id/delete`, { config }, async (req, reply) => {
    const id = idParam(req)
    if (!id) return reply.callNotFound()
    const segment = await segments.getSegment(staffRequest(req), id, { withCount: false })
    return reply.html(<SegmentDeletePage ctx={pageContext(req)} segment={segment} />)
  })

  app.post(`${BASE}/segments/:id/delete`, { config }, async (req, reply) => {
    const id = idParam(req)
    if (!id) return reply.callNotFound()
    const outcome = await segments.deleteSegment(staffRequest(req), id)
    if (!outcome.ok) return reply.html(<SegmentDeletePage ctx={pageContext(req)} segment={{ id, name: outcome.name }} waitingNotices={outcome.waitingNotices} />, 409)
    return reply.redirect(`${tenantBase(req)}/segments?done=deleted`, 303)
  })
}
