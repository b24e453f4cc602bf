/**
 * Resident routes of the waitlist (all need a resident login; a GET without one goes to the login
 * page and comes back):
 *   GET  /:tenant/reservations/waitlist                      my entries
 *   GET  /:tenant/reservations/slots/:slotId/waitlist        join page of a full slot
 *   POST /:tenant/reservations/slots/:slotId/waitlist        join (partySize)
 *   POST /:tenant/reservations/waitlist/:entryId/withdraw    withdraw / decline an offer
 *   GET  /:tenant/reservations/waitlist/claim/:token         an offer's claim page
 *   POST /:tenant/reservations/waitlist/claim/:token         claim → 303 /:tenant/reservations/my/:id
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pageContext } from '../../../platform/views/page-context.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { PUBLIC_BASE, residentRequest, uuidParam } from '../reservation-request.js'
import { waitlistEntryNotFound, waitlistSlotNotFound } from './waitlist-errors.js'
import { CLAIM_PROBLEM_STATUS, ClaimPage, ClaimProblemPage, JoinWaitlistPage, MyWaitlistPage, type ClaimProblem, type JoinForm } from './waitlist-pages.js'
import { readApplicantName } from '../booking/index.js'
import { claimOffer, inspectClaim, joinWaitlist, listMyEntries, loadJoinContext, maxWaitlistPartySize, withdrawEntry, type ClaimView } from './waitlist-service.js'
import { isWellFormedToken } from './waitlist-rules.js'

export function registerWaitlistRoutes(app: FastifyInstance, deps: ReservationDeps): void {
  const { db } = deps.platform.database
  const resident = { config: { auth: 'resident' as const } }

  app.get(`${PUBLIC_BASE}/waitlist`, resident, async (req, reply) => {
    const { tenant, resident: who } = residentRequest(req)
    const done = (req.query as { done?: unknown }).done
    const rows = await listMyEntries(db, tenant.id, who.id)
    return reply
      .header('cache-control', 'no-store')
      .html(<MyWaitlistPage ctx={pageContext(req)} slug={tenant.slug} rows={rows} now={new Date()} done={done === 'joined' || done === 'withdrawn' ? done : undefined} />)
  })

  async function renderJoin(req: FastifyRequest, reply: FastifyReply, form: JoinForm, status = 200) {
    const { tenant, resident: who } = residentRequest(req)
    const slotId = uuidParam(req, 'slotId')
    if (!slotId) throw waitlistSlotNotFound()
    const join = await loadJoinContext(db, tenant.id, slotId, who.id, new Date())
    return reply
      .header('cache-control', 'no-store')
      .html(<JoinWaitlistPage ctx={pageContext(req)} slug={tenant.slug} join={join} maxPartySize={maxWaitlistPartySize(join.place)} form={form} needsName={!who.displayName} />, status)
  }

  app.get(`${PUBLIC_BASE}/slots/:slotId/waitlist`, resident, async (req, reply) => renderJoin(req, reply, { partySize: '1' }))

  app.post(`${PUBLIC_BASE}/slots/:slotId/waitlist`, resident, async (req, reply) => {
    const { tenant, resident: who } = residentRequest(req)
    const slotId = uuidParam(req, 'slotId')
    if (!slotId) throw waitlistSlotNotFound()
    const body = req.body as { partySize?: unknown; applicantName?: unknown } | undefined
    const raw = body?.partySize
    const text = typeof raw === 'string' ? raw.trim().replace(/[０-９]/g, d => String.fromCharCode(d.charCodeAt(0) - 0xfee0)) : ''
    const partySize = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN
    const name = readApplicantName(body?.applicantName, who.displayName)
    const join = await loadJoinContext(db, tenant.id, slotId, who.id, new Date())
    const max = maxWaitlistPartySize(join.place)
    const isPartySizeValid = Number.isInteger(partySize) && partySize >= 1 && partySize <= max
    if (!isPartySizeValid || name.problem) {
      const error = isPartySizeValid ? undefined : text === '' ? req.t('reservations.waitlist.errors.partySizeMissing') : req.t('reservations.waitlist.errors.partySizeRange', { max })
      const form: JoinForm = { partySize: typeof raw === 'string' ? raw.slice(0, 10) : '', error, applicantName: name.name.slice(0, 200), nameError: name.problem ? req.t(name.problem) : undefined }
      return renderJoin(req, reply, form, 422)
    }
    await joinWaitlist(db, tenant.id, who.id, slotId, partySize, new Date(), who.displayName ? undefined : name.name)
    return reply.redirect(`/${tenant.slug}/reservations/waitlist?done=joined`, 303)
  })

  app.post(`${PUBLIC_BASE}/waitlist/:entryId/withdraw`, resident, async (req, reply) => {
    const { tenant, resident: who } = residentRequest(req)
    const entryId = uuidParam(req, 'entryId')
    if (!entryId) throw waitlistEntryNotFound()
    await withdrawEntry(db, deps, tenant.id, who.id, entryId, new Date())
    return reply.redirect(`/${tenant.slug}/reservations/waitlist?done=withdrawn`, 303)
  })

  function renderProblem(req: FastifyRequest, reply: FastifyReply, slug: string, problem: ClaimProblem, view?: ClaimView) {
    return reply.header('cache-control', 'no-store').html(<ClaimProblemPage ctx={pageContext(req)} slug={slug} problem={problem} view={view} />, CLAIM_PROBLEM_STATUS[problem])
  }

  app.get(`${PUBLIC_BASE}/waitlist/claim/:token`, resident, async (req, reply) => {
    const { tenant, resident: who } = residentRequest(req)
    const { token } = req.params as { token: string }
    if (!isWellFormedToken(token)) return renderProblem(req, reply, tenant.slug, 'unknown')
    const view = await inspectClaim(db, tenant.id, who.id, token, new Date())
    if (view.state !== 'claimable') return renderProblem(req, reply, tenant.slug, view.state, view)
    // The token is in the address: keep it out of caches and of the Referer of links on the page.
    reply.header('referrer-policy', 'no-referrer')
    return reply.header('cache-control', 'no-store').html(<ClaimPage ctx={pageContext(req)} slug={tenant.slug} token={token} view={view} />)
  })

  app.post(`${PUBLIC_BASE}/waitlist/claim/:token`, resident, async (req, reply) => {
    const { tenant, resident: who, requestId } = residentRequest(req)
    const { token } = req.params as { token: string }
    if (!isWellFormedToken(token)) return renderProblem(req, reply, tenant.slug, 'unknown')
    const outcome = await claimOffer(db, deps, tenant, who, token, requestId, new Date())
    switch (outcome.kind) {
      case 'booked':
        return reply.redirect(`/${tenant.slug}/reservations/my/${outcome.reservationId}`, 303)
      case 'taken':
        return renderProblem(req, reply, tenant.slug, 'taken', outcome.view)
      case 'refused':
        return renderProblem(req, reply, tenant.slug, outcome.view.state === 'claimable' ? 'unknown' : outcome.view.state, outcome.view)
      default: {
        const unreachable: never = outcome
        return unreachable
      }
    }
  })
}
