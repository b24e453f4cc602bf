import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { DELIVERY_CHANNELS, EXTERNAL_CHANNELS, notificationsDb, type DeliveryChannel, type ExternalChannel } from '../notification-tables.js'

export interface ChannelMetrics {
  delivered: number
  failed: number
  pending: number
  cancelled: number
  /** seconds from the row's creation to delivery (provider acceptance, or the receipt when one came) */
  medianSeconds: number | null
  p95Seconds: number | null
}

export interface DeliveryMetrics {
  byChannel: Record<DeliveryChannel, ChannelMetrics>
  /** residents reachable per channel (a verified, active address) and the tenant's residents */
  reach: { population: number; byChannel: Record<ExternalChannel, number> }
}

/** Metrics for the staff dashboard: deliveries created since `since` by channel, and reach now. */
export async function summariseDeliveryMetrics(trx: Transaction<Database>, tenantId: string, since: Date): Promise<DeliveryMetrics> {
  const db = notificationsDb(trx)
  const { rows } = await sql<{ channel: DeliveryChannel; delivered: string; failed: string; pending: string; cancelled: string; median: number | null; p95: number | null }>`
    SELECT channel,
      count(*) FILTER (WHERE status = 'delivered') AS delivered,
      count(*) FILTER (WHERE status = 'permanent_failure') AS failed,
      count(*) FILTER (WHERE status IN ('created', 'sending', 'temporary_failure')) AS pending,
      count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - created_at)) FILTER (WHERE status = 'delivered') AS median,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - created_at)) FILTER (WHERE status = 'delivered') AS p95
    FROM deliveries
    WHERE tenant_id = ${tenantId}::uuid AND created_at >= ${since}::timestamptz
    GROUP BY channel`.execute(db)
  const byChannel = Object.fromEntries(
    DELIVERY_CHANNELS.map(c => [c, { delivered: 0, failed: 0, pending: 0, cancelled: 0, medianSeconds: null, p95Seconds: null } satisfies ChannelMetrics]),
  ) as Record<DeliveryChannel, ChannelMetrics>
  for (const row of rows) {
    byChannel[row.channel] = {
      delivered: Number(row.delivered),
      failed: Number(row.failed),
      pending: Number(row.pending),
      cancelled: Number(row.cancelled),
      medianSeconds: row.median === null ? null : Math.round(Number(row.median) * 10) / 10,
      p95Seconds: row.p95 === null ? null : Math.round(Number(row.p95) * 10) / 10,
    }
  }
  const population = await db.selectFrom('residents').select(eb => eb.fn.countAll<string>().as('n')).where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
  const reachRows = await db
    .selectFrom('residentChannels')
    .select(eb => ['channel', eb.fn.count<string>('residentId').distinct().as('n')])
    .where('tenantId', '=', tenantId)
    .where('verifiedAt', 'is not', null)
    .where('removedAt', 'is', null)
    .groupBy('channel')
    .execute()
  const reach = Object.fromEntries(EXTERNAL_CHANNELS.map(c => [c, 0])) as Record<ExternalChannel, number>
  for (const row of reachRows) reach[row.channel] = Number(row.n)
  return { byChannel, reach: { population: Number(population.n), byChannel: reach } }
}
