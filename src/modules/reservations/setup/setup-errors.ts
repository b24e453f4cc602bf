/** Expected failures of the setup area. */
import { AppError } from '../../../platform/errors.js'

export const facilityNotFound = () => new AppError('NOT_FOUND', 'RESERVATIONS.FACILITY_NOT_FOUND', 'errors.notFound')
export const resourceNotFound = () => new AppError('NOT_FOUND', 'RESERVATIONS.RESOURCE_NOT_FOUND', 'errors.notFound')
export const purposeNotFound = () => new AppError('NOT_FOUND', 'RESERVATIONS.PURPOSE_NOT_FOUND', 'errors.notFound')
export const exemptionNotFound = () => new AppError('NOT_FOUND', 'RESERVATIONS.EXEMPTION_NOT_FOUND', 'errors.notFound')
export const setupRowNotFound = () => new AppError('NOT_FOUND', 'RESERVATIONS.NOT_FOUND', 'errors.notFound')
export const groupNotFound = () => new AppError('NOT_FOUND', 'RESERVATIONS.GROUP_NOT_FOUND', 'errors.notFound')
/** An approve / reject / suspend that does not fit the group's status (someone else acted first). */
export const groupStatusChanged = () => new AppError('CONFLICT', 'RESERVATIONS.GROUP_STATUS_CHANGED', 'reservations.setup.groups.statusChanged')
