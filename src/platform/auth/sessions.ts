import type { Config } from '../config.js'
import { hashToken, randomToken } from '../crypto.js'
import type { Session } from '../db/schema.js'
import type { Executor } from '../db/tenant-context.js'

/**
 * Server-side sessions: the cookie holds a random token, the database only its hash. Idle and
 * absolute timeouts are both enforced; a new session is created at every login (rotation).
 */
export interface NewSession {
  kind: 'resident' | 'staff'
  residentId?: string
  staffUserId?: string
  stage?: Session['stage']
  assurance?: Session['assurance']
  userAgent: string
  ip: string
}

export function sessionLimits(config: Config, kind: 'resident' | 'staff') {
  const idleMinutes = kind === 'staff' ? config.SESSION_IDLE_MINUTES : config.RESIDENT_SESSION_IDLE_MINUTES
  return { idleMs: idleMinutes * 60_000, absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3_600_000 }
}

export async function createSession(trx: Executor, tenantId: string, config: Config, input: NewSession): Promise<{ token: string; session: Session }> {
  const token = randomToken()
  const now = Date.now()
  const { idleMs, absoluteMs } = sessionLimits(config, input.kind)
  const session = await trx
    .insertInto('sessions')
    .values({
      tenantId,
      tokenHash: hashToken(token),
      kind: input.kind,
      residentId: input.residentId ?? null,
      staffUserId: input.staffUserId ?? null,
      stage: input.stage ?? 'complete',
      assurance: input.assurance ?? 'low',
      userAgent: input.userAgent.slice(0, 300),
      ip: input.ip.slice(0, 64),
      idleExpiresAt: new Date(now + idleMs),
      absoluteExpiresAt: new Date(now + absoluteMs),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return { token, session }
}

/** The live session for a token, touched (idle timeout extended) at most once a minute. */
export async function findLiveSession(trx: Executor, config: Config, kind: 'resident' | 'staff', token: string): Promise<Session | undefined> {
  if (!token || token.length > 100) return undefined
  const session = await trx
    .selectFrom('sessions')
    .selectAll()
    .where('tokenHash', '=', hashToken(token))
    .where('kind', '=', kind)
    .executeTakeFirst()
  const now = Date.now()
  if (!session || session.revokedAt || session.idleExpiresAt.getTime() <= now || session.absoluteExpiresAt.getTime() <= now) return undefined
  if (now - new Date(session.lastSeenAt).getTime() > 60_000) {
    const { idleMs } = sessionLimits(config, kind)
    await trx
      .updateTable('sessions')
      .set({ lastSeenAt: new Date(now), idleExpiresAt: new Date(now + idleMs), updatedAt: new Date(now) })
      .where('tenantId', '=', session.tenantId)
      .where('id', '=', session.id)
      .execute()
  }
  return session
}

export async function revokeSession(trx: Executor, tenantId: string, sessionId: string): Promise<void> {
  await trx
    .updateTable('sessions')
    .set({ revokedAt: new Date(), updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', sessionId)
    .where('revokedAt', 'is', null)
    .execute()
}
