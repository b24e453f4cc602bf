import { randomBytes, randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import pg from 'pg'
import { completeLgCode } from '../src/jp/lg-code.js'
import { permissionsOf, type RoleAssignment } from '../src/platform/auth/permissions.js'
import { createStaffAccount } from '../src/platform/cli/staff-admin.js'
import { withTenant } from '../src/platform/db/tenant-context.js'
import type { Platform } from '../src/platform/platform.js'
import { createTenant } from '../src/platform/tenancy/tenant-service.js'
import { createAlertService, type StaffRequest } from '../src/modules/disaster/alerts/alert-service.js'
import { capXmlOf, type CapRevisionInput } from '../src/modules/disaster/alerts/alert-cap.js'
import { alertsDb } from '../src/modules/disaster/alerts/alert-tables.js'
import { noticeContentOf } from '../src/modules/disaster/alerts/alert-texts.js'
import { configureDeliveryTransports, insertNotice, startDeliveryPump } from '../src/modules/notifications/delivery/index.js'
import { createFakeLine } from '../src/modules/notifications/channels/line/fake-line.js'
import type { FetchLike } from '../src/modules/notifications/channels/line/line-client.js'
import { DEV_LINE_ACCESS_TOKEN } from '../src/modules/notifications/channels/line/line-credentials.js'
import type { SmsFetch } from '../src/modules/notifications/channels/sms/sms-client.js'
import { listDistricts } from '../src/modules/notifications/audience/district-repository.js'
import { measureCpuSince, takeCpuSnapshot, type CpuShares } from './lib/fanout-cpu.js'
import { deliveriesByChannel, districtPopulations, expectedDeliveries, generateCity, pickDistricts, type EvacuationChannel, type EvacuationCounts } from './lib/evacuation-city.js'
import { BenchUsageError } from './lib/usage-error.js'
import { createBenchPlatform, dropBenchDatabase } from './lib/bench-database.js'

/**
 * Evacuation: a 避難指示 (level 4) for the districts holding about half of a city of 300,000
 * residents in 200 districts on PostgreSQL, issued through the disaster module's real path, next
 * to a bare `INSERT … SELECT` of the same delivery rows in the same run.
 *
 * 1. Setup (not measured): a fresh database, migrated; one tenant; a supervisor; the districts
 *    (with boundaries, through the hub's import) and the residents with their channels, generated
 *    set-based (bench/lib/evacuation-city.ts); VACUUM ANALYZE. The districts of the order are the
 *    first of the grid holding at least half of the residents. A draft is created (`createDraft`).
 * 2. The delivery pump as `yakuba start` runs it (`startDeliveryPump`), in this process, with
 *    fake LINE, email and SMS transports that accept at once and note the moment they are first
 *    called; it runs idle for a moment first, as it would in a live system.
 * 3. queued_s: `issue()` as the staff route calls it, until it returns: the revision with its CAP
 *    document, the critical notice, the Lアラート relay job and the audit record committed in one
 *    transaction, then every delivery row, made district slice by district slice (the pump woken
 *    after the first). targeted = the recipients it reports.
 * 4. first_delivery_ms: from the start of `issue()` to the first call of a fake provider (LINE
 *    multicast, an email, an SMS): the first message handed to a channel. Then the pump is
 *    stopped (or runs `--drain` seconds more, for a hand-off rate).
 * 5. cap_ms: `capXmlOf` for the issued revision's inputs (the districts with their boundaries,
 *    the texts), median of `--cap-reps` runs.
 * 6. Baseline: the same rows by one bare `INSERT INTO deliveries … SELECT` over the profiles and
 *    channels of those districts, on the app role in a `withTenant` transaction, for a second
 *    notice, timed with its commit (then deleted). ratio = baseline_queued_s / queued_s.
 */
export const description = 'a level-4 evacuation order to the districts of half of 300,000 residents: issue() until queued, CAP time, first hand-off, vs a bare INSERT … SELECT'

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres'
const GOAL = { queued_s: 20, first_delivery_ms: 2000 } as const
const RATE_OUT_OF_REACH = '100000'
/** How long the pump runs idle before the order is issued. */
const PUMP_WARMUP_MS = 1500
/** The longest the bench waits for a first hand-off after the order is queued. */
const FIRST_DELIVERY_TIMEOUT_MS = 120_000

function parse(args: string[]) {
  let values
  try {
    ;({ values } = parseArgs({
      args,
      options: {
        residents: { type: 'string' },
        districts: { type: 'string' },
        vertices: { type: 'string' },
        share: { type: 'string' },
        drain: { type: 'string' },
        'cap-reps': { type: 'string' },
        pool: { type: 'string' },
        postgres: { type: 'string' },
        keep: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new BenchUsageError(
      `${(error as Error).message}\noptions: --residents <default 300000> --districts <default 200> --vertices <positions per district boundary, default 100> ` +
        `--share <residents the order covers, percent, default 50> --drain <seconds the pump runs after the first hand-off, default 0> --cap-reps <default 5> ` +
        `--pool <DATABASE_POOL_SIZE, default 10> --postgres <admin URL, default ${DEFAULT_POSTGRES}> --keep (keep the database)`,
    )
  }
  const number = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min || n > max) throw new BenchUsageError(`--${name} must be a whole number between ${min} and ${max}`)
    return n
  }
  const postgres = values.postgres ?? DEFAULT_POSTGRES
  if (!/^postgres(ql)?:\/\//.test(postgres)) throw new BenchUsageError('--postgres must be a postgres:// URL')
  return {
    residents: number('residents', values.residents, 300_000, 100, 10_000_000),
    districts: number('districts', values.districts, 200, 2, 999),
    vertices: number('vertices', values.vertices, 100, 4, 10_000),
    share: number('share', values.share, 50, 1, 100) / 100,
    drainSeconds: number('drain', values.drain, 0, 0, 3600),
    capReps: number('cap-reps', values['cap-reps'], 5, 1, 100),
    pool: number('pool', values.pool, 10, 2, 200),
    postgres,
    keep: values.keep ?? false,
  }
}

const log = (message: string) => console.error(message)
const fmt = (n: number) => n.toLocaleString('en-US')
const round = (n: number, digits: number) => Number(n.toFixed(digits))
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2
}
const noSinks = () => Promise.resolve({ user: 0, system: 0 })
const formatCpu = (c: CpuShares) => {
  const f = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} %` : 'n/a')
  return `CPU (% of one core): PostgreSQL ${f(c.postgres)} (${c.postgresSeconds.toFixed(1)} s), this process ${f(c.bench)}, other work ${f(c.other)}`
}

async function withOwnerClient<T>(platform: Platform, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await platform.database.ownerPool.connect()
  try {
    return await fn(client)
  } finally {
    client.release()
  }
}

/** Providers that accept at once and note when each channel was first handed a message. */
function createHandoffProbe() {
  const fakeLine = createFakeLine({ channelAccessTokens: [DEV_LINE_ACCESS_TOKEN], knobs: { rateLimit: { max: 1_000_000_000, windowMs: 1000 } } })
  const calls: Record<Exclude<EvacuationChannel, 'inbox'>, number> = { line: 0, email: 0, sms: 0 }
  let first: { at: number; channel: string } | undefined
  const firstBy: Partial<Record<'line' | 'email' | 'sms', number>> = {}
  let onFirst: (() => void) | undefined
  const firstHandoff = new Promise<void>(resolve => (onFirst = resolve))
  const handed = (channel: 'line' | 'email' | 'sms') => {
    calls[channel]++
    firstBy[channel] ??= performance.now()
    if (!first) {
      first = { at: performance.now(), channel }
      onFirst?.()
    }
  }
  const lineFetch: FetchLike = (input, init) => {
    if (/\/v2\/bot\/message\/(multicast|push)$/.test(input)) handed('line')
    return fakeLine.fetch(input, init)
  }
  const smsFetch: SmsFetch = () => {
    handed('sms')
    return Promise.resolve(new Response(JSON.stringify({ id: randomUUID(), status: 'queued', segments: 1 }), { status: 202, headers: { 'content-type': 'application/json' } }))
  }
  return {
    transports: {
      lineFetch,
      lineBaseUrl: 'https://api.line.me',
      smsFetch,
      email: {
        send: (mail: { messageId: string }) => {
          handed('email')
          return Promise.resolve({ status: 'accepted' as const, messageId: mail.messageId })
        },
        close() {},
      },
    },
    firstHandoff,
    first: () => first,
    /** When each channel was first handed a message (performance.now()). */
    firstBy: () => ({ ...firstBy }),
    /** Recipients handed to each external channel so far (LINE: multicast recipients). */
    recipients: () => ({ line: fakeLine.received.reduce((n, r) => n + r.to.length, 0), email: calls.email, sms: calls.sms, lineRequests: calls.line }),
  }
}

/** Statement timings from the `pg` client's side (every connection of this process) while `fn` runs. */
async function traceQueries<T>(fn: () => Promise<T>): Promise<{ result: T; statements: { statement: string; count: number; ms: number }[] }> {
  type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown
  const proto = pg.Client.prototype as unknown as { query: QueryFn }
  const original = proto.query
  const traced = new Map<string, { count: number; ms: number }>()
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const result = original.apply(this, args)
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      const config = args[0]
      const text = typeof config === 'string' ? config : typeof config === 'object' && config !== null && 'text' in config ? String((config as { text: unknown }).text) : '?'
      const statement = text.replace(/\s+/g, ' ').trim().slice(0, 110)
      const t0 = performance.now()
      const record = () => {
        const entry = traced.get(statement) ?? { count: 0, ms: 0 }
        entry.count++
        entry.ms += performance.now() - t0
        traced.set(statement, entry)
      }
      ;(result as Promise<unknown>).then(record, record)
    }
    return result
  }
  try {
    const result = await fn()
    return { result, statements: [...traced].map(([statement, s]) => ({ statement, ...s })).sort((a, b) => b.ms - a.ms) }
  } finally {
    proto.query = original
  }
}

/** capXmlOf for the issued revision's own inputs, `reps` times: median ms and the document's size. */
async function measureCap(platform: Platform, request: StaffRequest, alertId: string, reps: number): Promise<{ capMs: number; bytes: number; matches: boolean }> {
  const tenantId = request.tenant.id
  const input = await withTenant(platform.database.db, tenantId, async trx => {
    const revision = await alertsDb(trx).selectFrom('evacuationAlertRevisions').selectAll().where('tenantId', '=', tenantId).where('alertId', '=', alertId).where('revision', '=', 1).executeTakeFirstOrThrow()
    const all = await listDistricts(trx, tenantId)
    const byId = new Map(all.map(d => [d.id, d]))
    const districts = revision.districtIds.map(id => byId.get(id)).filter(d => d !== undefined)
    const municipality = await trx.selectFrom('tenants').select(['slug', 'lgCode', 'name', 'nameEn']).where('id', '=', tenantId).executeTakeFirstOrThrow()
    const alert = await alertsDb(trx).selectFrom('evacuationAlerts').select('isTraining').where('tenantId', '=', tenantId).where('id', '=', alertId).executeTakeFirstOrThrow()
    const capInput: CapRevisionInput = {
      tenant: municipality,
      publicUrl: platform.config.publicUrl,
      alertId,
      revision: 1,
      msgType: 'Alert',
      isTraining: alert.isTraining,
      level: revision.level,
      hazards: revision.hazards,
      districts: districts.map(d => ({ code: d.code, names: d.names, geometry: d.geometry })),
      texts: revision.texts,
      sent: revision.capSent,
      earlier: [],
      contact: [request.tenant.settings.contact.department, request.tenant.settings.contact.phone].filter(Boolean).join(' '),
    }
    return { capInput, stored: revision.capXml }
  })
  const times: number[] = []
  let xml = ''
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now()
    xml = capXmlOf(input.capInput)
    times.push(performance.now() - t0)
  }
  return { capMs: median(times), bytes: Buffer.byteLength(xml), matches: xml === input.stored }
}

/** The same rows by one bare INSERT … SELECT (app role, RLS on) for a second notice, timed with its commit; then removed. */
async function measureBaseline(platform: Platform, database: string, tenantId: string, districtIds: string[], content: Parameters<typeof noticeContentOf>[0]): Promise<{ ms: number; rows: number; cpu: CpuShares }> {
  const before = await takeCpuSnapshot(database, noSinks)
  let t0 = 0
  const { noticeId, rows } = await withTenant(platform.database.db, tenantId, async trx => {
    const { notice } = await insertNotice(
      trx,
      tenantId,
      { kind: 'broadcast', priority: 'critical', content: noticeContentOf(content, '/bench/alerts'), audience: { kind: 'districts', districtIds }, source: 'staff', linkUrl: '/bench/alerts' },
      'sending',
    )
    t0 = performance.now()
    const result = await sql`
      INSERT INTO deliveries (tenant_id, notice_id, resident_id, channel, priority, is_digest, next_attempt_at)
      SELECT ${tenantId}::uuid, ${notice.id}::uuid, p.resident_id, 'inbox', 0::smallint, false, now()
      FROM resident_notification_profiles p
      WHERE p.tenant_id = ${tenantId} AND p.district_id = ANY(${districtIds}::uuid[])
      UNION ALL
      SELECT ${tenantId}::uuid, ${notice.id}::uuid, rc.resident_id, rc.channel, 0::smallint, false, now()
      FROM resident_channels rc
      JOIN resident_notification_profiles p ON p.tenant_id = rc.tenant_id AND p.resident_id = rc.resident_id
      WHERE rc.tenant_id = ${tenantId} AND p.district_id = ANY(${districtIds}::uuid[]) AND rc.verified_at IS NOT NULL AND rc.removed_at IS NULL`.execute(trx)
    return { noticeId: notice.id, rows: Number(result.numAffectedRows ?? 0n) }
  })
  const ms = performance.now() - t0
  const cpu = await measureCpuSince(before, database, noSinks)
  await withOwnerClient(platform, async c => {
    await c.query('DELETE FROM deliveries WHERE tenant_id = $1 AND notice_id = $2', [tenantId, noticeId])
    await c.query('DELETE FROM notices WHERE tenant_id = $1 AND id = $2', [tenantId, noticeId])
  })
  return { ms, rows, cpu }
}

export async function run(args: string[]): Promise<void> {
  const options = parse(args)
  const nonce = randomBytes(4).toString('hex')
  const database = `yakuba_bench_evacuation_${nonce}`
  const adminUrl = new URL(options.postgres)
  const databaseUrl = new URL(options.postgres)
  databaseUrl.pathname = `/${database}`
  log(`evacuation: ${fmt(options.residents)} residents in ${options.districts} districts, order for ${Math.round(options.share * 100)} % of them, database ${database}, load average ${loadavg().map(n => n.toFixed(2)).join(' ')}`)

  let platform: Platform | undefined
  let pump: { stop(): Promise<void> } | undefined
  try {
    let started = performance.now()
    platform = await createBenchPlatform(databaseUrl.toString(), {
      pool: options.pool,
      env: {
        DELIVERY_RATE_LINE: RATE_OUT_OF_REACH,
        DELIVERY_RATE_EMAIL: RATE_OUT_OF_REACH,
        DELIVERY_RATE_SMS: RATE_OUT_OF_REACH,
        DELIVERY_RATE_PUSH: RATE_OUT_OF_REACH,
      },
    })
    const tenant = await platform.database.withOwner(db =>
      createTenant(db, { slug: `evac-${nonce}`, name: 'ベンチ市', nameEn: 'Bench City', lgCode: completeLgCode('13998'), settings: { languages: ['ja', 'ja-easy', 'en'] } }),
    )
    const assignments: RoleAssignment[] = [{ role: 'supervisor', departmentId: null }]
    const email = `supervisor-${nonce}@example.jp`
    const staff = await platform.database.withOwner(db => createStaffAccount(db, { tenantId: tenant.id, email, displayName: '防災 監督者', role: 'supervisor' }))
    const request: StaffRequest = { tenant, actor: { id: staff.id, email, displayName: '防災 監督者', assignments, permissions: permissionsOf(assignments) } }
    log(`setup: database migrated, tenant ${tenant.slug}, a supervisor (${((performance.now() - started) / 1000).toFixed(1)} s)`)

    started = performance.now()
    log('generating the city (not measured):')
    const p = platform
    await withOwnerClient(p, client => generateCity(p.database.db, client, { tenantId: tenant.id, residents: options.residents, districts: options.districts, vertices: options.vertices }, log))
    const populations = await withOwnerClient(p, client => districtPopulations(client, tenant.id))
    const picked = pickDistricts(populations, options.residents, options.share)
    const districtIds = picked.map(d => d.id)
    const expected = await withOwnerClient(p, client => expectedDeliveries(client, tenant.id, districtIds))
    log(`  ${fmt(options.residents)} residents; the order covers ${picked.length} of ${populations.length} districts: ${fmt(expected.recipients)} residents (${((100 * expected.recipients) / options.residents).toFixed(1)} %), ${fmt(expected.total)} deliveries expected (${((performance.now() - started) / 1000).toFixed(1)} s)`)

    const service = createAlertService(platform)
    const alertId = await service.createDraft(request, { level: 4, hazards: ['flood'], districtIds })
    log(`draft: 避難指示 (level 4, flood) for ${districtIds.length} districts, alert ${alertId}`)

    const probe = createHandoffProbe()
    configureDeliveryTransports(platform, probe.transports)
    pump = startDeliveryPump(platform)
    await new Promise(resolve => setTimeout(resolve, PUMP_WARMUP_MS))
    await withOwnerClient(p, c => c.query('CHECKPOINT'))

    log('\nmeasuring: issue() with the delivery pump running…')
    const cpuBefore = await takeCpuSnapshot(database, noSinks)
    const issueStarted = performance.now()
    const traced = await traceQueries(() => service.issue(request, alertId))
    const queuedMs = performance.now() - issueStarted
    const issueCpu = await measureCpuSince(cpuBefore, database, noSinks)
    const issued = traced.result
    if (issued.outcome !== 'issued') throw new Error(`issue() answered ${issued.outcome}`)
    log(`queued: ${(queuedMs / 1000).toFixed(2)} s for ${fmt(issued.recipients)} recipients (${fmt(Math.round(expected.total / (queuedMs / 1000)))} delivery rows/s)`)
    log(`  ${formatCpu(issueCpu)}`)
    log('  slowest statements of this process during issue() (the pump\'s included), client-side time:')
    for (const s of traced.statements.slice(0, 6)) log(`    ${s.ms.toFixed(0).padStart(7)} ms ×${s.count}  ${s.statement}`)

    const timedOut = Symbol('timeout')
    const waited = await Promise.race([probe.firstHandoff, new Promise<typeof timedOut>(resolve => setTimeout(() => resolve(timedOut), FIRST_DELIVERY_TIMEOUT_MS))])
    const first = waited === timedOut ? undefined : probe.first()
    const firstDeliveryMs = first ? first.at - issueStarted : null
    if (first) log(`first hand-off: ${first.channel}, ${(first.at - issueStarted).toFixed(0)} ms after issue() started, ${(first.at - issueStarted - queuedMs).toFixed(0)} ms after it returned`)
    else log(`first hand-off: none within ${FIRST_DELIVERY_TIMEOUT_MS / 1000} s of the commit`)
    if (options.drainSeconds > 0 && first) await new Promise(resolve => setTimeout(resolve, options.drainSeconds * 1000))
    await pump.stop()
    pump = undefined
    const stoppedAt = performance.now()
    const handed = probe.recipients()
    // Recipients handed to LINE, email and SMS per second, from the first hand-off until the pump stopped.
    const firstBy = Object.fromEntries(Object.entries(probe.firstBy()).map(([ch, at]) => [ch, Math.round(at - issueStarted)]))
    log(`  first hand-off per channel, ms after issue() started: ${Object.entries(firstBy).map(([ch, ms]) => `${ch} ${ms}`).join(', ') || 'none'}`)
    const drainPerSecond = options.drainSeconds > 0 && first ? (handed.line + handed.email + handed.sms) / ((stoppedAt - first.at) / 1000) : null
    const revision = await withTenant(p.database.db, tenant.id, trx => alertsDb(trx).selectFrom('evacuationAlertRevisions').select('noticeId').where('tenantId', '=', tenant.id).where('alertId', '=', alertId).executeTakeFirstOrThrow())
    if (!revision.noticeId) throw new Error('the revision has no notice')
    const noticeId = revision.noticeId
    const rows = await withOwnerClient(p, client => deliveriesByChannel(client, tenant.id, noticeId))
    log('  channel   expected      made   delivered (when the pump stopped)')
    let made = 0
    let mismatched = 0
    for (const ch of ['inbox', 'line', 'email', 'sms'] as const) {
      const byStatus = rows[ch] ?? {}
      const n = Object.values(byStatus).reduce((a, b) => a + b, 0)
      made += n
      if (n !== expected.byChannel[ch]) mismatched++
      log(`  ${ch.padEnd(7)} ${fmt(expected.byChannel[ch]).padStart(10)} ${fmt(n).padStart(9)} ${fmt(byStatus.delivered ?? 0).padStart(11)}`)
    }
    log(`  handed to the fake providers: LINE ${fmt(handed.line)} recipients in ${fmt(handed.lineRequests)} multicasts, email ${fmt(handed.email)}, SMS ${fmt(handed.sms)}`)
    if (drainPerSecond !== null && first) log(`  hand-off: ${((stoppedAt - first.at) / 1000).toFixed(1)} s from the first hand-off to the pump's stop: ${fmt(Math.round(drainPerSecond))} LINE + email + SMS recipients/s`)

    log(`\nmeasuring: capXmlOf for the issued revision (${options.capReps} runs)…`)
    const cap = await measureCap(platform, request, alertId, options.capReps)
    log(`cap: ${cap.capMs.toFixed(1)} ms (median), ${fmt(cap.bytes)} bytes, ${picked.length} areas × 3 languages${cap.matches ? ', same document as stored' : ''}`)

    await withOwnerClient(p, c => c.query('CHECKPOINT'))
    log('\nmeasuring: baseline, one bare INSERT … SELECT of the same rows (app role, RLS on), with its commit…')
    const revisionTexts = await withTenant(p.database.db, tenant.id, trx => alertsDb(trx).selectFrom('evacuationAlertRevisions').select('texts').where('tenantId', '=', tenant.id).where('alertId', '=', alertId).executeTakeFirstOrThrow())
    const baseline = await measureBaseline(platform, database, tenant.id, districtIds, revisionTexts.texts)
    log(`baseline: ${(baseline.ms / 1000).toFixed(2)} s for ${fmt(baseline.rows)} rows (${fmt(Math.round(baseline.rows / (baseline.ms / 1000)))} rows/s)`)
    log(`  ${formatCpu(baseline.cpu)}`)
    const ratio = baseline.ms / queuedMs
    const cpuRatio = baseline.cpu.postgresSeconds / issueCpu.postgresSeconds
    log(`ratio (baseline / queued): ${ratio.toFixed(2)}; PostgreSQL CPU ratio ${cpuRatio.toFixed(2)}`)

    const queuedS = queuedMs / 1000
    const met = queuedS <= GOAL.queued_s && firstDeliveryMs !== null && firstDeliveryMs <= GOAL.first_delivery_ms
    log(`\nload average ${loadavg().map(n => n.toFixed(2)).join(' ')}${options.keep ? `; database kept: ${database}` : ''}`)
    console.log(
      JSON.stringify({
        bench: 'evacuation',
        targeted: issued.recipients,
        queued_s: round(queuedS, 2),
        cap_ms: round(cap.capMs, 1),
        first_delivery_ms: firstDeliveryMs === null ? null : Math.round(firstDeliveryMs),
        baseline_queued_s: round(baseline.ms / 1000, 2),
        ratio: round(ratio, 2),
        residents: options.residents,
        districts: options.districts,
        order_districts: picked.length,
        deliveries: made,
        first_channel: first?.channel ?? null,
        first_by_channel_ms: firstBy,
        first_after_commit_ms: first ? Math.round(first.at - issueStarted - queuedMs) : null,
        cap_bytes: cap.bytes,
        cpu_ratio: Number.isFinite(cpuRatio) ? round(cpuRatio, 2) : null,
        drain_per_s: drainPerSecond === null ? null : Math.round(drainPerSecond),
        goal: GOAL,
        met,
      }),
    )
    if (mismatched > 0 || baseline.rows !== made) {
      log(`rows do not match: ${mismatched} channels differ from the expected counts; baseline made ${fmt(baseline.rows)}, the order ${fmt(made)}`)
      process.exitCode = 1
    }
  } finally {
    await pump?.stop().catch(() => undefined)
    await platform?.close().catch(() => undefined)
    if (!options.keep) await dropBenchDatabase(adminUrl.toString(), database)
  }
}
