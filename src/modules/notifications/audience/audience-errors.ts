/** Expected failures of the audience area (topics, districts, segments, drawn areas). */
import { AppError } from '../../../platform/errors.js'

/** An area that is not a valid Polygon / MultiPolygon (unclosed, self-intersecting, out of range…). */
export const invalidArea = () => new AppError('UNPROCESSABLE', 'NOTIFICATIONS.INVALID_AREA', 'audience.errors.invalidArea')

/** A topic, district or segment of this tenant that does not exist. */
export const topicNotFound = () => new AppError('NOT_FOUND', 'NOTIFICATIONS.TOPIC_NOT_FOUND', 'errors.notFound')
export const districtNotFound = () => new AppError('NOT_FOUND', 'NOTIFICATIONS.DISTRICT_NOT_FOUND', 'errors.notFound')
export const segmentNotFound = () => new AppError('NOT_FOUND', 'NOTIFICATIONS.SEGMENT_NOT_FOUND', 'errors.notFound')
