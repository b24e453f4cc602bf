import { z } from 'zod'
import { recordAudit, type AuditActor } from '../../../../platform/audit/audit-log.js'
import { encryptField } from '../../../../platform/crypto.js'
import { withTenant } from '../../../../platform/db/tenant-context.js'
import type { Platform } from '../../../../platform/platform.js'
import type { TenantContext } from '../../../../platform/tenancy/tenant-service.js'
import type { LineMenuMode } from '../../notification-tables.js'
import { lineCallbackUrl } from './line-link-service.js'
import { countLineFollowers, findNotificationSettings, listLineRichMenus, saveLineCredentialColumns, type LineCredentialColumns } from './line-repository.js'
import { fakeLineOf } from './line-transport.js'

/**
 * The municipality's LINE official account as staff see it: where its credentials come from,
 * the URLs to register in the LINE Developers console, followers (counts only: no LINE user id
 * is shown), the rich menus; and the credentials form. Secrets are encrypted at rest
 * (AES-256-GCM with the data key), never shown again, never logged, and their changes audited
 * by field name only.
 */

export type LineCredentialSource = 'tenant' | 'dev-fake' | 'none'

export interface LineAccountStatus {
  source: LineCredentialSource
  channelId?: string
  loginChannelId?: string
  hasChannelSecret: boolean
  hasAccessToken: boolean
  hasLoginSecret: boolean
  webhookUrl: string
  callbackUrl: string
  followers: { following: number; linked: number }
  mode: LineMenuMode
  menus: { mode: LineMenuMode; richMenuId: string; updatedAt: Date }[]
}

export function lineWebhookUrl(platform: Platform, tenant: TenantContext): string {
  return `${platform.config.publicUrl}/api/v1/notifications/line/webhook/${tenant.slug}`
}

export async function findLineAccountStatus(platform: Platform, tenant: TenantContext): Promise<LineAccountStatus> {
  return withTenant(platform.database.db, tenant.id, async trx => {
    const settings = await findNotificationSettings(trx, tenant.id)
    const hasOwn = Boolean(settings?.lineChannelSecretEnc && settings.lineAccessTokenEnc)
    return {
      source: hasOwn ? 'tenant' : platform.config.notifyChannels === 'fake' ? 'dev-fake' : 'none',
      channelId: settings?.lineChannelId ?? undefined,
      loginChannelId: settings?.lineLoginChannelId ?? undefined,
      hasChannelSecret: Boolean(settings?.lineChannelSecretEnc),
      hasAccessToken: Boolean(settings?.lineAccessTokenEnc),
      hasLoginSecret: Boolean(settings?.lineLoginChannelSecretEnc),
      webhookUrl: lineWebhookUrl(platform, tenant),
      callbackUrl: lineCallbackUrl(platform, tenant),
      followers: await countLineFollowers(trx, tenant.id),
      mode: settings?.lineMenuMode ?? 'normal',
      menus: await listLineRichMenus(trx, tenant.id),
    }
  })
}

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value)
const ChannelId = z.preprocess(blankToUndefined, z.string().regex(/^\d{10}$/, 'line.staff.errors.channelId').optional())
const Secret = z.preprocess(blankToUndefined, z.string().regex(/^[0-9a-f]{32}$/i, 'line.staff.errors.secret').optional())

export const LineCredentialsSchema = z.object({
  channelId: ChannelId,
  channelSecret: Secret,
  accessToken: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9+/=._-]{20,1000}$/, 'line.staff.errors.accessToken').optional()),
  loginChannelId: ChannelId,
  loginChannelSecret: Secret,
})
export type LineCredentialsInput = z.infer<typeof LineCredentialsSchema>
export type LineCredentialField = keyof LineCredentialsInput

export type SaveLineCredentialsResult = { ok: true } | { ok: false; errors: Partial<Record<LineCredentialField, string>> }

/** Saves the fields given; blank secret fields keep the stored secret. Errors are message keys. */
export async function saveLineCredentials(platform: Platform, tenant: TenantContext, form: Record<string, unknown>, actor: AuditActor, requestId?: string): Promise<SaveLineCredentialsResult> {
  const parsed = LineCredentialsSchema.safeParse(form)
  const formatErrors: Partial<Record<LineCredentialField, string>> = {}
  if (!parsed.success) for (const issue of parsed.error.issues) formatErrors[issue.path[0] as LineCredentialField] ??= issue.message
  const isGiven = (field: LineCredentialField) => typeof form[field] === 'string' && (form[field] as string).trim() !== ''
  const key = platform.config.dataEncryptionKey
  const result = await withTenant(platform.database.db, tenant.id, async (trx): Promise<SaveLineCredentialsResult> => {
    const stored = await findNotificationSettings(trx, tenant.id)
    const errors: Partial<Record<LineCredentialField, string>> = {}
    // A Messaging API channel needs both its secret (webhooks) and its token (sending).
    if (!isGiven('channelSecret') && !stored?.lineChannelSecretEnc) errors.channelSecret = 'line.staff.errors.secretRequired'
    if (!isGiven('accessToken') && !stored?.lineAccessTokenEnc) errors.accessToken = 'line.staff.errors.accessTokenRequired'
    if (isGiven('loginChannelSecret') && !isGiven('loginChannelId') && !stored?.lineLoginChannelId) errors.loginChannelId = 'line.staff.errors.loginChannelIdRequired'
    if (isGiven('loginChannelId') && !isGiven('loginChannelSecret') && !stored?.lineLoginChannelSecretEnc) errors.loginChannelSecret = 'line.staff.errors.loginSecretRequired'
    if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors: { ...errors, ...formatErrors } }
    const input = parsed.data
    const columns: LineCredentialColumns = {}
    if (input.channelId) columns.lineChannelId = input.channelId
    if (input.channelSecret) columns.lineChannelSecretEnc = encryptField(key, input.channelSecret.toLowerCase())
    if (input.accessToken) columns.lineAccessTokenEnc = encryptField(key, input.accessToken)
    if (input.loginChannelId) columns.lineLoginChannelId = input.loginChannelId
    if (input.loginChannelSecret) columns.lineLoginChannelSecretEnc = encryptField(key, input.loginChannelSecret.toLowerCase())
    await saveLineCredentialColumns(trx, tenant.id, columns, new Date())
    await recordAudit(trx, tenant.id, {
      actor,
      action: 'notifications.line-credentials-update',
      subjectType: 'line-account',
      details: { fields: (Object.keys(input) as LineCredentialField[]).filter(field => input[field] !== undefined) },
      requestId,
    })
    return { ok: true }
  })
  if (result.ok && parsed.success) allowOnDevFake(platform, parsed.data)
  return result
}

/** In development the fake stands in for LINE: it must accept the municipality's own credentials too. */
function allowOnDevFake(platform: Platform, input: LineCredentialsInput) {
  const mounted = fakeLineOf(platform)
  if (!mounted) return
  if (input.accessToken) mounted.line.addChannelAccessToken(input.accessToken)
  if (input.loginChannelId && input.loginChannelSecret) mounted.login.addChannel(input.loginChannelId, input.loginChannelSecret.toLowerCase())
}

/** Removes every LINE credential: LINE is no longer offered (or, in development, the fake's defaults apply). */
export async function clearLineCredentials(platform: Platform, tenant: TenantContext, actor: AuditActor, requestId?: string): Promise<void> {
  await withTenant(platform.database.db, tenant.id, async trx => {
    await saveLineCredentialColumns(trx, tenant.id, { lineChannelId: null, lineChannelSecretEnc: null, lineAccessTokenEnc: null, lineLoginChannelId: null, lineLoginChannelSecretEnc: null }, new Date())
    await recordAudit(trx, tenant.id, { actor, action: 'notifications.line-credentials-clear', subjectType: 'line-account', requestId })
  })
}
