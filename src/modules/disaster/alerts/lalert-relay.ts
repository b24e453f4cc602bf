/**
 * Lアラート relay: each issued revision's CAP 1.2 document is posted to the relay endpoint with a
 * Bearer token by a durable job (queued in the issuing transaction, retried with backoff on 429
 * and 5xx). The real Lアラート (災害情報共有システム) needs a certified sender contract and its own
 * connection method; this adapter speaks a documented HTTP profile of it (see README.md), and
 * the fake below (`/dev-lalert`, development only) implements that profile: token check, CAP
 * namespace and identifier check, idempotent on the identifier, 429 over its rate.
 */
import { z } from 'zod'
import { defineJob } from '../../../platform/jobs/define-job.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { alertsDb } from './alert-tables.js'

export const RELAY_TIMEOUT_MS = 10_000

/** A refusal the relay will never accept (4xx other than 408/429): recorded, not retried. */
class PermanentRelayError extends Error {}

export const relayToLalert = defineJob({
  name: 'disaster.relay-lalert',
  payload: z.object({ tenantId: z.uuid(), alertId: z.uuid(), revision: z.number().int().min(1) }),
  retryLimit: 8,
  retryDelaySeconds: 15,
  async run({ tenantId, alertId, revision }, ctx) {
    const url = ctx.config.lalertRelayUrl
    const token = ctx.config.lalertRelayToken
    const doc = await withTenant(ctx.db, tenantId, async trx =>
      alertsDb(trx)
        .selectFrom('lalertRelays as l')
        .innerJoin('evacuationAlertRevisions as r', join => join.onRef('r.tenantId', '=', 'l.tenantId').onRef('r.alertId', '=', 'l.alertId').onRef('r.revision', '=', 'l.revision'))
        .select(['l.status', 'r.capXml', 'r.capIdentifier'])
        .where('l.tenantId', '=', tenantId)
        .where('l.alertId', '=', alertId)
        .where('l.revision', '=', revision)
        .executeTakeFirst(),
    )
    if (!doc || doc.status !== 'pending') return
    const record = (values: { status: 'pending' | 'accepted' | 'failed'; receipt?: string | null; lastError?: string | null }) =>
      withTenant(ctx.db, tenantId, trx =>
        alertsDb(trx)
          .updateTable('lalertRelays')
          .set(eb => ({ ...values, attempts: eb('attempts', '+', 1), updatedAt: new Date() }))
          .where('tenantId', '=', tenantId)
          .where('alertId', '=', alertId)
          .where('revision', '=', revision)
          .execute(),
      )
    if (!url || !token) {
      await record({ status: 'failed', lastError: 'not-configured' })
      return
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/cap+xml; charset=utf-8', 'x-cap-identifier': doc.capIdentifier },
        body: doc.capXml,
        signal: AbortSignal.timeout(RELAY_TIMEOUT_MS),
      })
      const text = await response.text()
      if (response.ok) {
        const receipt = (() => {
          try {
            return String((JSON.parse(text) as { receipt?: unknown }).receipt ?? '')
          } catch {
            return ''
          }
        })()
        await record({ status: 'accepted', receipt: receipt.slice(0, 100) || null, lastError: null })
        return
      }
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new PermanentRelayError(`HTTP ${response.status}`)
      throw new Error(`HTTP ${response.status}`)
    } catch (error) {
      const message = error instanceof Error ? error.message.slice(0, 200) : 'error'
      if (error instanceof PermanentRelayError) {
        await record({ status: 'failed', lastError: message })
        ctx.logger.warn({ tenantId, alertId, revision, error: message }, 'Lアラート relay refused the document')
        return
      }
      await record({ status: 'pending', lastError: message })
      throw error
    }
  },
})
