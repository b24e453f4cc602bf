import { z } from 'zod'
import { recordAudit } from '../../../../platform/audit/audit-log.js'
import { decryptField, encryptField, safeEqual } from '../../../../platform/crypto.js'
import { withTenant } from '../../../../platform/db/tenant-context.js'
import type { Platform } from '../../../../platform/platform.js'
import type { TenantContext } from '../../../../platform/tenancy/tenant-service.js'
import { findLineCredentials, type LineCredentials } from './line-credentials.js'
import { lineLoginNotConfigured } from './line-errors.js'
import { beginLineLogin, exchangeLineCode, findLineFriendship, LineLoginError, verifyLineIdToken, type LineLoginChannel, type LineLoginFailure } from './line-login.js'
import {
  clearLineFollowerResident,
  deleteLineIdentities,
  findActiveLineChannel,
  findActiveLineChannelByAddress,
  findLineFollower,
  findLineIdentityOfResident,
  findResidentOfLineUser,
  insertLineChannel,
  insertLineIdentity,
  removeLineChannelOfResident,
  setLineFollowerResident,
  touchLineIdentity,
} from './line-repository.js'
import { lineTransportFor } from './line-transport.js'

/**
 * Linking a LINE account to a resident with LINE Login: the resident (already logged in to the
 * portal) is sent to LINE; the callback proves which LINE user they are (verified ID token), and
 * the LINE identity and the LINE channel are written in one transaction. A LINE user already
 * linked to another resident of the municipality is refused, never moved silently.
 *
 * The pending attempt (state, nonce, PKCE verifier) travels in a short-lived cookie sealed with
 * AES-256-GCM and bound to the tenant and the resident: nothing to clean up server-side, and a
 * callback in another browser or for another resident fails the state check.
 */

export const LINE_LINK_TTL_MS = 10 * 60 * 1000

/** Why a LINE channel stopped: the resident unlinked it, or linked another LINE account. */
export const LINE_UNLINK_REASON = 'resident'
export const LINE_RELINK_REASON = 'resident-relinked'

export type LineLinkProblem = LineLoginFailure | 'state' | 'taken'

/** A link attempt that did not end in a link; `problem` picks the page shown. */
export class LineLinkError extends Error {
  constructor(
    readonly problem: LineLinkProblem,
    detail: string,
  ) {
    super(`LINE link ${problem}: ${detail}`)
    this.name = 'LineLinkError'
  }
}

const SealedSchema = z.object({
  v: z.literal(1),
  tenantId: z.string(),
  residentId: z.string(),
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  expiresAt: z.number(),
})

export function lineCallbackUrl(platform: Platform, tenant: TenantContext): string {
  return `${platform.config.publicUrl}/${tenant.slug}/notifications/line/callback`
}

function loginChannelOf(credentials: LineCredentials | undefined): LineLoginChannel | undefined {
  return credentials?.loginChannelId && credentials.loginChannelSecret ? { channelId: credentials.loginChannelId, channelSecret: credentials.loginChannelSecret } : undefined
}

async function loginChannel(platform: Platform, tenant: TenantContext): Promise<LineLoginChannel> {
  const credentials = await withTenant(platform.database.db, tenant.id, trx => findLineCredentials(trx, platform.config, tenant.id))
  const channel = loginChannelOf(credentials)
  if (!channel) throw lineLoginNotConfigured()
  return channel
}

/** Starts a link: where to send the browser, and the sealed attempt for the cookie. */
export async function startLineLink(platform: Platform, tenant: TenantContext, residentId: string): Promise<{ url: string; sealed: string }> {
  const channel = await loginChannel(platform, tenant)
  const { url, pending } = beginLineLogin({ authorizeUrl: platform.config.lineLoginAuthorizeUrl, channelId: channel.channelId, redirectUri: lineCallbackUrl(platform, tenant) })
  const sealed = encryptField(platform.config.dataEncryptionKey, JSON.stringify({ v: 1, tenantId: tenant.id, residentId, ...pending, expiresAt: Date.now() + LINE_LINK_TTL_MS }))
  return { url, sealed }
}

function unseal(platform: Platform, sealed: string | undefined) {
  if (!sealed) return undefined
  try {
    const parsed = SealedSchema.safeParse(JSON.parse(decryptField(platform.config.dataEncryptionKey, sealed)))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

export interface LineCallbackQuery {
  code?: string
  state?: string
  error?: string
}

export interface LinkedLine {
  /** false: the page asks the resident to add the official account as a friend */
  isFollowing: boolean
  /** the resident had another LINE account linked, now replaced */
  replaced: boolean
}

/** Finishes a link from LINE's callback. Throws LineLinkError for every way it can fail. */
export async function completeLineLink(platform: Platform, tenant: TenantContext, residentId: string, query: LineCallbackQuery, sealed: string | undefined, requestId: string): Promise<LinkedLine> {
  const attempt = unseal(platform, sealed)
  if (!attempt || attempt.tenantId !== tenant.id || attempt.residentId !== residentId || attempt.expiresAt < Date.now() || !query.state || !safeEqual(query.state, attempt.state))
    throw new LineLinkError('state', 'no matching attempt')
  if (query.error) throw new LineLinkError(query.error === 'access_denied' ? 'denied' : 'rejected', `authorization error ${query.error.slice(0, 50)}`)
  if (!query.code) throw new LineLinkError('rejected', 'no code')

  const channel = await loginChannel(platform, tenant)
  const transport = lineTransportFor(platform)
  let userId: string
  let accessToken: string
  try {
    const tokens = await exchangeLineCode({ apiBaseUrl: platform.config.lineLoginApiBaseUrl, channel, redirectUri: lineCallbackUrl(platform, tenant), code: query.code, codeVerifier: attempt.codeVerifier, fetch: transport.fetch })
    accessToken = tokens.accessToken
    userId = (await verifyLineIdToken(tokens.idToken, { channel, nonce: attempt.nonce })).userId
  } catch (error) {
    if (error instanceof LineLoginError) throw new LineLinkError(error.reason, error.detail)
    throw error
  }
  const friendFlag = await findLineFriendship({ apiBaseUrl: platform.config.lineLoginApiBaseUrl, accessToken, fetch: transport.fetch })

  try {
    return await withTenant(platform.database.db, tenant.id, async trx => {
      const now = new Date()
      const identityOwner = await findResidentOfLineUser(trx, tenant.id, userId)
      const channelOwner = (await findActiveLineChannelByAddress(trx, tenant.id, userId))?.residentId
      if ((identityOwner && identityOwner !== residentId) || (channelOwner && channelOwner !== residentId)) throw new LineLinkError('taken', 'linked to another resident')
      const previous = await findLineIdentityOfResident(trx, tenant.id, residentId)
      const replaced = previous !== undefined && previous.subject !== userId
      if (replaced) {
        await deleteLineIdentities(trx, tenant.id, residentId)
        await removeLineChannelOfResident(trx, tenant.id, residentId, LINE_RELINK_REASON, now)
        await clearLineFollowerResident(trx, tenant.id, residentId, now)
      }
      if (identityOwner === residentId) await touchLineIdentity(trx, tenant.id, userId, now)
      else await insertLineIdentity(trx, tenant.id, residentId, userId, now)
      const channelRow = await findActiveLineChannel(trx, tenant.id, residentId)
      if (!channelRow) await insertLineChannel(trx, tenant.id, residentId, userId, now)
      await setLineFollowerResident(trx, tenant.id, userId, residentId, friendFlag, now)
      const follower = await findLineFollower(trx, tenant.id, userId)
      await recordAudit(trx, tenant.id, {
        actor: { type: 'resident', id: residentId },
        action: 'notifications.line-link',
        subjectType: 'resident',
        subjectId: residentId,
        details: { replaced, isFollowing: follower?.isFollowing ?? false },
        requestId,
      })
      return { isFollowing: follower?.isFollowing ?? false, replaced }
    })
  } catch (error) {
    // Two browsers linking the same LINE user at once: the unique indexes decide, and the loser
    // gets the same answer as if it had come second.
    if ((error as { code?: string }).code === '23505') throw new LineLinkError('taken', 'unique violation')
    throw error
  }
}

/** Unlinks: the LINE identity goes, the LINE channel is removed (kept as removed, for the record). */
export async function unlinkLine(platform: Platform, tenant: TenantContext, residentId: string, requestId: string): Promise<boolean> {
  return withTenant(platform.database.db, tenant.id, async trx => {
    const now = new Date()
    const identities = await deleteLineIdentities(trx, tenant.id, residentId)
    const channels = await removeLineChannelOfResident(trx, tenant.id, residentId, LINE_UNLINK_REASON, now)
    await clearLineFollowerResident(trx, tenant.id, residentId, now)
    if (identities + channels === 0) return false
    await recordAudit(trx, tenant.id, { actor: { type: 'resident', id: residentId }, action: 'notifications.line-unlink', subjectType: 'resident', subjectId: residentId, requestId })
    return true
  })
}

export interface LineLinkStatus {
  /** the municipality offers linking (LINE Login configured) */
  isAvailable: boolean
  linked?: { since: Date; isFollowing: boolean }
}

export async function findLineLinkStatus(platform: Platform, tenant: TenantContext, residentId: string): Promise<LineLinkStatus> {
  return withTenant(platform.database.db, tenant.id, async trx => {
    const credentials = await findLineCredentials(trx, platform.config, tenant.id)
    const isAvailable = loginChannelOf(credentials) !== undefined
    // Linked = the LINE identity; its channel may be removed for now (the user blocked the account).
    const identity = await findLineIdentityOfResident(trx, tenant.id, residentId)
    if (!identity) return { isAvailable }
    const follower = await findLineFollower(trx, tenant.id, identity.subject)
    return { isAvailable, linked: { since: identity.createdAt, isFollowing: follower?.isFollowing ?? false } }
  })
}
