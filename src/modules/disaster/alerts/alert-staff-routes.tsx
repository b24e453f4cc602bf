/**
 * Staff routes of disaster response (`/:tenant/staff/disaster`): the overview with the mode switch
 * and settings, the alert form, one alert's review with its actions. POST-redirect-GET; a refusal
 * re-renders the page with an error summary and its 4xx.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Platform } from '../../../platform/platform.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import { unauthenticated, isAppError } from '../../../platform/errors.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { disasterTenant } from '../disaster-deps.js'
import { collectFormErrors, formValuesOf, list, text, type FormProblem, type FormValues } from '../../../platform/http/form-values.js'
import { EVACUATION_LEVELS, HAZARDS, type EvacuationLevel, type Hazard } from '../cap/cap-evacuation.js'
import { ALERT_LANGUAGES, type AlertTexts, type DisasterModeState } from './alert-tables.js'
import { checkContacts, checkModeSwitch } from './alert-rules.js'
import { checkTexts } from './alert-texts.js'
import { alertNotFound, type AlertService, type ProposalInput, type StaffRequest } from './alert-service.js'
import { AlertFormPage, AlertReviewPage, CancelFormPage, OverviewPage } from './alert-staff-pages.js'

const BASE = '/:tenant/staff/disaster'
const operate = { auth: 'staff', permission: 'disaster.operate' } as const
const manage = { auth: 'staff', permission: 'disaster.manage' } as const
const approve = { auth: 'staff', permission: 'disaster.approve' } as const
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DONE = ['created', 'issued', 'requested', 'rejected', 'discarded', 'textsSaved', 'settingsSaved'] as const

function staffRequest(req: FastifyRequest): StaffRequest {
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenant: disasterTenant(req), actor: req.staff }
}

function alertIdOf(req: FastifyRequest): string {
  const id = (req.params as { alertId?: string }).alertId ?? ''
  if (!UUID.test(id)) throw alertNotFound()
  return id.toLowerCase()
}

const isPageRefusal = (error: unknown) => isAppError(error) && error.status >= 400 && error.status < 500 && ![401, 403, 404].includes(error.status)

/** Level, hazards and districts from the alert form, with the problems to show. */
export function parseProposal(form: FormValues): { input?: ProposalInput; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const level = Number(text(form, 'level'))
  if (!(EVACUATION_LEVELS as readonly number[]).includes(level)) problems.push({ field: 'level', key: 'disaster.staff.errors.levelRequired' })
  const hazards = list(form, 'hazards')
  if (hazards.length === 0 || hazards.some(h => !(HAZARDS as readonly string[]).includes(h))) problems.push({ field: 'hazards', key: 'disaster.staff.errors.hazardsRequired' })
  const districts = list(form, 'districts')
  if (districts.length === 0 || districts.length > 500) problems.push({ field: 'districts', key: 'disaster.staff.errors.districtsRequired' })
  else if (districts.some(id => !UUID.test(id))) problems.push({ field: 'districts', key: 'disaster.staff.errors.districtUnknown' })
  if (problems.length > 0) return { problems }
  return { input: { level: level as EvacuationLevel, hazards: HAZARDS.filter(h => hazards.includes(h)) as Hazard[], districtIds: districts.map(id => id.toLowerCase()) }, problems }
}

/** The nine text inputs of the review page. */
export function parseTexts(form: FormValues): { texts: AlertTexts; problems: FormProblem[] } {
  const texts = {} as AlertTexts
  for (const language of ALERT_LANGUAGES) texts[language] = { headline: text(form, `${language}.headline`), description: text(form, `${language}.description`), instruction: text(form, `${language}.instruction`) }
  const problems: FormProblem[] = checkTexts(texts).map(p => ({
    field: `${p.language}.${p.field}`,
    key: p.code === 'required' ? (p.field === 'headline' ? 'disaster.staff.errors.headlineRequired' : 'disaster.staff.errors.descriptionRequired') : 'disaster.staff.errors.textTooLong',
    params: { language: p.language, max: p.max ?? 0 },
  }))
  return { texts, problems }
}

export function registerAlertStaffRoutes(app: FastifyInstance, platform: Platform, service: AlertService): void {
  async function renderOverview(req: FastifyRequest, reply: FastifyReply, options: { form?: { values: FormValues; problems: FormProblem[] }; settingsForm?: { values: FormValues; problems: FormProblem[] }; status?: number } = {}) {
    const request = staffRequest(req)
    const overview = await service.loadOverview(request)
    const districts = await service.listDistricts(request.tenant.id)
    const done = text(formValuesOf(req.query), 'done')
    const notice = done === 'mode' ? req.t('disaster.staff.mode.switched', { state: req.t(`disaster.staff.mode.state.${overview.mode.state}`) }) + ' ' + req.t(`disaster.staff.mode.lineMenu.${text(formValuesOf(req.query), 'line') || 'training'}`) : (DONE as readonly string[]).includes(done) ? req.t(done === 'settingsSaved' ? 'disaster.staff.settings.saved' : `disaster.staff.done.${done}`, { count: '' }) : undefined
    const errors = options.form ? collectFormErrors(req.t, options.form.problems) : options.settingsForm ? collectFormErrors(req.t, options.settingsForm.problems) : undefined
    return reply
      .header('cache-control', 'no-store')
      .html(
        <OverviewPage ctx={pageContext(req)} overview={overview} districts={districts} canManage={request.actor.permissions.has('disaster.manage')} form={options.form && errors ? { values: options.form.values, errors: errors.fields } : undefined}
          settingsForm={options.settingsForm && errors ? { values: options.settingsForm.values, errors: errors.fields } : undefined}
          summary={errors?.summary} notice={notice} />,
        options.status ?? 200,
      )
  }

  app.get(BASE, { config: operate }, async (req, reply) => renderOverview(req, reply))

  app.post(`${BASE}/mode`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const form = formValuesOf(req.body)
    const overview = await service.loadOverview(request)
    const input = { state: text(form, 'state'), reason: text(form, 'reason'), scope: text(form, 'scope'), banner: text(form, 'banner') }
    const problems: FormProblem[] = checkModeSwitch(overview.mode.state, input).map(p => ({
      field: p.field,
      key: p.field === 'state' ? (p.code === 'same' ? 'disaster.staff.errors.sameState' : 'disaster.staff.errors.stateInvalid') : p.code === 'required' ? 'disaster.staff.errors.reasonRequired' : p.field === 'reason' ? 'disaster.staff.errors.reasonTooLong' : 'disaster.staff.errors.textTooLong',
      params: { max: p.max ?? 0 },
    }))
    if (problems.length > 0) return renderOverview(req, reply, { form: { values: form, problems }, status: 422 })
    const result = await service.switchMode(request, { ...input, state: input.state as DisasterModeState })
    return reply.redirect(`/${request.tenant.slug}/staff/disaster?done=mode&line=${result.lineMenu}`, 303)
  })

  app.post(`${BASE}/settings`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const form = formValuesOf(req.body)
    const rows = [1, 2, 3, 4, 5].map(row => ({ ja: text(form, `contact${row}.ja`), en: text(form, `contact${row}.en`), phone: text(form, `contact${row}.phone`) }))
    const { contacts, problems } = checkContacts(rows)
    if (problems.length > 0) {
      const keys = { label: { required: 'contactLabelRequired', tooLong: 'contactLabelTooLong', invalid: 'contactLabelTooLong' }, phone: { required: 'contactPhoneRequired', tooLong: 'contactPhoneInvalid', invalid: 'contactPhoneInvalid' } } as const
      const formProblems = problems.map(p => ({ field: `contact${p.row}.${p.field === 'label' ? 'ja' : 'phone'}`, key: `disaster.staff.errors.${keys[p.field][p.code]}`, params: { row: p.row } }))
      return renderOverview(req, reply, { settingsForm: { values: form, problems: formProblems }, status: 422 })
    }
    await service.saveSettings(request, { twoPersonRule: list(form, 'twoPersonRule').includes('on'), emergencyContacts: contacts })
    return reply.redirect(`/${request.tenant.slug}/staff/disaster?done=settingsSaved`, 303)
  })

  async function renderForm(req: FastifyRequest, reply: FastifyReply, values: FormValues, problems: FormProblem[], action: string, isUpdate: boolean, status = 200) {
    const request = staffRequest(req)
    const districts = await service.listDistricts(request.tenant.id)
    const errors = collectFormErrors(req.t, problems)
    const isTraining = request.tenant.settings.disasterMode.state === 'training'
    return reply.header('cache-control', 'no-store').html(<AlertFormPage ctx={pageContext(req)} districts={districts} values={values} errors={errors.fields} summary={errors.summary} action={action} isUpdate={isUpdate} isTraining={isTraining} />, status)
  }

  app.get(`${BASE}/alerts/new`, { config: manage }, async (req, reply) => renderForm(req, reply, { level: '4', hazards: ['flood'] }, [], `/${tenantOf(req).slug}/staff/disaster/alerts/new`, false))

  app.post(`${BASE}/alerts/new`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const form = formValuesOf(req.body)
    const { input, problems } = parseProposal(form)
    const action = `/${request.tenant.slug}/staff/disaster/alerts/new`
    if (!input) return renderForm(req, reply, form, problems, action, false, 422)
    try {
      const alertId = await service.createDraft(request, input)
      return reply.redirect(`/${request.tenant.slug}/staff/disaster/alerts/${alertId}?done=created`, 303)
    } catch (error) {
      if (isAppError(error) && error.code === 'DISASTER.DISTRICT_UNKNOWN') return renderForm(req, reply, form, [{ field: 'districts', key: 'disaster.staff.errors.districtUnknown' }], action, false, 422)
      throw error
    }
  })

  async function renderReview(req: FastifyRequest, reply: FastifyReply, options: { textValues?: FormValues; problems?: FormProblem[]; status?: number } = {}) {
    const request = staffRequest(req)
    const detail = await service.getAlert(request, alertIdOf(req))
    const done = text(formValuesOf(req.query), 'done')
    const count = text(formValuesOf(req.query), 'count')
    const notice = (DONE as readonly string[]).includes(done) ? req.t(done === 'textsSaved' ? 'disaster.staff.review.textsSaved' : `disaster.staff.done.${done}`, { count }) : undefined
    const errors = collectFormErrors(req.t, options.problems ?? [])
    return reply
      .header('cache-control', 'no-store')
      .html(
        <AlertReviewPage
          ctx={pageContext(req)}
          detail={detail}
          canManage={request.actor.permissions.has('disaster.manage')}
          canApprove={request.actor.permissions.has('disaster.approve')}
          notice={notice}
          textValues={options.textValues}
          errors={errors.fields}
          summary={errors.summary}
        />,
        options.status ?? 200,
      )
  }

  /** Runs an action; a refusal staff can act on (409, 422) re-renders the review with its message. */
  async function act(req: FastifyRequest, reply: FastifyReply, work: (request: StaffRequest, alertId: string) => Promise<string>) {
    const request = staffRequest(req)
    const alertId = alertIdOf(req)
    try {
      const done = await work(request, alertId)
      return reply.redirect(`/${request.tenant.slug}/staff/disaster/alerts/${alertId}?${done}`, 303)
    } catch (error) {
      if (isPageRefusal(error) && isAppError(error)) return renderReview(req, reply, { problems: [{ field: 'main', key: error.messageKey, params: error.params }], status: error.status })
      throw error
    }
  }

  app.get(`${BASE}/alerts/:alertId`, { config: operate }, async (req, reply) => renderReview(req, reply))

  app.post(`${BASE}/alerts/:alertId/texts`, { config: manage }, async (req, reply) => {
    const form = formValuesOf(req.body)
    const { texts, problems } = parseTexts(form)
    if (problems.length > 0) return renderReview(req, reply, { textValues: form, problems, status: 422 })
    return act(req, reply, async (request, alertId) => {
      await service.saveTexts(request, alertId, texts)
      return 'done=textsSaved'
    })
  })

  app.post(`${BASE}/alerts/:alertId/issue`, { config: manage }, async (req, reply) =>
    act(req, reply, async (request, alertId) => {
      const result = await service.issue(request, alertId)
      return result.outcome === 'issued' ? `done=issued&count=${result.recipients}` : result.outcome === 'requested' ? 'done=requested' : ''
    }),
  )

  app.post(`${BASE}/alerts/:alertId/approve`, { config: approve }, async (req, reply) =>
    act(req, reply, async (request, alertId) => {
      const result = await service.approve(request, alertId)
      return `done=issued&count=${result.recipients}`
    }),
  )

  app.post(`${BASE}/alerts/:alertId/reject`, { config: approve }, async (req, reply) =>
    act(req, reply, async (request, alertId) => {
      await service.reject(request, alertId)
      return 'done=rejected'
    }),
  )

  app.post(`${BASE}/alerts/:alertId/discard`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const alertId = alertIdOf(req)
    await service.discard(request, alertId)
    return reply.redirect(`/${request.tenant.slug}/staff/disaster?done=discarded`, 303)
  })

  app.get(`${BASE}/alerts/:alertId/update`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const detail = await service.getAlert(request, alertIdOf(req))
    const { alert } = detail
    return renderForm(req, reply, { level: String(alert.level), hazards: alert.hazards, districts: alert.districtIds }, [], `/${request.tenant.slug}/staff/disaster/alerts/${alert.id}/update`, true)
  })

  app.post(`${BASE}/alerts/:alertId/update`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const alertId = alertIdOf(req)
    const form = formValuesOf(req.body)
    const { input, problems } = parseProposal(form)
    if (!input) return renderForm(req, reply, form, problems, `/${request.tenant.slug}/staff/disaster/alerts/${alertId}/update`, true, 422)
    return act(req, reply, async (r, id) => {
      await service.propose(r, id, { ...input, cancel: false })
      return 'done=created'
    })
  })

  app.get(`${BASE}/alerts/:alertId/cancel`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const detail = await service.getAlert(request, alertIdOf(req))
    return reply.header('cache-control', 'no-store').html(<CancelFormPage ctx={pageContext(req)} alert={detail.alert} action={`/${request.tenant.slug}/staff/disaster/alerts/${detail.alert.id}/cancel`} />)
  })

  app.post(`${BASE}/alerts/:alertId/cancel`, { config: manage }, async (req, reply) =>
    act(req, reply, async (request, alertId) => {
      const detail = await service.getAlert(request, alertId)
      await service.propose(request, alertId, { level: detail.alert.level, hazards: detail.alert.hazards, districtIds: detail.alert.districtIds, cancel: true })
      return 'done=created'
    }),
  )

  void platform
}
