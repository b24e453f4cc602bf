/**
 * Audience area of the notifications hub — who receives what: topics residents subscribe to,
 * districts (地区) with their boundaries, saved segments, and the SQL that turns any audience into
 * resident ids (audience-residents.ts). Staff pages live under /:tenant/staff/notifications/
 * {topics,districts,segments} and need `notifications.manage`. See README.md.
 */
import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../platform/platform.js'
import { createDistrictService } from './district-service.js'
import { registerDistrictRoutes } from './district-routes.js'
import { createSegmentService } from './segment-service.js'
import { registerSegmentRoutes } from './segment-routes.js'
import { createTopicService } from './topic-service.js'
import { registerTopicRoutes } from './topic-routes.js'

/** Registers the staff pages (the audience area has no resident or public pages). */
export function registerAudience(app: FastifyInstance, platform: Platform, surfaces: { public: boolean; staff: boolean }): void {
  if (!surfaces.staff) return
  const db = platform.database.db
  registerTopicRoutes(app, createTopicService(db))
  registerDistrictRoutes(app, createDistrictService(db))
  registerSegmentRoutes(app, createSegmentService(db))
}

export { audienceResidentsSql } from './audience-residents.js'
export { listTopics, findTopic, findTopicByKey } from './topic-repository.js'
export { listDistricts, listDistrictLabels, districtForPoint, findResidentPlace, type DistrictView, type DistrictLabel } from './district-repository.js'
export { listSegments, countAudienceResidents, type SegmentRow } from './segment-repository.js'
export { parseDistrictsGeoJson, type DistrictProblem, type ImportedDistrict } from './district-geojson.js'
export { validateGeometry, isPointInGeometry, bboxOf, centroidOf, type AreaGeometry, type Bbox, type GeometryProblem } from './district-geometry.js'
export { parseSegmentDefinition, SegmentDefinitionSchema, AGE_BANDS, type SegmentDefinition } from './segment-definition.js'
export { segmentDefinitionResidentsSql, savedSegmentResidentsSql, areaResidentsSql } from './segment-sql.js'
export { describeAreaProblem, describeDistrictProblem } from './audience-problems.js'
export { invalidArea } from './audience-errors.js'
