/** SQL of residents' channel addresses (resident_channels). Takes the caller's transaction. */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { notificationsDb, type ExternalChannel, type ResidentChannel } from '../notification-tables.js'

type Trx = Transaction<Database>

/** Every channel row of a resident not removed, oldest first. */
export async function listActiveChannels(trx: Trx, tenantId: string, residentId: string): Promise<ResidentChannel[]> {
  return notificationsDb(trx)
    .selectFrom('residentChannels')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('residentId', '=', residentId)
    .where('removedAt', 'is', null)
    .orderBy('createdAt')
    .execute()
}

/** One of the resident's channels, locked for the rest of the transaction. */
export async function findOwnChannelForUpdate(trx: Trx, tenantId: string, residentId: string, channelId: string): Promise<ResidentChannel | undefined> {
  return notificationsDb(trx)
    .selectFrom('residentChannels')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('residentId', '=', residentId)
    .where('id', '=', channelId)
    .forUpdate()
    .executeTakeFirst()
}

/** The resident's active address of a single-address channel (email, sms, line), locked. */
export async function findActiveChannelForUpdate(trx: Trx, tenantId: string, residentId: string, channel: Exclude<ExternalChannel, 'push'>): Promise<ResidentChannel | undefined> {
  return notificationsDb(trx)
    .selectFrom('residentChannels')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('residentId', '=', residentId)
    .where('channel', '=', channel)
    .where('removedAt', 'is', null)
    .forUpdate()
    .executeTakeFirst()
}

export interface PendingCode {
  codeHash: string
  expiresAt: Date
}

/** `id` is chosen by the caller: the code's hash is keyed by it. */
export async function insertPendingChannel(trx: Trx, tenantId: string, residentId: string, channel: ExternalChannel, address: string, code: PendingCode, id: string): Promise<ResidentChannel> {
  return notificationsDb(trx)
    .insertInto('residentChannels')
    .values({ tenantId, id, residentId, channel, address, verificationCodeHash: code.codeHash, verificationExpiresAt: code.expiresAt, verificationAttempts: 0 })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * A new code for a channel. For an unverified row the address itself changes; a verified row
 * keeps receiving at its address while the new one waits in `details.pendingAddress`.
 */
export async function storePendingCode(trx: Trx, tenantId: string, channelId: string, code: PendingCode, change: { address?: string; pendingAddress?: string | null }): Promise<ResidentChannel> {
  const current = await notificationsDb(trx).selectFrom('residentChannels').select('details').where('tenantId', '=', tenantId).where('id', '=', channelId).executeTakeFirstOrThrow()
  const details: Record<string, string> = { ...current.details }
  if (change.pendingAddress === null) delete details.pendingAddress
  else if (change.pendingAddress !== undefined) details.pendingAddress = change.pendingAddress
  return notificationsDb(trx)
    .updateTable('residentChannels')
    .set({
      ...(change.address !== undefined ? { address: change.address } : {}),
      details: JSON.stringify(details),
      verificationCodeHash: code.codeHash,
      verificationExpiresAt: code.expiresAt,
      verificationAttempts: 0,
      updatedAt: new Date(),
    })
    .where('tenantId', '=', tenantId)
    .where('id', '=', channelId)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function recordFailedAttempt(trx: Trx, tenantId: string, channelId: string): Promise<number> {
  const row = await notificationsDb(trx)
    .updateTable('residentChannels')
    .set(eb => ({ verificationAttempts: eb('verificationAttempts', '+', 1), updatedAt: new Date() }))
    .where('tenantId', '=', tenantId)
    .where('id', '=', channelId)
    .returning('verificationAttempts')
    .executeTakeFirstOrThrow()
  return row.verificationAttempts
}

/** The code was right: the (pending) address becomes the verified one. */
export async function markChannelVerified(trx: Trx, tenantId: string, channel: ResidentChannel, now: Date): Promise<ResidentChannel> {
  const { pendingAddress, ...details } = channel.details
  return notificationsDb(trx)
    .updateTable('residentChannels')
    .set({
      address: pendingAddress ?? channel.address,
      details: JSON.stringify(details),
      verifiedAt: now,
      verificationCodeHash: null,
      verificationExpiresAt: null,
      verificationAttempts: 0,
      updatedAt: now,
    })
    .where('tenantId', '=', tenantId)
    .where('id', '=', channel.id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Inserts an address verified by other means (the login email, a push subscription). */
export async function insertVerifiedChannel(trx: Trx, tenantId: string, residentId: string, channel: ExternalChannel, address: string, details: Record<string, string>, now: Date): Promise<ResidentChannel> {
  return notificationsDb(trx)
    .insertInto('residentChannels')
    .values({ tenantId, residentId, channel, address, details: JSON.stringify(details), verifiedAt: now })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function markChannelRemoved(trx: Trx, tenantId: string, channelId: string, reason: string, now: Date): Promise<void> {
  await notificationsDb(trx)
    .updateTable('residentChannels')
    .set({ removedAt: now, removedReason: reason, verificationCodeHash: null, verificationExpiresAt: null, updatedAt: now })
    .where('tenantId', '=', tenantId)
    .where('id', '=', channelId)
    .where('removedAt', 'is', null)
    .execute()
}

/** The active push subscription with this endpoint (any resident of the tenant), locked. */
export async function findActivePushByEndpointForUpdate(trx: Trx, tenantId: string, endpoint: string): Promise<ResidentChannel | undefined> {
  return notificationsDb(trx)
    .selectFrom('residentChannels')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('channel', '=', 'push')
    .where('address', '=', endpoint)
    .where('removedAt', 'is', null)
    .forUpdate()
    .executeTakeFirst()
}

export async function updatePushKeys(trx: Trx, tenantId: string, channelId: string, details: Record<string, string>, now: Date): Promise<void> {
  await notificationsDb(trx)
    .updateTable('residentChannels')
    .set({ details: JSON.stringify(details), updatedAt: now })
    .where('tenantId', '=', tenantId)
    .where('id', '=', channelId)
    .execute()
}
