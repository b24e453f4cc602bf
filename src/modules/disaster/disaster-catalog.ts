import { buildCatalog, type Messages } from '../../platform/i18n/catalog-builder.js'

/** Messages of the disaster module: key → [日本語, やさしい日本語, English]. */
const messages: Messages = {
  'disaster.shelterCsv.unterminatedQuote': ['{line}行目で始まる「"」が閉じられていません。', '{line}ぎょうめ の 「"」が とじて いません。', 'The quote opened on line {line} is never closed.'],
  'disaster.shelterCsv.emptyFile': ['ファイルが空です。', 'ファイル に なにも ありません。', 'The file is empty.'],
  'disaster.shelterCsv.unknownHeader': [
    '見出し行が指定緊急避難場所一覧の形式ではありません(先頭: {first})。',
    'さいしょ の ぎょう が ただしく ありません({first})。',
    'The header is not a 指定緊急避難場所一覧 header (it starts: {first}).',
  ],
  'disaster.shelterCsv.missingColumn': ['列「{column}」がありません。', '「{column}」の れつ が ありません。', 'The column “{column}” is missing.'],
  'disaster.shelterCsv.tooManyRows': ['行が多すぎます(最大{max}行)。', 'ぎょう が おおすぎます({max}ぎょう まで)。', 'Too many rows (at most {max}).'],
  'disaster.shelterCsv.nameMissing': ['名称が空のため取り込みませんでした。', 'なまえ が ない ので いれません でした。', 'Not imported: the name is empty.'],
  'disaster.shelterCsv.addressMissing': ['住所が空のため取り込みませんでした。', 'じゅうしょ が ない ので いれません でした。', 'Not imported: the address is empty.'],
  'disaster.shelterCsv.lgCodeInvalid': [
    '地方公共団体コード「{value}」が正しくない(6桁でない、またはチェックデジットが合わない)ため取り込みませんでした。',
    'まち の コード「{value}」が ただしく ない ので いれません でした。',
    'Not imported: the local government code “{value}” is not six digits or its check digit is wrong.',
  ],
  'disaster.shelterCsv.otherMunicipality': ['他の自治体({value})の行のため取り込みませんでした。', 'ほか の まち({value})の ぎょう なので いれません でした。', 'Not imported: the row belongs to another municipality ({value}).'],
  'disaster.shelterCsv.lgCodeCheckDigitAdded': ['5桁のコード「{from}」にチェックデジットを補い「{to}」としました。', 'コード「{from}」を「{to}」に なおしました。', 'Added the check digit to the five-digit code {from}: {to}.'],
  'disaster.shelterCsv.coordinatesUnreadable': [
    '緯度・経度「{latitude}, {longitude}」を読めないため、位置なしで取り込みました。',
    'いち が よめない ので、いち なし で いれました。',
    'Imported without a location: the coordinates “{latitude}, {longitude}” cannot be read.',
  ],
  'disaster.shelterCsv.coordinatesSwapped': ['緯度と経度が入れ替わっていたため直しました({latitude}, {longitude})。', 'いど と けいど が ぎゃく だった ので なおしました。', 'Latitude and longitude were swapped; corrected to {latitude}, {longitude}.'],
  'disaster.shelterCsv.coordinatesOutsideJapan': [
    '緯度・経度({latitude}, {longitude})が日本の範囲外のため、位置なしで取り込みました。',
    'いち が にほん の そと なので、いち なし で いれました。',
    'Imported without a location: {latitude}, {longitude} is outside Japan.',
  ],
  'disaster.shelterCsv.flagNormalised': ['「{value}」を「1」(対象)として読みました。', '「{value}」を「1」と よみました。', 'Read “{value}” as 1 (designated).'],
  'disaster.shelterCsv.flagUnreadable': ['「{value}」を読めないため、対象外として読みました。', '「{value}」が よめない ので、たいしょう では ない と しました。', 'Could not read “{value}”; read it as not designated.'],
  'disaster.shelterCsv.noHazard': ['どの災害種別にも印がありません。内容を確認してください。', 'どの さいがい にも しるし が ありません。たしかめて ください。', 'No hazard is marked for this place; please check it.'],
  'disaster.shelterCsv.capacityRead': ['想定収容人数「{from}」を{to}人として読みました。', '「{from}」を {to}にん と よみました。', 'Read the capacity “{from}” as {to}.'],
  'disaster.shelterCsv.capacityUnreadable': ['想定収容人数「{value}」を読めないため、空欄としました。', '「{value}」が よめない ので、からっぽ に しました。', 'Could not read the capacity “{value}”; left it empty.'],
  'disaster.sensors.thresholdNotANumber': ['しきい値と戻り幅は数値で入力してください。', 'すうじ で いれて ください。', 'Enter the thresholds and the hysteresis as numbers.'],
  'disaster.sensors.thresholdsNotRising': ['しきい値は 注意 < 警戒 < 危険 の順に大きくしてください。', '注意 より 警戒、警戒 より 危険 を おおきく して ください。', 'The thresholds must rise: caution < warning < danger.'],
  'disaster.sensors.hysteresisNegative': ['戻り幅は0以上にしてください。', 'もどりはば は 0 いじょう に して ください。', 'The hysteresis cannot be negative.'],
  'disaster.sensors.hysteresisTooWide': ['戻り幅は、しきい値どうしの差より小さくしてください。', 'もどりはば を ちいさく して ください。', 'The hysteresis must be smaller than the gap between thresholds.'],
}

export const disasterCatalog = buildCatalog(messages)
