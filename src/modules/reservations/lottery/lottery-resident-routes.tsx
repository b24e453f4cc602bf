/**
 * Resident and public routes: the lotteries (public), one lottery (public; the resident's entries
 * when logged in), the entry form and withdrawal (resident), the resident's entries, and the
 * public verification page. Entries post-redirect-get; the hidden idempotency key makes a double
 * submit harmless; a refused entry re-renders the form with its message and a 4xx.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isAppError } from '../../../platform/errors.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import { pageContext } from '../../../platform/views/page-context.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { PUBLIC_BASE, residentRequest, uuidParam } from '../reservation-request.js'
import { enterLottery, maxPartyFor, withdrawEntry } from './lottery-entry-service.js'
import { lotteryNotFound, slotNotInLottery } from './lottery-errors.js'
import { ENTRY_FORM_FIELDS, formValues, parseEntry, type EntryFormValues, type FieldProblems } from './lottery-form.js'
import { findLottery, findLotterySlot, findResource, listLotteries, listLotterySlots, listPurposes, listResidentEntries, listResidentGroups } from './lottery-repository.js'
import { EntryFormPage, LotteryDetailPage, LotteryIndexPage, MyEntriesPage, VerifyPage } from './lottery-resident-pages.js'
import { verifyLottery } from './lottery-verification.js'
import { doneMessage } from './lottery-views.js'

const BASE = `${PUBLIC_BASE}/lotteries`

/** Published results stay listed this long after the second round opened. */
const LIST_RESULTS_DAYS = 60

export function registerLotteryResidentRoutes(app: FastifyInstance, deps: ReservationDeps): void {
  const { db } = deps.platform.database

  app.get(BASE, { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const now = new Date()
    const all = await withTenant(db, tenant.id, trx => listLotteries(trx, tenant.id, ['open', 'closed', 'drawn', 'published', 'second_round']))
    const shown = all
      .filter(lottery => lottery.status !== 'second_round' || (lottery.secondRoundAt?.getTime() ?? 0) > now.getTime() - LIST_RESULTS_DAYS * 86_400_000)
      .sort((a, b) => a.applicationsCloseAt.getTime() - b.applicationsCloseAt.getTime())
    return reply.header('cache-control', 'no-store').html(<LotteryIndexPage ctx={pageContext(req)} lotteries={shown} now={now} />)
  })

  app.get(`${BASE}/my`, { config: { auth: 'resident' } }, async (req, reply) => {
    const request = residentRequest(req)
    const entries = await withTenant(db, request.tenant.id, trx => listResidentEntries(trx, request.tenant.id, request.resident.id))
    return reply.header('cache-control', 'no-store').html(<MyEntriesPage ctx={pageContext(req)} entries={entries} now={new Date()} notice={doneMessage(req.t, req.query)} />)
  })

  app.get(`${BASE}/:lotteryId`, { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const lotteryId = uuidParam(req, 'lotteryId')
    if (!lotteryId) throw lotteryNotFound()
    const data = await withTenant(db, tenant.id, async trx => {
      const lottery = await findLottery(trx, tenant.id, lotteryId)
      if (!lottery || lottery.status === 'cancelled') return undefined
      const resource = await findResource(trx, tenant.id, lottery.resourceId)
      if (!resource) return undefined
      const slots = await listLotterySlots(trx, tenant.id, lotteryId)
      const myEntries = req.resident ? await listResidentEntries(trx, tenant.id, req.resident.id, lotteryId) : []
      return { lottery, resource, slots, myEntries }
    })
    if (!data) throw lotteryNotFound()
    return reply.header('cache-control', 'no-store').html(<LotteryDetailPage ctx={pageContext(req)} {...data} now={new Date()} notice={doneMessage(req.t, req.query)} />)
  })

  app.get(`${BASE}/:lotteryId/verify`, { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const lotteryId = uuidParam(req, 'lotteryId')
    if (!lotteryId) throw lotteryNotFound()
    const verification = await verifyLottery(deps, tenant.id, lotteryId)
    return reply.header('cache-control', 'no-store').html(<VerifyPage ctx={pageContext(req)} verification={verification} />)
  })

  /** What the entry form shows: the lottery, the slot, the resident's purposes and groups. */
  async function loadEntryForm(req: FastifyRequest) {
    const request = residentRequest(req)
    const lotteryId = uuidParam(req, 'lotteryId')
    const slotId = uuidParam(req, 'slotId')
    if (!lotteryId || !slotId) throw slotNotInLottery()
    const tenantId = request.tenant.id
    const data = await withTenant(db, tenantId, async trx => {
      const lottery = await findLottery(trx, tenantId, lotteryId)
      const slot = lottery ? await findLotterySlot(trx, tenantId, lotteryId, slotId) : undefined
      const resource = lottery ? await findResource(trx, tenantId, lottery.resourceId) : undefined
      if (!lottery || !slot || !resource || lottery.status === 'cancelled') return undefined
      return { lottery, slot, resource, purposes: await listPurposes(trx, tenantId), groups: await listResidentGroups(trx, tenantId, request.resident.id) }
    })
    if (!data) throw slotNotInLottery()
    return { request, lotteryId, slotId, ...data, maxParty: maxPartyFor(data.resource) }
  }

  async function renderEntryForm(req: FastifyRequest, reply: FastifyReply, form: Awaited<ReturnType<typeof loadEntryForm>>, values: EntryFormValues, status = 200, problems: FieldProblems = {}, refusal?: string) {
    return reply
      .header('cache-control', 'no-store')
      .html(<EntryFormPage ctx={pageContext(req)} lottery={form.lottery} resource={form.resource} slot={form.slot} purposes={form.purposes} groups={form.groups} maxParty={form.maxParty} needsName={!form.request.resident.displayName} values={values} problems={problems} refusal={refusal} />, status)
  }

  app.get(`${BASE}/:lotteryId/slots/:slotId/entry`, { config: { auth: 'resident' } }, async (req, reply) => {
    const form = await loadEntryForm(req)
    return renderEntryForm(req, reply, form, { applicantName: '', partySize: '1', purpose: '', groupId: '', idempotencyKey: randomUUID() })
  })

  app.post(`${BASE}/:lotteryId/slots/:slotId/entry`, { config: { auth: 'resident' } }, async (req, reply) => {
    const form = await loadEntryForm(req)
    const values = formValues(req.body, ENTRY_FORM_FIELDS)
    const parsed = parseEntry(values, form.maxParty, form.request.resident.displayName)
    if (!parsed.ok) return renderEntryForm(req, reply, form, { ...values, idempotencyKey: values.idempotencyKey || randomUUID() }, 422, parsed.problems)
    try {
      await enterLottery(deps, form.request, form.lotteryId, form.slotId, parsed.input)
    } catch (error) {
      if (isAppError(error) && error.status >= 400 && error.status < 500 && error.status !== 404) return renderEntryForm(req, reply, form, values, error.status, {}, req.t(error.messageKey, error.params))
      throw error
    }
    return reply.redirect(`/${form.request.tenant.slug}/reservations/lotteries/${form.lotteryId}?done=entered`, 303)
  })

  app.post(`${BASE}/:lotteryId/entries/:entryId/withdraw`, { config: { auth: 'resident' } }, async (req, reply) => {
    const request = residentRequest(req)
    const entryId = uuidParam(req, 'entryId')
    const lotteryId = uuidParam(req, 'lotteryId')
    if (!entryId || !lotteryId) throw lotteryNotFound()
    await withdrawEntry(deps, request, lotteryId, entryId)
    const back = (req.body as Record<string, unknown> | undefined)?.return === 'my' ? `/${request.tenant.slug}/reservations/lotteries/my` : `/${request.tenant.slug}/reservations/lotteries/${lotteryId}`
    return reply.redirect(`${back}?done=withdrawn`, 303)
  })
}
