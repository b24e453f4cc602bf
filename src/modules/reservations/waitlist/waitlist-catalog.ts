import { buildCatalog, type Messages } from '../../../platform/i18n/catalog-builder.js'

/** Messages of the waitlist area: key → [日本語, やさしい日本語, English]. Keys start with `reservations.waitlist.`. */
const messages: Messages = {
  'reservations.waitlist.place': ['施設・予約枠', 'ばしょ', 'Place'],
  'reservations.waitlist.when': ['日時', 'ひにち と じかん', 'Date and time'],
  'reservations.waitlist.partySize': ['人数', 'にんずう', 'Number of people'],
  'reservations.waitlist.status': ['状況', 'いま の ようす', 'Status'],
  'reservations.waitlist.actions': ['操作', 'する こと', 'Actions'],
  'reservations.waitlist.seats': ['空き', 'あき', 'Availability'],
  'reservations.waitlist.waitingCount': ['キャンセル待ちの人数', 'キャンセル を まって いる ひと', 'People on the waitlist'],
  'reservations.waitlist.people': ['{count}人', '{count}にん', '{count}'],
  'reservations.waitlist.errorSummary': ['入力内容に問題があります', 'いれた ないよう に まちがい が あります', 'There is a problem'],

  'reservations.waitlist.mine.title': ['キャンセル待ち', 'キャンセル まち', 'Your waitlist'],
  'reservations.waitlist.mine.lead': [
    '満員の予約枠に空きが出ると、お知らせ(受信箱とメール)でご案内します。',
    'いっぱい の よやく に あき が でたら、おしらせ と メール で おしえます。',
    'When a seat frees up on a full slot, we tell you in your inbox and by email.',
  ],
  'reservations.waitlist.mine.none': ['キャンセル待ちの登録はありません。', 'キャンセル まち は ありません。', 'You are not on any waitlist.'],
  'reservations.waitlist.mine.caption': ['キャンセル待ちの一覧', 'キャンセル まち の いちらん', 'Your waitlist entries'],
  'reservations.waitlist.mine.ahead': ['あなたより前に{count}人', 'あなた の まえ に {count}にん', '{count} ahead of you'],
  'reservations.waitlist.mine.offerUntil': [
    '{until}まで。お知らせのリンクからお申し込みください。',
    '{until} まで。おしらせ の リンク から もうしこんで ください。',
    'Until {until}. Use the link in your notice to book.',
  ],
  'reservations.waitlist.mine.openBooking': ['予約を見る', 'よやく を みる', 'View the booking'],
  'reservations.waitlist.withdraw': ['キャンセル待ちをやめる', 'キャンセル まち を やめる', 'Leave the waitlist'],

  'reservations.waitlist.done.joined.title': ['キャンセル待ちに登録しました', 'キャンセル まち に なりました', 'You are on the waitlist'],
  'reservations.waitlist.done.joined.body': [
    '空きが出たら、お知らせ(受信箱とメール)でご案内します。',
    'あき が でたら、おしらせ と メール で おしえます。',
    'We will tell you in your inbox and by email when a seat frees up.',
  ],
  'reservations.waitlist.done.withdrawn.title': ['キャンセル待ちをやめました', 'キャンセル まち を やめました', 'You left the waitlist'],
  'reservations.waitlist.done.withdrawn.body': [
    'お取りしていた席があった場合は、次の方にご案内しました。',
    'あなた の ため に とって いた せき は、つぎ の ひと に あんない しました。',
    'Any seat held for you has been offered to the next person.',
  ],

  'reservations.waitlist.status.waiting': ['空き待ち', 'あき を まって います', 'Waiting'],
  'reservations.waitlist.status.offered': ['ご案内中', 'あんない して います', 'Offered'],
  'reservations.waitlist.status.offered-held': ['席をお取りしています', 'せき を とって います', 'Seat held for you'],
  'reservations.waitlist.status.offered-broadcast': ['空きが出ました(先着順)', 'あき が でました(はやい じゅん)', 'Seats free — first come'],
  'reservations.waitlist.status.claimed': ['予約しました', 'よやく しました', 'Booked'],
  'reservations.waitlist.status.expired': ['期限切れ', 'きげん が すぎました', 'Expired'],
  'reservations.waitlist.status.withdrawn': ['取り下げ', 'やめました', 'Left'],
  'reservations.waitlist.status.closed': ['受付終了', 'おわりました', 'Closed'],

  'reservations.waitlist.links.myBookings': ['マイ予約', 'わたし の よやく', 'My bookings'],
  'reservations.waitlist.links.search': ['施設予約のトップへ', 'しせつ よやく の はじめ へ', 'Facility booking'],
  'reservations.waitlist.links.myWaitlist': ['キャンセル待ちの一覧へ', 'キャンセル まち の いちらん へ', 'Your waitlist'],

  'reservations.waitlist.join.title': ['キャンセル待ちに登録', 'キャンセル まち に なる', 'Join the waitlist'],
  'reservations.waitlist.join.notOffered': [
    'この予約枠はキャンセル待ちを受け付けていません。',
    'この よやく は キャンセル まち が できません。',
    'This slot does not take a waitlist.',
  ],
  'reservations.waitlist.join.alreadyTitle': ['この予約枠のキャンセル待ちに登録済みです', 'もう キャンセル まち に なって います', 'You are already on this waitlist'],
  'reservations.waitlist.join.alreadyLink': ['キャンセル待ちの一覧を見る', 'キャンセル まち の いちらん を みる', 'See your waitlist'],
  'reservations.waitlist.join.toSlot': ['この予約枠を予約する', 'この よやく を する', 'Book this slot'],
  'reservations.waitlist.join.how.sequential': [
    '空きが出ると、登録した順にお一人ずつご案内します。ご案内のときは席をお取りしておきますので、{minutes}分以内にお知らせのリンクからお申し込みください。期限を過ぎると次の方にご案内します。',
    'あき が でたら、きた じゅんばん に ひとり ずつ おしらせ します。せき を とって おきます。{minutes}ぷん の あいだ に おしらせ の リンク から もうしこんで ください。すぎたら つぎ の ひと に なります。',
    'When a seat frees up we offer it to one person at a time, in the order they joined, and hold it for you: book it through the link in your notice within {minutes} minutes, or it goes to the next person.',
  ],
  'reservations.waitlist.join.how.broadcast': [
    '空きが出ると、キャンセル待ちの方全員に同時にお知らせします。お知らせのリンクから先にお申し込みされた方の予約となります(リンクは{minutes}分間有効です)。',
    'あき が でたら、まって いる ひと ぜんいん に おしらせ します。はやく もうしこんだ ひと が よやく できます。リンク は {minutes}ぷん つかえます。',
    'When a seat frees up we tell everyone waiting at once; the first to book through the link gets it (links work for {minutes} minutes).',
  ],
  'reservations.waitlist.join.partySizeHint': ['1人から{max}人まで', '1にん から {max}にん まで', 'From 1 to {max}'],
  'reservations.waitlist.join.submit': ['キャンセル待ちに登録する', 'キャンセル まち に なる', 'Join the waitlist'],
  'reservations.waitlist.join.back': ['予約枠のページに戻る', 'よやく の ページ に もどる', 'Back to the slot'],

  'reservations.waitlist.claim.title': ['キャンセル待ちのご案内', 'キャンセル まち の おしらせ', 'A seat for you'],
  'reservations.waitlist.claim.held': [
    'ご希望の予約枠に空きが出ました。あなたのために席をお取りしています。',
    'あき が でました。あなた の ため に せき を とって います。',
    'A seat has freed up on the slot you wanted. We are holding it for you.',
  ],
  'reservations.waitlist.claim.broadcast': [
    'ご希望の予約枠に空きが出ました。キャンセル待ちの方全員にお知らせしていますので、先にお申し込みされた方の予約となります。',
    'あき が でました。まって いる ひと ぜんいん に おしらせ して います。はやく もうしこんだ ひと が よやく できます。',
    'A seat has freed up on the slot you wanted. Everyone waiting has been told; the first to book gets it.',
  ],
  'reservations.waitlist.claim.until': ['お申し込みの期限', 'もうしこみ の きげん', 'Book by'],
  'reservations.waitlist.claim.next': [
    'お申し込みのあと、支払い方法を選ぶと予約が確定します。',
    'もうしこんだ あと、おかね の はらいかた を えらぶ と よやく が きまります。',
    'After booking, choose how to pay to confirm it.',
  ],
  'reservations.waitlist.claim.submit': ['この枠を予約する', 'この よやく を する', 'Book this slot'],
  'reservations.waitlist.claim.declineTitle': ['ご都合が合わない場合', 'つごう が わるい とき', 'If it does not suit you'],
  'reservations.waitlist.claim.declineHeld': [
    '辞退すると、お取りしている席を次の方にご案内します。',
    'ことわる と、せき は つぎ の ひと に なります。',
    'If you decline, the seat goes to the next person.',
  ],
  'reservations.waitlist.claim.declineBroadcast': [
    '辞退すると、この予約枠のキャンセル待ちから外れます。',
    'ことわる と、キャンセル まち を やめます。',
    'If you decline, you leave this waitlist.',
  ],
  'reservations.waitlist.claim.decline': ['辞退する', 'ことわる', 'Decline'],

  'reservations.waitlist.claimProblem.unknown.title': ['このリンクは使えません', 'この リンク は つかえません', 'This link does not work'],
  'reservations.waitlist.claimProblem.unknown.body': [
    'リンクが正しくないか、新しいお知らせのリンクに置き換わっています。いちばん新しいお知らせのリンクをお使いください。',
    'リンク が ちがう か、あたらしい おしらせ が あります。いちばん あたらしい おしらせ の リンク を つかって ください。',
    'The link is wrong or has been replaced by a newer one. Please use the link in your latest notice.',
  ],
  'reservations.waitlist.claimProblem.foreign.title': ['このリンクは別の方へのご案内です', 'この リンク は ほか の ひと の もの です', 'This link is for someone else'],
  'reservations.waitlist.claimProblem.foreign.body': [
    'キャンセル待ちに登録したご本人のアカウントでログインしてお使いください。',
    'キャンセル まち に なった ひと の アカウント で ログイン して ください。',
    'Please log in with the account that joined the waitlist.',
  ],
  'reservations.waitlist.claimProblem.taken.title': ['ほかの方が先にお申し込みされました', 'ほか の ひと が さき に よやく しました', 'Someone else booked it first'],
  'reservations.waitlist.claimProblem.taken.body': [
    '申し訳ありません。空いた席は先にお申し込みされた方の予約になりました。キャンセル待ちは続いていますので、次に空きが出たらまたお知らせします。',
    'ごめんなさい。ほか の ひと が さき に よやく しました。キャンセル まち は つづいて います。また あき が でたら おしらせ します。',
    'Sorry — the seat went to someone who booked first. You are still on the waitlist and will be told when another seat frees up.',
  ],
  'reservations.waitlist.claimProblem.used.title': ['このご案内はお申し込み済みです', 'この おしらせ で もう よやく しました', 'This offer has already been used'],
  'reservations.waitlist.claimProblem.used.body': [
    'このリンクからの予約はすでに受け付けています。予約の内容はマイ予約でご確認ください。',
    'この リンク で もう よやく しました。「わたし の よやく」で みて ください。',
    'A booking was already made through this link. See it under My bookings.',
  ],
  'reservations.waitlist.claimProblem.expired.title': ['お申し込みの期限が過ぎました', 'きげん が すぎました', 'This offer has expired'],
  'reservations.waitlist.claimProblem.expired.body': [
    'このご案内の期限が過ぎたため、お申し込みできません。',
    'きげん が すぎた ので、もうしこめません。',
    'The time to book through this offer has passed.',
  ],
  'reservations.waitlist.claimProblem.withdrawn.title': ['キャンセル待ちをやめています', 'キャンセル まち を やめて います', 'You left this waitlist'],
  'reservations.waitlist.claimProblem.withdrawn.body': [
    'この予約枠のキャンセル待ちを取り下げたため、このリンクは使えません。',
    'キャンセル まち を やめた ので、この リンク は つかえません。',
    'You left this waitlist, so this link no longer works.',
  ],

  'reservations.waitlist.errors.slotNotFound': ['予約枠が見つかりません。', 'よやく が みつかりません。', 'Slot not found.'],
  'reservations.waitlist.errors.entryNotFound': ['キャンセル待ちの登録が見つかりません。', 'キャンセル まち が みつかりません。', 'Waitlist entry not found.'],
  'reservations.waitlist.errors.notOffered': [
    'この予約枠はキャンセル待ちを受け付けていません。',
    'この よやく は キャンセル まち が できません。',
    'This slot does not take a waitlist.',
  ],
  'reservations.waitlist.errors.slotClosed': ['この予約枠の受付は終了しました。', 'この よやく は おわりました。', 'This slot is no longer taking bookings.'],
  'reservations.waitlist.errors.seatsOpen': [
    'この予約枠には空きがあります。そのまま予約できます。',
    'あき が あります。すぐ よやく できます。',
    'This slot has free seats: you can book it now.',
  ],
  'reservations.waitlist.errors.alreadyWaiting': [
    'この予約枠のキャンセル待ちにはすでに登録しています。',
    'もう キャンセル まち に なって います。',
    'You are already on this waitlist.',
  ],
  'reservations.waitlist.errors.alreadyBooked': ['この予約枠はすでに予約しています。', 'この よやく は もう して います。', 'You have already booked this slot.'],
  'reservations.waitlist.errors.notActive': [
    'このキャンセル待ちはすでに終わっています。',
    'この キャンセル まち は もう おわって います。',
    'This waitlist entry has already ended.',
  ],
  'reservations.waitlist.errors.partySizeMissing': ['人数を入力してください。', 'にんずう を いれて ください。', 'Enter the number of people.'],
  'reservations.waitlist.errors.partySizeRange': [
    '人数は1から{max}までの数字で入力してください。',
    'にんずう は 1 から {max} まで の すうじ で いれて ください。',
    'Enter a number of people from 1 to {max}.',
  ],

  'reservations.waitlist.notice.waitlist-offer.subject': [
    '【キャンセル待ち】席をお取りしています({when})',
    '【キャンセル まち】せき を とって います({when})',
    '[Waitlist] A seat is held for you ({when})',
  ],
  'reservations.waitlist.notice.waitlist-offer.body': [
    '{place} {when} に空きが出ました。あなたのために{partySize}人分の席をお取りしています。{until} までに、下のリンクからお申し込みください。期限を過ぎると次の方にご案内します。',
    '{place} {when} に あき が でました。あなた の ため に {partySize}にん ぶん の せき を とって います。{until} まで に、した の リンク から もうしこんで ください。',
    'A seat has freed up at {place}, {when}. We are holding {partySize} seat(s) for you until {until}: book through the link below, or it goes to the next person.',
  ],
  'reservations.waitlist.notice.waitlist-broadcast.subject': [
    '【キャンセル待ち】空きが出ました({when})',
    '【キャンセル まち】あき が でました({when})',
    '[Waitlist] A seat has freed up ({when})',
  ],
  'reservations.waitlist.notice.waitlist-broadcast.body': [
    '{place} {when} に空きが出ました。キャンセル待ちの方全員にお知らせしています。先にお申し込みされた方の予約となります。リンクは {until} まで使えます。',
    '{place} {when} に あき が でました。まって いる ひと ぜんいん に おしらせ して います。はやく もうしこんだ ひと が よやく できます。リンク は {until} まで つかえます。',
    'A seat has freed up at {place}, {when}. Everyone waiting has been told; the first to book gets it. The link works until {until}.',
  ],
  'reservations.waitlist.notice.waitlist-offer-expired.subject': [
    '【キャンセル待ち】お申し込みの期限が過ぎました',
    '【キャンセル まち】きげん が すぎました',
    '[Waitlist] Your offer has expired',
  ],
  'reservations.waitlist.notice.waitlist-offer-expired.body': [
    '{place} {when} のご案内は、お申し込みの期限({until})が過ぎたため、次の方にご案内しました。',
    '{place} {when} の おしらせ は、きげん({until})が すぎた ので、つぎ の ひと に あんない しました。',
    'The offer for {place}, {when} expired at {until} and has gone to the next person.',
  ],
}

export const waitlistCatalog = buildCatalog(messages)
