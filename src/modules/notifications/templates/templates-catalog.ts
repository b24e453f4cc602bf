import { buildCatalog, type Messages } from '../../../platform/i18n/catalog-builder.js'

const T = 'notifications.templates'

/** The parts of a notice email around its text, in the resident's language (see emailChromeTexts). */
const EMAIL: Messages = {
  'notifications.email.moreInfo': ['詳しくは、次のページをご覧ください。', 'くわしく は、つぎ の ページ を みて ください。', 'For more information, see this page:'],
  'notifications.email.sentBy': ['このメールは{tenant}からお送りしています。', 'この メール は {tenant} から おくって います。', 'This email was sent by {tenant}.'],
  'notifications.email.unsubscribe': ['このようなお知らせのメールを停止する', 'この おしらせ の メール を とめる', 'Stop emails like this'],
  'notifications.email.sampleSubjectPrefix': ['【見本】', '【みほん】', '[Sample] '],
  'notifications.email.sampleBanner': ['これはテンプレートの見本です。住民の皆さまには送られていません。', 'これ は みほん です。まち の ひと には おくって いません。', 'This is a sample of a template. It has not been sent to residents.'],
}

const LANGUAGES: Messages = {
  [`${T}.language.ja`]: ['日本語', 'にほんご', 'Japanese (日本語)'],
  [`${T}.language.ja-easy`]: ['やさしい日本語', 'やさしい にほんご', 'Easy Japanese (やさしい日本語)'],
  [`${T}.language.en`]: ['英語(English)', 'えいご(English)', 'English'],
  [`${T}.language.zh-Hans`]: ['中国語 簡体字(简体中文)', 'ちゅうごくご(简体中文)', 'Chinese, simplified (简体中文)'],
  [`${T}.language.zh-Hant`]: ['中国語 繁体字(繁體中文)', 'ちゅうごくご(繁體中文)', 'Chinese, traditional (繁體中文)'],
  [`${T}.language.ko`]: ['韓国語(한국어)', 'かんこくご(한국어)', 'Korean (한국어)'],
  [`${T}.language.vi`]: ['ベトナム語(Tiếng Việt)', 'ベトナムご(Tiếng Việt)', 'Vietnamese (Tiếng Việt)'],
  [`${T}.language.pt`]: ['ポルトガル語(Português)', 'ポルトガルご(Português)', 'Portuguese (Português)'],
  [`${T}.language.tl`]: ['タガログ語(Tagalog)', 'タガログご(Tagalog)', 'Tagalog'],
  [`${T}.language.ne`]: ['ネパール語(नेपाली)', 'ネパールご(नेपाली)', 'Nepali (नेपाली)'],
  [`${T}.language.id`]: ['インドネシア語(Bahasa Indonesia)', 'インドネシアご(Bahasa Indonesia)', 'Indonesian (Bahasa Indonesia)'],
}

const PAGES: Messages = {
  [`${T}.title`]: ['テンプレート', 'テンプレート', 'Templates'],
  [`${T}.caption`]: ['テンプレート', 'テンプレート', 'Template'],
  [`${T}.lead`]: [
    'よく送るお知らせの文を、言語ごとに用意しておきます。(( )) で囲んだ差し込み項目は、送るときに日付や場所に置き換わります。変更して保存するたびに新しい版になり、これまでの版も残ります。',
    'よく おくる おしらせ の ぶん を、ことば ごと に つくって おきます。(( )) の ところ は、おくる とき に ひづけ や ばしょ に かわります。なおす と あたらしい はん に なります。まえ の はん も のこります。',
    'Texts of notices you send often, per language. Placeholders in (( )) are replaced by dates, places and so on when a notice is sent. Each saved change becomes a new version; earlier versions are kept.',
  ],
  [`${T}.create`]: ['テンプレートを作る', 'テンプレート を つくる', 'Create a template'],
  [`${T}.empty`]: ['まだテンプレートはありません。', 'まだ テンプレート は ありません。', 'There are no templates yet.'],
  [`${T}.listCaption`]: ['テンプレートの一覧', 'テンプレート の いちらん', 'Templates'],
  [`${T}.name`]: ['名前', 'なまえ', 'Name'],
  [`${T}.nameHint`]: ['職員が見分けるための名前です。住民には表示されません。', 'しょくいん が みわける ための なまえ です。', 'A name for staff to recognise it; residents do not see it.'],
  [`${T}.key`]: ['キー', 'キー', 'Key'],
  [`${T}.keyHint`]: [
    '英小文字・数字・ハイフンで60文字まで(例: bousai-kunren)。APIから使うときの名前で、作成後は変更できません。',
    'えいご の こもじ・すうじ・ハイフン で 60もじ まで(れい: bousai-kunren)。あと で かえられません。',
    'Lower-case letters, digits and hyphens, up to 60 (e.g. bousai-kunren). The API names the template by it; it cannot be changed later.',
  ],
  [`${T}.topic`]: ['トピック(任意)', 'トピック(なくても よい)', 'Topic (optional)'],
  [`${T}.topicColumn`]: ['トピック', 'トピック', 'Topic'],
  [`${T}.topicHint`]: ['このテンプレートで送るお知らせの分野です。住民の受け取り設定に使われます。', 'おしらせ の しゅるい です。', 'What notices from this template are about; residents’ preferences follow it.'],
  [`${T}.noTopic`]: ['なし', 'なし', 'None'],
  [`${T}.version`]: ['版', 'はん', 'Version'],
  [`${T}.versionNumber`]: ['第{version}版', 'だい {version} はん', 'Version {version}'],
  [`${T}.updatedAt`]: ['更新日時', 'なおした ひ', 'Updated'],
  [`${T}.placeholders`]: ['差し込み項目', 'さしこみ', 'Placeholders'],
  [`${T}.noPlaceholders`]: ['なし', 'なし', 'None'],
  [`${T}.languages`]: ['用意している言語', 'ある ことば', 'Languages'],
  [`${T}.back`]: ['戻る', 'もどる', 'Back'],
  [`${T}.backToList`]: ['テンプレートの一覧に戻る', 'テンプレート の いちらん に もどる', 'Back to the templates'],
  [`${T}.createTitle`]: ['テンプレートを作る', 'テンプレート を つくる', 'Create a template'],
  [`${T}.editTitle`]: ['「{name}」を編集', '「{name}」を なおす', 'Edit “{name}”'],
  [`${T}.createSubmit`]: ['作成する', 'つくる', 'Create'],
  [`${T}.saveSubmit`]: ['保存する', 'ほぞん する', 'Save'],
  [`${T}.placeholderHelp`]: [
    '差し込み項目は ((date)) のように、英数字の名前を二重かっこで囲んで書きます。すべての言語で同じ差し込み項目を使ってください。',
    'さしこみ は ((date)) の ように、えいご の なまえ を (( )) で かこみます。どの ことば でも おなじ さしこみ を つかって ください。',
    'Write placeholders as a name of letters and digits in double brackets, like ((date)). Every language must use the same placeholders.',
  ],
  [`${T}.versionHelp`]: ['今は第{version}版です。文を変えて保存すると、新しい版になります。これまでに送ったお知らせは、送ったときの版のままです。', 'いま は だい {version} はん です。ぶん を なおす と あたらしい はん に なります。', 'This is version {version}. Saving changed texts makes a new version; notices already sent keep the version they used.'],
  [`${T}.otherLanguage`]: ['{language}(任意)', '{language}(なくても よい)', '{language} (optional)'],
  [`${T}.field.subject`]: ['件名', 'けんめい', 'Subject'],
  [`${T}.field.body`]: ['本文', 'ほんぶん', 'Text'],
  [`${T}.field.bodyHint`]: ['受信箱とメールに使われます。空行で段落を分けます。', 'うけとりばこ と メール で つかいます。', 'Used in the inbox and email. Separate paragraphs with an empty line.'],
  [`${T}.field.channelTexts`]: ['SMS・プッシュ通知・LINE用の文(任意)', 'SMS・プッシュ・LINE の ぶん(なくても よい)', 'Texts for SMS, push and LINE (optional)'],
  [`${T}.field.sms`]: ['SMSの文', 'SMS の ぶん', 'SMS text'],
  [`${T}.field.smsHint`]: [
    '空欄の場合は件名とリンクを送ります。日本語は70文字で1通、それより長いと67文字ごとに1通分の料金です({max}通分まで)。絵文字は使えません。',
    'かかない とき は けんめい と リンク を おくります。70もじ で 1つう です。えもじ は つかえません。',
    'Empty: the subject and the link are sent. Japanese fits 70 characters in one message, then 67 per message ({max} at most). No emoji.',
  ],
  [`${T}.field.push`]: ['プッシュ通知の文', 'プッシュ の ぶん', 'Push notification text'],
  [`${T}.field.pushHint`]: ['{max}文字まで。空欄の場合は件名を使います。', '{max}もじ まで。かかない とき は けんめい です。', 'Up to {max} characters. Empty: the subject.'],
  [`${T}.field.line`]: ['LINEの文', 'LINE の ぶん', 'LINE text'],
  [`${T}.field.lineHint`]: ['{max}文字まで。空欄の場合は件名と本文を送ります。', '{max}もじ まで。かかない とき は けんめい と ほんぶん です。', 'Up to {max} characters. Empty: the subject and the text.'],
  [`${T}.field.lineFlex`]: ['LINEフレックスメッセージ(JSON)', 'LINE フレックス(JSON)', 'LINE flex message (JSON)'],
  [`${T}.field.lineFlexHint`]: [
    'Flex Message Simulatorで作った "type": "bubble" または "carousel" のJSONを貼り付けます。ある場合はLINEの文の代わりに送られ、件名が通知の文になります。',
    'type が bubble か carousel の JSON を はります。',
    'Paste the JSON of a "bubble" or "carousel" from the Flex Message Simulator. When given it is sent instead of the LINE text, with the subject as its notification text.',
  ],
  [`${T}.oldVersionTitle`]: ['以前の版です', 'まえ の はん です', 'An earlier version'],
  [`${T}.oldVersion`]: ['第{version}版を表示しています(今は第{current}版)。', 'だい {version} はん を みて います(いま は だい {current} はん)。', 'You are looking at version {version} (the current version is {current}).'],
  [`${T}.showCurrent`]: ['今の版を表示する', 'いま の はん を みる', 'Show the current version'],
  [`${T}.previewAndTest`]: ['プレビューとテスト送信', 'みほん と ためし に おくる', 'Preview and test send'],
  [`${T}.edit`]: ['編集する', 'なおす', 'Edit'],
  [`${T}.history`]: ['版の履歴', 'はん の りれき', 'Version history'],
  [`${T}.historyCaption`]: ['保存された版(新しい順)', 'ほぞん した はん', 'Saved versions, newest first'],
  [`${T}.savedAt`]: ['保存日時', 'ほぞん した ひ', 'Saved'],
  [`${T}.savedBy`]: ['保存した職員', 'ほぞん した ひと', 'Saved by'],
  [`${T}.done`]: ['完了しました', 'おわりました', 'Done'],
  [`${T}.done.created`]: ['テンプレートを作成しました(第{version}版)。', 'テンプレート を つくりました。', 'The template has been created (version {version}).'],
  [`${T}.done.saved`]: ['保存しました。第{version}版になりました。', 'ほぞん しました。だい {version} はん です。', 'Saved as version {version}.'],
  [`${T}.done.unchanged`]: ['保存しました。文は変わっていないため、版は第{version}版のままです。', 'ほぞん しました。ぶん は かわって いません。', 'Saved. The texts did not change, so it stays version {version}.'],
  [`${T}.errorTitlePrefix`]: ['エラー: ', 'まちがい: ', 'Error: '],
}

const PREVIEW: Messages = {
  [`${T}.preview.title`]: ['プレビュー: {name}', 'みほん: {name}', 'Preview: {name}'],
  [`${T}.preview.lead`]: ['第{version}版を、見本の値を差し込んで表示しています。', 'だい {version} はん の みほん です。', 'Version {version}, with sample values in its placeholders.'],
  [`${T}.preview.sample`]: ['見本', 'みほん', 'Sample'],
  [`${T}.preview.sampleBanner`]: ['見本 — 住民には送られていません', 'みほん — まち の ひと には おくって いません', 'Sample — not sent to residents'],
  [`${T}.preview.language`]: ['言語', 'ことば', 'Language'],
  [`${T}.preview.languageMissing`]: ['{language}(文がありません)', '{language}(ぶん が ありません)', '{language} (not written)'],
  [`${T}.preview.sampleValue`]: ['{placeholder} の見本の値', '{placeholder} の みほん', 'Sample value of {placeholder}'],
  [`${T}.preview.show`]: ['この内容で表示する', 'これ で みる', 'Show'],
  [`${T}.preview.fallback`]: [
    '{wanted}の文はありません。{wanted}を選んだ住民には{shown}で送られます。',
    '{wanted} の ぶん は ありません。{shown} で おくります。',
    'There is no {wanted} text. Residents who chose {wanted} receive it in {shown}.',
  ],
  [`${T}.preview.channels`]: ['{language}で届く内容', '{language} で とどく もの', 'What arrives, in {language}'],
  [`${T}.preview.email`]: ['メール', 'メール', 'Email'],
  [`${T}.preview.emailFrame`]: ['メールの見本: {subject}', 'メール の みほん: {subject}', 'Sample email: {subject}'],
  [`${T}.preview.emailText`]: ['テキスト版を見る', 'もじ だけ の メール を みる', 'Show the plain-text part'],
  [`${T}.preview.line`]: ['LINE', 'LINE', 'LINE'],
  [`${T}.preview.flexNote`]: ['フレックスメッセージのおおよその内容です(見た目はLINEで確かめてください)。通知の文: {altText}', 'フレックス の だいたい の ないよう です。', 'An approximation of the flex message (check its look in LINE). Notification text: {altText}'],
  [`${T}.preview.flexImage`]: ['(画像: {description})', '(え: {description})', '(Image: {description})'],
  [`${T}.preview.flexVideo`]: ['(動画: {description})', '(どうが: {description})', '(Video: {description})'],
  [`${T}.preview.flexButton`]: ['[ボタン: {label}]', '[ボタン: {label}]', '[Button: {label}]'],
  [`${T}.preview.sms`]: ['SMS', 'SMS', 'SMS'],
  [`${T}.preview.smsCountUcs2`]: [
    '{units}文字、{segments}通分(日本語を含むSMSは1通{single}文字、分割すると{perSegment}文字ごと)',
    '{units}もじ、{segments}つう ぶん',
    '{units} characters, {segments} message(s) (with Japanese: {single} per message, {perSegment} per part when split)',
  ],
  [`${T}.preview.smsCountGsm`]: [
    '{units}文字、{segments}通分(英数字だけのSMSは1通{single}文字、分割すると{perSegment}文字ごと)',
    '{units}もじ、{segments}つう ぶん',
    '{units} characters, {segments} message(s) (plain Latin text: {single} per message, {perSegment} per part when split)',
  ],
  [`${T}.preview.push`]: ['プッシュ通知', 'プッシュ', 'Push notification'],
  [`${T}.preview.pushTitle`]: ['見出し', 'みだし', 'Title'],
  [`${T}.preview.pushBody`]: ['本文', 'ほんぶん', 'Text'],
  [`${T}.preview.inbox`]: ['受信箱(お知らせ)', 'うけとりばこ', 'Inbox'],
  [`${T}.testSend.title`]: ['自分あてにテスト送信', 'じぶん に ためし に おくる', 'Test send to yourself'],
  [`${T}.testSend.lead`]: [
    'この見本のメールを、あなたのメールアドレスに送ります。件名に【見本】が付きます。1時間に10回まで送れます。送った記録は監査ログに残ります。',
    'この みほん の メール を あなた に おくります。1じかん に 10かい まで です。',
    'Sends this sample email to your address, with [Sample] in the subject. Up to 10 an hour; each send is recorded in the audit log.',
  ],
  [`${T}.testSend.email`]: ['送り先のメールアドレス', 'おくる メールアドレス', 'Send to (email address)'],
  [`${T}.testSend.emailHint`]: ['あなたの職員アカウントのアドレスが入っています。', 'あなた の アドレス が はいって います。', 'Your staff account’s address is filled in.'],
  [`${T}.testSend.submit`]: ['テスト送信する', 'ためし に おくる', 'Send the test'],
  [`${T}.testSend.sent`]: ['見本のメールを送りました。届くまで数分かかることがあります。', 'みほん の メール を おくりました。', 'The sample email has been sent. It can take a few minutes to arrive.'],
}

const ERRORS: Messages = {
  [`${T}.errors.notFound`]: ['テンプレートが見つかりません。', 'テンプレート が みつかりません。', 'The template was not found.'],
  [`${T}.errors.versionNotFound`]: ['テンプレートの第{version}版はありません。', 'だい {version} はん は ありません。', 'The template has no version {version}.'],
  [`${T}.errors.keyRequired`]: ['キーを入力してください。', 'キー を かいて ください。', 'Enter a key.'],
  [`${T}.errors.keyFormat`]: ['キーは英小文字・数字・ハイフンで、60文字までで入力してください(先頭は英小文字か数字)。', 'キー は えいご の こもじ・すうじ・ハイフン で かいて ください。', 'Enter a key of lower-case letters, digits and hyphens, up to 60, starting with a letter or digit.'],
  [`${T}.errors.keyTaken`]: ['このキーは別のテンプレートで使われています。', 'この キー は もう つかって います。', 'Another template already uses this key.'],
  [`${T}.errors.nameRequired`]: ['名前を入力してください。', 'なまえ を かいて ください。', 'Enter a name.'],
  [`${T}.errors.nameTooLong`]: ['名前は100文字以内で入力してください。', 'なまえ は 100もじ まで です。', 'Enter a name of at most 100 characters.'],
  [`${T}.errors.invalidCharacters`]: ['使えない文字(< > や制御文字)が含まれています。', 'つかえない もじ が あります。', 'It contains characters that cannot be used (< > or control characters).'],
  [`${T}.errors.topicInvalid`]: ['トピックを一覧から選んでください。', 'トピック を えらんで ください。', 'Choose a topic from the list.'],
  [`${T}.errors.jaRequired`]: ['日本語の件名と本文を入力してください。', 'にほんご の けんめい と ほんぶん を かいて ください。', 'Enter the Japanese subject and text.'],
  [`${T}.errors.subjectRequired`]: ['{language}の件名を入力してください。', '{language} の けんめい を かいて ください。', 'Enter the {language} subject.'],
  [`${T}.errors.subjectTooLong`]: ['{language}の件名は{max}文字以内にしてください。', '{language} の けんめい は {max}もじ まで です。', 'The {language} subject must be at most {max} characters.'],
  [`${T}.errors.subjectLineBreak`]: ['{language}の件名は1行で入力してください。', '{language} の けんめい は 1ぎょう に して ください。', 'Write the {language} subject on one line.'],
  [`${T}.errors.bodyRequired`]: ['{language}の本文を入力してください。', '{language} の ほんぶん を かいて ください。', 'Enter the {language} text.'],
  [`${T}.errors.bodyTooLong`]: ['{language}の本文は{max}文字以内にしてください。', '{language} の ほんぶん は {max}もじ まで です。', 'The {language} text must be at most {max} characters.'],
  [`${T}.errors.smsTooLong`]: ['{language}のSMSの文が長すぎます({segments}通分)。{max}通分までにしてください。', '{language} の SMS が ながすぎます。', 'The {language} SMS text is too long ({segments} messages). Keep it to {max}.'],
  [`${T}.errors.smsCharacters`]: ['{language}のSMSの文に、SMSで送れない文字(絵文字など)があります。', '{language} の SMS に えもじ など が あります。', 'The {language} SMS text has characters SMS cannot carry (emoji and the like).'],
  [`${T}.errors.pushTooLong`]: ['{language}のプッシュ通知の文は{max}文字以内にしてください。', '{language} の プッシュ は {max}もじ まで です。', 'The {language} push text must be at most {max} characters.'],
  [`${T}.errors.lineTooLong`]: ['{language}のLINEの文は{max}文字以内にしてください。', '{language} の LINE の ぶん は {max}もじ まで です。', 'The {language} LINE text must be at most {max} characters.'],
  [`${T}.errors.placeholderName`]: [
    '{language}: 差し込み項目「(({placeholder}))」の名前に使えない文字があります。英数字と _ . - で書いてください。',
    '{language}: さしこみ「(({placeholder}))」の なまえ が ちがいます。えいご と すうじ で かいて ください。',
    '{language}: the placeholder “(({placeholder}))” has characters a name cannot use. Use letters, digits, _ . and -.',
  ],
  [`${T}.errors.placeholderUnclosed`]: ['{language}: 二重かっこ (( )) が閉じていない差し込み項目があります。', '{language}: (( )) が とじて いません。', '{language}: a placeholder’s double brackets (( )) are not closed.'],
  [`${T}.errors.placeholderMissing`]: [
    '{language}: 日本語にある差し込み項目 (({placeholder})) がありません。すべての言語で同じ差し込み項目を使ってください。',
    '{language}: にほんご に ある (({placeholder})) が ありません。',
    '{language}: the placeholder (({placeholder})) used in Japanese is missing. Every language must use the same placeholders.',
  ],
  [`${T}.errors.placeholderExtra`]: [
    '{language}: 差し込み項目 (({placeholder})) は日本語にはありません。すべての言語で同じ差し込み項目を使ってください。',
    '{language}: (({placeholder})) は にほんご に ありません。',
    '{language}: the placeholder (({placeholder})) is not in the Japanese. Every language must use the same placeholders.',
  ],
  [`${T}.errors.flex.not_json`]: ['{language}: フレックスメッセージがJSONとして読めません。', '{language}: JSON が よめません。', '{language}: the flex message is not valid JSON.'],
  [`${T}.errors.flex.not_object`]: ['{language}: フレックスメッセージは { } で囲んだJSONのオブジェクトにしてください。', '{language}: { } の JSON に して ください。', '{language}: the flex message must be a JSON object in { }.'],
  [`${T}.errors.flex.whole_message`]: ['{language}: "type": "flex" の外側ではなく、その中の "contents"(bubble または carousel)を貼り付けてください。', '{language}: "contents" の なか を はって ください。', '{language}: paste the "contents" (the bubble or carousel), not the whole "type": "flex" message.'],
  [`${T}.errors.flex.type`]: ['{language}: フレックスメッセージの "type" は "bubble" か "carousel" にしてください。', '{language}: type は bubble か carousel です。', '{language}: the flex message’s "type" must be "bubble" or "carousel".'],
  [`${T}.errors.flex.carousel_contents`]: ['{language}: carousel の "contents" には bubble を1つ以上並べてください。', '{language}: carousel に bubble を いれて ください。', '{language}: a carousel’s "contents" must list one or more bubbles.'],
  [`${T}.errors.flex.carousel_too_many`]: ['{language}: carousel に入れられる bubble は12個までです。', '{language}: bubble は 12こ まで です。', '{language}: a carousel holds at most 12 bubbles.'],
  [`${T}.errors.flex.bubble_section`]: ['{language}: bubble の header・hero・body・footer は "type" のある部品にしてください。', '{language}: bubble の かたち が ちがいます。', '{language}: a bubble’s header, hero, body and footer must be components with a "type".'],
  [`${T}.errors.flex.too_deep`]: ['{language}: フレックスメッセージの入れ子が深すぎます。', '{language}: いれこ が ふかすぎます。', '{language}: the flex message is nested too deeply.'],
  [`${T}.errors.flex.too_large`]: ['{language}: フレックスメッセージが大きすぎます(bubble は30KB、carousel は50KBまで)。', '{language}: おおきすぎます。', '{language}: the flex message is too large (30 KB for a bubble, 50 KB for a carousel).'],
  [`${T}.errors.personalisationMissing`]: ['差し込み項目 (({placeholder})) の値を入力してください。', '(({placeholder})) に いれる ことば を かいて ください。', 'Enter a value for the placeholder (({placeholder})).'],
  [`${T}.errors.staleVersion`]: [
    '保存している間に、別の職員が第{version}版を保存しました。版の履歴で内容を確かめてから、もう一度編集してください。',
    'ほか の ひと が だい {version} はん を ほぞん しました。もう いちど なおして ください。',
    'Someone else saved version {version} meanwhile. Check it in the version history, then edit again.',
  ],
  [`${T}.errors.testSendOwnAddressOnly`]: ['試し送信は、ご自身の職員アカウントのメールアドレスにだけ送れます。', 'ためし の メール は、じぶん の アドレス に だけ おくれます。', 'A test can only be sent to your own staff account’s email address.'],
  [`${T}.errors.emailInvalid`]: ['メールアドレスを正しく入力してください(例: name@example.jp)。', 'メールアドレス を ただしく かいて ください。', 'Enter a valid email address, like name@example.jp.'],
  [`${T}.errors.testSendLimited`]: ['テスト送信は1時間に10回までです。しばらくしてからもう一度お試しください。', 'ためし に おくる の は 1じかん に 10かい まで です。', 'You can send up to 10 tests an hour. Try again later.'],
  [`${T}.errors.testSendFailed`]: ['メールを送れませんでした。しばらくしてからもう一度お試しください。', 'メール を おくれません でした。', 'The email could not be sent. Try again later.'],
}

const MESSAGES: Messages = { ...EMAIL, ...LANGUAGES, ...PAGES, ...PREVIEW, ...ERRORS }

export const templatesCatalog = buildCatalog(MESSAGES)

export interface EmailChromeTexts {
  moreInfo: string
  sentBy: string
  unsubscribe: string
  sampleSubjectPrefix: string
  sampleBanner: string
}

/**
 * The email's own words in the notice's language. The catalogs hold 日本語, やさしい日本語 and
 * English; a notice written in another language gets English ones, the most widely read second
 * language among residents who chose one. Read without the i18n registry: rendering is pure.
 */
export function emailChromeTexts(language: string): EmailChromeTexts {
  const locale = language === 'ja' || language === 'ja-easy' ? language : 'en'
  const catalog = templatesCatalog[locale]
  const text = (key: string) => catalog[`notifications.email.${key}`] ?? ''
  return { moreInfo: text('moreInfo'), sentBy: text('sentBy'), unsubscribe: text('unsubscribe'), sampleSubjectPrefix: text('sampleSubjectPrefix'), sampleBanner: text('sampleBanner') }
}
