/**
 * Telling on-duty staff about a sensor: an email (through the platform's notify port, in the
 * caller's transaction, once per event and staff member) to every active staff account whose
 * roles grant disaster.operate, linking to the sensor's page. The dashboard's list of
 * unacknowledged warnings is the other half: a mail can be missed, the list stays until someone
 * acknowledges.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { translator } from '../../../platform/i18n/i18n.js'
import { defineNotificationTemplate } from '../../../platform/notify/notify.js'
import type { Platform } from '../../../platform/platform.js'
import { listOnDutyStaff } from './sensor-repository.js'
import type { Sensor, SensorEvent } from './sensor-tables.js'

export const sensorRiseTemplate = defineNotificationTemplate({ id: 'disaster.sensor-rise', subjectKey: 'sensors.mail.riseSubject', bodyKey: 'sensors.mail.riseBody', channels: ['email'] })
export const sensorOfflineTemplate = defineNotificationTemplate({ id: 'disaster.sensor-offline', subjectKey: 'sensors.mail.offlineSubject', bodyKey: 'sensors.mail.offlineBody', channels: ['email'] })

const TOKYO_TIME = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })

/** Staff mails are written in Japanese: the console's working language. */
export async function notifyOnDutyStaff(platform: Platform, trx: Transaction<Database>, tenant: { id: string; slug: string }, sensor: Sensor, event: SensorEvent): Promise<number> {
  const staff = await listOnDutyStaff(trx, tenant.id)
  const t = translator('ja')
  const template = event.kind === 'offline' ? sensorOfflineTemplate : sensorRiseTemplate
  const data = {
    sensor: sensor.names.ja,
    code: sensor.code,
    level: event.toLevel ? t(`sensors.level.${event.toLevel}`) : '',
    value: event.value ?? '',
    unit: sensor.unit,
    time: TOKYO_TIME.format(event.occurredAt),
    draft: event.alertId ? t('sensors.mail.draftCreated') : '',
  }
  for (const member of staff) {
    await platform.notifier.notify(trx, tenant.id, { email: member.email, locale: 'ja' }, template, data, {
      idempotencyKey: `sensor-event:${event.id}:${member.id}`,
      linkUrl: `/${tenant.slug}/staff/disaster/sensors/${sensor.id}`,
    })
  }
  return staff.length
}
