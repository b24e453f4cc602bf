import { buildCatalog, type Messages } from '../../platform/i18n/catalog-builder.js'

/**
 * Words every area of the module shares: kinds, categories, statuses, channels, weekdays. Area
 * catalogs hold their own pages' texts under `reservations.<area>.`.
 */
const messages: Messages = {
  'staffNav.reservations': ['施設予約', 'しせつ の よやく', 'Reservations'],
  'reservations.title': ['施設予約', 'しせつ の よやく', 'Facility booking'],
  'reservations.mypageLink': ['施設・窓口の予約(マイ予約)', 'わたし の よやく', 'My bookings'],

  'reservations.kind.space': ['部屋・施設', 'へや・しせつ', 'Room or space'],
  'reservations.kind.appointment': ['窓口・予約枠', 'まどぐち・よやく の わく', 'Appointment'],

  'reservations.category.meeting-room': ['会議室', 'かいぎしつ', 'Meeting room'],
  'reservations.category.japanese-room': ['和室', 'わしつ(たたみ の へや)', 'Japanese-style room'],
  'reservations.category.gym': ['体育館', 'たいいくかん', 'Gymnasium'],
  'reservations.category.court': ['コート・グラウンド', 'コート・グラウンド', 'Court or field'],
  'reservations.category.hall': ['ホール', 'ホール', 'Hall'],
  'reservations.category.studio': ['音楽室・スタジオ', 'おんがく の へや', 'Studio'],
  'reservations.category.vaccination': ['予防接種', 'よぼう せっしゅ(ワクチン)', 'Vaccination'],
  'reservations.category.health-check': ['健康診断・健診', 'けんこう しんだん', 'Health check-up'],
  'reservations.category.counter': ['窓口の来庁予約', 'まどぐち に くる よやく', 'Counter visit'],
  'reservations.category.consultation': ['相談', 'そうだん', 'Consultation'],

  'reservations.status.held': ['仮押さえ中', 'かり に おさえて います', 'Held'],
  'reservations.status.won': ['当選(確定待ち)', 'あたり(かくてい して ください)', 'Won — confirm it'],
  'reservations.status.awaiting_payment': ['仮予約(支払い待ち)', 'かり よやく(おかね を まって います)', 'Provisional — awaiting payment'],
  'reservations.status.confirmed': ['予約確定', 'よやく が きまりました', 'Confirmed'],
  'reservations.status.checked_in': ['利用済み(受付済み)', 'つかいました', 'Checked in'],
  'reservations.status.no_show': ['無断欠席', 'こなかった', 'No-show'],
  'reservations.status.cancelled': ['取消し', 'とりけし', 'Cancelled'],
  'reservations.status.expired': ['期限切れ', 'きげん が すぎた', 'Expired'],

  'reservations.paymentMethod.none': ['支払いなし', 'おかね は いりません', 'No payment'],
  'reservations.paymentMethod.online': ['オンライン決済', 'インターネット で はらう', 'Online payment'],
  'reservations.paymentMethod.counter': ['窓口払い', 'まどぐち で はらう', 'Pay at the counter'],

  'reservations.channel.web': ['ウェブ', 'ウェブ', 'Web'],
  'reservations.channel.api': ['API(キオスク・LINE等)', 'API', 'API (kiosk, LINE…)'],
  'reservations.channel.phone': ['電話', 'でんわ', 'Phone'],
  'reservations.channel.counter': ['窓口', 'まどぐち', 'Counter'],
  'reservations.channel.lottery': ['抽選', 'ちゅうせん', 'Lottery'],
  'reservations.channel.waitlist': ['キャンセル待ち', 'キャンセル まち', 'Waitlist'],

  'reservations.weekday.0': ['日', 'にち', 'Sun'],
  'reservations.weekday.1': ['月', 'げつ', 'Mon'],
  'reservations.weekday.2': ['火', 'か', 'Tue'],
  'reservations.weekday.3': ['水', 'すい', 'Wed'],
  'reservations.weekday.4': ['木', 'もく', 'Thu'],
  'reservations.weekday.5': ['金', 'きん', 'Fri'],
  'reservations.weekday.6': ['土', 'ど', 'Sat'],

  'reservations.yen': ['{amount}円', '{amount} えん', '¥{amount}'],
  'reservations.free': ['無料', 'むりょう(0 えん)', 'Free'],
  'reservations.seatsLeft': ['残り{count}', 'のこり {count}', '{count} left'],
  'reservations.full': ['満員', 'いっぱい', 'Full'],
  'reservations.closed': ['休館', 'おやすみ', 'Closed'],
}

export const reservationsCatalog = buildCatalog(messages)
