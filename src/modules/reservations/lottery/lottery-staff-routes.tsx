/**
 * Staff routes (reservations.manage): the list, a new lottery, one lottery, and its status actions
 * (close applications, draw, publish, open the second round). Forms post-redirect-get; a bad form
 * re-renders with 422; an action that does not fit the status answers with its AppError (409).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { requirePermission, STAFF_BASE, staffRequest, uuidParam } from '../reservation-request.js'
import { tokyoDate } from '../reservation-time.js'
import { lotteryNotFound } from './lottery-errors.js'
import { formValues, LOTTERY_FORM_FIELDS, parseNewLottery, type FieldProblems, type LotteryFormValues } from './lottery-form.js'
import { listActiveResources, listLotteries } from './lottery-repository.js'
import { openSecondRoundNow, publishLottery } from './lottery-round.js'
import { closeApplications, createLottery, drawLotteryNow, readLotteryForStaff } from './lottery-service.js'
import { NewLotteryPage, StaffLotteryDetailPage, StaffLotteryListPage } from './lottery-staff-pages.js'
import { doneMessage } from './lottery-views.js'

const config = { auth: 'staff', permission: 'reservations.manage' } as const
const BASE = `${STAFF_BASE}/lotteries`

/** A sensible starting point: next month's slots, applications from today until the 10th. */
function defaultValues(now: Date): LotteryFormValues {
  const today = tokyoDate(now)
  const [year, month] = today.split('-').map(Number) as [number, number]
  const nextMonth = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`
  const monthAfter = `${addCalendarDays(nextMonth, 32).slice(0, 8)}01`
  return {
    titleJa: '',
    titleEasy: '',
    titleEn: '',
    resourceId: '',
    slotsFrom: nextMonth,
    slotsUntil: addCalendarDays(monthAfter, -1),
    opensOn: today,
    opensAt: '09:00',
    closesOn: addCalendarDays(nextMonth, -1),
    closesAt: '17:00',
    maxEntries: '3',
    confirmHours: '72',
  }
}

export function registerLotteryStaffRoutes(app: FastifyInstance, deps: ReservationDeps): void {
  const { db } = deps.platform.database

  app.get(BASE, { config }, async (req, reply) => {
    const request = staffRequest(req)
    requirePermission(request, 'reservations.manage')
    const lotteries = await withTenant(db, request.tenant.id, trx => listLotteries(trx, request.tenant.id))
    return reply.header('cache-control', 'no-store').html(<StaffLotteryListPage ctx={pageContext(req)} lotteries={lotteries} />)
  })

  async function renderNew(req: FastifyRequest, reply: FastifyReply, values: LotteryFormValues, problems: FieldProblems = {}, status = 200) {
    const request = staffRequest(req)
    const resources = await withTenant(db, request.tenant.id, trx => listActiveResources(trx, request.tenant.id))
    return reply.header('cache-control', 'no-store').html(<NewLotteryPage ctx={pageContext(req)} resources={resources} values={values} problems={problems} />, status)
  }

  app.get(`${BASE}/new`, { config }, async (req, reply) => {
    const request = staffRequest(req)
    const values = defaultValues(new Date())
    const resource = (req.query as Record<string, unknown> | undefined)?.resource
    if (typeof resource === 'string') values.resourceId = resource
    requirePermission(request, 'reservations.manage')
    return renderNew(req, reply, values)
  })

  app.post(`${BASE}/new`, { config }, async (req, reply) => {
    const request = staffRequest(req)
    const values = formValues(req.body, LOTTERY_FORM_FIELDS)
    const parsed = parseNewLottery(values, new Date())
    if (!parsed.ok) return renderNew(req, reply, values, parsed.problems, 422)
    const created = await createLottery(deps, request, parsed.input)
    if (!created.ok) return renderNew(req, reply, values, created.problems, 422)
    return reply.redirect(`/${request.tenant.slug}/staff/reservations/lotteries/${created.lottery.id}?done=created`, 303)
  })

  app.get(`${BASE}/:lotteryId`, { config }, async (req, reply) => {
    const request = staffRequest(req)
    const lotteryId = uuidParam(req, 'lotteryId')
    if (!lotteryId) throw lotteryNotFound()
    const view = await readLotteryForStaff(deps, request, lotteryId)
    return reply.header('cache-control', 'no-store').html(<StaffLotteryDetailPage ctx={pageContext(req)} {...view} now={new Date()} notice={doneMessage(req.t, req.query)} />)
  })

  const actions = {
    close: async (req: FastifyRequest, id: string) => void (await closeApplications(deps, staffRequest(req), id)),
    draw: async (req: FastifyRequest, id: string) => void (await drawLotteryNow(deps, staffRequest(req), id)),
    publish: async (req: FastifyRequest, id: string) => void (await publishLottery(deps, staffRequest(req), id)),
    'second-round': async (req: FastifyRequest, id: string) => openSecondRoundNow(deps, staffRequest(req), id),
  } as const
  const doneKeys = { close: 'closed', draw: 'drawn', publish: 'published', 'second-round': 'secondRound' } as const

  for (const action of Object.keys(actions) as (keyof typeof actions)[]) {
    app.post(`${BASE}/:lotteryId/${action}`, { config }, async (req, reply) => {
      const lotteryId = uuidParam(req, 'lotteryId')
      if (!lotteryId) throw lotteryNotFound()
      await actions[action](req, lotteryId)
      return reply.redirect(`/${staffRequest(req).tenant.slug}/staff/reservations/lotteries/${lotteryId}?done=${doneKeys[action]}`, 303)
    })
  }
}
