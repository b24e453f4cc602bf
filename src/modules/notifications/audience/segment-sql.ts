/**
 * The residents a segment definition (segment-definition.ts) means, as SQL. The same SQL serves
 * a saved segment — its definition read from `segments` when the notice is queued, so a
 * scheduled notice uses the segment as it is then, and a deleted one means nobody — and a
 * definition being edited (a literal), whose count staff see before saving: the count shown is
 * the set sent to.
 *
 * Reads `applications` and `procedures`, tables of the procedures module, for answer conditions:
 * a documented read (audience/README.md) of submitted applications' answers (any status but
 * draft and withdrawn), for residents whose notification profile allows answer targeting.
 */
import { sql, type RawBuilder } from 'kysely'
import type { AreaGeometry } from './district-geometry.js'
import type { SegmentDefinition } from './segment-definition.js'

/**
 * The SQL function notifications_segment_residents (migrations/0008_notifications_geography.sql)
 * builds the query from the definition when it runs, with only the conditions it uses, so the
 * planner sees real values: a district condition uses the district index, a birthdate is joined
 * only for an age condition. An absent or malformed definition means nobody.
 */
export function definitionResidentsSql(tenantId: string, definition: RawBuilder<unknown>): RawBuilder<{ resident_id: string }> {
  return sql`SELECT x.resident_id FROM notifications_segment_residents(${tenantId}::uuid, (${definition})::jsonb) AS x(resident_id)`
}

/** The residents of a definition not saved yet (the count before saving). */
export function segmentDefinitionResidentsSql(tenantId: string, definition: SegmentDefinition): RawBuilder<{ resident_id: string }> {
  return definitionResidentsSql(tenantId, sql`${JSON.stringify(definition)}::jsonb`)
}

/** The residents of a saved segment, its definition read when the query runs (none if it was deleted). */
export function savedSegmentResidentsSql(tenantId: string, segmentId: string): RawBuilder<{ resident_id: string }> {
  return definitionResidentsSql(tenantId, sql`(SELECT sg.definition FROM segments sg WHERE sg.tenant_id = ${tenantId} AND sg.id = ${segmentId}::uuid)`)
}

/** The residents of an area drawn on a map (validated geometry). */
export function areaResidentsSql(tenantId: string, geometry: AreaGeometry): RawBuilder<{ resident_id: string }> {
  return definitionResidentsSql(tenantId, sql`${JSON.stringify({ area: geometry })}::jsonb`)
}
