import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { ActorType } from '../db/schema.js'
import type { Executor } from '../db/tenant-context.js'

/**
 * Append-only, hash-chained audit log, one chain per tenant. Each row's hash covers its content
 * and the previous row's hash, so editing or deleting any row breaks every later link;
 * `yakuba audit verify` finds the first broken one.
 */
export interface AuditActor {
  type: ActorType
  id?: string | null
}

export interface AuditEntry {
  actor: AuditActor
  /** `module.verb` e.g. `auth.login`, `resident.read-basic-info` */
  action: string
  subjectType?: string
  subjectId?: string
  details?: Record<string, unknown>
  requestId?: string
}

export const GENESIS_HASH = '0'.repeat(64)

interface HashedFields {
  tenantId: string
  seq: number
  occurredAt: string
  actorType: string
  actorId: string | null
  action: string
  subjectType: string | null
  subjectId: string | null
  details: Record<string, unknown>
  prevHash: string
}

/** Canonical JSON: keys sorted at every level, so the hash does not depend on key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export function computeAuditHash(fields: HashedFields): string {
  return createHash('sha256').update(canonical(fields)).digest('hex')
}

/** Appends one entry inside the caller's transaction (which must be bound to the tenant). */
export async function recordAudit(trx: Executor, tenantId: string, entry: AuditEntry): Promise<void> {
  // One writer per tenant chain at a time; the lock ends with the transaction.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${'audit:' + tenantId}))`.execute(trx)
  const last = await trx
    .selectFrom('auditLog')
    .select(['seq', 'hash'])
    .where('tenantId', '=', tenantId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  const occurredAt = new Date()
  const fields: HashedFields = {
    tenantId,
    seq: (last?.seq ?? 0) + 1,
    occurredAt: occurredAt.toISOString(),
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    details: entry.details ?? {},
    prevHash: last?.hash ?? GENESIS_HASH,
  }
  await trx
    .insertInto('auditLog')
    .values({
      tenantId,
      seq: fields.seq,
      occurredAt,
      actorType: entry.actor.type,
      actorId: fields.actorId,
      action: fields.action,
      subjectType: fields.subjectType,
      subjectId: fields.subjectId,
      details: JSON.stringify(fields.details),
      requestId: entry.requestId ?? null,
      prevHash: fields.prevHash,
      hash: computeAuditHash(fields),
    })
    .execute()
}

export interface AuditVerification {
  tenantId: string
  checked: number
  /** The first row whose hash or link does not match, if any. */
  firstBroken?: { seq: number; reason: 'hash' | 'link' | 'gap' }
}

/** Walks one tenant's chain in order and reports the first broken link. */
export async function verifyAuditChain(trx: Executor, tenantId: string): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH
  let expectedSeq = 1
  let checked = 0
  const pageSize = 1000
  for (;;) {
    const rows = await trx
      .selectFrom('auditLog')
      .selectAll()
      .where('tenantId', '=', tenantId)
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute()
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { tenantId, checked, firstBroken: { seq: expectedSeq, reason: 'gap' } }
      if (row.prevHash !== prevHash) return { tenantId, checked, firstBroken: { seq: row.seq, reason: 'link' } }
      const hash = computeAuditHash({
        tenantId,
        seq: row.seq,
        occurredAt: new Date(row.occurredAt).toISOString(),
        actorType: row.actorType,
        actorId: row.actorId,
        action: row.action,
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        details: row.details,
        prevHash: row.prevHash,
      })
      if (hash !== row.hash) return { tenantId, checked, firstBroken: { seq: row.seq, reason: 'hash' } }
      prevHash = row.hash
      expectedSeq++
      checked++
    }
    if (rows.length < pageSize) return { tenantId, checked }
  }
}
