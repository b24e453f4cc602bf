/** Staff routes (reservations.manage): setup index, facilities, resources and their fee tables. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pageContext } from '../../../platform/views/page-context.js'
import { staffRequest, uuidParam } from '../reservation-request.js'
import { facilityFormValues, resourceFormValues } from './facility-form.js'
import { FacilityFormPage, FacilityListPage, ResourceFormPage, SetupIndexPage } from './facility-pages.js'
import type { FacilityService } from './facility-service.js'
import { FeePage } from './pricing-pages.js'
import { formValuesOf, type FormProblem, type FormValues } from './setup-form-values.js'
import { doneNotice, manageConfig as config, queryValue, SETUP_BASE, setupPath } from './setup-route-helpers.js'
import { collectErrors } from './setup-views.js'
import { UUID_PATTERN } from '../reservation-request.js'

const DONE = ['facility-created', 'facility-saved', 'resource-created', 'resource-saved', 'fee-added', 'fee-deleted'] as const

export function registerFacilityRoutes(app: FastifyInstance, facilities: FacilityService): void {
  app.get(SETUP_BASE, { config }, async (req, reply) => {
    const data = await facilities.listFacilities(staffRequest(req))
    return reply.html(<SetupIndexPage ctx={pageContext(req)} facilities={data.facilities} resources={data.resources} />)
  })

  app.get(`${SETUP_BASE}/facilities`, { config }, async (req, reply) => {
    const data = await facilities.listFacilities(staffRequest(req))
    return reply.html(<FacilityListPage ctx={pageContext(req)} facilities={data.facilities} resources={data.resources} notice={doneNotice(req, DONE)} />)
  })

  const facilityForm = async (req: FastifyRequest, reply: FastifyReply, input: { id?: string; values?: FormValues; problems?: FormProblem[] }) => {
    const ctx = pageContext(req)
    const request = staffRequest(req)
    const found = input.id ? await facilities.getFacility(request, input.id) : undefined
    const all = found ? (await facilities.listFacilities(request)).facilities : []
    const errors = collectErrors(ctx, input.problems ?? [])
    const values = input.values ?? facilityFormValues(found?.facility)
    return reply.html(<FacilityFormPage ctx={ctx} facility={found?.facility} resources={found?.resources} facilities={all} state={{ values, errors: errors.fields }} summary={errors.summary} notice={doneNotice(req, DONE)} />, input.problems ? 422 : 200)
  }

  app.get(`${SETUP_BASE}/facilities/new`, { config }, async (req, reply) => facilityForm(req, reply, {}))

  app.post(`${SETUP_BASE}/facilities/new`, { config }, async (req, reply) => {
    const values = formValuesOf(req.body)
    const outcome = await facilities.createFacility(staffRequest(req), values)
    if (!outcome.ok) return facilityForm(req, reply, { values, problems: outcome.problems })
    return reply.redirect(setupPath(req, `/facilities/${outcome.id}?done=facility-created`), 303)
  })

  app.get(`${SETUP_BASE}/facilities/:facilityId`, { config }, async (req, reply) => {
    const id = uuidParam(req, 'facilityId')
    if (!id) return reply.callNotFound()
    return facilityForm(req, reply, { id })
  })

  app.post(`${SETUP_BASE}/facilities/:facilityId`, { config }, async (req, reply) => {
    const id = uuidParam(req, 'facilityId')
    if (!id) return reply.callNotFound()
    const values = formValuesOf(req.body)
    const outcome = await facilities.editFacility(staffRequest(req), id, values)
    if (!outcome.ok) return facilityForm(req, reply, { id, values, problems: outcome.problems })
    return reply.redirect(setupPath(req, `/facilities/${id}?done=facility-saved`), 303)
  })

  const resourceForm = async (req: FastifyRequest, reply: FastifyReply, input: { id?: string; values?: FormValues; problems?: FormProblem[] }) => {
    const ctx = pageContext(req)
    const data = await facilities.resourceFormData(staffRequest(req), input.id)
    const facilityParam = queryValue(req, 'facility')
    const facilityId = facilityParam && UUID_PATTERN.test(facilityParam) ? facilityParam.toLowerCase() : undefined
    const errors = collectErrors(ctx, input.problems ?? [])
    const values = input.values ?? resourceFormValues(data.resource, facilityId)
    return reply.html(<ResourceFormPage ctx={ctx} resource={data.resource} facilities={data.facilities} purposes={data.purposes} state={{ values, errors: errors.fields }} summary={errors.summary} notice={doneNotice(req, DONE)} />, input.problems ? 422 : 200)
  }

  app.get(`${SETUP_BASE}/resources/new`, { config }, async (req, reply) => resourceForm(req, reply, {}))

  app.post(`${SETUP_BASE}/resources/new`, { config }, async (req, reply) => {
    const values = formValuesOf(req.body)
    const outcome = await facilities.createResource(staffRequest(req), values)
    if (!outcome.ok) return resourceForm(req, reply, { values, problems: outcome.problems })
    return reply.redirect(setupPath(req, `/resources/${outcome.id}?done=resource-created`), 303)
  })

  app.get(`${SETUP_BASE}/resources/:resourceId`, { config }, async (req, reply) => {
    const id = uuidParam(req, 'resourceId')
    if (!id) return reply.callNotFound()
    return resourceForm(req, reply, { id })
  })

  app.post(`${SETUP_BASE}/resources/:resourceId`, { config }, async (req, reply) => {
    const id = uuidParam(req, 'resourceId')
    if (!id) return reply.callNotFound()
    const values = formValuesOf(req.body)
    const outcome = await facilities.editResource(staffRequest(req), id, values)
    if (!outcome.ok) return resourceForm(req, reply, { id, values, problems: outcome.problems })
    return reply.redirect(setupPath(req, `/resources/${id}?done=resource-saved`), 303)
  })

  const feePage = async (req: FastifyRequest, reply: FastifyReply, id: string, input: { values?: FormValues; problems?: FormProblem[] } = {}) => {
    const ctx = pageContext(req)
    const data = await facilities.getFees(staffRequest(req), id)
    const errors = collectErrors(ctx, input.problems ?? [])
    const values = input.values ?? { dayKind: 'all' }
    return reply.html(<FeePage ctx={ctx} resource={data.resource} facility={data.facility} rules={data.rules} state={{ values, errors: errors.fields }} summary={errors.summary} notice={doneNotice(req, DONE)} />, input.problems ? 422 : 200)
  }

  app.get(`${SETUP_BASE}/resources/:resourceId/fees`, { config }, async (req, reply) => {
    const id = uuidParam(req, 'resourceId')
    if (!id) return reply.callNotFound()
    return feePage(req, reply, id)
  })

  app.post(`${SETUP_BASE}/resources/:resourceId/fees`, { config }, async (req, reply) => {
    const id = uuidParam(req, 'resourceId')
    if (!id) return reply.callNotFound()
    const values = formValuesOf(req.body)
    const outcome = await facilities.addFeeRule(staffRequest(req), id, values)
    if (!outcome.ok) return feePage(req, reply, id, { values, problems: outcome.problems })
    return reply.redirect(setupPath(req, `/resources/${id}/fees?done=fee-added`), 303)
  })

  app.post(`${SETUP_BASE}/resources/:resourceId/fees/:ruleId/delete`, { config }, async (req, reply) => {
    const id = uuidParam(req, 'resourceId')
    const ruleId = uuidParam(req, 'ruleId')
    if (!id || !ruleId) return reply.callNotFound()
    await facilities.deleteFeeRule(staffRequest(req), id, ruleId)
    return reply.redirect(setupPath(req, `/resources/${id}/fees?done=fee-deleted`), 303)
  })
}
