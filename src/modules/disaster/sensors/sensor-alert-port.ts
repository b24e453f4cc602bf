/**
 * The one call from sensors into the alerts area: a rise to 警戒 or 危険 becomes an alert draft
 * that staff approve (or discard) in the alerts area. Sensors never send to residents.
 *
 * The draft is made inside a savepoint of the ingestion's transaction: if the alerts area
 * refuses (e.g. the municipality has no districts yet) the readings, the level change and the
 * staff mails still go through, and the event simply has no draft.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { createSensorAlertDraft, type SensorAlertDraftInput } from '../alerts/index.js'

export async function draftSensorAlert(trx: Transaction<Database>, tenantId: string, input: SensorAlertDraftInput): Promise<{ alertId: string } | { error: unknown }> {
  await sql`SAVEPOINT sensor_alert_draft`.execute(trx)
  try {
    const draft = await createSensorAlertDraft(trx, tenantId, input)
    await sql`RELEASE SAVEPOINT sensor_alert_draft`.execute(trx)
    return { alertId: draft.alertId }
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT sensor_alert_draft`.execute(trx)
    return { error }
  }
}
