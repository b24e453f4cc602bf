import { z } from 'zod'
import type { Config } from '../../config.js'
import { hashToken, randomToken, safeEqual } from '../../crypto.js'
import { AppError } from '../../errors.js'
import { withTenant, type Db, type Executor } from '../../db/tenant-context.js'
import { recordAudit } from '../../audit/audit-log.js'
import type { Notifier } from '../../notify/notify.js'
import { defineNotificationTemplate, sendLoggedMail } from '../../notify/notify.js'
import { LOCALES, translator, type Locale } from '../../i18n/i18n.js'
import { defineJob } from '../../jobs/define-job.js'
import type { JobQueue } from '../../jobs/job-queue.js'
import type { TenantContext } from '../../tenancy/tenant-service.js'
import { createSession, revokeSession } from '../sessions.js'
import { isSafeReturnPath } from '../../http/params.js'
import type { CompletedAuthorization, PendingAuthorization, RelyingParty } from '../oidc/relying-party.js'

const SendMagicLinkPayload = z.object({
  tenantId: z.uuid(),
  email: z.email(),
  returnTo: z.string().max(500),
  locale: z.enum(LOCALES),
})

/**
 * Mints the one-time token inside the job, so that it never sits in a job payload (pg-boss keeps
 * payloads for days); only its hash is stored, in login_attempts.
 */
export const sendMagicLink = defineJob({
  name: 'auth.send-magic-link',
  payload: SendMagicLinkPayload,
  retryLimit: 5,
  retryDelaySeconds: 10,
  async run(payload, ctx) {
    const tenant = await ctx.db.selectFrom('tenants').select(['slug', 'name', 'nameEn']).where('id', '=', payload.tenantId).executeTakeFirst()
    if (!tenant) return
    const token = randomToken()
    const attempt = await withTenant(ctx.db, payload.tenantId, trx =>
      trx
        .insertInto('loginAttempts')
        .values({
          tenantId: payload.tenantId,
          kind: 'magic_link',
          lookupHash: hashToken(token),
          payload: JSON.stringify({ email: payload.email, returnTo: payload.returnTo }),
          expiresAt: new Date(Date.now() + MAGIC_LINK_TTL_MS),
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
    const t = translator(payload.locale)
    const municipality = payload.locale === 'en' ? tenant.nameEn : tenant.name
    await sendLoggedMail(ctx, payload.tenantId, {
      to: payload.email,
      subject: t('auth.magicLink.mailSubject', { municipality }),
      body: t('auth.magicLink.mailBody', { municipality, minutes: MAGIC_LINK_TTL_MS / 60_000 }),
      linkUrl: `${ctx.config.publicUrl}/${tenant.slug}/login/email/verify?token=${encodeURIComponent(token)}`,
      template: 'auth.magic-link',
      idempotencyKey: `magic:${attempt.id}`,
      lang: payload.locale === 'en' ? 'en' : 'ja',
    })
  },
})

export const welcomeTemplate = defineNotificationTemplate({
  id: 'auth.welcome',
  subjectKey: 'auth.welcome.subject',
  bodyKey: 'auth.welcome.body',
  channels: ['inbox', 'email'],
})

const MAGIC_LINK_TTL_MS = 15 * 60_000
const OIDC_ATTEMPT_TTL_MS = 10 * 60_000

const loginExpired = () => new AppError('UNAUTHENTICATED', 'AUTH.LOGIN_EXPIRED', 'auth.errors.loginExpired')

const PendingSchema = z.object({
  pending: z.object({ providerId: z.string(), state: z.string(), nonce: z.string(), codeVerifier: z.string(), createdAt: z.number() }),
  bindingHash: z.string(),
  returnTo: z.string(),
})

const MagicLinkSchema = z.object({ email: z.email(), returnTo: z.string() })

export interface RequestMeta {
  userAgent: string
  ip: string
  requestId: string
  locale: Locale
}

/** Only same-tenant relative paths may be returned to after login (no open redirects). */
export function safeReturnTo(tenant: TenantContext, value: unknown): string {
  return isSafeReturnPath(tenant.slug, value) && value.startsWith(`/${tenant.slug}/`) ? value : `/${tenant.slug}/mypage`
}

export interface ResidentAuthDeps {
  db: Db
  config: Config
  jobs: JobQueue
  notifier: Notifier
  /** The デジタル認証アプリ relying party (the dev IdP in development). */
  digitalAuth: RelyingParty
}

/** Resident login: マイナンバーカード (デジタル認証アプリ OIDC, high assurance) or email magic link (low). */
export function createResidentAuthService({ db, config, jobs, notifier, digitalAuth }: ResidentAuthDeps) {
  async function upsertFromCardLogin(trx: Executor, tenant: TenantContext, completed: CompletedAuthorization, locale: Locale) {
    const identity = await trx
      .selectFrom('residentIdentities')
      .select(['residentId'])
      .where('tenantId', '=', tenant.id)
      .where('provider', '=', 'digital-auth-app')
      .where('subject', '=', completed.subject)
      .executeTakeFirst()
    let residentId = identity?.residentId
    const isNew = !residentId
    if (!residentId) {
      const resident = await trx
        .insertInto('residents')
        .values({ tenantId: tenant.id, displayName: completed.basicFourInfo.name.slice(0, 100), locale })
        .returning('id')
        .executeTakeFirstOrThrow()
      residentId = resident.id
      await trx
        .insertInto('residentIdentities')
        .values({ tenantId: tenant.id, residentId, provider: 'digital-auth-app', subject: completed.subject, assurance: 'high', lastLoginAt: new Date() })
        .execute()
    } else {
      await trx
        .updateTable('residentIdentities')
        .set({ lastLoginAt: new Date(), updatedAt: new Date() })
        .where('tenantId', '=', tenant.id)
        .where('provider', '=', 'digital-auth-app')
        .where('subject', '=', completed.subject)
        .execute()
    }
    const info = completed.basicFourInfo
    const values = {
      name: info.name,
      nameKana: info.nameKana ?? null,
      address: info.address,
      birthdate: info.birthdate,
      gender: info.gender,
      provider: 'digital-auth-app',
      verifiedAt: new Date(),
    }
    await trx
      .insertInto('residentBasicInfo')
      .values({ tenantId: tenant.id, residentId, ...values })
      .onConflict(oc => oc.columns(['tenantId', 'residentId']).doUpdateSet({ ...values, updatedAt: new Date() }))
      .execute()
    return { residentId, isNew }
  }

  return {
    /** Starts a card login: the pending state is kept server-side, bound to this browser. */
    async beginCardLogin(tenant: TenantContext, returnTo: unknown): Promise<{ url: string; binding: string }> {
      const { url, pending } = await digitalAuth.beginAuthorization()
      const binding = randomToken()
      await withTenant(db, tenant.id, trx =>
        trx
          .insertInto('loginAttempts')
          .values({
            tenantId: tenant.id,
            kind: 'oidc',
            lookupHash: hashToken(pending.state),
            payload: JSON.stringify({ pending, bindingHash: hashToken(binding), returnTo: safeReturnTo(tenant, returnTo) }),
            expiresAt: new Date(Date.now() + OIDC_ATTEMPT_TTL_MS),
          })
          .execute(),
      )
      return { url, binding }
    },

    /** Finishes a card login from the IdP's callback; returns the new session token. */
    async completeCardLogin(tenant: TenantContext, callbackUrl: URL, binding: string | undefined, meta: RequestMeta) {
      const state = callbackUrl.searchParams.get('state') ?? ''
      const attempt = await withTenant(db, tenant.id, async trx => {
        const row = await trx
          .selectFrom('loginAttempts')
          .selectAll()
          .where('tenantId', '=', tenant.id)
          .where('kind', '=', 'oidc')
          .where('lookupHash', '=', hashToken(state))
          .forUpdate()
          .executeTakeFirst()
        if (!row) return undefined
        // one use only, whatever happens next
        await trx.updateTable('loginAttempts').set({ usedAt: new Date(), updatedAt: new Date() }).where('tenantId', '=', tenant.id).where('id', '=', row.id).execute()
        return row
      })
      if (!attempt) throw new AppError('UNAUTHENTICATED', 'AUTH.OIDC_STATE_MISMATCH', 'auth.errors.oidcFailed')
      if (attempt.usedAt || attempt.expiresAt.getTime() < Date.now()) throw loginExpired()
      const stored = PendingSchema.parse(attempt.payload)
      if (!binding || !safeEqual(hashToken(binding), stored.bindingHash))
        throw new AppError('UNAUTHENTICATED', 'AUTH.OIDC_BROWSER_MISMATCH', 'auth.errors.oidcFailed')
      const completed = await digitalAuth.completeAuthorization(callbackUrl, stored.pending as PendingAuthorization)
      return withTenant(db, tenant.id, async trx => {
        const { residentId, isNew } = await upsertFromCardLogin(trx, tenant, completed, meta.locale)
        const { token } = await createSession(trx, tenant.id, config, { kind: 'resident', residentId, assurance: 'high', userAgent: meta.userAgent, ip: meta.ip })
        await recordAudit(trx, tenant.id, {
          actor: { type: 'resident', id: residentId },
          action: 'auth.resident-login',
          subjectType: 'resident',
          subjectId: residentId,
          details: { provider: 'digital-auth-app', isNew },
          requestId: meta.requestId,
        })
        if (isNew)
          await notifier.notify(trx, tenant.id, { residentId }, welcomeTemplate, { municipality: tenant.name }, { idempotencyKey: `welcome:${residentId}` })
        return { token, returnTo: stored.returnTo }
      })
    },

    /** Sends a one-time login link. Answers the same whether or not the address is known. */
    async requestMagicLink(tenant: TenantContext, email: string, returnTo: unknown, meta: RequestMeta) {
      const normalized = email.trim().toLowerCase()
      await withTenant(db, tenant.id, trx => jobs.enqueue(trx, sendMagicLink, { tenantId: tenant.id, email: normalized, returnTo: safeReturnTo(tenant, returnTo), locale: meta.locale }))
    },

    /** Consumes a magic link (once, before expiry) and logs the resident in at low assurance. */
    async consumeMagicLink(tenant: TenantContext, token: string, meta: RequestMeta) {
      return withTenant(db, tenant.id, async trx => {
        const attempt = await trx
          .selectFrom('loginAttempts')
          .selectAll()
          .where('tenantId', '=', tenant.id)
          .where('kind', '=', 'magic_link')
          .where('lookupHash', '=', hashToken(token))
          .forUpdate()
          .executeTakeFirst()
        if (!attempt || attempt.usedAt || attempt.expiresAt.getTime() < Date.now()) throw loginExpired()
        await trx.updateTable('loginAttempts').set({ usedAt: new Date(), updatedAt: new Date() }).where('tenantId', '=', tenant.id).where('id', '=', attempt.id).execute()
        const { email, returnTo } = MagicLinkSchema.parse(attempt.payload)
        // The login identity is the address a magic link proved, never a contact address a
        // resident typed in (that could be somebody else's).
        const identity = await trx
          .selectFrom('residentIdentities')
          .select(['residentId'])
          .where('tenantId', '=', tenant.id)
          .where('provider', '=', 'email')
          .where('subject', '=', email)
          .executeTakeFirst()
        let resident = identity ? { id: identity.residentId } : undefined
        const isNew = !resident
        if (!resident) {
          resident = await trx
            .insertInto('residents')
            .values({ tenantId: tenant.id, email, emailVerifiedAt: new Date(), locale: meta.locale })
            .returning('id')
            .executeTakeFirstOrThrow()
          await trx.insertInto('residentIdentities').values({ tenantId: tenant.id, residentId: resident.id, provider: 'email', subject: email, assurance: 'low', lastLoginAt: new Date() }).execute()
        } else {
          await trx
            .updateTable('residentIdentities')
            .set({ lastLoginAt: new Date(), updatedAt: new Date() })
            .where('tenantId', '=', tenant.id)
            .where('provider', '=', 'email')
            .where('subject', '=', email)
            .execute()
        }
        const { token: sessionToken } = await createSession(trx, tenant.id, config, { kind: 'resident', residentId: resident.id, assurance: 'low', userAgent: meta.userAgent, ip: meta.ip })
        await recordAudit(trx, tenant.id, { actor: { type: 'resident', id: resident.id }, action: 'auth.resident-login', subjectType: 'resident', subjectId: resident.id, details: { provider: 'email', isNew }, requestId: meta.requestId })
        if (isNew) await notifier.notify(trx, tenant.id, { residentId: resident.id }, welcomeTemplate, { municipality: tenant.name }, { idempotencyKey: `welcome:${resident.id}` })
        return { token: sessionToken, returnTo }
      })
    },

    async logout(tenant: TenantContext, sessionId: string, residentId: string, requestId: string) {
      await withTenant(db, tenant.id, async trx => {
        await revokeSession(trx, tenant.id, sessionId)
        await recordAudit(trx, tenant.id, { actor: { type: 'resident', id: residentId }, action: 'auth.resident-logout', subjectType: 'session', subjectId: sessionId, requestId })
      })
    },
  }
}
export type ResidentAuthService = ReturnType<typeof createResidentAuthService>
