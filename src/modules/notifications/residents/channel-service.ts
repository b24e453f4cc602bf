/**
 * A resident's channel addresses: adding an email address or a mobile number and proving it with
 * a one-time code, using the already verified login email, removing a channel, and web push
 * subscriptions. Codes are sent after the transaction that stores their hash commits, so a code
 * that arrives always exists; a failed send leaves a pending address the resident can resend to.
 */
import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import { z } from 'zod'
import type { Platform } from '../../../platform/platform.js'
import type { Database } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { sendLoggedMail } from '../../../platform/notify/notify.js'
import type { Translate } from '../../../platform/i18n/i18n.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { ExternalChannel, ResidentChannel } from '../notification-tables.js'
import { parseJapanesePhone } from '../channels/sms/japanese-phone.js'
import { checkSmsText } from '../channels/sms/sms-text.js'
import { smsClientFor } from '../channels/sms/sms-transport.js'
import type { WebPushSubscription } from '../channels/push/push-sender.js'
import {
  canResendCode,
  checkVerificationCode,
  generateVerificationCode,
  hashVerificationCode,
  normalizeCodeInput,
  VERIFICATION_CODE_TTL_MS,
  VERIFICATION_MAX_ATTEMPTS,
  type CodeCheck,
} from './channel-verification.js'
import {
  findActiveChannelForUpdate,
  findActivePushByEndpointForUpdate,
  findOwnChannelForUpdate,
  insertPendingChannel,
  insertVerifiedChannel,
  listActiveChannels,
  markChannelRemoved,
  markChannelVerified,
  recordFailedAttempt,
  storePendingCode,
  updatePushKeys,
} from './channel-repository.js'
import { addChannelToDefaultTopics, findResidentLocaleAndEmail, removeChannelFromSubscriptions } from './preference-repository.js'

type Trx = Transaction<Database>

export type CodeChannel = 'email' | 'sms'

export type RequestCodeOutcome =
  | { ok: true; channelId: string; isSent: boolean; isAlreadyVerified: boolean }
  | { ok: false; field: 'email' | 'phone'; problem: string }

export type VerifyOutcome = { ok: true; channel: ResidentChannel } | { ok: false; check: Exclude<CodeCheck, 'ok'>; attemptsLeft: number }

const EmailSchema = z.email().max(254)

/** A typed address: trimmed, full-width forms folded (＠, ．), the domain lower-cased. */
export function normalizeEmailAddress(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined
  const text = input.normalize('NFKC').trim()
  if (!EmailSchema.safeParse(text).success) return undefined
  const at = text.lastIndexOf('@')
  return `${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505'
}

export function createChannelService(platform: Platform) {
  const { db } = platform.database
  const { config } = platform
  const mailContext = { db, logger: platform.logger, config, mailer: platform.mailer }

  async function audit(trx: Trx, tenantId: string, residentId: string, action: string, details: Record<string, unknown>, requestId?: string) {
    await recordAudit(trx, tenantId, { actor: { type: 'resident', id: residentId }, action, subjectType: 'resident', subjectId: residentId, details, requestId })
  }

  /** Sends the current code of a channel; false when the provider refused or failed. */
  async function sendCode(tenant: TenantContext, channel: CodeChannel, channelId: string, address: string, code: string, expiresAt: Date, t: Translate, locale: string): Promise<boolean> {
    const key = `channel-code:${channelId}:${expiresAt.getTime()}`
    const tenantName = locale === 'en' ? tenant.nameEn : tenant.name
    if (channel === 'email') {
      try {
        await sendLoggedMail(mailContext, tenant.id, {
          to: address,
          subject: t('notifications.residents.code.emailSubject', { tenant: tenantName }),
          body: t('notifications.residents.code.emailBody', { tenant: tenantName, code, minutes: VERIFICATION_CODE_TTL_MS / 60_000 }),
          template: 'notifications.channel-code',
          idempotencyKey: key,
          lang: locale === 'en' ? 'en' : 'ja',
        })
        return true
      } catch (error) {
        platform.logger.warn({ err: error, channelId }, 'verification mail not sent')
        return false
      }
    }
    const client = smsClientFor(config, tenant.slug)
    if (!client) return false
    const text = t('notifications.residents.code.sms', { tenant: tenantName, code, minutes: VERIFICATION_CODE_TTL_MS / 60_000 })
    // The catalog texts are checked by a unit test; this guards a tenant name that breaks them.
    const smsText = checkSmsText(text).ok ? text : `${code}`
    const outcome = await client.sendSms(address, smsText, key)
    if (outcome.status !== 'accepted') platform.logger.warn({ channelId, status: outcome.status, error: outcome.error }, 'verification SMS not sent')
    return outcome.status === 'accepted'
  }

  async function requestCode(tenant: TenantContext, residentId: string, channel: CodeChannel, address: string, t: Translate, locale: string, requestId?: string): Promise<RequestCodeOutcome> {
    const now = new Date()
    const code = generateVerificationCode()
    const expiresAt = new Date(now.getTime() + VERIFICATION_CODE_TTL_MS)
    const field = channel === 'email' ? 'email' : 'phone'
    const stored = await withTenant(db, tenant.id, async trx => {
      const existing = await findActiveChannelForUpdate(trx, tenant.id, residentId, channel)
      if (existing?.verifiedAt && existing.address === address) return { kind: 'already-verified' as const, id: existing.id }
      if (existing && existing.verificationCodeHash && !canResendCode(existing, now)) {
        const pending = existing.details.pendingAddress ?? (existing.verifiedAt ? undefined : existing.address)
        // The same address again within the minute: the code already sent is still good.
        if (pending === address) return { kind: 'pending' as const, id: existing.id }
        return { kind: 'too-soon' as const }
      }
      let id: string
      if (!existing) {
        id = randomUUID()
        await insertPendingChannel(trx, tenant.id, residentId, channel, address, { codeHash: hashVerificationCode(config.sessionSecret, id, code), expiresAt }, id)
      } else {
        id = existing.id
        const codeHash = hashVerificationCode(config.sessionSecret, id, code)
        if (existing.verifiedAt) await storePendingCode(trx, tenant.id, id, { codeHash, expiresAt }, { pendingAddress: address })
        else await storePendingCode(trx, tenant.id, id, { codeHash, expiresAt }, { address, pendingAddress: null })
      }
      await audit(trx, tenant.id, residentId, 'notifications.add-channel', { channel, channelId: id }, requestId)
      return { kind: 'new-code' as const, id }
    })
    switch (stored.kind) {
      case 'already-verified':
        return { ok: true, channelId: stored.id, isSent: false, isAlreadyVerified: true }
      case 'pending':
        return { ok: true, channelId: stored.id, isSent: true, isAlreadyVerified: false }
      case 'too-soon':
        return { ok: false, field, problem: 'notifications.residents.errors.resendTooSoon' }
      case 'new-code': {
        const isSent = await sendCode(tenant, channel, stored.id, address, code, expiresAt, t, locale)
        return { ok: true, channelId: stored.id, isSent, isAlreadyVerified: false }
      }
      default: {
        const unreachable: never = stored
        return unreachable
      }
    }
  }

  /** Takes a channel type out of the resident's subscriptions once no active address of it remains. */
  async function dropFromSubscriptionsIfLast(trx: Trx, tenantId: string, residentId: string, channel: ExternalChannel) {
    const remaining = (await listActiveChannels(trx, tenantId, residentId)).filter(c => c.channel === channel)
    if (remaining.length === 0) await removeChannelFromSubscriptions(trx, tenantId, residentId, channel, null)
  }

  return {
    async requestEmailCode(tenant: TenantContext, residentId: string, rawEmail: unknown, t: Translate, locale: string, requestId?: string): Promise<RequestCodeOutcome> {
      const address = normalizeEmailAddress(rawEmail)
      if (!address) return { ok: false, field: 'email', problem: typeof rawEmail === 'string' && rawEmail.trim() !== '' ? 'notifications.residents.errors.emailInvalid' : 'notifications.residents.errors.emailRequired' }
      return requestCode(tenant, residentId, 'email', address, t, locale, requestId)
    },

    async requestSmsCode(tenant: TenantContext, residentId: string, rawPhone: unknown, t: Translate, locale: string, requestId?: string): Promise<RequestCodeOutcome> {
      if (!smsClientFor(config)) return { ok: false, field: 'phone', problem: 'notifications.residents.errors.smsUnavailable' }
      const text = typeof rawPhone === 'string' ? rawPhone : ''
      if (text.trim() === '') return { ok: false, field: 'phone', problem: 'notifications.residents.errors.phoneRequired' }
      const phone = parseJapanesePhone(text)
      if (!phone) return { ok: false, field: 'phone', problem: 'notifications.residents.errors.phoneInvalid' }
      if (phone.kind !== 'mobile') return { ok: false, field: 'phone', problem: phone.kind === 'landline' ? 'notifications.residents.errors.phoneLandline' : 'notifications.residents.errors.phoneNotMobile' }
      return requestCode(tenant, residentId, 'sms', phone.e164, t, locale, requestId)
    },

    /** A new code for a pending address (at most one a minute). */
    async resendCode(tenant: TenantContext, residentId: string, channelId: string, t: Translate, locale: string): Promise<{ ok: true; isSent: boolean } | { ok: false; problem: string }> {
      const now = new Date()
      const code = generateVerificationCode()
      const expiresAt = new Date(now.getTime() + VERIFICATION_CODE_TTL_MS)
      const stored = await withTenant(db, tenant.id, async trx => {
        const channel = await findOwnChannelForUpdate(trx, tenant.id, residentId, channelId)
        if (!channel || channel.removedAt || (channel.channel !== 'email' && channel.channel !== 'sms')) return { kind: 'not-found' as const }
        const address = channel.details.pendingAddress ?? (channel.verifiedAt ? undefined : channel.address)
        if (!address) return { kind: 'nothing-pending' as const }
        if (!canResendCode(channel, now)) return { kind: 'too-soon' as const }
        await storePendingCode(trx, tenant.id, channel.id, { codeHash: hashVerificationCode(config.sessionSecret, channel.id, code), expiresAt }, {})
        return { kind: 'new-code' as const, channel: channel.channel, address }
      })
      if (stored.kind === 'not-found') return { ok: false, problem: 'notifications.residents.errors.channelNotFound' }
      if (stored.kind === 'nothing-pending') return { ok: true, isSent: false }
      if (stored.kind === 'too-soon') return { ok: false, problem: 'notifications.residents.errors.resendTooSoon' }
      return { ok: true, isSent: await sendCode(tenant, stored.channel, channelId, stored.address, code, expiresAt, t, locale) }
    },

    /** Checks a typed code; five wrong tries use the code up. */
    async verifyCode(tenantId: string, residentId: string, channelId: string, typed: unknown, requestId?: string): Promise<VerifyOutcome | undefined> {
      const now = new Date()
      return withTenant(db, tenantId, async trx => {
        const channel = await findOwnChannelForUpdate(trx, tenantId, residentId, channelId)
        if (!channel || channel.removedAt) return undefined
        // Verified with nothing pending: a repeated submit of a code that already worked.
        if (channel.verifiedAt && !channel.details.pendingAddress) return { ok: true, channel }
        const check = checkVerificationCode(config.sessionSecret, channel, normalizeCodeInput(typed), now)
        if (check === 'ok') {
          const verified = await markChannelVerified(trx, tenantId, channel, now)
          await addChannelToDefaultTopics(trx, tenantId, residentId, verified.channel)
          await audit(trx, tenantId, residentId, 'notifications.verify-channel', { channel: verified.channel, channelId }, requestId)
          return { ok: true, channel: verified }
        }
        let attempts = channel.verificationAttempts
        if (check === 'wrong' || check === 'malformed') attempts = await recordFailedAttempt(trx, tenantId, channelId)
        const attemptsLeft = Math.max(0, VERIFICATION_MAX_ATTEMPTS - attempts)
        return { ok: false, check: check === 'wrong' && attemptsLeft === 0 ? 'too_many_attempts' : check, attemptsLeft }
      })
    },

    /** A channel of the resident with a code waiting (for the verify page). */
    async findChannel(tenantId: string, residentId: string, channelId: string): Promise<ResidentChannel | undefined> {
      return withTenant(db, tenantId, async trx => {
        const channel = await findOwnChannelForUpdate(trx, tenantId, residentId, channelId)
        return channel && !channel.removedAt ? channel : undefined
      })
    },

    /** The login email (verified by the magic link) becomes the email channel. */
    async useLoginEmail(tenantId: string, residentId: string, requestId?: string): Promise<boolean> {
      const now = new Date()
      return withTenant(db, tenantId, async trx => {
        const resident = await findResidentLocaleAndEmail(trx, tenantId, residentId)
        if (!resident?.email || !resident.emailVerifiedAt) return false
        const existing = await findActiveChannelForUpdate(trx, tenantId, residentId, 'email')
        if (existing?.verifiedAt && existing.address === resident.email && !existing.details.pendingAddress) return true
        if (existing) await markChannelRemoved(trx, tenantId, existing.id, 'replaced', now)
        const channel = await insertVerifiedChannel(trx, tenantId, residentId, 'email', resident.email, {}, now)
        await addChannelToDefaultTopics(trx, tenantId, residentId, 'email')
        await audit(trx, tenantId, residentId, 'notifications.add-channel', { channel: 'email', channelId: channel.id, source: 'login-email' }, requestId)
        return true
      })
    },

    /** Removes a channel for good (kept as a row with removed_at, so critical notices skip it too). */
    async removeChannel(tenantId: string, residentId: string, channelId: string, requestId?: string): Promise<ExternalChannel | undefined> {
      const now = new Date()
      return withTenant(db, tenantId, async trx => {
        const channel = await findOwnChannelForUpdate(trx, tenantId, residentId, channelId)
        if (!channel || channel.removedAt) return undefined
        await markChannelRemoved(trx, tenantId, channel.id, 'resident', now)
        await dropFromSubscriptionsIfLast(trx, tenantId, residentId, channel.channel)
        await audit(trx, tenantId, residentId, 'notifications.remove-channel', { channel: channel.channel, channelId }, requestId)
        return channel.channel
      })
    },

    /**
     * Stores a browser's push subscription. Idempotent per endpoint; an endpoint another resident
     * had (a shared device, someone else logged in now) moves to this resident.
     */
    async subscribePush(tenantId: string, residentId: string, subscription: WebPushSubscription, requestId?: string): Promise<{ channelId: string; isNew: boolean }> {
      const attempt = () =>
        withTenant(db, tenantId, async trx => {
          const now = new Date()
          const details = { p256dh: subscription.keys.p256dh, auth: subscription.keys.auth }
          const existing = await findActivePushByEndpointForUpdate(trx, tenantId, subscription.endpoint)
          if (existing && existing.residentId === residentId) {
            if (existing.details.p256dh !== details.p256dh || existing.details.auth !== details.auth) await updatePushKeys(trx, tenantId, existing.id, details, now)
            return { channelId: existing.id, isNew: false }
          }
          if (existing) {
            await markChannelRemoved(trx, tenantId, existing.id, 'resubscribed', now)
            await dropFromSubscriptionsIfLast(trx, tenantId, existing.residentId, 'push')
          }
          const channel = await insertVerifiedChannel(trx, tenantId, residentId, 'push', subscription.endpoint, details, now)
          await addChannelToDefaultTopics(trx, tenantId, residentId, 'push')
          await audit(trx, tenantId, residentId, 'notifications.add-channel', { channel: 'push', channelId: channel.id }, requestId)
          return { channelId: channel.id, isNew: true }
        })
      try {
        return await attempt()
      } catch (error) {
        // Two tabs subscribing the same browser at once: the second sees the first's row.
        if (isUniqueViolation(error)) return attempt()
        throw error
      }
    },

    /** Removes the resident's subscription for this endpoint; true when there was one. */
    async unsubscribePush(tenantId: string, residentId: string, endpoint: string, requestId?: string): Promise<boolean> {
      return withTenant(db, tenantId, async trx => {
        const existing = await findActivePushByEndpointForUpdate(trx, tenantId, endpoint)
        if (!existing || existing.residentId !== residentId) return false
        await markChannelRemoved(trx, tenantId, existing.id, 'resident', new Date())
        await dropFromSubscriptionsIfLast(trx, tenantId, residentId, 'push')
        await audit(trx, tenantId, residentId, 'notifications.remove-channel', { channel: 'push', channelId: existing.id }, requestId)
        return true
      })
    },
  }
}

export type ChannelService = ReturnType<typeof createChannelService>
