import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify'
import { isAppError } from '../../../../platform/errors.js'
import { isSecureCookie, tenantOf } from '../../../../platform/http/pipeline.js'
import type { Platform } from '../../../../platform/platform.js'
import { pageContext } from '../../../../platform/views/page-context.js'
import { clearLineCredentials, findLineAccountStatus, saveLineCredentials, type LineCredentialField } from './line-account-service.js'
import { lineAddFriendUrl } from './line-client.js'
import { findLineCredentials } from './line-credentials.js'
import { completeLineLink, findLineLinkStatus, LineLinkError, startLineLink, unlinkLine } from './line-link-service.js'
import { LineAccountPage, LineLinkProblemPage, type AddFriend, type LineAccountNotice } from './line-pages.js'
import { refreshLineRichMenus, switchLineMenuModeByStaff } from './line-rich-menu-service.js'
import { LineStaffPage, type LineStaffNotice } from './line-staff-pages.js'
import { createTenantLineClient } from './line-transport.js'
import { receiveLineWebhook, startLineReplies } from './line-webhook-service.js'
import { withTenant } from '../../../../platform/db/tenant-context.js'

const WEBHOOK_BODY_LIMIT = 1024 * 1024
const WEBHOOK_RATE_PER_MINUTE = 20_000
const BOT_INFO_TTL_MS = 10 * 60 * 1000
const LINK_COOKIE = 'yakuba_line_link'

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store')

function queryValue(req: FastifyRequest, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value.slice(0, 2000) : undefined
}

/** LINE webhook, LINE Login linking (resident), the LINE account page (staff), the dev fake. */
export async function registerLine(app: FastifyInstance, platform: Platform, surfaces: { public: boolean; staff: boolean }): Promise<void> {
  if (surfaces.public) {
    registerWebhookRoute(app, platform)
    registerResidentRoutes(app, platform)
    if (platform.config.notifyChannels === 'fake') {
      // The fake's pages and routes are loaded only when channels are faked (never in production).
      const { mountFakeLine } = await import('./fake-line-mount.js')
      await mountFakeLine(app, platform)
    }
  }
  if (surfaces.staff) registerStaffRoutes(app, platform)
}

/**
 * `POST /api/v1/notifications/line/webhook/:tenant`: in its own plugin scope whose parser keeps
 * the body as raw bytes for every content type (the signature covers the exact bytes). The
 * signature is the authentication: no session, no CSRF token. 401 bad signature, 400 malformed,
 * 404 unknown municipality or no LINE account, 200 (at once, answers sent after) otherwise.
 */
function registerWebhookRoute(app: FastifyInstance, platform: Platform) {
  void app.register(async scope => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) => done(null, body))
    scope.post(
      '/api/v1/notifications/line/webhook/:tenant',
      {
        // LINE posts every event of a busy official account from few addresses: the per-address
        // page limit would drop real events (LINE does not redeliver by default).
        config: { auth: 'public', csrf: false, rateLimit: { max: WEBHOOK_RATE_PER_MINUTE, timeWindow: 60_000 } },
        schema: {
          summary: 'LINE Messaging API webhook of a municipality (x-line-signature: Base64 HMAC-SHA256 of the body with the channel secret)',
          tags: ['notifications'],
        } as FastifySchema,
      },
      async (req, reply) => {
        const tenant = tenantOf(req)
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
        const outcome = await receiveLineWebhook(platform, tenant, body, req.headers)
        await reply.status(200).send({ received: outcome.events, handled: outcome.handled, duplicates: outcome.duplicates })
        startLineReplies(platform, outcome)
        return reply
      },
    )
  })
}

function registerResidentRoutes(app: FastifyInstance, platform: Platform) {
  const resident = { config: { auth: 'resident' as const } }
  const cookiePath = (slug: string) => `/${slug}/notifications/line`

  // The official account's basic id changes rarely: asked of LINE once per ten minutes per municipality.
  const botInfo = new Map<string, { addFriend: AddFriend | undefined; at: number }>()

  /** The add-friend link: the official account's basic id from LINE (none when LINE cannot say). */
  async function findAddFriend(tenantId: string): Promise<AddFriend | undefined> {
    const cached = botInfo.get(tenantId)
    if (cached && Date.now() - cached.at < BOT_INFO_TTL_MS) return cached.addFriend
    const credentials = await withTenant(platform.database.db, tenantId, trx => findLineCredentials(trx, platform.config, tenantId))
    if (!credentials) return undefined
    let addFriend: AddFriend | undefined
    try {
      const bot = await createTenantLineClient(platform, credentials, { maxAttempts: 1, timeoutMs: 3000 }).getBotInfo()
      addFriend = { url: lineAddFriendUrl(bot.basicId), displayName: bot.displayName }
    } catch {
      // LINE unreachable: the page still explains, without the button; try again next time.
      return undefined
    }
    if (botInfo.size >= 10_000) botInfo.clear()
    botInfo.set(tenantId, { addFriend, at: Date.now() })
    return addFriend
  }

  app.get('/:tenant/notifications/line', resident, async (req, reply) => {
    const tenant = tenantOf(req)
    // req.resident is set: the route requires a resident session (checked by the pipeline)
    const residentId = req.resident!.id
    const status = await findLineLinkStatus(platform, tenant, residentId)
    const flag = queryValue(req, 'done')
    const notice: LineAccountNotice | undefined = flag === 'linked' || flag === 'unlinked' || flag === 'cancelled' ? flag : undefined
    const addFriend = status.linked && !status.linked.isFollowing ? await findAddFriend(tenant.id) : undefined
    noStore(reply)
    return reply.html(<LineAccountPage ctx={pageContext(req)} status={status} notice={notice} addFriend={addFriend} />)
  })

  // A GET, so that the browser follows it to LINE as a plain navigation (a form posting to LINE
  // would need LINE's origin in the CSP form-action). Safe: it changes nothing but the cookie.
  app.get('/:tenant/notifications/line/link', resident, async (req, reply) => {
    const tenant = tenantOf(req)
    const { url, sealed } = await startLineLink(platform, tenant, req.resident!.id)
    reply.setCookie(LINK_COOKIE, sealed, { path: cookiePath(tenant.slug), httpOnly: true, sameSite: 'lax', secure: isSecureCookie(platform), maxAge: 600 })
    noStore(reply)
    return reply.redirect(url, 303)
  })

  app.get('/:tenant/notifications/line/callback', resident, async (req, reply) => {
    const tenant = tenantOf(req)
    const sealed = req.cookies[LINK_COOKIE]
    // One attempt, one callback: the cookie goes whatever happens next.
    reply.clearCookie(LINK_COOKIE, { path: cookiePath(tenant.slug) })
    noStore(reply)
    try {
      await completeLineLink(platform, tenant, req.resident!.id, { code: queryValue(req, 'code'), state: queryValue(req, 'state'), error: queryValue(req, 'error') }, sealed, req.id)
    } catch (error) {
      if (!(error instanceof LineLinkError)) throw error
      if (error.problem === 'denied') return reply.redirect(`/${tenant.slug}/notifications/line?done=cancelled`, 303)
      req.log.info({ problem: error.problem, detail: error.message }, 'LINE link refused')
      const status = error.problem === 'taken' ? 409 : error.problem === 'unavailable' ? 503 : 400
      return reply.html(<LineLinkProblemPage ctx={pageContext(req)} problem={error.problem} />, status)
    }
    return reply.redirect(`/${tenant.slug}/notifications/line?done=linked`, 303)
  })

  app.post('/:tenant/notifications/line/unlink', resident, async (req, reply) => {
    const tenant = tenantOf(req)
    await unlinkLine(platform, tenant, req.resident!.id, req.id)
    return reply.redirect(`/${tenant.slug}/notifications/line?done=unlinked`, 303)
  })
}

function registerStaffRoutes(app: FastifyInstance, platform: Platform) {
  const staff = { config: { auth: 'staff' as const, permission: 'notifications.manage' as const } }
  const pagePath = (slug: string) => `/${slug}/staff/notifications/line`
  const actorOf = (req: FastifyRequest) => ({ type: 'staff' as const, id: req.staff!.id })
  const NOTICES: readonly LineStaffNotice[] = ['credentials', 'cleared', 'menus', 'mode']

  app.get('/:tenant/staff/notifications/line', staff, async (req, reply) => {
    const tenant = tenantOf(req)
    const flag = queryValue(req, 'done')
    const notice = NOTICES.find(n => n === flag)
    noStore(reply)
    return reply.html(<LineStaffPage ctx={pageContext(req)} status={await findLineAccountStatus(platform, tenant)} notice={notice} />)
  })

  app.post('/:tenant/staff/notifications/line/credentials', staff, async (req, reply) => {
    const tenant = tenantOf(req)
    const body = (req.body ?? {}) as Record<string, unknown>
    const form = Object.fromEntries((['channelId', 'channelSecret', 'accessToken', 'loginChannelId', 'loginChannelSecret'] as const).map(k => [k, typeof body[k] === 'string' ? (body[k] as string).slice(0, 2000) : undefined]))
    const result = await saveLineCredentials(platform, tenant, form, actorOf(req), req.id)
    if (result.ok) return reply.redirect(`${pagePath(tenant.slug)}?done=credentials`, 303)
    const errors = Object.fromEntries(Object.entries(result.errors).map(([field, key]) => [field, req.t(key)])) as Partial<Record<LineCredentialField, string>>
    noStore(reply)
    return reply.html(
      <LineStaffPage ctx={pageContext(req)} status={await findLineAccountStatus(platform, tenant)} errors={errors} form={{ channelId: form.channelId, loginChannelId: form.loginChannelId }} />,
      422,
    )
  })

  app.post('/:tenant/staff/notifications/line/credentials/clear', staff, async (req, reply) => {
    const tenant = tenantOf(req)
    await clearLineCredentials(platform, tenant, actorOf(req), req.id)
    return reply.redirect(`${pagePath(tenant.slug)}?done=cleared`, 303)
  })

  /** A LINE failure re-renders the page with the translated reason (and LINE's status as ours). */
  async function runLineAction(req: FastifyRequest, reply: FastifyReply, done: LineStaffNotice, action: () => Promise<unknown>) {
    const tenant = tenantOf(req)
    try {
      await action()
    } catch (error) {
      if (!isAppError(error)) throw error
      noStore(reply)
      return reply.html(<LineStaffPage ctx={pageContext(req)} status={await findLineAccountStatus(platform, tenant)} failure={req.t(error.messageKey, error.params)} />, error.status)
    }
    return reply.redirect(`${pagePath(tenant.slug)}?done=${done}`, 303)
  }

  app.post('/:tenant/staff/notifications/line/rich-menus', staff, async (req, reply) =>
    runLineAction(req, reply, 'menus', () => refreshLineRichMenus(platform, tenantOf(req), actorOf(req), req.id)),
  )

  app.post('/:tenant/staff/notifications/line/mode', staff, async (req, reply) => {
    const mode = (req.body as { mode?: unknown } | undefined)?.mode
    if (mode !== 'normal' && mode !== 'disaster') return reply.redirect(pagePath(tenantOf(req).slug), 303)
    return runLineAction(req, reply, 'mode', () => switchLineMenuModeByStaff(platform, tenantOf(req), mode, actorOf(req), req.id))
  })
}
