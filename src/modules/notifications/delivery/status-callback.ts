import { lookup } from 'node:dns/promises'
import { isPrivateAddress } from '../api/notices-api-schemas.js'
import { z } from 'zod'
import { decryptField } from '../../../platform/crypto.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { defineJob } from '../../../platform/jobs/define-job.js'
import { notificationsDb } from '../notification-tables.js'
import { summariseNoticeProgress } from './notice-dispatch.js'

/**
 * Tells an API client that its notice has finished: a POST of the notice's final state to the
 * status callback URL it gave, with its bearer token. A job, so that pg-boss retries with
 * backoff while the client's endpoint is down; the body is the same on every attempt, so the
 * client can treat a repeat as a no-op.
 */
const CALLBACK_TIMEOUT_MS = 10_000

export const postStatusCallback = defineJob({
  name: 'notifications.post-status-callback',
  payload: z.object({ tenantId: z.uuid(), noticeId: z.uuid() }),
  retryLimit: 10,
  retryDelaySeconds: 30,
  retryBackoff: true,
  expireInSeconds: 120,
  async run(payload, ctx) {
    const found = await withTenant(ctx.db, payload.tenantId, async trx => {
      const notice = await notificationsDb(trx)
        .selectFrom('notices')
        .select(['id', 'status', 'recipientCount', 'completedAt', 'statusCallbackUrl', 'statusCallbackTokenEnc', 'idempotencyKey'])
        .where('tenantId', '=', payload.tenantId)
        .where('id', '=', payload.noticeId)
        .executeTakeFirst()
      if (!notice?.statusCallbackUrl) return undefined
      return { notice, progress: await summariseNoticeProgress(trx, payload.tenantId, payload.noticeId) }
    })
    if (!found) return
    const { notice, progress } = found
    const url = notice.statusCallbackUrl as string
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Yakuba-Notifications/1' }
    if (notice.statusCallbackTokenEnc) headers.authorization = `Bearer ${decryptField(ctx.config.dataEncryptionKey, notice.statusCallbackTokenEnc)}`
    const body = JSON.stringify({
      id: notice.id,
      status: notice.status,
      // the client's own Idempotency-Key (stored per API key as `api:<keyId>:<key>`)
      reference: notice.idempotencyKey?.replace(/^api:[0-9a-f-]{36}:/, '') ?? null,
      recipientCount: notice.recipientCount,
      completedAt: notice.completedAt?.toISOString() ?? null,
      deliveries: progress,
    })
    // The URL was checked when the notice was created, but a name can resolve to a private
    // address later (DNS rebinding): in production, look it up now and refuse private targets.
    if (ctx.config.isProduction && (await resolvesToPrivateAddress(new URL(url).hostname))) {
      ctx.logger.warn({ noticeId: notice.id }, 'status callback refused: the host resolves to a private address')
      return
    }
    let response: Response
    try {
      response = await fetch(url, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS) })
      await response.arrayBuffer().catch(() => undefined)
    } catch (error) {
      throw new Error(`status callback unreachable: ${(error as Error).message}`)
    }
    if (!response.ok) throw new Error(`status callback answered ${response.status}`)
  },
})

/** True when any address the host resolves to is private, loopback or link-local (or it does not resolve). */
async function resolvesToPrivateAddress(hostname: string): Promise<boolean> {
  try {
    const addresses = await lookup(hostname, { all: true })
    return addresses.length === 0 || addresses.some(a => isPrivateAddress(a.family === 6 ? `[${a.address}]` : a.address))
  } catch {
    return true
  }
}
