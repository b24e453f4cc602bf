import { sql, type RawBuilder } from 'kysely'
import type { Audience } from '../notification-tables.js'
import { validateGeometry } from './district-geometry.js'
import { invalidArea, segmentNotFound, topicNotFound } from './audience-errors.js'
import { MAX_AREA_POSITIONS } from './segment-definition.js'
import { areaResidentsSql, savedSegmentResidentsSql } from './segment-sql.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids that are not uuids name nobody: dropped here, rather than failing the ::uuid[] cast mid-send. */
const uuids = (ids: readonly string[]) => ids.filter(id => typeof id === 'string' && UUID.test(id))

/**
 * The residents an audience means, as a SQL subquery yielding `resident_id` — used both to count
 * recipients before sending and inside the INSERT … SELECT that creates deliveries, so the count
 * staff see is the set that is sent to. Runs under the tenant's RLS context; `tenantId` is also
 * filtered explicitly so the planner can use the (tenant_id, …) indexes.
 *
 * Synchronous on purpose (the delivery engine builds its INSERT … SELECT around it): a segment's
 * definition is read by the query itself from `segments` when it runs, so a scheduled notice uses
 * the segment as it is at sending time, and a deleted segment means nobody.
 *
 * An 'area' audience whose geometry is not a valid Polygon / MultiPolygon throws
 * NOTIFICATIONS.INVALID_AREA (422) before any SQL runs.
 */
export function audienceResidentsSql(tenantId: string, audience: Audience): RawBuilder<{ resident_id: string }> {
  switch (audience.kind) {
    case 'everyone':
      return sql`SELECT r.id AS resident_id FROM residents r WHERE r.tenant_id = ${tenantId}`
    case 'residents':
      return sql`SELECT r.id AS resident_id FROM residents r WHERE r.tenant_id = ${tenantId} AND r.id = ANY(${uuids(audience.residentIds)}::uuid[])`
    case 'topic':
      if (!UUID.test(audience.topicId)) throw topicNotFound()
      return sql`SELECT s.resident_id FROM topic_subscriptions s WHERE s.tenant_id = ${tenantId} AND s.topic_id = ${audience.topicId}::uuid`
    case 'districts':
      return sql`SELECT p.resident_id FROM resident_notification_profiles p WHERE p.tenant_id = ${tenantId} AND p.district_id = ANY(${uuids(audience.districtIds)}::uuid[])`
    case 'segment':
      // an id that is not a uuid would fail the ::uuid cast mid-query: refuse it as unknown
      if (!UUID.test(audience.segmentId)) throw segmentNotFound()
      return savedSegmentResidentsSql(tenantId, audience.segmentId)
    case 'area': {
      const checked = validateGeometry(audience.geometry)
      if (!checked.ok || checked.positions > MAX_AREA_POSITIONS) throw invalidArea()
      return areaResidentsSql(tenantId, checked.geometry)
    }
  }
}
