import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { ExternalChannel } from '../notification-tables.js'
import { insertFailoverDeliveries, redactAddresses } from './delivery-claims.js'

/** What a provider's delivery receipt says about a message it had accepted. */
export type ProviderReceiptOutcome = { status: 'delivered'; at?: Date } | { status: 'permanent_failure'; error: string; at?: Date }

/**
 * Applies a provider's delivery receipt (an SMS gateway's webhook) to the deliveries it accepted
 * under `providerRef`. Accepted rows are already 'delivered' (handed over); a receipt confirms the
 * time it reached the handset, or turns the row into a permanent failure — which, for a critical
 * notice, fails over to the resident's next channel. Receipts for unknown references, or that
 * arrive twice, change nothing. Returns how many rows changed.
 */
export async function recordProviderReceipt(trx: Transaction<Database>, tenantId: string, channel: ExternalChannel, providerRef: string, outcome: ProviderReceiptOutcome): Promise<number> {
  const at = outcome.at ?? new Date()
  if (outcome.status === 'delivered') {
    const { rows } = await sql<{ id: string }>`
      UPDATE deliveries SET delivered_at = ${at}::timestamptz, updated_at = now()
      WHERE tenant_id = ${tenantId}::uuid AND channel = ${channel} AND provider_ref = ${providerRef} AND status = 'delivered'
        AND (delivered_at IS NULL OR delivered_at < ${at}::timestamptz)
      RETURNING id::text AS id`.execute(trx)
    return rows.length
  }
  const { rows } = await sql<{ id: string }>`
    UPDATE deliveries SET status = 'permanent_failure', error = ${redactAddresses(outcome.error)}, failed_at = ${at}::timestamptz, updated_at = now()
    WHERE tenant_id = ${tenantId}::uuid AND channel = ${channel} AND provider_ref = ${providerRef} AND status IN ('delivered', 'sending')
    RETURNING id::text AS id`.execute(trx)
  await insertFailoverDeliveries(trx, tenantId, rows.map(r => r.id), at)
  return rows.length
}
