/**
 * Refusals of the lottery area: stable codes `RESERVATIONS.<REASON>` and a message safe to show
 * (keys in lottery-catalog.ts). Every one is a 4xx; nothing is written when one is thrown.
 */
import { AppError, type ErrorKind } from '../../../platform/errors.js'

const e = (kind: ErrorKind, reason: string, key: string, params: Record<string, string | number> = {}) =>
  new AppError(kind, `RESERVATIONS.${reason}`, `reservations.lottery.errors.${key}`, params)

export const lotteryNotFound = () => e('NOT_FOUND', 'NOT_FOUND', 'notFound')
/** Applications are not accepted now (before the window, after it, or closed by staff). */
export const applicationsClosed = () => e('UNPROCESSABLE', 'LOTTERY_NOT_OPEN', 'applicationsClosed')
export const slotNotInLottery = () => e('NOT_FOUND', 'NOT_FOUND', 'slotNotInLottery')
export const entryLimitReached = (limit: number) => e('UNPROCESSABLE', 'LIMIT_REACHED', 'entryLimitReached', { limit })
export const groupEntryLimitReached = (limit: number) => e('UNPROCESSABLE', 'LIMIT_REACHED', 'groupEntryLimitReached', { limit })
export const alreadyEntered = () => e('CONFLICT', 'ALREADY_ENTERED', 'alreadyEntered')
export const groupAlreadyEntered = () => e('CONFLICT', 'ALREADY_ENTERED', 'groupAlreadyEntered')
export const idempotencyKeyReused = () => e('UNPROCESSABLE', 'IDEMPOTENCY_KEY_REUSED', 'idempotencyKeyReused')
export const entryNotWithdrawable = () => e('CONFLICT', 'STATE_CHANGED', 'entryNotWithdrawable')
/** A staff action that does not apply to the lottery's current status (e.g. publishing twice). */
export const lotteryStateChanged = () => e('CONFLICT', 'STATE_CHANGED', 'lotteryStateChanged')
export const drawTooEarly = () => e('CONFLICT', 'STATE_CHANGED', 'drawTooEarly')
export const secondRoundTooEarly = () => e('CONFLICT', 'STATE_CHANGED', 'secondRoundTooEarly')
export const partyTooLarge = (max: number) => e('UNPROCESSABLE', 'PARTY_TOO_LARGE', 'partyTooLarge', { max })
export const purposeNotAllowed = () => e('UNPROCESSABLE', 'PURPOSE_NOT_ALLOWED', 'purposeNotAllowed')
export const groupNotAllowed = () => e('UNPROCESSABLE', 'GROUP_NOT_ALLOWED', 'groupNotAllowed')
