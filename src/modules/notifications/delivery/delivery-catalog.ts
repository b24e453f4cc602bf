import { buildCatalog, type Messages } from '../../../platform/i18n/catalog-builder.js'

const MESSAGES: Messages = {
  'notifications.delivery.trainingMark': ['【訓練】', '【くんれん】', '[Drill] '],
  'notifications.delivery.trainingNote': [
    'これは訓練のお知らせです。実際の災害や避難の情報ではありません。',
    'これは れんしゅうの おしらせです。ほんとうの さいがいでは ありません。',
    'This is a drill. It is not a real emergency.',
  ],
  'notifications.delivery.digestSubject': ['{municipality}からのお知らせ（{count}件）', '{municipality}からの おしらせ（{count}こ）', '{count} notices from {municipality}'],
  'notifications.delivery.digestIntro': [
    '本日のお知らせをまとめてお送りします。',
    'きょうの おしらせを まとめて おくります。',
    "Here are today's notices in one message.",
  ],
  'notifications.delivery.digestPush': ['お知らせが{count}件あります', 'おしらせが {count}こ あります', 'You have {count} notices'],
}

export const deliveryCatalog = buildCatalog(MESSAGES)
