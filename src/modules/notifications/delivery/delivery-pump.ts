import { redactAddresses } from '../../../platform/notify/notify.js'
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Platform } from '../../../platform/platform.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { parseTenantSettings } from '../../../platform/tenancy/tenant-settings.js'
import { createLineClient, type FetchLike } from '../channels/line/line-client.js'
import { findLineCredentials } from '../channels/line/line-credentials.js'
import { createTenantLineClient } from '../channels/line/line-transport.js'
import { createSmsClient, type SmsFetch } from '../channels/sms/sms-client.js'
import { smsClientFor, smsReceiptUrl } from '../channels/sms/sms-transport.js'
import type { PushFetch } from '../channels/push/push-sender.js'
import { inProcessPushFetch } from '../channels/push/push-transport.js'
import { createEmailTransport, type EmailTransport } from '../channels/email/email-transport.js'
import { sendNoticeEmails } from '../channels/email/email-sender.js'
import { EXTERNAL_CHANNELS, notificationsDb, type DeliveryChannel, type ExternalChannel } from '../notification-tables.js'
import {
  claimDueDeliveries,
  claimDueDigests,
  completeFinishedNotices,
  findDeliveryRecipients,
  findNoticesForSending,
  insertFailoverDeliveries,
  listDueScheduledNotices,
  reclaimStaleDeliveries,
  recordDeliveryOutcomes,
  removeGonePushSubscriptions,
  type ClaimedDelivery,
  type DeliveryOutcome,
} from './delivery-claims.js'
import { prepareBatch, type OutgoingMessage, type RenderContext } from './delivery-render.js'
import { STALE_SENDING_MS } from './delivery-schedule.js'
import { deliverInboxRows } from './inbox-delivery.js'
import { sendLineMessages } from './line-sender.js'
import { sendPushMessages, sendSmsMessages } from './channel-senders.js'
import { queueNoticeDeliveries } from './notice-dispatch.js'
import { TokenBucket, createFairShare, orderTenantsForChannel, type DueWork } from './rate-limits.js'
import { postStatusCallback } from './status-callback.js'

/**
 * The delivery pump. One cycle: run due periodic tasks; per tenant needing attention release due
 * scheduled notices, take back abandoned batches and complete finished notices; then per channel
 * (in parallel) share the channel's rate between tenants — critical work first — claim batches,
 * send them outside any transaction, and record the outcomes set-based.
 */

/** Replaceable transports (tests, benchmarks); production uses the configured providers. */
export interface DeliveryTransports {
  /** replaces the network for LINE (requests then go to https://api.line.me unless lineBaseUrl) */
  lineFetch?: FetchLike
  /** default config.lineApiBaseUrl */
  lineBaseUrl?: string
  lineTimeoutMs?: number
  lineMaxAttempts?: number
  lineBackoffMs?: number
  smsFetch?: SmsFetch
  pushFetch?: PushFetch
  email?: EmailTransport
  /** how long a 'sending' batch may stay claimed before the sweeper takes it back */
  staleSendingMs?: number
  random?: () => number
}

/** Most rows one tenant claims on a channel in one cycle (bounds a cycle's length). */
const MAX_CLAIM: Record<DeliveryChannel, number> = { inbox: 5000, line: 10_000, email: 500, sms: 200, push: 500 }
/** Inbox rows per cycle over all tenants (the inbox has no provider rate, only our database). */
const INBOX_PER_CYCLE = 10_000
const COMPLETION_CHECK_MS = 2000
const SWEEP_LIMIT = 5000
const DUE_WORK_REUSE_MS = 1000

/** Periodic work the pump runs (garbage reminder planning registers here). */
export interface PeriodicTask {
  name: string
  everyMs: number
  run(platform: Platform, now: Date): Promise<void>
}

const periodicTasks: PeriodicTask[] = []

/** Adds a periodic task (idempotent by name). */
export function registerPeriodicTask(task: PeriodicTask): void {
  const index = periodicTasks.findIndex(t => t.name === task.name)
  if (index >= 0) periodicTasks[index] = task
  else periodicTasks.push(task)
}

interface PumpState {
  transports: DeliveryTransports
  buckets: Map<string, TokenBucket>
  turn: number
  email?: EmailTransport
  lastCompletionCheck: Map<string, number>
  lastPeriodicRun: Map<string, number>
  dueWork?: { at: number; now: Date; work: DueWork[]; wasBusy: boolean }
}

const states = new WeakMap<object, PumpState>()

function stateOf(platform: Platform): PumpState {
  let state = states.get(platform.database)
  if (!state) states.set(platform.database, (state = { transports: {}, buckets: new Map(), turn: 0, lastCompletionCheck: new Map(), lastPeriodicRun: new Map() }))
  return state
}

/** Replaces transports for this platform's pump (tests point LINE at the fake, shorten timeouts). */
export function configureDeliveryTransports(platform: Platform, transports: DeliveryTransports): void {
  const state = stateOf(platform)
  state.transports = { ...state.transports, ...transports }
  if (transports.email) state.email = transports.email
}

/** Closes the pooled SMTP connections the pump opened (the loop's stop() does it too). */
export function closeDeliveryTransports(platform: Platform): void {
  const state = states.get(platform.database)
  state?.email?.close()
  if (state) state.email = undefined
}

/** Forgets the rate-limit buckets (a test starting from a quiet system). */
export function resetDeliveryRateLimits(platform: Platform): void {
  stateOf(platform).buckets.clear()
}

function globalRate(platform: Platform, channel: ExternalChannel): number {
  const c = platform.config
  switch (channel) {
    case 'email':
      return c.DELIVERY_RATE_EMAIL
    case 'line':
      return c.DELIVERY_RATE_LINE
    case 'sms':
      return c.DELIVERY_RATE_SMS
    case 'push':
      return c.DELIVERY_RATE_PUSH
  }
}

function bucketOf(state: PumpState, key: string, rate: number, nowMs: number): TokenBucket {
  let bucket = state.buckets.get(key)
  if (!bucket) state.buckets.set(key, (bucket = new TokenBucket(rate, nowMs)))
  else bucket.setRate(rate)
  return bucket
}

export interface PumpCycleResult {
  claimed: number
  delivered: number
  failed: number
}

interface TenantInfo {
  id: string
  slug: string
  name: string
  nameEn: string
  /** 災害モード (not training): only critical notices go out on external channels until it ends */
  pausesNonUrgent: boolean
}

interface ClaimedBatch {
  tenant: TenantInfo
  channel: DeliveryChannel
  claimed: ClaimedDelivery[]
  messages: OutgoingMessage[]
  failures: DeliveryOutcome[]
}

async function findTenantInfo(platform: Platform, tenantId: string, cache: Map<string, TenantInfo>): Promise<TenantInfo> {
  const cached = cache.get(tenantId)
  if (cached) return cached
  const { settings, ...row } = await platform.database.db.selectFrom('tenants').select(['id', 'slug', 'name', 'nameEn', 'settings']).where('id', '=', tenantId).executeTakeFirstOrThrow()
  const info = { ...row, pausesNonUrgent: parseTenantSettings(settings).disasterMode.state === 'active' }
  cache.set(tenantId, info)
  return info
}

function renderContextOf(platform: Platform, tenant: TenantInfo): RenderContext {
  return { publicUrl: platform.config.publicUrl, tenantName: tenant.name, tenantNameEn: tenant.nameEn }
}

/** Looks up recipients and notices of claimed rows and renders them (inside the claim transaction). */
async function prepareClaimed(platform: Platform, trx: Parameters<Parameters<typeof withTenant>[2]>[0], tenant: TenantInfo, channel: DeliveryChannel, claimed: ClaimedDelivery[]): Promise<ClaimedBatch> {
  const recipients = await findDeliveryRecipients(trx, tenant.id, claimed.map(c => c.id))
  const notices = await findNoticesForSending(trx, tenant.id, [...new Set(claimed.map(c => c.noticeId))])
  const { messages, failures } = prepareBatch(channel, claimed, recipients, notices, renderContextOf(platform, tenant))
  return { tenant, channel, claimed, messages, failures }
}

/** Sends a prepared batch through its channel; never throws (a crash of a provider adapter is a temporary failure). */
async function sendBatch(platform: Platform, state: PumpState, batch: ClaimedBatch, devMail: { residentId: string; to: string; subject: string; text: string; html: string; id: string }[], gone: string[]): Promise<DeliveryOutcome[]> {
  const { tenant, channel, messages } = batch
  if (messages.length === 0) return []
  const t = state.transports
  try {
    switch (channel) {
      case 'inbox':
        return []
      case 'email': {
        state.email ??= createEmailTransport(platform.config)
        return await sendNoticeEmails(messages, {
          config: platform.config,
          tenant,
          transport: state.email,
          onAccepted: platform.config.devMailbox ? (message, mail) => devMail.push({ residentId: message.residentId, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, id: message.deliveryIds[0] ?? '' }) : undefined,
        })
      }
      case 'line': {
        const credentials = await withTenant(platform.database.db, tenant.id, trx => findLineCredentials(trx, platform.config, tenant.id))
        if (!credentials) return messages.flatMap(m => m.deliveryIds.map(id => ({ id, status: 'permanent_failure' as const, error: 'LINE is not set up for this municipality' })))
        const options = { timeoutMs: t.lineTimeoutMs, maxAttempts: t.lineMaxAttempts, backoffMs: t.lineBackoffMs }
        // A replaced fetch stands for the network: requests go to LINE's own address unless told otherwise.
        const client = t.lineFetch
          ? createLineClient({ channelAccessToken: credentials.accessToken, baseUrl: t.lineBaseUrl ?? 'https://api.line.me', fetch: t.lineFetch, ...options })
          : createTenantLineClient(platform, credentials, { ...(t.lineBaseUrl ? { baseUrl: t.lineBaseUrl } : {}), ...options })
        return await sendLineMessages(tenant.id, messages, client)
      }
      case 'sms': {
        const { smsApiBaseUrl, smsApiKey } = platform.config
        const client =
          t.smsFetch && smsApiBaseUrl && smsApiKey
            ? createSmsClient({ baseUrl: smsApiBaseUrl, apiKey: smsApiKey, senderId: platform.config.SMS_SENDER_ID, fetch: t.smsFetch, callbackUrl: smsReceiptUrl(platform.config, tenant.slug) })
            : smsClientFor(platform.config, tenant.slug)
        return await sendSmsMessages(tenant.id, messages, client)
      }
      case 'push': {
        const result = await sendPushMessages(platform.config, messages, endpoint => t.pushFetch ?? inProcessPushFetch(platform.config, endpoint))
        gone.push(...result.goneChannelIds)
        return result.outcomes
      }
    }
  } catch (error) {
    platform.logger.error({ err: error, channel, tenantId: tenant.id }, 'delivery adapter failed')
    return messages.flatMap(m => m.deliveryIds.map(id => ({ id, status: 'temporary_failure' as const, error: `adapter error: ${redactAddresses((error as Error).message)}` })))
  }
}

/** Sends a claimed batch and records what happened (failover, gone push subscriptions, the dev mail copy). */
async function sendAndRecord(platform: Platform, state: PumpState, batch: ClaimedBatch, now: Date): Promise<PumpCycleResult> {
  const devMail: { residentId: string; to: string; subject: string; text: string; html: string; id: string }[] = []
  const gone: string[] = []
  const sent = await sendBatch(platform, state, batch, devMail, gone)
  const outcomes = [...batch.failures, ...sent]
  const recordedAt = new Date(Math.max(now.getTime(), Date.now()))
  const staleMs = state.transports.staleSendingMs ?? STALE_SENDING_MS
  return withTenant(platform.database.db, batch.tenant.id, async trx => {
    const recorded = await recordDeliveryOutcomes(trx, batch.tenant.id, batch.claimed, outcomes, recordedAt, staleMs, state.transports.random)
    await insertFailoverDeliveries(trx, batch.tenant.id, recorded.permanentFailures, recordedAt)
    await removeGonePushSubscriptions(trx, batch.tenant.id, gone, recordedAt)
    if (devMail.length > 0) {
      await trx
        .insertInto('mailLog')
        .values(devMail.map(m => ({ tenantId: batch.tenant.id, toAddress: m.to, subject: m.subject, template: 'notifications.notice', idempotencyKey: `delivery:${m.id}`, textBody: m.text, htmlBody: m.html, status: 'sent' as const, sentAt: recordedAt })))
        .onConflict(oc => oc.columns(['tenantId', 'idempotencyKey']).where('idempotencyKey', 'is not', null).doNothing())
        .execute()
    }
    return { claimed: batch.claimed.length, delivered: recorded.delivered, failed: recorded.failed }
  })
}

function addResults(into: PumpCycleResult, more: PumpCycleResult): void {
  into.claimed += more.claimed
  into.delivered += more.delivered
  into.failed += more.failed
}

/** Releases due schedules, takes back abandoned batches, completes finished notices — for one tenant. */
async function attendTenant(platform: Platform, state: PumpState, tenant: TenantInfo, now: Date, hasDueWork: boolean): Promise<PumpCycleResult & { released: number }> {
  const result = { claimed: 0, delivered: 0, failed: 0, released: 0 }
  const db = platform.database.db
  const due = await withTenant(db, tenant.id, trx => listDueScheduledNotices(trx, tenant.id, now))
  for (const noticeId of due) await withTenant(db, tenant.id, trx => queueNoticeDeliveries(trx, tenant.id, noticeId, now))
  result.released = due.length

  const staleMs = state.transports.staleSendingMs ?? STALE_SENDING_MS
  const swept = await withTenant(db, tenant.id, async trx => {
    const { reclaimed, expired } = await reclaimStaleDeliveries(trx, tenant.id, SWEEP_LIMIT, now, staleMs)
    await insertFailoverDeliveries(trx, tenant.id, expired, now)
    const batches: ClaimedBatch[] = []
    const byBatch = new Map<string, ClaimedDelivery[]>()
    for (const row of reclaimed) byBatch.set(`${row.batchId}\n${row.channel}`, [...(byBatch.get(`${row.batchId}\n${row.channel}`) ?? []), row])
    for (const rows of byBatch.values()) batches.push(await prepareClaimed(platform, trx, tenant, (rows[0] as ClaimedDelivery).channel, rows))
    return { batches, expired: expired.length }
  })
  result.failed += swept.expired
  // A re-sent batch goes exactly as it was made (same batch id, same rows): see line-sender.ts.
  for (const batch of swept.batches) addResults(result, await sendAndRecord(platform, state, batch, now))

  const last = state.lastCompletionCheck.get(tenant.id) ?? 0
  if (!hasDueWork || Date.now() - last >= COMPLETION_CHECK_MS) {
    state.lastCompletionCheck.set(tenant.id, Date.now())
    await withTenant(db, tenant.id, async trx => {
      const completed = await completeFinishedNotices(trx, tenant.id, now)
      for (const notice of completed) if (notice.hasCallback) await platform.jobs.enqueue(trx, postStatusCallback, { tenantId: tenant.id, noticeId: notice.id })
    })
  }
  return result
}

async function tenantRateLimits(platform: Platform, tenantId: string): Promise<Partial<Record<ExternalChannel, number>>> {
  const row = await withTenant(platform.database.db, tenantId, trx => notificationsDb(trx).selectFrom('notificationSettings').select('rateLimits').where('tenantId', '=', tenantId).executeTakeFirst())
  return row?.rateLimits ?? {}
}

async function pumpInbox(platform: Platform, state: PumpState, work: DueWork[], now: Date, tenants: Map<string, TenantInfo>): Promise<PumpCycleResult> {
  const result: PumpCycleResult = { claimed: 0, delivered: 0, failed: 0 }
  const { all } = orderTenantsForChannel(work, state.turn)
  const share = createFairShare(INBOX_PER_CYCLE, all.length)
  for (const tenantId of all) {
    const tenant = await findTenantInfo(platform, tenantId, tenants)
    const grant = share.grant(MAX_CLAIM.inbox)
    const done = await withTenant(platform.database.db, tenantId, trx => deliverInboxRows(trx, tenantId, grant, now, renderContextOf(platform, tenant)))
    share.settle(done.claimed)
    addResults(result, done)
  }
  return result
}

async function pumpExternal(platform: Platform, state: PumpState, channel: ExternalChannel, work: DueWork[], now: Date, tenants: Map<string, TenantInfo>): Promise<PumpCycleResult> {
  const result: PumpCycleResult = { claimed: 0, delivered: 0, failed: 0 }
  const nowMs = performance.now()
  const global = bucketOf(state, channel, globalRate(platform, channel), nowMs)
  const { critical, all } = orderTenantsForChannel(work, state.turn)
  const batches: ClaimedBatch[] = []
  const tenantBuckets = new Map<string, TokenBucket>()

  async function tenantBucket(tenantId: string): Promise<TokenBucket> {
    let bucket = tenantBuckets.get(tenantId)
    if (!bucket) {
      const limits = await tenantRateLimits(platform, tenantId)
      bucket = bucketOf(state, `${channel}\n${tenantId}`, limits[channel] ?? globalRate(platform, channel), nowMs)
      tenantBuckets.set(tenantId, bucket)
    }
    return bucket
  }

  async function claimRound(tenantIds: string[], criticalOnly: boolean): Promise<void> {
    const share = createFairShare(Math.min(global.available(nowMs), MAX_CLAIM[channel] * Math.max(1, tenantIds.length)), tenantIds.length)
    for (const tenantId of tenantIds) {
      const bucket = await tenantBucket(tenantId)
      const grant = share.grant(Math.min(bucket.available(nowMs), MAX_CLAIM[channel]))
      if (grant <= 0) {
        share.settle(0)
        continue
      }
      const tenant = await findTenantInfo(platform, tenantId, tenants)
      // In disaster mode non-urgent sends wait (they stay due and go when the mode ends).
      const onlyCritical = criticalOnly || tenant.pausesNonUrgent
      const batchId = randomUUID()
      const batch = await withTenant(platform.database.db, tenantId, async trx => {
        const rows = await claimDueDeliveries(trx, tenantId, channel, grant, batchId, now, onlyCritical)
        // Digests: one message per resident, counted as one send each.
        const digestRows = onlyCritical || rows.length >= grant ? [] : await claimDueDigests(trx, tenantId, channel, grant - rows.length, batchId, now)
        const claimed = [...rows, ...digestRows]
        return claimed.length === 0 ? undefined : prepareClaimed(platform, trx, tenant, channel, claimed)
      })
      const used = batch ? batch.messages.length + batch.failures.length : 0
      share.settle(used)
      global.take(used, nowMs)
      bucket.take(used, nowMs)
      if (batch) batches.push(batch)
    }
  }

  await claimRound(critical, true)
  await claimRound(all, false)
  const recorded = await Promise.all(batches.map(batch => sendAndRecord(platform, state, batch, now)))
  for (const r of recorded) addResults(result, r)
  return result
}

async function runPeriodicTasks(platform: Platform, state: PumpState, now: Date): Promise<void> {
  for (const task of periodicTasks) {
    const last = state.lastPeriodicRun.get(task.name)
    if (last !== undefined && Date.now() - last < task.everyMs) continue
    state.lastPeriodicRun.set(task.name, Date.now())
    try {
      await task.run(platform, now)
    } catch (error) {
      platform.logger.error({ err: error, task: task.name }, 'periodic notification task failed')
    }
  }
}

/**
 * Which tenants have work due on which channel. Counting it scans every due row, which during a
 * city-wide send is a million rows: while the pump is busy the last answer is reused for up to
 * DUE_WORK_REUSE_MS (a claim that finds nothing costs little); when idle it is asked every cycle.
 */
async function findDueWork(platform: Platform, state: PumpState, now: Date, isFresh = false): Promise<DueWork[]> {
  const cached = state.dueWork
  const age = now.getTime() - (cached?.now.getTime() ?? 0)
  if (!isFresh && cached?.wasBusy && age >= 0 && age < DUE_WORK_REUSE_MS && performance.now() - cached.at < DUE_WORK_REUSE_MS) return cached.work
  const { rows } = await sql<{ tenantId: string; channel: DeliveryChannel; hasCritical: boolean }>`SELECT tenant_id, channel, has_critical FROM notifications_due_work(${now}::timestamptz)`.execute(platform.database.db)
  const work = rows.map((r): DueWork => ({ tenantId: r.tenantId, channel: r.channel, hasCritical: r.hasCritical }))
  state.dueWork = { at: performance.now(), now, work, wasBusy: false }
  return work
}

/** One pump cycle: release due scheduled notices, sweep stale 'sending', claim and send per channel fairly. */
export async function runDeliveryPumpOnce(platform: Platform, now: Date = new Date()): Promise<PumpCycleResult> {
  const state = stateOf(platform)
  const result: PumpCycleResult = { claimed: 0, delivered: 0, failed: 0 }
  const db = platform.database.db
  const tenants = new Map<string, TenantInfo>()
  await runPeriodicTasks(platform, state, now)

  const staleMs = state.transports.staleSendingMs ?? STALE_SENDING_MS
  const attention = await sql<{ tenantId: string }>`SELECT DISTINCT tenant_id FROM notifications_tenants_needing_attention(${now}::timestamptz, ${new Date(now.getTime() - staleMs)}::timestamptz)`.execute(db)
  let dueWork = await findDueWork(platform, state, now)
  let released = 0
  for (const { tenantId } of attention.rows) {
    const tenant = await findTenantInfo(platform, tenantId, tenants)
    const attended = await attendTenant(platform, state, tenant, now, dueWork.some(w => w.tenantId === tenantId))
    released += attended.released
    addResults(result, attended)
  }
  // Released schedules made work due just now.
  if (released > 0) dueWork = await findDueWork(platform, state, now, true)
  const work = dueWork

  const channels: Promise<PumpCycleResult>[] = []
  const inboxWork = work.filter(w => w.channel === 'inbox')
  if (inboxWork.length > 0) channels.push(pumpInbox(platform, state, inboxWork, now, tenants))
  for (const channel of EXTERNAL_CHANNELS) {
    const channelWork = work.filter(w => w.channel === channel)
    if (channelWork.length > 0) channels.push(pumpExternal(platform, state, channel, channelWork, now, tenants))
  }
  for (const r of await Promise.all(channels)) addResults(result, r)
  if (state.dueWork) state.dueWork.wasBusy = result.claimed > 0
  state.turn++
  return result
}

/** Sends until nothing is due at `now` (tests). Waits for rate-limit tokens when work is due but none could be claimed. */
export async function drainDeliveries(platform: Platform, options: { now?: Date; maxCycles?: number } = {}): Promise<void> {
  const maxCycles = options.maxCycles ?? 1000
  for (let cycle = 0; cycle < maxCycles; cycle++) {
    const now = options.now ?? new Date()
    const done = await runDeliveryPumpOnce(platform, now)
    if (done.claimed > 0) continue
    const due = await sql<{ n: string }>`SELECT count(*) AS n FROM notifications_due_work(${now}::timestamptz)`.execute(platform.database.db)
    if (Number(due.rows[0]?.n ?? 0) === 0) {
      // One more cycle completes notices whose last rows were just recorded.
      await runDeliveryPumpOnce(platform, now)
      return
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`deliveries did not drain in ${maxCycles} cycles`)
}

/** The delivery pump loop (started by `yakuba start` with WORKER_IN_WEB, and by `yakuba worker`). */
const pumpWakers = new WeakMap<Platform, () => void>()

/** Starts the next pump cycle now instead of after the idle interval (after a commit that made urgent work). */
export function wakeDeliveryPump(platform: Platform): void {
  pumpWakers.get(platform)?.()
}

export function startDeliveryPump(platform: Platform): { stop(): Promise<void> } {
  let isStopped = false
  let wake: (() => void) | undefined
  let isWoken = false
  pumpWakers.set(platform, () => {
    isWoken = true
    wake?.()
  })
  const loop = (async () => {
    while (!isStopped) {
      let claimed = 0
      isWoken = false
      try {
        claimed = (await runDeliveryPumpOnce(platform)).claimed
      } catch (error) {
        platform.logger.error({ err: error }, 'delivery pump cycle failed')
      }
      if (isStopped) break
      // Woken during the cycle: go again at once.
      if (isWoken) {
        isWoken = false
        continue
      }
      // Busy: go again at once (the token buckets pace the providers); idle: wait the interval.
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, claimed > 0 ? 10 : platform.config.DELIVERY_PUMP_INTERVAL_MS)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  })()
  return {
    async stop() {
      isStopped = true
      pumpWakers.delete(platform)
      wake?.()
      await loop
      closeDeliveryTransports(platform)
    },
  }
}
