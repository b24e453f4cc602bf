import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type pg from 'pg'
import { copyIn } from './fanout-copy.js'

/**
 * The `fanout` benchmark's checks, as the owner, against what the generator made (not against the
 * engine's own SQL): the delivery rows a notice created, and what the providers received.
 */

export const CHANNELS = ['inbox', 'email', 'line', 'sms', 'push'] as const
export type Channel = (typeof CHANNELS)[number]
export type ChannelCounts = Record<Channel, number>

export function emptyCounts(): ChannelCounts {
  return { inbox: 0, email: 0, line: 0, sms: 0, push: 0 }
}

export interface QueuedCheck {
  byChannel: ChannelCounts
  total: number
  /** Rows beyond the first for one (notice, resident, channel). */
  duplicates: number
  /** (resident, channel) pairs the notice should have made and did not. */
  lost: number
  /** Rows for a pair it should not have made (a removed or unverified channel, another tenant's resident). */
  unexpected: number
  /** Rows not ready to send now: not 'created', not critical, or due later. */
  notDue: number
}

/** The pairs a critical notice to everyone must make: the inbox of every resident, and every verified, active channel. */
const EXPECTED_PAIRS = `
  SELECT r.id AS resident_id, 'inbox'::text AS channel FROM residents r WHERE r.tenant_id = $1
  UNION
  SELECT rc.resident_id, rc.channel FROM resident_channels rc
  WHERE rc.tenant_id = $1 AND rc.verified_at IS NOT NULL AND rc.removed_at IS NULL`

export async function checkQueuedDeliveries(client: pg.ClientBase, tenantId: string, noticeId: string, queuedAt: Date): Promise<QueuedCheck> {
  const byChannel = emptyCounts()
  const perChannel = await client.query<{ channel: Channel; n: string; distinct_pairs: string }>(
    `SELECT channel, count(*) AS n, count(DISTINCT resident_id) AS distinct_pairs FROM deliveries
     WHERE tenant_id = $1 AND notice_id = $2 GROUP BY channel`,
    [tenantId, noticeId],
  )
  let duplicates = 0
  for (const row of perChannel.rows) {
    byChannel[row.channel] = Number(row.n)
    duplicates += Number(row.n) - Number(row.distinct_pairs)
  }
  const made = `SELECT resident_id, channel FROM deliveries WHERE tenant_id = $1 AND notice_id = $2`
  const sets = await client.query<{ lost: string; unexpected: string; not_due: string }>(
    `SELECT
       (SELECT count(*) FROM (SELECT * FROM (${EXPECTED_PAIRS}) e EXCEPT SELECT * FROM (${made}) m) x) AS lost,
       (SELECT count(*) FROM (SELECT * FROM (${made}) m EXCEPT SELECT * FROM (${EXPECTED_PAIRS}) e) x) AS unexpected,
       (SELECT count(*) FROM deliveries WHERE tenant_id = $1 AND notice_id = $2
          AND (status <> 'created' OR priority <> 0 OR is_digest OR next_attempt_at > $3::timestamptz + interval '1 second')) AS not_due`,
    [tenantId, noticeId, queuedAt],
  )
  const row = sets.rows[0]
  return {
    byChannel,
    total: Object.values(byChannel).reduce((a, b) => a + b, 0),
    duplicates,
    lost: Number(row?.lost ?? 0),
    unexpected: Number(row?.unexpected ?? 0),
    notDue: Number(row?.not_due ?? 0),
  }
}

export type StatusCounts = Record<Channel, Record<string, number>>

/** Deliveries of the notice by channel and state. */
export async function countDeliveryStates(client: pg.ClientBase, tenantId: string, noticeId: string): Promise<StatusCounts> {
  const counts = Object.fromEntries(CHANNELS.map(c => [c, {}])) as StatusCounts
  const { rows } = await client.query<{ channel: Channel; status: string; n: string }>(
    `SELECT channel, status, count(*) AS n FROM deliveries WHERE tenant_id = $1 AND notice_id = $2 GROUP BY channel, status`,
    [tenantId, noticeId],
  )
  for (const row of rows) counts[row.channel][row.status] = Number(row.n)
  return counts
}

export interface HandoffCheck {
  states: StatusCounts
  /** Per channel: recipients a provider received more than once (inbox: messages beyond one per resident). */
  duplicates: ChannelCounts
  /** Per channel: deliveries marked delivered that the provider never received (inbox: without a message). */
  deliveredNotReceived: ChannelCounts
  /** Per channel: recipients a provider received whose delivery is not marked sending or delivered. */
  receivedNotRecorded: ChannelCounts
  /** The most frequent errors of failed deliveries. */
  errors: { channel: Channel; status: string; error: string; n: number }[]
}

/**
 * Loads what the providers received (`<dir>/<channel>.txt`, one recipient per line, duplicates
 * kept) and compares it with the delivery rows. Push recipients are endpoint ids (`<pushBase>/<id>`).
 */
export async function checkHandoff(client: pg.ClientBase, tenantId: string, noticeId: string, dir: string, pushBase: string): Promise<HandoffCheck> {
  // Right after a mass insert autovacuum may not have analyzed deliveries yet; without
  // statistics the anti-joins below would be planned as nested loops over millions of rows.
  await client.query('ANALYZE deliveries')
  const states = await countDeliveryStates(client, tenantId, noticeId)
  await client.query('CREATE TEMP TABLE IF NOT EXISTS fanout_received (channel text NOT NULL, address text NOT NULL)')
  await client.query('TRUNCATE fanout_received')
  for (const channel of ['line', 'email', 'sms', 'push'] as const) {
    const text = readFileSync(join(dir, `${channel}.txt`), 'utf8')
    if (!text) continue
    const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n')
    const addresses = channel === 'push' ? lines.map(id => `${pushBase}/${id}`) : lines
    // Addresses are plain (no tab, backslash or newline): COPY's text format needs no escaping.
    const rows = addresses.map(a => `${channel}\t${a}\n`).join('')
    await copyIn(client, 'COPY fanout_received (channel, address) FROM STDIN', [Buffer.from(rows, 'utf8')])
  }
  await client.query('CREATE INDEX IF NOT EXISTS fanout_received_address ON fanout_received (channel, address)')
  await client.query('ANALYZE fanout_received')

  const duplicates = emptyCounts()
  const dup = await client.query<{ channel: Channel; n: string }>(`SELECT channel, count(*) - count(DISTINCT address) AS n FROM fanout_received GROUP BY channel`)
  for (const row of dup.rows) duplicates[row.channel] = Number(row.n)
  const inboxDup = await client.query<{ n: string }>(`SELECT count(*) - count(DISTINCT resident_id) AS n FROM messages WHERE tenant_id = $1`, [tenantId])
  duplicates.inbox = Number(inboxDup.rows[0]?.n ?? 0)

  // Whom each received address belongs to (set-based: a million-row check must not be a nested loop).
  await client.query('DROP TABLE IF EXISTS fanout_reached')
  await client.query(
    `CREATE TEMP TABLE fanout_reached AS
     SELECT DISTINCT f.channel, rc.resident_id FROM fanout_received f
     JOIN resident_channels rc ON rc.tenant_id = $1 AND rc.channel = f.channel AND rc.address = f.address`,
    [tenantId],
  )
  await client.query('ANALYZE fanout_reached')

  const deliveredNotReceived = emptyCounts()
  const notReceived = await client.query<{ channel: Channel; n: string }>(
    `SELECT d.channel, count(*) AS n FROM deliveries d
     LEFT JOIN fanout_reached r ON r.channel = d.channel AND r.resident_id = d.resident_id
     WHERE d.tenant_id = $1 AND d.notice_id = $2 AND d.status = 'delivered' AND d.channel <> 'inbox' AND r.resident_id IS NULL
     GROUP BY d.channel`,
    [tenantId, noticeId],
  )
  for (const row of notReceived.rows) deliveredNotReceived[row.channel] = Number(row.n)
  const inboxLost = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM deliveries d
     LEFT JOIN (SELECT DISTINCT resident_id FROM messages WHERE tenant_id = $1) m ON m.resident_id = d.resident_id
     WHERE d.tenant_id = $1 AND d.notice_id = $2 AND d.channel = 'inbox' AND d.status = 'delivered' AND m.resident_id IS NULL`,
    [tenantId, noticeId],
  )
  deliveredNotReceived.inbox = Number(inboxLost.rows[0]?.n ?? 0)

  const receivedNotRecorded = emptyCounts()
  const unrecorded = await client.query<{ channel: Channel; n: string }>(
    `SELECT r.channel, count(*) AS n FROM fanout_reached r
     LEFT JOIN deliveries d ON d.tenant_id = $1 AND d.notice_id = $2 AND d.resident_id = r.resident_id AND d.channel = r.channel
       AND d.status IN ('sending', 'delivered')
     WHERE d.id IS NULL
     GROUP BY r.channel`,
    [tenantId, noticeId],
  )
  for (const row of unrecorded.rows) receivedNotRecorded[row.channel] += Number(row.n)
  // Addresses that are nobody's channel at all.
  const strangers = await client.query<{ channel: Channel; n: string }>(
    `SELECT f.channel, count(DISTINCT f.address) AS n FROM fanout_received f
     LEFT JOIN resident_channels rc ON rc.tenant_id = $1 AND rc.channel = f.channel AND rc.address = f.address
     WHERE rc.id IS NULL GROUP BY f.channel`,
    [tenantId],
  )
  for (const row of strangers.rows) receivedNotRecorded[row.channel] += Number(row.n)
  const inboxUnrecorded = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM messages m
     LEFT JOIN deliveries d ON d.tenant_id = m.tenant_id AND d.notice_id = $2 AND d.resident_id = m.resident_id
       AND d.channel = 'inbox' AND d.status IN ('sending', 'delivered')
     WHERE m.tenant_id = $1 AND d.id IS NULL`,
    [tenantId, noticeId],
  )
  receivedNotRecorded.inbox = Number(inboxUnrecorded.rows[0]?.n ?? 0)

  const errors = await client.query<{ channel: Channel; status: string; error: string; n: string }>(
    `SELECT channel, status, coalesce(error, '(none)') AS error, count(*) AS n FROM deliveries
     WHERE tenant_id = $1 AND notice_id = $2 AND status IN ('temporary_failure', 'permanent_failure')
     GROUP BY 1, 2, 3 ORDER BY count(*) DESC LIMIT 8`,
    [tenantId, noticeId],
  )
  return { states, duplicates, deliveredNotReceived, receivedNotRecorded, errors: errors.rows.map(r => ({ ...r, n: Number(r.n) })) }
}
