import { buildCatalog, type Messages } from '../../../platform/i18n/catalog-builder.js'

/** Messages of the queue area: key → [日本語, やさしい日本語, English]. Keys start with `reservations.queue.`. */
const messages: Messages = {
  'reservations.queue.title': ['順番待ち', 'じゅんばん を まって います', 'Waiting room'],
  'reservations.queue.placeLabel': ['予約するもの', 'よやく する もの', 'Booking for'],

  'reservations.queue.beforeOpening.title': ['受付開始前', 'まだ うけつけ して いません', 'Booking has not opened yet'],
  'reservations.queue.beforeOpening.body': [
    'この予約の受付は {opensAt} に始まります。',
    'この よやく は {opensAt} から できます。',
    'Booking opens at {opensAt} (Japan time).',
  ],
  'reservations.queue.beforeOpening.fairness': [
    '受付開始の時刻になると、このページが自動で更新され、受付番号をお渡しします。開始前からお待ちいただいても、開始直後に来られた方より早くなることはありません。',
    'じかん に なると、この ページ が かわって、ばんごう を わたします。はやく きても、じゅんばん は はやく なりません。',
    'When booking opens this page refreshes itself and gives you a number. Waiting before the opening does not put you ahead of people who arrive just after it.',
  ],
  'reservations.queue.beforeOpening.farAway': [
    '受付開始の時刻になったら、もう一度このページを開いてください。',
    'その じかん に なったら、もう いちど この ページ を ひらいて ください。',
    'Please come back to this page when booking opens.',
  ],

  'reservations.queue.waiting.lead': [
    'ただいま大変混み合っています。来られた順にご案内しますので、このページを開いたままお待ちください。',
    'いま、とても こんで います。きた じゅんばん に あんない します。この ページ を ひらいた まま まって ください。',
    'Many people are booking right now. You will be let in in the order you arrived; please keep this page open.',
  ],
  'reservations.queue.waiting.sameNumber': [
    'ページを再読み込みしたり、もう一度開いたりしても、順番は変わりません。',
    'ページ を もう いちど ひらいて も、じゅんばん は かわりません。',
    'Reloading or reopening this page does not change your place in the line.',
  ],
  'reservations.queue.ticketNumber': ['受付番号', 'うけつけ ばんごう', 'Your number'],
  'reservations.queue.peopleAhead': ['あなたより前の人数', 'あなた の まえ に いる ひと', 'People ahead of you'],
  'reservations.queue.people': ['{count}人', '{count}にん', '{count}'],
  'reservations.queue.estimatedWait': ['待ち時間の目安', 'まつ じかん(だいたい)', 'Estimated wait'],
  'reservations.queue.waitMinutes': ['約{minutes}分', 'だいたい {minutes}ふん', 'About {minutes} min'],
  'reservations.queue.waitSeconds': ['約{seconds}秒', 'だいたい {seconds}びょう', 'About {seconds} s'],
  'reservations.queue.refreshNote': [
    'このページは約{seconds}秒ごとに自動で新しくなります。',
    'この ページ は {seconds}びょう ごと に あたらしく なります。',
    'This page updates itself about every {seconds} seconds.',
  ],
  'reservations.queue.refreshStopped': [
    '自動更新を止めています。「今すぐ更新する」で順番を確かめてください。',
    'じどう で あたらしく なりません。「いま すぐ あたらしく する」を おして ください。',
    'Automatic updates are off. Use “Update now” to check your place.',
  ],
  'reservations.queue.refreshNow': ['今すぐ更新する', 'いま すぐ あたらしく する', 'Update now'],
  'reservations.queue.refreshOff': ['自動更新を止める', 'じどう で あたらしく しない', 'Stop automatic updates'],
  'reservations.queue.refreshOn': ['自動更新を再開する', 'じどう で あたらしく する', 'Turn automatic updates back on'],
  'reservations.queue.countdown': ['次の更新まで{seconds}秒', 'つぎ まで {seconds}びょう', 'Next update in {seconds} s'],

  'reservations.queue.admitted.title': ['順番が来ました', 'じゅんばん が きました', 'It is your turn'],
  'reservations.queue.admitted.body': ['予約の手続きに進んでください。', 'よやく に すすんで ください。', 'Please go on to book.'],
  'reservations.queue.noQueue.title': ['順番待ちはありません', 'まつ ひつよう は ありません', 'No waiting'],
  'reservations.queue.noQueue.body': ['今はそのまま予約に進めます。', 'いま すぐ よやく できます。', 'You can go straight on to book.'],
  'reservations.queue.continue': ['予約に進む', 'よやく に すすむ', 'Go on to book'],
  'reservations.queue.backToSearch': ['施設予約のトップへ', 'しせつ よやく の はじめ へ', 'Back to facility booking'],
}

export const queueCatalog = buildCatalog(messages)
