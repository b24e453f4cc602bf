import type { CatalogSet } from '../i18n.js'

/** Upload messages (platform/files): shown next to a file field or on a 413 page. */
export const filesCatalog: CatalogSet = {
  ja: {
    'files.errors.tooLarge': 'ファイルの大きさが上限({max})を超えています。{max}以下のファイルを選んでください。',
    'files.errors.empty': 'ファイルの中身が空です。別のファイルを選んでください。',
    'files.errors.typeNotAllowed': 'この種類のファイルは受け付けていません。{types} のいずれかのファイルを選んでください。',
    'files.errors.infected': 'ファイルからウイルスなどの有害なプログラムが見つかったため、受け付けできません。',
    'files.errors.scanUnavailable': 'ファイルの安全確認が一時的にできません。しばらく待ってから、もう一度送信してください。',
    'files.errors.unreadableImage': '画像を読み取れませんでした。ファイルが壊れていないか確かめて、別の画像を選んでください。',
    'files.errors.tooManyFiles': '一度に送れるファイルの数(最大{max}件)を超えています。',
    'files.errors.alreadyLinked': 'このファイルは、すでに別の申請などに添付されています。',
  },
  'ja-easy': {
    'files.errors.tooLarge': 'ファイル が おおきすぎます。{max} より ちいさい ファイル を えらんで ください。',
    'files.errors.empty': 'ファイル の なか に なにも ありません。ほかの ファイル を えらんで ください。',
    'files.errors.typeNotAllowed': 'この ファイル は おくれません。{types} の ファイル を えらんで ください。',
    'files.errors.infected': 'ファイル に ウイルス が ありました。この ファイル は おくれません。',
    'files.errors.scanUnavailable': 'いま ファイル を しらべる ことが できません。すこし まって から もういちど おくって ください。',
    'files.errors.unreadableImage': 'がぞう を よむ ことが できませんでした。ほかの がぞう を えらんで ください。',
    'files.errors.tooManyFiles': 'ファイル が おおすぎます。いちど に おくれる のは {max} こ まで です。',
    'files.errors.alreadyLinked': 'この ファイル は もう ほかの もうしこみ に つかわれて います。',
  },
  en: {
    'files.errors.tooLarge': 'The file is larger than the limit ({max}). Choose a file of {max} or less.',
    'files.errors.empty': 'The file is empty. Choose another file.',
    'files.errors.typeNotAllowed': 'This kind of file is not accepted. Choose a {types} file.',
    'files.errors.infected': 'A virus or other harmful program was found in the file, so it cannot be accepted.',
    'files.errors.scanUnavailable': 'The file cannot be checked for safety right now. Wait a little and send it again.',
    'files.errors.unreadableImage': 'The image could not be read. Check that the file is not damaged, or choose another image.',
    'files.errors.tooManyFiles': 'Too many files at once (at most {max}).',
    'files.errors.alreadyLinked': 'This file is already attached to another application.',
  },
}
