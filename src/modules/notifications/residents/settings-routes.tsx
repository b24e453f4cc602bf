/**
 * Resident routes of the notifications hub: 通知の設定 (settings and channels), code
 * verification, the web push subscription API, and the email unsubscribe link.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Platform } from '../../../platform/platform.js'
import { AppError } from '../../../platform/errors.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import { isUuid } from '../../../platform/http/params.js'
import { pageContext } from '../../../platform/views/page-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { parsePushSubscription } from '../channels/push/push-subscription.js'
import { isWebPushAvailable } from '../channels/push/push-sender.js'
import { createChannelService } from './channel-service.js'
import { createPreferenceService } from './preference-service.js'
import { parseSettingsForm, topicFieldName, type FormProblems, type RawForm } from './preference-form.js'
import { formValuesOf, localName, SettingsPage, VerifyCodePage, type ChannelFormState, type SettingsFormValues } from './settings-pages.js'
import { UnsubscribeConfirmPage, UnsubscribedPage, UnsubscribeInvalidPage } from './unsubscribe-pages.js'
import { readUnsubscribeToken } from './unsubscribe-link.js'

type ChannelParams = { tenant: string; id: string }

const NOTICES = ['saved', 'verified', 'removed', 'already-verified', 'login-email', 'push-on', 'push-off'] as const
type Notice = (typeof NOTICES)[number]

export const channelNotFound = () => new AppError('NOT_FOUND', 'NOTIFICATIONS.CHANNEL_NOT_FOUND', 'errors.notFound')
const pushUnavailable = () => new AppError('CONFLICT', 'NOTIFICATIONS.PUSH_UNAVAILABLE', 'notifications.residents.push.unavailable')
const pushSubscriptionInvalid = (problem: string) => new AppError('UNPROCESSABLE', `NOTIFICATIONS.PUSH_${problem.toUpperCase()}`, `notifications.residents.push.errors.${problem}`)

export function registerSettingsRoutes(app: FastifyInstance, platform: Platform) {
  const preferences = createPreferenceService(platform)
  const channels = createChannelService(platform)
  const settingsPath = (tenant: TenantContext) => `/${tenant.slug}/notifications/settings`
  // Codes cost money (SMS) and fill inboxes: the routes that send them get the login limit (per
  // address), on top of one code a minute per channel (channel-verification.ts).
  const codeLimit = { rateLimit: { max: platform.config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 } }

  function translateProblems(req: FastifyRequest, problems: FormProblems): Record<string, string> {
    return Object.fromEntries(Object.entries(problems).map(([field, p]) => [field, req.t(p.key, p.params)]))
  }

  async function renderSettings(req: FastifyRequest, reply: FastifyReply, input: { values?: SettingsFormValues; errors?: Record<string, string>; channelForm?: ChannelFormState; notice?: Notice; status?: number }) {
    const tenant = tenantOf(req)
    const residentId = req.resident!.id // auth: 'resident' guarantees req.resident
    const view = await preferences.loadSettings(tenant.id, residentId)
    return reply.header('cache-control', 'no-store').html(
      <SettingsPage
        ctx={pageContext(req)}
        tenant={tenant}
        view={view}
        values={input.values ?? formValuesOf(view)}
        errors={input.errors ?? {}}
        channelForm={input.channelForm ?? { errors: {} }}
        notice={input.notice ? req.t(`notifications.residents.notice.${input.notice}`) : undefined}
      />,
      input.status ?? 200,
    )
  }

  /** What the resident submitted, to show again with the problems. */
  function submittedValues(form: RawForm, topicIds: string[]): SettingsFormValues {
    const one = (name: string) => {
      const v = form[name]
      return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : ''
    }
    const many = (name: string) => {
      const v = form[name]
      return v === undefined ? [] : Array.isArray(v) ? v : [v]
    }
    return {
      language: one('language'),
      districtId: one('districtId'),
      homeLat: one('homeLat'),
      homeLng: one('homeLng'),
      quietStart: one('quietStart'),
      quietEnd: one('quietEnd'),
      wantsDigest: one('wantsDigest'),
      garbageReminder: one('garbageReminder'),
      householdHasChildren: one('householdHasChildren'),
      allowsAnswerTargeting: one('allowsAnswerTargeting') === 'yes',
      order: { email: one('order-email'), line: one('order-line'), sms: one('order-sms'), push: one('order-push') },
      subscriptions: new Map(topicIds.map(id => [id, many(topicFieldName(id))])),
    }
  }

  app.get('/:tenant/notifications/settings', { config: { auth: 'resident' } }, async (req, reply) => {
    const notice = (req.query as { notice?: string }).notice
    return renderSettings(req, reply, { notice: NOTICES.find(n => n === notice) })
  })

  app.post('/:tenant/notifications/settings', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const residentId = req.resident!.id // auth: resident
    const form = (req.body ?? {}) as RawForm
    const view = await preferences.loadSettings(tenant.id, residentId)
    const offer = { topicIds: view.topics.map(t => t.id), channels: view.offeredChannels, districtIds: view.districts.map(d => d.id) }
    const parsed = parseSettingsForm(form, offer)
    if (!parsed.ok) return renderSettings(req, reply, { values: submittedValues(form, offer.topicIds), errors: translateProblems(req, parsed.problems), status: 422 })
    const saved = await preferences.saveSettings(tenant.id, residentId, parsed.input, req.id)
    if (!saved.ok) return renderSettings(req, reply, { values: submittedValues(form, offer.topicIds), errors: translateProblems(req, saved.problems), status: 422 })
    return reply.redirect(`${settingsPath(tenant)}?notice=saved`, 303)
  })

  // ── Channels ──────────────────────────────────────────────────────────────
  app.post('/:tenant/notifications/channels/email', { config: { auth: 'resident', ...codeLimit } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const email = (req.body as { email?: unknown } | undefined)?.email
    const outcome = await channels.requestEmailCode(tenant, req.resident!.id, email, req.t, req.locale, req.id) // auth: resident
    if (!outcome.ok) return renderSettings(req, reply, { channelForm: { email: typeof email === 'string' ? email.slice(0, 254) : '', errors: { email: req.t(outcome.problem) } }, status: 422 })
    if (outcome.isAlreadyVerified) return reply.redirect(`${settingsPath(tenant)}?notice=already-verified`, 303)
    return reply.redirect(`/${tenant.slug}/notifications/channels/${outcome.channelId}/verify${outcome.isSent ? '' : '?sendFailed=1'}`, 303)
  })

  app.post('/:tenant/notifications/channels/sms', { config: { auth: 'resident', ...codeLimit } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const phone = (req.body as { phone?: unknown } | undefined)?.phone
    const outcome = await channels.requestSmsCode(tenant, req.resident!.id, phone, req.t, req.locale, req.id) // auth: resident
    if (!outcome.ok) return renderSettings(req, reply, { channelForm: { phone: typeof phone === 'string' ? phone.slice(0, 40) : '', errors: { phone: req.t(outcome.problem) } }, status: 422 })
    if (outcome.isAlreadyVerified) return reply.redirect(`${settingsPath(tenant)}?notice=already-verified`, 303)
    return reply.redirect(`/${tenant.slug}/notifications/channels/${outcome.channelId}/verify${outcome.isSent ? '' : '?sendFailed=1'}`, 303)
  })

  app.post('/:tenant/notifications/channels/login-email', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const isUsed = await channels.useLoginEmail(tenant.id, req.resident!.id, req.id) // auth: resident
    return reply.redirect(isUsed ? `${settingsPath(tenant)}?notice=login-email` : settingsPath(tenant), 303)
  })

  async function loadOwnChannel(req: FastifyRequest) {
    const tenant = tenantOf(req)
    const { id } = req.params as ChannelParams
    if (!isUuid(id)) throw channelNotFound()
    const channel = await channels.findChannel(tenant.id, req.resident!.id, id) // auth: resident
    if (!channel) throw channelNotFound()
    return { tenant, channel }
  }

  app.get('/:tenant/notifications/channels/:id/verify', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, channel } = await loadOwnChannel(req)
    if (channel.verifiedAt && !channel.details.pendingAddress) return reply.redirect(`${settingsPath(tenant)}?notice=verified`, 303)
    const query = req.query as { sendFailed?: string; resent?: string }
    return reply.header('cache-control', 'no-store').html(<VerifyCodePage ctx={pageContext(req)} tenant={tenant} channel={channel} sendFailed={query.sendFailed === '1'} resent={query.resent === '1'} />)
  })

  app.post('/:tenant/notifications/channels/:id/verify', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, channel } = await loadOwnChannel(req)
    const outcome = await channels.verifyCode(tenant.id, req.resident!.id, channel.id, (req.body as { code?: unknown } | undefined)?.code, req.id) // auth: resident
    if (!outcome) throw channelNotFound()
    if (outcome.ok) return reply.redirect(`${settingsPath(tenant)}?notice=verified`, 303)
    const message = req.t(`notifications.residents.verify.errors.${outcome.check}`, { left: outcome.attemptsLeft })
    const fresh = (await channels.findChannel(tenant.id, req.resident!.id, channel.id)) ?? channel // auth: resident
    return reply.header('cache-control', 'no-store').html(<VerifyCodePage ctx={pageContext(req)} tenant={tenant} channel={fresh} error={message} />, 422)
  })

  app.post('/:tenant/notifications/channels/:id/resend', { config: { auth: 'resident', ...codeLimit } }, async (req, reply) => {
    const { tenant, channel } = await loadOwnChannel(req)
    const outcome = await channels.resendCode(tenant, req.resident!.id, channel.id, req.t, req.locale) // auth: resident
    if (!outcome.ok) return reply.header('cache-control', 'no-store').html(<VerifyCodePage ctx={pageContext(req)} tenant={tenant} channel={channel} error={req.t(outcome.problem)} />, 422)
    return reply.redirect(`/${tenant.slug}/notifications/channels/${channel.id}/verify?${outcome.isSent ? 'resent=1' : 'sendFailed=1'}`, 303)
  })

  app.post('/:tenant/notifications/channels/:id/remove', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { id } = req.params as ChannelParams
    if (!isUuid(id)) throw channelNotFound()
    // Removing twice (double submit, back button) lands on the same page.
    await channels.removeChannel(tenant.id, req.resident!.id, id, req.id) // auth: resident
    return reply.redirect(`${settingsPath(tenant)}?notice=removed`, 303)
  })

  // ── Web push subscriptions (JSON, from public/push-subscribe.js; CSRF token in X-CSRF-Token) ──
  app.post('/:tenant/notifications/push-subscriptions', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    if (!isWebPushAvailable(platform.config)) throw pushUnavailable()
    const parsed = parsePushSubscription(platform.config, req.body)
    if (!parsed.ok) throw pushSubscriptionInvalid(parsed.problem)
    const stored = await channels.subscribePush(tenant.id, req.resident!.id, parsed.subscription, req.id) // auth: resident
    return reply.status(stored.isNew ? 201 : 200).header('cache-control', 'no-store').send({ id: stored.channelId, subscribed: true })
  })

  app.delete('/:tenant/notifications/push-subscriptions', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const endpoint = (req.body as { endpoint?: unknown } | undefined)?.endpoint
    if (typeof endpoint !== 'string' || endpoint.length > 2000) throw pushSubscriptionInvalid('invalid_subscription')
    await channels.unsubscribePush(tenant.id, req.resident!.id, endpoint, req.id) // auth: resident
    return reply.status(204).send()
  })

  // ── Email unsubscribe (RFC 8058) ─────────────────────────────────────────
  app.get('/:tenant/notifications/unsubscribe/:token', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { token } = req.params as { token: string }
    const ctx = pageContext(req)
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
    const target = readUnsubscribeToken(platform.config.sessionSecret, tenant.slug, token)
    const described = target ? await preferences.describeUnsubscribe(tenant.id, target) : undefined
    if (!target || !described?.isKnown) return reply.html(<UnsubscribeInvalidPage ctx={ctx} settingsHref={settingsPath(tenant)} />, 400)
    return reply.html(<UnsubscribeConfirmPage ctx={ctx} action={`/${tenant.slug}/notifications/unsubscribe/${token}`} topicName={described.topic ? localName(described.topic.names, req.locale) : undefined} />)
  })

  // Mail providers POST `List-Unsubscribe=One-Click` here without cookies: no session, no CSRF
  // token; the signed URL is the authority (RFC 8058 §3.1).
  app.post('/:tenant/notifications/unsubscribe/:token', { config: { auth: 'public', csrf: false } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { token } = req.params as { token: string }
    const ctx = pageContext(req)
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
    const target = readUnsubscribeToken(platform.config.sessionSecret, tenant.slug, token)
    const described = target ? await preferences.describeUnsubscribe(tenant.id, target) : undefined
    if (!target || !described?.isKnown) return reply.html(<UnsubscribeInvalidPage ctx={ctx} settingsHref={settingsPath(tenant)} />, 400)
    const isOneClick = (req.body as Record<string, unknown> | undefined)?.['List-Unsubscribe'] === 'One-Click'
    await preferences.unsubscribeEmail(tenant.id, target, isOneClick && !req.headers.cookie ? 'one-click' : 'page')
    return reply.html(<UnsubscribedPage ctx={ctx} settingsHref={settingsPath(tenant)} topicName={described.topic ? localName(described.topic.names, req.locale) : undefined} />)
  })
}
