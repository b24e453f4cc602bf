import type { CatalogSet } from '../../../platform/i18n/i18n.js'

/** Messages of the procedures API's own problems (the answers' messages are the procedures module's). */
export const proceduresApiCatalog: CatalogSet = {
  ja: {
    'proceduresApi.errors.invalidRequest': '送られた内容が申請の形式になっていません。',
    'proceduresApi.errors.invalidQuery': '検索の条件が正しくありません。',
    'proceduresApi.errors.idempotencyKeyRequired': 'ヘッダー「Idempotency-Key」に、8文字から200文字の英数字・記号を付けてください。',
    'proceduresApi.errors.field': '「{path}」の値が正しくありません。',
  },
  'ja-easy': {
    'proceduresApi.errors.invalidRequest': 'おくった ないよう が しんせい の かたち に なって いません。',
    'proceduresApi.errors.invalidQuery': 'さがす じょうけん が ちがいます。',
    'proceduresApi.errors.idempotencyKeyRequired': 'ヘッダー「Idempotency-Key」に、8もじ から 200もじ の えいすうじ を つけて ください。',
    'proceduresApi.errors.field': '「{path}」の あたい が ちがいます。',
  },
  en: {
    'proceduresApi.errors.invalidRequest': 'The request body is not an application.',
    'proceduresApi.errors.invalidQuery': 'The search parameters are not valid.',
    'proceduresApi.errors.idempotencyKeyRequired': 'Send an Idempotency-Key header of 8 to 200 visible ASCII characters.',
    'proceduresApi.errors.field': 'The value of “{path}” is not valid.',
  },
}
