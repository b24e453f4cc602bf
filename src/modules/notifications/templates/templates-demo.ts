/**
 * デモ市's templates: the notices a town hall sends every year, in 日本語, やさしい日本語 and
 * English with the same ((placeholders)). 防災訓練 has two versions (the second adds a LINE flex
 * message) so the version history has something to show.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { NoticeContent } from '../notification-tables.js'
import { checkNoticeContent } from './template-content.js'
import { listPlaceholders } from './template-placeholders.js'
import { findTemplateByKey, insertTemplate, insertTemplateVersion, takeNextVersion } from './template-repository.js'

interface DemoTemplate {
  key: string
  name: string
  /** the topic's Japanese name, as the audience demo seeds it */
  topic: string
  versions: NoticeContent[]
}

const DRILL: NoticeContent = {
  ja: {
    subject: '((date))に防災訓練を行います',
    body: '市民の皆さまへ\n\n((date)) ((time))から、((place))で総合防災訓練を行います。当日は防災行政無線やサイレンが鳴りますが、訓練です。\n\n避難経路の確認や、非常持ち出し品の点検にご参加ください。雨天の場合も実施します。',
    sms: '【デモ市】((date)) ((time))から((place))で防災訓練を行います。サイレンは訓練です。',
    push: '((date)) ((time))から((place))で防災訓練を行います',
  },
  'ja-easy': {
    subject: '((date)) に ぼうさい くんれん を します',
    body: '((date)) ((time)) から、((place)) で ぼうさい くんれん(さいがい の れんしゅう)を します。\n\nサイレン が なります。くんれん です。しんぱい しないで ください。',
    sms: 'デモし: ((date)) ((time)) から ((place)) で ぼうさい くんれん を します。',
  },
  en: {
    subject: 'Disaster drill on ((date))',
    body: 'A city-wide disaster drill takes place at ((place)) on ((date)) from ((time)). You will hear sirens and announcements from the outdoor speakers: it is a drill.\n\nPlease join to check your evacuation route and emergency kit. The drill takes place even if it rains.',
    sms: 'Demo City: disaster drill at ((place)) on ((date)) from ((time)). Sirens are part of the drill.',
  },
}

const DRILL_FLEX = {
  type: 'bubble',
  body: {
    type: 'box',
    layout: 'vertical',
    contents: [
      { type: 'text', text: '防災訓練', weight: 'bold', size: 'xl' },
      { type: 'text', text: '((date)) ((time))から', wrap: true },
      { type: 'text', text: '場所: ((place))', wrap: true },
      { type: 'separator', margin: 'md' },
      { type: 'text', text: 'サイレンが鳴りますが、訓練です。', wrap: true, size: 'sm' },
    ],
  },
  footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', style: 'primary', action: { type: 'uri', label: '避難所を確認する', uri: 'https://example.jp/bousai' } }] },
}

const DEMO_TEMPLATES: DemoTemplate[] = [
  {
    key: 'bousai-kunren',
    name: '防災訓練のお知らせ',
    topic: '防災',
    versions: [DRILL, { ...DRILL, ja: { ...(DRILL.ja as NonNullable<NoticeContent['ja']>), lineFlex: DRILL_FLEX } }],
  },
  {
    key: 'moeru-gomi-henko',
    name: '燃えるごみ収集日の変更',
    topic: 'ごみ',
    versions: [
      {
        ja: {
          subject: '((district))の燃えるごみの収集日が変わります',
          body: '((date))から、((district))の燃えるごみの収集日が((before))から((after))に変わります。\n\n収集日の朝8時30分までに、決められた場所に出してください。ごみカレンダーは市のホームページでも確認できます。',
          sms: '【デモ市】((date))から((district))の燃えるごみは((after))に収集します(これまでは((before)))。',
        },
        'ja-easy': {
          subject: '((district)) の もえる ごみ の ひ が かわります',
          body: '((date)) から、((district)) の もえる ごみ を だす ひ が ((before)) から ((after)) に かわります。\n\nあさ 8じ30ぷん まで に、きめられた ばしょ に だして ください。',
        },
        en: {
          subject: 'Burnable garbage collection day changes in ((district))',
          body: 'From ((date)), burnable garbage in ((district)) is collected on ((after)) instead of ((before)).\n\nPut it out at your collection point by 8:30 in the morning. The garbage calendar is also on the city website.',
        },
      },
    ],
  },
  {
    key: 'kosodate-hiroba',
    name: '子育て広場イベント',
    topic: '子育て',
    versions: [
      {
        ja: {
          subject: '子育て広場のイベント(((date)))',
          body: '((date)) ((time))から、((place))で子育て広場のイベントを開きます。0歳から3歳までのお子さんと保護者の方が対象です。予約は不要、参加は無料です。\n\n手遊びや絵本の読み聞かせのほか、子育ての相談もできます。',
        },
        'ja-easy': {
          subject: 'こそだて ひろば の イベント(((date)))',
          body: '((date)) ((time)) から、((place)) で こそだて ひろば の イベント が あります。0さい から 3さい の こども と おや が さんか できます。\n\nよやく は いりません。おかね は かかりません。',
        },
        en: {
          subject: 'Parenting plaza event (((date)))',
          body: 'The parenting plaza holds an event at ((place)) on ((date)) from ((time)) for children aged 0 to 3 and their parents. No booking is needed and it is free.\n\nThere are finger plays and picture-book readings, and you can ask for advice on raising children.',
        },
      },
    ],
  },
  {
    key: 'kenshin-annai',
    name: '健診のご案内',
    topic: '健康',
    versions: [
      {
        ja: {
          subject: '特定健診・がん検診のご案内',
          body: '今年度の特定健診とがん検診の受付を始めました。((deadline))までに、((place))または市の指定医療機関でお受けください。\n\n受診券は封書でお送りしています。ご不明な点は健康づくり課(電話 ((phone)))へお問い合わせください。',
        },
        'ja-easy': {
          subject: 'けんこう しんだん(けんしん)の おしらせ',
          body: 'ことし の けんこう しんだん(けんしん)が はじまりました。((deadline)) まで に、((place)) か まち の びょういん で うけて ください。\n\nわからない こと は けんこうづくりか(でんわ ((phone)))に きいて ください。',
        },
        en: {
          subject: 'Health check-ups and cancer screening',
          body: 'Booking for this year’s health check-ups and cancer screening is open. Please have yours by ((deadline)) at ((place)) or at a designated clinic in the city.\n\nYour voucher comes by post. For questions, call the Health Promotion Division on ((phone)).',
        },
      },
    ],
  },
]

/** Seeds デモ市's templates once (a key already there is left as it is). */
export async function seedTemplatesDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  for (const demo of DEMO_TEMPLATES) {
    if (await findTemplateByKey(trx, tenantId, demo.key)) continue
    const topic = await sql<{ id: string }>`SELECT id FROM notification_topics WHERE tenant_id = ${tenantId} AND names->>'ja' = ${demo.topic} LIMIT 1`.execute(trx)
    const template = await insertTemplate(trx, tenantId, { key: demo.key, name: demo.name, topicId: topic.rows[0]?.id ?? null })
    for (const [index, content] of demo.versions.entries()) {
      const issues = checkNoticeContent(content)
      if (issues.length > 0) throw new Error(`demo template ${demo.key} v${index + 1} is invalid: ${JSON.stringify(issues)}`)
      const version = await takeNextVersion(trx, tenantId, template.id, index)
      if (version === undefined) throw new Error(`demo template ${demo.key}: version ${index + 1} was taken`)
      await insertTemplateVersion(trx, tenantId, { templateId: template.id, version, content, placeholders: listPlaceholders(content), createdByStaffId: null })
    }
  }
}

/** For tests: the demo contents are valid templates. */
export const DEMO_TEMPLATE_CONTENTS: readonly NoticeContent[] = DEMO_TEMPLATES.flatMap(demo => demo.versions)
