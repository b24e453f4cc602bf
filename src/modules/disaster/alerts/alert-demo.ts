/** デモ市's evacuation information: emergency contacts and a staff draft (level 4, flood) ready to review and issue. */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { listDistricts } from '../../notifications/index.js'
import { alertsDb } from './alert-tables.js'
import { templateTexts } from './alert-texts.js'

export async function seedAlerts(trx: Transaction<Database>, tenantId: string): Promise<void> {
  const db = alertsDb(trx)
  await db
    .insertInto('disasterSettings')
    .values({ tenantId, twoPersonRule: false, emergencyContacts: JSON.stringify([{ label: { ja: 'デモ市 災害対策本部', 'ja-easy': 'さいがい たいさく ほんぶ', en: 'Disaster headquarters' }, phone: '03-0000-1190' }]), updatedAt: new Date() })
    .onConflict(oc => oc.column('tenantId').doNothing())
    .execute()
  const districts = (await listDistricts(trx, tenantId)).filter(d => d.code === 'minami-1' || d.code === 'minami-2')
  const existing = await db.selectFrom('evacuationAlerts').select('id').where('tenantId', '=', tenantId).limit(1).executeTakeFirst()
  if (districts.length === 0 || existing) return
  const tenant = await trx.selectFrom('tenants').select(['name', 'nameEn']).where('id', '=', tenantId).executeTakeFirstOrThrow()
  const texts = templateTexts({ msgType: 'Alert', level: 4, hazards: ['flood'], districtNames: districts.map(d => d.names), municipality: { ja: tenant.name, en: tenant.nameEn } })
  const proposal = { msgType: 'Alert', level: 4, hazards: ['flood'], districtIds: districts.map(d => d.id), texts, requestedBy: null, requestedAt: new Date().toISOString(), awaitingApproval: false }
  await db
    .insertInto('evacuationAlerts')
    .values({ tenantId, isTraining: false, level: 4, hazards: ['flood'], districtIds: proposal.districtIds, texts: JSON.stringify(texts), proposal: JSON.stringify(proposal), updatedAt: new Date() })
    .execute()
}
