import { sql, type RawBuilder } from 'kysely'
import type { Audience } from '../notification-tables.js'

/**
 * The residents an audience means, as a SQL subquery yielding `resident_id` — used both to count
 * recipients before sending and inside the INSERT … SELECT that creates deliveries, so the count
 * staff see is the set that is sent to. Runs under the tenant's RLS context; `tenantId` is also
 * filtered explicitly so the planner can use the (tenant_id, …) indexes.
 */
export function audienceResidentsSql(tenantId: string, audience: Audience): RawBuilder<{ resident_id: string }> {
  switch (audience.kind) {
    case 'everyone':
      return sql`SELECT r.id AS resident_id FROM residents r WHERE r.tenant_id = ${tenantId}`
    case 'residents':
      return sql`SELECT r.id AS resident_id FROM residents r WHERE r.tenant_id = ${tenantId} AND r.id = ANY(${audience.residentIds}::uuid[])`
    case 'topic':
      return sql`SELECT s.resident_id FROM topic_subscriptions s WHERE s.tenant_id = ${tenantId} AND s.topic_id = ${audience.topicId}::uuid`
    case 'districts':
      return sql`SELECT p.resident_id FROM resident_notification_profiles p WHERE p.tenant_id = ${tenantId} AND p.district_id = ANY(${audience.districtIds}::uuid[])`
    case 'segment':
    case 'area':
      throw new Error(`audience kind ${audience.kind} is not supported yet`)
  }
}
