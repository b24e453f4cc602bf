/**
 * The `submissions` benchmark's work inside the Yakuba server child (run through
 * `ChildServer.call`, see server-main.ts): registering the procedures API, publishing the
 * procedure and creating API keys, checking what was stored, and the raw-`pg` baseline. They run
 * here because the child owns the database connection (with `--pglite` the database lives in the
 * child's memory and cannot be reached from anywhere else); none of them runs during the HTTP
 * measurement.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import { withTenant } from '../../src/platform/db/tenant-context.js'
import { createTestApiKey } from '../../src/platform/auth/api-keys/test-api-keys.js'
import { parseProcedureDocument, listFields } from '../../src/modules/procedures/form/form-definition.js'
import { insertProcedure, publishDraft } from '../../src/modules/procedures/procedure-repository.js'
import { findPublished, normalizeAnswers, requestHashOf } from '../../src/modules/procedures/application-service.js'
import { calculateFee } from '../../src/modules/procedures/form/form-fees.js'
import { tokyoToday } from '../../src/modules/procedures/form/form-answers.js'
import { generateReceiptNumber } from '../../src/modules/procedures/receipt-number.js'
import { addBusinessDays } from '../../src/jp/holidays.js'
import { DEMO_SLUG } from '../../src/platform/cli/seed-demo.js'
import type { ChildContext } from './server-main.js'
import { answersFor, benchProcedureInput, BENCH_PROCEDURE_SLUG } from './submissions-form.js'


export interface SetUpResult {
  tenant: { id: string; slug: string }
  procedure: { slug: string; version: number; fields: number; pages: number }
  keys: { id: string; key: string }[]
  /** The Asia/Tokyo date the server validates dates against. */
  today: string
}

/** Publishes the 20-field procedure in デモ市 and creates one API key per simulated resident. */
export async function setUp({ platform }: ChildContext, args: { keys: number }): Promise<SetUpResult> {
  const { db } = platform.database
  const tenant = await platform.tenants.findTenantBySlug(DEMO_SLUG)
  if (!tenant) throw new Error(`the demo tenant ${DEMO_SLUG} is missing`)
  const parsed = parseProcedureDocument(benchProcedureInput)
  if (!parsed.ok) throw new Error(`bench procedure: ${JSON.stringify(parsed.issues)}`)
  const doc = parsed.document
  const { staffId, version } = await withTenant(db, tenant.id, async trx => {
    const staff = await trx.selectFrom('staffUsers').select('id').where('tenantId', '=', tenant.id).orderBy('createdAt').executeTakeFirstOrThrow()
    const procedure = await insertProcedure(trx, tenant.id, doc, staff.id)
    const published = await publishDraft(trx, tenant.id, procedure.id, staff.id)
    return { staffId: staff.id, version: published.version }
  })
  const keys: SetUpResult['keys'] = []
  for (let i = 0; i < args.keys; i++) {
    // The largest per-key limit allowed (10,000/min): one key per resident stays far below it.
    const created = await createTestApiKey(platform, tenant, staffId, { name: `bench resident ${i + 1}`, scopes: ['applications:write', 'applications:read'], rateLimitPerMinute: 10_000 })
    keys.push({ id: created.id, key: created.key })
  }
  return {
    tenant: { id: tenant.id, slug: tenant.slug },
    procedure: { slug: BENCH_PROCEDURE_SLUG, version, fields: listFields(doc.form).length, pages: doc.form.pages.length },
    keys,
    today: tokyoToday(),
  }
}

export interface StoredSubmissions {
  rows: number
  /** Rows beyond the first for one (API key, Idempotency-Key): impossible while the unique index holds. */
  duplicateKeys: number
  /** Rows beyond the first for one request body (each logical submission's body is unique). */
  duplicateBodies: number
  /** Rows not in status submitted, or without exactly one submit history row. */
  incomplete: number
  /** [receipt number, scoped idempotency key] of every stored application. */
  stored: [string, string][]
}

/** What the API stored: every application that came in through an API key. */
export async function verify({ platform }: ChildContext, args: { tenantId: string }): Promise<StoredSubmissions> {
  return withTenant(platform.database.db, args.tenantId, async trx => {
    const counts = await sql<{ rows: number; keys: number; bodies: number }>`
      SELECT count(*)::int AS rows, count(DISTINCT idempotency_key)::int AS keys, count(DISTINCT request_hash)::int AS bodies
      FROM applications WHERE tenant_id = ${args.tenantId} AND channel = 'api'`.execute(trx)
    const incomplete = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM applications a
      WHERE a.tenant_id = ${args.tenantId} AND a.channel = 'api'
        AND (a.status <> 'submitted' OR a.receipt_number IS NULL OR 1 <> (
          SELECT count(*) FROM application_events e
          WHERE e.tenant_id = a.tenant_id AND e.application_id = a.id AND e.action = 'submit' AND e.to_status = 'submitted'))`.execute(trx)
    const stored = await sql<{ receiptNumber: string; idempotencyKey: string }>`
      SELECT receipt_number, idempotency_key FROM applications WHERE tenant_id = ${args.tenantId} AND channel = 'api'`.execute(trx)
    const c = counts.rows[0] ?? { rows: 0, keys: 0, bodies: 0 }
    return {
      rows: c.rows,
      duplicateKeys: c.rows - c.keys,
      duplicateBodies: c.rows - c.bodies,
      incomplete: incomplete.rows[0]?.n ?? 0,
      stored: stored.rows.map(r => [r.receiptNumber, r.idempotencyKey]),
    }
  })
}

export interface BaselineArgs {
  tenantId: string
  keyIds: string[]
  rows: number
  concurrency: number
  nonce: string
  /** Rows inserted first and not timed (connections opened, plans cached). */
  warmupRows: number
}

export interface BaselineResult {
  inserted: number
  elapsedMs: number
  /** CPU time of this process during the timed inserts (µs). */
  cpuUs: number
  poolSize: number
}

interface PreparedRow {
  values: unknown[]
}

/** Rows prepared by prepareBaseline, waiting for runBaseline. */
let prepared: { rows: PreparedRow[]; run: (rows: PreparedRow[]) => Promise<void>; args: BaselineArgs; pool: pg.Pool } | undefined

/**
 * The baseline: the same application rows the API stores — status submitted, 受付番号, answers
 * jsonb, fee and fee lines, payment state, due date, department, API key, idempotency key and
 * request hash — plus their status-history row, inserted with raw SQL through the app's own
 * `pg.Pool` (same size, same role, row-level security on), `concurrency` inserts in flight.
 * Each is one transaction as the API's is: BEGIN, set_config(app.tenant_id), INSERT application,
 * INSERT history, COMMIT.
 *
 * This prepares the rows (answers normalised, fee calculated: the baseline is what storing costs,
 * not what checking costs) and inserts `warmupRows` untimed ones (connections opened, plans
 * cached); `runBaseline` then times the rest. Two calls, so that the benchmark's CPU accounting
 * brackets only the timed inserts.
 */
export async function prepareBaseline({ platform }: ChildContext, args: BaselineArgs): Promise<void> {
  const { db } = platform.database
  const pool: pg.Pool = platform.database.pool
  const published = await withTenant(db, args.tenantId, trx => findPublished(trx, args.tenantId, BENCH_PROCEDURE_SLUG))
  if (!published) throw new Error('the bench procedure is not published')
  const doc = published.document
  const today = tokyoToday()
  const dueAt = new Date(`${addBusinessDays(today, doc.processingDays)}T08:00:00Z`)
  const prepare = (i: number): PreparedRow => {
    const raw = answersFor(i, `${args.nonce}b`, today)
    const answers = normalizeAnswers(doc, raw)
    const fee = calculateFee(doc.fee, answers)
    const keyId = args.keyIds[i % args.keyIds.length] as string
    return {
      values: [
        args.tenantId,
        randomUUID(),
        published.procedureId,
        published.version.id,
        JSON.stringify(answers),
        JSON.stringify(fee.lines),
        keyId,
        `api:${keyId}:baseline-${args.nonce}-${i}`,
        requestHashOf({ procedure: BENCH_PROCEDURE_SLUG, version: published.version.version, answers: raw }),
        generateReceiptNumber(),
        new Date(),
        dueAt,
        fee.totalYen,
        fee.totalYen > 0 && doc.fee?.timing === 'on-submission' ? 'due' : 'none',
        published.departmentId,
      ],
    }
  }
  const insertOne = async (row: PreparedRow) => {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [args.tenantId])
      await client.query(
        `INSERT INTO applications (tenant_id, id, procedure_id, version_id, answers, fee_lines, channel, api_key_id, idempotency_key, request_hash,
           status, receipt_number, submitted_at, due_at, fee_yen, payment_state, department_id)
         VALUES ($1, $2, $3, $4, $5, $6, 'api', $7, $8, $9, 'submitted', $10, $11, $12, $13, $14, $15)`,
        row.values,
      )
      await client.query(
        `INSERT INTO application_events (tenant_id, application_id, from_status, to_status, action, actor_type, actor_id)
         VALUES ($1, $2, NULL, 'submitted', 'submit', 'api', $3)`,
        [row.values[0], row.values[1], row.values[6]],
      )
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }
  const run = async (rows: PreparedRow[]) => {
    let next = 0
    const worker = async () => {
      while (next < rows.length) await insertOne(rows[next++] as PreparedRow)
    }
    await Promise.all(Array.from({ length: Math.min(args.concurrency, rows.length) }, worker))
  }
  await run(Array.from({ length: args.warmupRows }, (_, i) => prepare(args.rows + i)))
  prepared = { rows: Array.from({ length: args.rows }, (_, i) => prepare(i)), run, args, pool }
}

/** Times the inserts `prepareBaseline` prepared. */
export async function runBaseline({ platform }: ChildContext): Promise<BaselineResult> {
  if (!prepared) throw new Error('prepareBaseline first')
  const { rows, run, args, pool } = prepared
  prepared = undefined
  const cpuBefore = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  await run(rows)
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6
  const cpu = process.cpuUsage(cpuBefore)
  const stored = await withTenant(platform.database.db, args.tenantId, async trx => {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM applications WHERE tenant_id = ${args.tenantId} AND idempotency_key LIKE ${`api:%:baseline-${args.nonce}-%`}`.execute(trx)
    return r.rows[0]?.n ?? 0
  })
  return { inserted: stored - args.warmupRows, elapsedMs, cpuUs: cpu.user + cpu.system, poolSize: (pool as unknown as { options: { max?: number } }).options.max ?? 0 }
}

// ---------------------------------------------------------------------------------------------
// --trace-queries: every query the server sends during the measured window, timed from the
// client's side (queueing on the connection included).

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown
let originalQuery: QueryFn | undefined
const traced = new Map<string, { count: number; ms: number }>()

function statementOf(config: unknown): string {
  const text = typeof config === 'string' ? config : typeof config === 'object' && config !== null && 'text' in config ? String((config as { text: unknown }).text) : '?'
  return text.replace(/\s+/g, ' ').trim().slice(0, 140)
}

export function startQueryTrace(): void {
  if (originalQuery) return
  traced.clear()
  const proto = pg.Client.prototype as unknown as { query: QueryFn }
  const original = proto.query
  originalQuery = original
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const result = original.apply(this, args)
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      const statement = statementOf(args[0])
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
}

export interface QueryTrace {
  queries: number
  ms: number
  statements: { statement: string; count: number; ms: number }[]
}

export function stopQueryTrace(): QueryTrace {
  if (originalQuery) (pg.Client.prototype as unknown as { query: QueryFn }).query = originalQuery
  originalQuery = undefined
  const statements = [...traced].map(([statement, s]) => ({ statement, ...s })).sort((a, b) => b.count - a.count || b.ms - a.ms)
  return { queries: statements.reduce((n, s) => n + s.count, 0), ms: statements.reduce((n, s) => n + s.ms, 0), statements }
}

/** The server's heap after a full collection (the child runs with --expose-gc), bytes. */
export function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed
}
