/**
 * Staff routes of the shelters area under /:tenant/staff/disaster/shelters: the list, the CSV
 * import with its report, one shelter's status, check-in and check-out. POST-redirect-GET; a
 * refusal re-renders the page with an error summary and its 4xx.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { isAppError } from '../../../platform/errors.js'
import { readMultipartForm } from '../../../platform/files/index.js'
import { collectFormErrors, text, type FormProblem, type FormValues } from '../../../platform/http/form-values.js'
import type { Platform } from '../../../platform/platform.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { checkInNotFound, importRunNotFound, shelterNotFound } from './shelter-errors.js'
import { parseCheckInForm, parseStatusForm } from './shelter-forms.js'
import * as repository from './shelter-repository.js'
import { disasterTenant, STAFF_BASE, staffRequest, uuidParam } from './shelter-request.js'
import { checkInEvacuee, checkOutEvacuee, identifyPass, importShelterFile, lookupResidents, saveShelterDetails, updateShelterStatus } from './shelter-service.js'
import { parseShelterDetails } from './shelter-details.js'
import { CheckInPage, detailsFormValuesOf, ImportPage, ImportReportPage, ShelterDetailsPage, ShelterStatusPage, StaffShelterListPage, statusFormValuesOf, type CheckInPageProps } from './shelter-staff-pages.js'

const operate = { auth: 'staff', permission: 'disaster.operate' } as const
const manage = { auth: 'staff', permission: 'disaster.manage' } as const

/** 4xx refusals a page shows in its error summary (not 401/403/404, which have their own pages). */
const isPageRefusal = (error: unknown) => isAppError(error) && error.status >= 400 && error.status < 500 && ![401, 403, 404].includes(error.status)

export function registerShelterStaffRoutes(app: FastifyInstance, platform: Platform, options: { hazardMapsPath?: string }): void {
  const { db } = platform.database
  const base = (req: FastifyRequest) => `/${disasterTenant(req).slug}/staff/disaster/shelters`
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store')

  app.get(STAFF_BASE, { config: operate }, async (req, reply) => {
    const request = staffRequest(req)
    const shelters = await withTenant(db, request.tenant.id, trx => repository.listShelters(trx, request.tenant.id))
    const canManage = request.actor.permissions.has('disaster.manage')
    return noStore(reply).html(<StaffShelterListPage ctx={pageContext(req)} shelters={shelters} canManage={canManage} hazardMapsHref={options.hazardMapsPath ? `/${request.tenant.slug}${options.hazardMapsPath}` : undefined} />)
  })

  const recentRuns = (tenantId: string) => withTenant(db, tenantId, trx => repository.listImportRuns(trx, tenantId))

  app.get(`${STAFF_BASE}/import`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    return noStore(reply).html(<ImportPage ctx={pageContext(req)} runs={await recentRuns(request.tenant.id)} />)
  })

  app.post(`${STAFF_BASE}/import`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const file = readMultipartForm(req).files.find(part => part.field === 'file')
    const outcome = await importShelterFile(platform, request, { bytes: file?.content, fileName: file?.filename ?? '' })
    if (!outcome.ok) return noStore(reply).html(<ImportPage ctx={pageContext(req)} problems={outcome.problems} runs={await recentRuns(request.tenant.id)} />, 422)
    return reply.redirect(`${base(req)}/import/${outcome.runId}?done=1`, 303)
  })

  app.get(`${STAFF_BASE}/import/:runId`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const runId = uuidParam(req, 'runId')
    const run = runId ? await withTenant(db, request.tenant.id, trx => repository.findImportRun(trx, request.tenant.id, runId)) : undefined
    if (!run) throw importRunNotFound()
    return noStore(reply).html(<ImportReportPage ctx={pageContext(req)} run={run} isNew={text(req.query as Record<string, string>, 'done') === '1'} />)
  })

  async function renderDetails(req: FastifyRequest, reply: FastifyReply, options: { shelterId?: string; values: FormValues; problems?: FormProblem[] }, status = 200) {
    const request = staffRequest(req)
    const shelter = options.shelterId ? await withTenant(db, request.tenant.id, trx => repository.findShelter(trx, request.tenant.id, options.shelterId as string)) : undefined
    if (options.shelterId && !shelter) throw shelterNotFound()
    const { fields } = collectFormErrors(req.t, options.problems ?? [])
    return noStore(reply).html(<ShelterDetailsPage ctx={pageContext(req)} shelter={shelter} values={options.values} problems={fields} />, status)
  }

  app.get(`${STAFF_BASE}/new`, { config: manage }, async (req, reply) => renderDetails(req, reply, { values: { kinds: ['emergencyPlace', 'shelter'] } }))

  app.post(`${STAFF_BASE}/new`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const parsed = parseShelterDetails(req.body, { isNew: true })
    if (!parsed.input) return renderDetails(req, reply, { values: parsed.form, problems: parsed.problems }, 422)
    const saved = await saveShelterDetails(platform, request, null, parsed.input)
    if ('codeTaken' in saved) return renderDetails(req, reply, { values: parsed.form, problems: [{ field: 'code', key: 'disaster.shelters.details.codeTaken' }] }, 409)
    return reply.redirect(`${base(req)}/${saved.shelterId}?done=details`, 303)
  })

  app.get(`${STAFF_BASE}/:shelterId/edit`, { config: manage }, async (req, reply) => {
    const { shelter } = await loadShelter(req)
    return renderDetails(req, reply, { shelterId: shelter.id, values: detailsFormValuesOf(shelter) })
  })

  app.post(`${STAFF_BASE}/:shelterId/edit`, { config: manage }, async (req, reply) => {
    const { request, shelter } = await loadShelter(req)
    const parsed = parseShelterDetails(req.body, { isNew: false })
    if (!parsed.input) return renderDetails(req, reply, { shelterId: shelter.id, values: parsed.form, problems: parsed.problems }, 422)
    await saveShelterDetails(platform, request, shelter.id, { ...parsed.input, code: shelter.code })
    return reply.redirect(`${base(req)}/${shelter.id}?done=details`, 303)
  })

  async function loadShelter(req: FastifyRequest) {
    const request = staffRequest(req)
    const id = uuidParam(req, 'shelterId')
    const found = id ? await withTenant(db, request.tenant.id, async trx => ({ shelter: await repository.findShelter(trx, request.tenant.id, id), present: await repository.listPresent(trx, request.tenant.id, id) })) : undefined
    if (!found?.shelter) throw shelterNotFound()
    return { request, shelter: found.shelter, present: found.present }
  }

  app.get(`${STAFF_BASE}/:shelterId`, { config: operate }, async (req, reply) => {
    const { shelter, present } = await loadShelter(req)
    const done = text(req.query as Record<string, string>, 'done')
    const notice = done === 'status' ? req.t('disaster.shelters.done.status') : done === 'checkedOut' ? req.t('disaster.shelters.done.checkedOut') : done === 'details' ? req.t('disaster.shelters.details.saved') : undefined
    return noStore(reply).html(<ShelterStatusPage ctx={pageContext(req)} shelter={shelter} present={present} values={statusFormValuesOf(shelter)} notice={notice} />)
  })

  app.post(`${STAFF_BASE}/:shelterId/status`, { config: operate }, async (req, reply) => {
    const { request, shelter, present } = await loadShelter(req)
    const parsed = parseStatusForm(req.body)
    const values = { status: text(parsed.form, 'status'), manualEvacuees: text(parsed.form, 'manualEvacuees'), manualHouseholds: text(parsed.form, 'manualHouseholds'), needs: [parsed.form.needs ?? []].flat(), needsNote: text(parsed.form, 'needsNote') }
    if (!parsed.input) {
      const { fields } = collectFormErrors(req.t, parsed.problems)
      return noStore(reply).html(<ShelterStatusPage ctx={pageContext(req)} shelter={shelter} present={present} values={values} problems={fields} />, 422)
    }
    await updateShelterStatus(platform, request, shelter.id, parsed.input)
    return reply.redirect(`${base(req)}/${shelter.id}?done=status`, 303)
  })

  app.post(`${STAFF_BASE}/:shelterId/check-out`, { config: operate }, async (req, reply) => {
    const { request, shelter } = await loadShelter(req)
    const checkInId = text(req.body as Record<string, string>, 'checkInId')
    if (!/^[0-9a-f-]{36}$/i.test(checkInId)) throw checkInNotFound()
    await checkOutEvacuee(platform, request, shelter.id, checkInId.toLowerCase())
    const back = text(req.body as Record<string, string>, 'return') === 'check-in' ? `${base(req)}/${shelter.id}/check-in?done=checkedOut` : `${base(req)}/${shelter.id}?done=checkedOut`
    return reply.redirect(back, 303)
  })

  async function renderCheckIn(req: FastifyRequest, reply: FastifyReply, extra: Partial<CheckInPageProps> = {}, status = 200) {
    const { request, shelter } = await loadShelter(req)
    const query = text(req.query as Record<string, string>, 'q')
    const canLookUp = request.actor.permissions.has('residents.read-basic-info')
    let matches: CheckInPageProps['matches']
    const problems = { ...extra.problems }
    if (canLookUp && query) {
      if ([...query].length < 2 || [...query].length > 50) problems.q = req.t('disaster.shelters.form.lookupLength')
      else matches = (await lookupResidents(platform, request, shelter.id, query)).map(m => ({ ...m, token: randomUUID() }))
    }
    let notice = extra.notice
    let present = extra.present
    const done = text(req.query as Record<string, string>, 'done')
    const doneId = text(req.query as Record<string, string>, 'checkIn')
    if (!notice && done === 'checkedIn' && /^[0-9a-f-]{36}$/i.test(doneId)) {
      const checkIn = await withTenant(db, request.tenant.id, async trx => {
        const row = await repository.findCheckIn(trx, request.tenant.id, doneId.toLowerCase())
        return row && { ...row, residentName: row.residentId ? await repository.findResidentName(trx, request.tenant.id, row.residentId) : undefined }
      })
      if (checkIn && checkIn.shelterId === shelter.id) {
        const who = checkIn.residentName ?? checkIn.name
        const isReplay = text(req.query as Record<string, string>, 'replay') === '1'
        notice = req.t(isReplay ? 'disaster.shelters.done.alreadyHere' : 'disaster.shelters.done.checkedIn', { name: who, count: checkIn.householdSize })
        if (isReplay && checkIn.checkedOutAt === null) present = { checkInId: checkIn.id, name: who }
      }
    }
    if (!notice && done === 'checkedOut') notice = req.t('disaster.shelters.done.checkedOut')
    return noStore(reply).html(<CheckInPage ctx={pageContext(req)} shelter={shelter} tokens={{ pass: randomUUID(), walkIn: randomUUID() }} query={query} matches={matches} canLookUp={canLookUp} {...extra} problems={problems} notice={notice} present={present} />, Object.keys(problems).length > 0 && status === 200 ? 422 : status)
  }

  app.get(`${STAFF_BASE}/:shelterId/check-in`, { config: operate }, async (req, reply) => renderCheckIn(req, reply))

  app.post(`${STAFF_BASE}/:shelterId/check-in`, { config: operate }, async (req, reply) => {
    const { request, shelter } = await loadShelter(req)
    const parsed = parseCheckInForm(req.body)
    const values: Record<string, string> = { pass: text(parsed.form, 'pass'), name: text(parsed.form, 'name'), nameKana: text(parsed.form, 'nameKana'), notes: text(parsed.form, 'notes') }
    const kind = text(parsed.form, 'kind')
    values[kind === 'pass' ? 'pass-householdSize' : 'walk-in-householdSize'] = text(parsed.form, 'householdSize')
    if (parsed.badRequest) return renderCheckIn(req, reply, { values, problems: { pass: req.t('disaster.shelters.form.badForm') } }, 400)
    if (!parsed.input) return renderCheckIn(req, reply, { values, problems: collectFormErrors(req.t, parsed.problems).fields }, 422)
    try {
      const outcome = await checkInEvacuee(platform, request, shelter.id, parsed.input)
      return reply.redirect(`${base(req)}/${shelter.id}/check-in?done=checkedIn&checkIn=${outcome.checkIn.id}${outcome.isReplay ? '&replay=1' : ''}`, 303)
    } catch (error) {
      if (!isPageRefusal(error) && !(isAppError(error) && error.code === 'DISASTER.RESIDENT_UNKNOWN')) throw error
      const field = parsed.input.evacuee.kind === 'pass' ? 'pass' : parsed.input.evacuee.kind === 'unregistered' ? 'name' : 'q'
      const message = isAppError(error) ? req.t(error.messageKey, error.params) : ''
      return renderCheckIn(req, reply, { values, problems: { [field]: message } }, isAppError(error) ? error.status : 422)
    }
  })

  /** Who a pass belongs to (JSON for the scanner; audited): lets staff see the name before checking in. */
  app.get(`${STAFF_BASE}/:shelterId/pass`, { config: operate }, async (req, reply) => {
    const { request, shelter } = await loadShelter(req)
    const pass = text(req.query as Record<string, string>, 'pass')
    try {
      const found = await identifyPass(platform, request, shelter.id, pass)
      return noStore(reply).send({ name: found.name, presentHere: found.present?.shelterId === shelter.id, presentAt: found.present ? found.present.shelterName : null })
    } catch (error) {
      if (!isAppError(error) || error.status >= 500) throw error
      return noStore(reply).status(error.status).send({ error: req.t(error.messageKey, error.params) })
    }
  })

}
