import type { Config } from '../../config.js'
import { decryptField, encryptField, hashToken, safeEqual } from '../../crypto.js'
import { AppError } from '../../errors.js'
import { withTenant, type Db, type Executor } from '../../db/tenant-context.js'
import { recordAudit } from '../../audit/audit-log.js'
import type { Session } from '../../db/schema.js'
import type { TenantContext } from '../../tenancy/tenant-service.js'
import { permissionsOf } from '../permissions.js'
import type { StaffPrincipal } from '../../http/types.js'
import { createSession, revokeSession } from '../sessions.js'
import {
  checkTotp,
  createRecoveryCodes,
  createTotpSecret,
  dummyPasswordHash,
  normalizeRecoveryCode,
  totpEnrolmentQr,
  verifyPassword,
} from './credentials.js'

export const invalidCredentials = () => new AppError('UNAUTHENTICATED', 'AUTH.INVALID_CREDENTIALS', 'staffAuth.errors.invalidCredentials')
export const accountLocked = () => new AppError('TOO_MANY_REQUESTS', 'AUTH.ACCOUNT_LOCKED', 'staffAuth.errors.locked')
export const invalidCode = () => new AppError('UNPROCESSABLE', 'AUTH.INVALID_CODE', 'staffAuth.errors.invalidCode')

export interface StaffRequestMeta {
  userAgent: string
  ip: string
  requestId: string
}

/** Loads who a staff user is and what they may do (role × department). */
export async function loadStaffPrincipal(trx: Executor, tenantId: string, staffUserId: string): Promise<StaffPrincipal | undefined> {
  const user = await trx
    .selectFrom('staffUsers')
    .select(['id', 'email', 'displayName', 'status'])
    .where('tenantId', '=', tenantId)
    .where('id', '=', staffUserId)
    .executeTakeFirst()
  if (!user || user.status !== 'active') return undefined
  const assignments = await trx
    .selectFrom('staffRoleAssignments')
    .select(['role', 'departmentId'])
    .where('tenantId', '=', tenantId)
    .where('staffUserId', '=', staffUserId)
    .execute()
  return { id: user.id, email: user.email, displayName: user.displayName, assignments, permissions: permissionsOf(assignments) }
}

/** Staff login: password (argon2id) then mandatory TOTP, with lockout and one-time recovery codes. */
export function createStaffAuthService({ db, config }: { db: Db; config: Config }) {
  const key = config.dataEncryptionKey

  async function registerFailure(trx: Executor, tenantId: string, user: { id: string; failedLoginCount: number }, meta: StaffRequestMeta, reason: string) {
    const failures = user.failedLoginCount + 1
    const lock = failures >= config.LOGIN_MAX_FAILURES
    await trx
      .updateTable('staffUsers')
      .set({
        failedLoginCount: lock ? 0 : failures,
        lockedUntil: lock ? new Date(Date.now() + config.LOGIN_LOCKOUT_MINUTES * 60_000) : undefined,
        updatedAt: new Date(),
      })
      .where('tenantId', '=', tenantId)
      .where('id', '=', user.id)
      .execute()
    await recordAudit(trx, tenantId, {
      actor: { type: 'anonymous' },
      action: 'auth.staff-login-failed',
      subjectType: 'staff_user',
      subjectId: user.id,
      details: { reason, locked: lock },
      requestId: meta.requestId,
    })
  }

  /** Rotates to a fresh, complete session (the pre-MFA token stops working). */
  async function completeLogin(trx: Executor, tenantId: string, session: Session, meta: StaffRequestMeta, method: string) {
    await revokeSession(trx, tenantId, session.id)
    const { token } = await createSession(trx, tenantId, config, { kind: 'staff', staffUserId: session.staffUserId ?? undefined, stage: 'complete', assurance: 'high', userAgent: meta.userAgent, ip: meta.ip })
    await trx
      .updateTable('staffUsers')
      .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date(), updatedAt: new Date() })
      .where('tenantId', '=', tenantId)
      .where('id', '=', session.staffUserId as string)
      .execute()
    await recordAudit(trx, tenantId, { actor: { type: 'staff', id: session.staffUserId }, action: 'auth.staff-login', subjectType: 'staff_user', subjectId: session.staffUserId ?? undefined, details: { mfa: method }, requestId: meta.requestId })
    return token
  }

  return {
    /**
     * Step 1: email and password. Returns a pre-MFA session token and what comes next. Unknown,
     * disabled and locked accounts all answer exactly like a wrong password (no enumeration).
     */
    async loginWithPassword(tenant: TenantContext, email: string, password: string, meta: StaffRequestMeta) {
      const normalized = email.trim().toLowerCase()
      const found = await withTenant(db, tenant.id, trx =>
        trx.selectFrom('staffUsers').select(['id', 'passwordHash']).where('tenantId', '=', tenant.id).where('email', '=', normalized).executeTakeFirst(),
      )
      // argon2 (~20 ms) runs outside any transaction: it must hold neither a row lock nor, on
      // PGlite, the only connection. Unknown accounts are checked against a dummy hash.
      const isPasswordValid = await verifyPassword(found?.passwordHash ?? (await dummyPasswordHash()), password)
      const result = await withTenant(db, tenant.id, async trx => {
        if (!found) {
          await recordAudit(trx, tenant.id, { actor: { type: 'anonymous' }, action: 'auth.staff-login-failed', details: { reason: 'unknown-account' }, requestId: meta.requestId })
          return { ok: false as const }
        }
        const user = await trx
          .selectFrom('staffUsers')
          .select(['id', 'passwordHash', 'status', 'failedLoginCount', 'lockedUntil', 'totpEnrolledAt'])
          .where('tenantId', '=', tenant.id)
          .where('id', '=', found.id)
          .forUpdate()
          .executeTakeFirstOrThrow()
        if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
          await recordAudit(trx, tenant.id, { actor: { type: 'anonymous' }, action: 'auth.staff-login-failed', subjectType: 'staff_user', subjectId: user.id, details: { reason: 'locked' }, requestId: meta.requestId })
          return { ok: false as const }
        }
        // the hash checked must still be the account's (a password change in between fails safe)
        if (!isPasswordValid || user.passwordHash !== found.passwordHash || user.status !== 'active') {
          await registerFailure(trx, tenant.id, user, meta, user.status === 'active' ? 'password' : 'disabled')
          return { ok: false as const }
        }
        const stage = user.totpEnrolledAt ? 'mfa' : 'mfa_enrol'
        const { token } = await createSession(trx, tenant.id, config, { kind: 'staff', staffUserId: user.id, stage, userAgent: meta.userAgent, ip: meta.ip })
        return { ok: true as const, token, stage }
      })
      // failures are committed (counter, audit) before the error is raised
      if (!result.ok) throw invalidCredentials()
      return result
    },

    /** The QR code and secret for enrolment; the same secret until enrolment completes. */
    async beginEnrolment(tenant: TenantContext, session: Session) {
      return withTenant(db, tenant.id, async trx => {
        const user = await trx
          .selectFrom('staffUsers')
          .select(['email', 'totpSecretEncrypted', 'totpEnrolledAt'])
          .where('tenantId', '=', tenant.id)
          .where('id', '=', session.staffUserId as string)
          .executeTakeFirstOrThrow()
        if (user.totpEnrolledAt) throw new AppError('CONFLICT', 'AUTH.ALREADY_ENROLLED', 'staffAuth.errors.alreadyEnrolled')
        let secret = user.totpSecretEncrypted ? decryptField(key, user.totpSecretEncrypted) : undefined
        if (!secret) {
          secret = createTotpSecret()
          await trx
            .updateTable('staffUsers')
            .set({ totpSecretEncrypted: encryptField(key, secret), updatedAt: new Date() })
            .where('tenantId', '=', tenant.id)
            .where('id', '=', session.staffUserId as string)
            .execute()
        }
        const qr = await totpEnrolmentQr({ secret, issuer: `Yakuba ${tenant.name}`, label: user.email })
        return { secret, qrSvg: qr.svg, uri: qr.uri }
      })
    },

    /** Confirms enrolment with a first code; returns the one-time recovery codes to show once. */
    async confirmEnrolment(tenant: TenantContext, session: Session, code: string, meta: StaffRequestMeta) {
      const result = await withTenant(db, tenant.id, async trx => {
        const user = await trx
          .selectFrom('staffUsers')
          .select(['id', 'totpSecretEncrypted', 'totpEnrolledAt', 'failedLoginCount'])
          .where('tenantId', '=', tenant.id)
          .where('id', '=', session.staffUserId as string)
          .forUpdate()
          .executeTakeFirstOrThrow()
        if (user.totpEnrolledAt || !user.totpSecretEncrypted) throw new AppError('CONFLICT', 'AUTH.ALREADY_ENROLLED', 'staffAuth.errors.alreadyEnrolled')
        const check = await checkTotp(decryptField(key, user.totpSecretEncrypted), code, null)
        if (!check.valid) {
          await registerFailure(trx, tenant.id, user, meta, 'totp-enrol')
          return { ok: false as const }
        }
        const recovery = createRecoveryCodes()
        await trx
          .updateTable('staffUsers')
          .set({ totpEnrolledAt: new Date(), totpLastTimeStep: check.timeStep ?? null, recoveryCodeHashes: JSON.stringify(recovery.hashes), updatedAt: new Date() })
          .where('tenantId', '=', tenant.id)
          .where('id', '=', user.id)
          .execute()
        await recordAudit(trx, tenant.id, { actor: { type: 'staff', id: user.id }, action: 'auth.staff-mfa-enrolled', subjectType: 'staff_user', subjectId: user.id, requestId: meta.requestId })
        const token = await completeLogin(trx, tenant.id, session, meta, 'totp-enrol')
        return { ok: true as const, token, recoveryCodes: recovery.codes }
      })
      if (!result.ok) throw invalidCode()
      return result
    },

    /** Step 2 for enrolled staff: a TOTP code or one unused recovery code. */
    async verifyMfa(tenant: TenantContext, session: Session, code: string, meta: StaffRequestMeta) {
      const result = await withTenant(db, tenant.id, async trx => {
        const user = await trx
          .selectFrom('staffUsers')
          .select(['id', 'totpSecretEncrypted', 'totpLastTimeStep', 'recoveryCodeHashes', 'failedLoginCount', 'lockedUntil'])
          .where('tenantId', '=', tenant.id)
          .where('id', '=', session.staffUserId as string)
          .forUpdate()
          .executeTakeFirstOrThrow()
        if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) return { ok: false as const, error: accountLocked() }
        if (!user.totpSecretEncrypted) return { ok: false as const, error: invalidCode() }
        const trimmed = code.trim()
        if (/^\d[\d\s]{5,}$/.test(trimmed)) {
          const check = await checkTotp(decryptField(key, user.totpSecretEncrypted), trimmed, user.totpLastTimeStep)
          if (check.valid) {
            await trx.updateTable('staffUsers').set({ totpLastTimeStep: check.timeStep ?? null }).where('tenantId', '=', tenant.id).where('id', '=', user.id).execute()
            return { ok: true as const, token: await completeLogin(trx, tenant.id, session, meta, 'totp') }
          }
        } else {
          const wanted = hashToken(normalizeRecoveryCode(trimmed))
          const hashes = (user.recoveryCodeHashes as unknown as string[]) ?? []
          const match = hashes.find(h => safeEqual(h, wanted))
          if (match) {
            await trx
              .updateTable('staffUsers')
              .set({ recoveryCodeHashes: JSON.stringify(hashes.filter(h => h !== match)) })
              .where('tenantId', '=', tenant.id)
              .where('id', '=', user.id)
              .execute()
            await recordAudit(trx, tenant.id, { actor: { type: 'staff', id: user.id }, action: 'auth.staff-recovery-code-used', subjectType: 'staff_user', subjectId: user.id, details: { remaining: hashes.length - 1 }, requestId: meta.requestId })
            return { ok: true as const, token: await completeLogin(trx, tenant.id, session, meta, 'recovery-code') }
          }
        }
        await registerFailure(trx, tenant.id, user, meta, 'mfa')
        return { ok: false as const, error: invalidCode() }
      })
      if (!result.ok) throw result.error
      return result
    },

    async listOwnSessions(tenant: TenantContext, staffUserId: string) {
      return withTenant(db, tenant.id, trx =>
        trx
          .selectFrom('sessions')
          .select(['id', 'createdAt', 'lastSeenAt', 'userAgent', 'ip', 'idleExpiresAt', 'absoluteExpiresAt'])
          .where('tenantId', '=', tenant.id)
          .where('staffUserId', '=', staffUserId)
          .where('stage', '=', 'complete')
          .where('revokedAt', 'is', null)
          .where('idleExpiresAt', '>', new Date())
          .where('absoluteExpiresAt', '>', new Date())
          .orderBy('lastSeenAt', 'desc')
          .execute(),
      )
    },

    /** Revokes one of the staff member's own sessions (e.g. a lost laptop). */
    async revokeOwnSession(tenant: TenantContext, staffUserId: string, sessionId: string, requestId: string) {
      await withTenant(db, tenant.id, async trx => {
        const owned = await trx.selectFrom('sessions').select('id').where('tenantId', '=', tenant.id).where('id', '=', sessionId).where('staffUserId', '=', staffUserId).executeTakeFirst()
        if (!owned) throw new AppError('NOT_FOUND', 'AUTH.SESSION_NOT_FOUND', 'errors.notFound')
        await revokeSession(trx, tenant.id, sessionId)
        await recordAudit(trx, tenant.id, { actor: { type: 'staff', id: staffUserId }, action: 'auth.staff-session-revoked', subjectType: 'session', subjectId: sessionId, requestId })
      })
    },

    async logout(tenant: TenantContext, session: Session, requestId: string) {
      await withTenant(db, tenant.id, async trx => {
        await revokeSession(trx, tenant.id, session.id)
        await recordAudit(trx, tenant.id, { actor: { type: 'staff', id: session.staffUserId }, action: 'auth.staff-logout', subjectType: 'session', subjectId: session.id, requestId })
      })
    },
  }
}
export type StaffAuthService = ReturnType<typeof createStaffAuthService>
