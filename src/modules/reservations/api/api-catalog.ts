import { buildCatalog, type Messages } from '../../../platform/i18n/catalog-builder.js'

/** Messages of the api area: key → [日本語, やさしい日本語, English]. */
const messages: Messages = {
  'reservations.api.errors.invalidQuery': ['検索条件が正しくありません。', 'しらべる じょうけん が ただしく ありません。', 'The search parameters are not valid.'],
  'reservations.api.errors.invalidRequest': ['予約の内容が正しくありません。', 'よやく の ないよう が ただしく ありません。', 'The booking request is not valid.'],
  'reservations.api.errors.idempotencyKeyRequired': [
    'Idempotency-Key ヘッダー(8〜200文字)が必要です。',
    'Idempotency-Key(8〜200 もじ)を つけて ください。',
    'An Idempotency-Key header (8–200 characters) is required.',
  ],
  'reservations.api.errors.field': ['「{path}」が正しくありません。', '「{path}」が ただしく ありません。', '“{path}” is not valid.'],
}

export const apiCatalog = buildCatalog(messages)
