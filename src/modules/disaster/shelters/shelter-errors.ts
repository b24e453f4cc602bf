/** Refusals of the shelters area: codes `DISASTER.<REASON>`, messages in shelters-catalog.ts. All 4xx; nothing is written when one is thrown. */
import { AppError } from '../../../platform/errors.js'

const e = (kind: ConstructorParameters<typeof AppError>[0], reason: string, key: string, params: Record<string, string | number> = {}) =>
  new AppError(kind, `DISASTER.${reason}`, `disaster.shelters.errors.${key}`, params)

export const shelterNotFound = () => e('NOT_FOUND', 'SHELTER_NOT_FOUND', 'shelterNotFound')
export const importRunNotFound = () => e('NOT_FOUND', 'IMPORT_RUN_NOT_FOUND', 'importRunNotFound')
export const passInvalid = () => e('UNPROCESSABLE', 'PASS_INVALID', 'passInvalid')
export const residentUnknown = () => e('NOT_FOUND', 'RESIDENT_UNKNOWN', 'residentUnknown')
export const shelterClosed = () => e('CONFLICT', 'SHELTER_CLOSED', 'shelterClosed')
export const alreadyElsewhere = (shelter: string) => e('CONFLICT', 'ALREADY_CHECKED_IN_ELSEWHERE', 'alreadyElsewhere', { shelter })
export const tokenReused = () => e('CONFLICT', 'CHECK_IN_TOKEN_REUSED', 'tokenReused')
export const checkInNotFound = () => e('NOT_FOUND', 'CHECK_IN_NOT_FOUND', 'checkInNotFound')
