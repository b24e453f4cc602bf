import { buildCatalog, type Messages } from '../../../platform/i18n/catalog-builder.js'

const E = 'notifications.api.errors'

/** Messages of the notices API's problems (texts' problems reuse the templates' messages). */
const MESSAGES: Messages = {
  [`${E}.invalidRequest`]: ['送られた内容がお知らせの形式になっていません。', 'おくった ないよう が おしらせ の かたち に なって いません。', 'The request body is not a notice.'],
  [`${E}.field`]: ['「{path}」の値が正しくありません。', '「{path}」の あたい が ちがいます。', 'The value of “{path}” is not valid.'],
  [`${E}.field.template_or_content`]: ['template と content のどちらか一方を指定してください。', 'template か content の どちらか 1つ を おくって ください。', 'Send either template or content, not both or neither.'],
  [`${E}.field.recipient_or_audience`]: ['recipient と audience のどちらか一方を指定してください。', 'recipient か audience の どちらか 1つ を おくって ください。', 'Send either recipient or audience, not both or neither.'],
  [`${E}.field.link`]: ['linkUrl は https:// で始まるURLか、/ で始まるこのサイトのパスにしてください。', 'linkUrl は https:// か / で はじめて ください。', 'linkUrl must be an https:// URL or a path on this site starting with /.'],
  [`${E}.field.too_many`]: ['「{path}」の項目が多すぎます。', '「{path}」が おおすぎます。', '“{path}” has too many entries.'],
  [`${E}.field.too_big`]: ['「{path}」が多すぎるか、長すぎます。', '「{path}」が おおすぎるか ながすぎます。', '“{path}” has too many entries or is too long.'],
  [`${E}.idempotencyKeyRequired`]: ['ヘッダー「Idempotency-Key」に、8文字から200文字の英数字・記号を付けてください。', 'ヘッダー「Idempotency-Key」に、8もじ から 200もじ の えいすうじ を つけて ください。', 'Send an Idempotency-Key header of 8 to 200 visible ASCII characters.'],
  [`${E}.idempotencyKeyReused`]: ['この Idempotency-Key は、別の内容のお知らせで使われています。新しいキーを使ってください。', 'この Idempotency-Key は ほか の おしらせ で つかいました。', 'This Idempotency-Key was used for a notice with a different body. Use a new key.'],
  [`${E}.templateNotFound`]: ['このキーのテンプレートはありません。', 'この キー の テンプレート は ありません。', 'There is no template with this key.'],
  [`${E}.templateVersionNotFound`]: ['テンプレートにこの版はありません。', 'テンプレート に この はん は ありません。', 'The template has no such version.'],
  [`${E}.contentInvalid`]: ['お知らせの文に問題があります。', 'おしらせ の ぶん に まちがい が あります。', 'The notice texts have problems.'],
  [`${E}.personalisationMissing`]: ['差し込み項目の値が足りません。', 'さしこみ の あたい が たりません。', 'Values are missing for some placeholders.'],
  [`${E}.placeholderMissing`]: ['差し込み項目 (({placeholder})) の値を personalisation に入れてください。', '(({placeholder})) の あたい を いれて ください。', 'Give a value for the placeholder (({placeholder})) in personalisation.'],
  [`${E}.recipientNotFound`]: ['この住民は見つかりません。', 'この ひと は みつかりません。', 'The resident was not found.'],
  [`${E}.audienceNotFound`]: ['配信先が見つかりません。', 'おくりさき が みつかりません。', 'The audience was not found.'],
  [`${E}.unknownTopic`]: ['トピック「{topic}」はありません。', 'トピック「{topic}」は ありません。', 'There is no topic “{topic}”.'],
  [`${E}.unknownSegment`]: ['この配信グループはありません。', 'この グループ は ありません。', 'There is no such segment.'],
  [`${E}.unknownDistrict`]: ['地区コード「{district}」はありません。', 'ちく「{district}」は ありません。', 'There is no district with the code “{district}”.'],
  [`${E}.scheduleInPast`]: ['配信日時が過ぎています。今より後の日時にしてください。', 'おくる ひ が すぎて います。', 'scheduledAt is in the past. Choose a later time.'],
  [`${E}.scheduleTooFar`]: ['配信日時は1年以内にしてください。', 'おくる ひ は 1ねん いない に して ください。', 'scheduledAt must be within a year from now.'],
  [`${E}.callbackUrlInvalid`]: ['statusCallback の URL が使えません。', 'statusCallback の URL は つかえません。', 'The statusCallback URL cannot be used.'],
  [`${E}.callbackUrl.scheme`]: ['https:// のURLにしてください(開発環境では http://127.0.0.1 と http://localhost も使えます)。', 'https:// の URL に して ください。', 'Use an https:// URL (http://127.0.0.1 and http://localhost work outside production).'],
  [`${E}.callbackUrl.host`]: ['内部ネットワークのアドレスには送れません。', 'なか の ネットワーク には おくれません。', 'Callbacks cannot go to private network addresses.'],
  [`${E}.callbackUrl.malformed`]: ['URLの形式が正しくありません(ユーザー名・パスワードや # は含めないでください)。', 'URL の かたち が ちがいます。', 'The URL is not valid (leave out user names, passwords and #fragments).'],
}

export const apiCatalog = buildCatalog(MESSAGES)
