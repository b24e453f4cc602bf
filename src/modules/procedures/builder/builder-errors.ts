import { AppError } from '../../../platform/errors.js'

/** Expected failures of the form builder. Codes are stable; messages are catalog keys. */
export const procedureNotFound = () => new AppError('NOT_FOUND', 'PROCEDURES.NOT_FOUND', 'errors.notFound')
export const versionNotFound = () => new AppError('NOT_FOUND', 'PROCEDURES.VERSION_NOT_FOUND', 'errors.notFound')
