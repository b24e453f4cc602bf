/**
 * デモ市's notices, seeded after the other areas (topics, templates, residents): a 防災訓練
 * notice to everyone, queued so that the delivery pump delivers it when the server starts, and a
 * critical notice written by a clerk that waits for a supervisor's approval — so the overview,
 * progress and approval pages show something on first start.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { listTopics } from '../audience/topic-repository.js'
import { countDeliveryTargets, insertNotice, queueNoticeDeliveries } from '../delivery/index.js'
import { getTemplateVersionByKey } from '../templates/template-service.js'
import { checkPersonalisation } from '../templates/template-placeholders.js'
import type { NoticeContent } from '../notification-tables.js'
import { setNoticeStatus } from './compose-repository.js'

const CLERK_EMAIL = 'clerk@demo.yakuba.localhost'
const SUPERVISOR_EMAIL = 'supervisor@demo.yakuba.localhost'

const DRILL_VALUES = { date: '11月29日(土)', time: '午前9時', place: 'デモ市立中央公園' }

/** Used when the templates demo has no 防災訓練 template (the texts are the same notice). */
const DRILL_TEXTS: NoticeContent = {
  ja: { subject: '防災訓練のお知らせ', body: '11月29日(土)午前9時から、デモ市立中央公園で総合防災訓練を行います。当日はサイレンが鳴りますが、訓練です。' },
  'ja-easy': { subject: 'ぼうさい くんれん の おしらせ', body: '11がつ29にち(どようび)あさ 9じ から、ちゅうおう こうえん で ぼうさい くんれん を します。サイレン が なります。くんれん です。' },
  en: { subject: 'Disaster drill', body: 'A city-wide disaster drill takes place at Demo City Central Park on Saturday 29 November from 9:00. Sirens will sound: it is a drill.' },
}

const SHELTER_TEXTS: NoticeContent = {
  ja: {
    subject: '大雨に備えて避難所を開設します',
    body: '大雨警報の発表に備え、本日17時から市内の指定避難所(中央公民館・第一小学校体育館)を開設します。川の近くや崖の近くにお住まいの方は、明るいうちの避難をご検討ください。',
    sms: '【デモ市】本日17時から中央公民館と第一小学校体育館に避難所を開設します。',
  },
  'ja-easy': { subject: 'ひなんじょ を あけます', body: 'あめ が たくさん ふる かもしれません。きょう 17じ から、ちゅうおう こうみんかん と だいいち しょうがっこう の たいいくかん を あけます。かわ の ちかく の ひと は、あかるい うち に にげて ください。' },
  en: { subject: 'Evacuation shelters open for heavy rain', body: 'With a heavy rain warning expected, the designated shelters (Central Community Hall, Daiichi Elementary School gym) open today from 17:00. If you live near a river or a slope, consider moving while it is still light.' },
}

async function findStaffId(trx: Transaction<Database>, tenantId: string, email: string): Promise<string | null> {
  const row = await trx.selectFrom('staffUsers').select('id').where('tenantId', '=', tenantId).where('email', '=', email).executeTakeFirst()
  return row?.id ?? null
}

export async function seedComposeDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  const clerkId = await findStaffId(trx, tenantId, CLERK_EMAIL)
  const supervisorId = await findStaffId(trx, tenantId, SUPERVISOR_EMAIL)
  const bosai = (await listTopics(trx, tenantId)).find(topic => topic.key === 'bosai' || topic.names.ja === '防災')

  // 防災訓練のお知らせ, from the templates demo's template when there is one whose values we know.
  const found = await getTemplateVersionByKey(trx, tenantId, 'bousai-kunren').catch(() => undefined)
  const template = found && checkPersonalisation(found.content, DRILL_VALUES).length === 0 ? found : undefined
  const drill = await insertNotice(
    trx,
    tenantId,
    {
      kind: 'broadcast',
      priority: 'normal',
      topicId: null,
      templateId: template?.template.id ?? null,
      templateVersion: template?.version ?? null,
      content: template?.content ?? DRILL_TEXTS,
      personalisation: template ? DRILL_VALUES : {},
      audience: { kind: 'everyone' },
      linkUrl: null,
      source: 'staff',
      createdByStaffId: clerkId,
      idempotencyKey: 'demo:compose:drill',
    },
    'draft',
  )
  if (drill.isNew) await queueNoticeDeliveries(trx, tenantId, drill.notice.id)

  // A critical notice from a clerk (who may not approve): it waits for 監督 一郎.
  const shelter = await insertNotice(
    trx,
    tenantId,
    {
      kind: 'broadcast',
      priority: 'critical',
      topicId: bosai?.id ?? null,
      content: SHELTER_TEXTS,
      audience: { kind: 'everyone' },
      linkUrl: null,
      source: 'staff',
      createdByStaffId: clerkId ?? supervisorId,
      idempotencyKey: 'demo:compose:shelter',
    },
    'draft',
  )
  if (shelter.isNew) {
    const counts = await countDeliveryTargets(trx, tenantId, { audience: { kind: 'everyone' }, priority: 'critical', topicId: bosai?.id ?? null })
    await setNoticeStatus(trx, tenantId, shelter.notice.id, 'pending_approval', counts.recipients)
  }
}
