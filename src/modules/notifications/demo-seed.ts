/**
 * Demo data for デモ市's notifications hub, in dependency order: districts and topics, templates,
 * residents' channels and preferences, garbage calendars, then a few notices already sent.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../platform/db/schema.js'
import { seedAudienceDemo } from './audience/audience-demo.js'
import { seedTemplatesDemo } from './templates/templates-demo.js'
import { seedResidentsDemo } from './residents/residents-demo.js'
import { seedGarbageDemo } from './garbage/garbage-demo.js'
import { seedComposeDemo } from './compose/compose-demo.js'

export async function seedNotificationsDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await seedAudienceDemo(trx, tenantId)
  await seedTemplatesDemo(trx, tenantId)
  await seedResidentsDemo(trx, tenantId)
  await seedGarbageDemo(trx, tenantId)
  await seedComposeDemo(trx, tenantId)
}
