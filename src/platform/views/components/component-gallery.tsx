/**
 * A page showing every component in a page shell like the real layout's, with the real
 * stylesheets. The axe/e2e test and screenshots use it; it can also back a /dev/components page.
 * The sample text includes `<script>` to show it is escaped.
 */
import type { Child } from 'hono/jsx'
import {
  Button,
  ButtonLink,
  Checkboxes,
  CopyButton,
  CsrfField,
  DateField,
  Details,
  EmergencyBanner,
  ErrorSummary,
  NotificationBanner,
  Pagination,
  PostalCodeField,
  Radios,
  Select,
  SummaryList,
  Table,
  Tag,
  TextArea,
  TextField,
} from './index.js'

export const GALLERY_STYLESHEETS = ['/static/vendor/tokens.css', '/static/vendor/fonts.css', '/static/yakuba.css']
export const GALLERY_SCRIPT = '/static/enhance.js'

const pagination = { previous: '前へ', next: '次へ', page: 'ページ', nav: 'ページ送り' }

function Shell({ title, area, children }: { title: string; area: 'portal' | 'staff'; children: Child }) {
  return (
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {GALLERY_STYLESHEETS.map(href => (
          <link rel="stylesheet" href={href} />
        ))}
        <script src={GALLERY_SCRIPT} type="module" defer></script>
      </head>
      <body class={`area-${area}`}>
        <a class="skip-link" href="#main">
          本文へ移動
        </a>
        <EmergencyBanner title="【緊急】避難指示（警戒レベル4）">
          <p>
            大雨のため、川沿いの地区に避難指示を出しています。<a href="/demo/disaster">避難所の一覧</a>
          </p>
        </EmergencyBanner>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-header__name" href="/demo">
              やくば市<span class="site-header__area">オンライン窓口</span>
            </a>
            <nav class="language-switcher" aria-label="言語 / Language">
              <ul>
                <li>
                  <span aria-current="true" lang="ja">
                    日本語
                  </span>
                </li>
                <li>
                  <a href="/demo/language/ja-easy" lang="ja" hreflang="ja">
                    やさしい日本語
                  </a>
                </li>
                <li>
                  <a href="/demo/language/en" lang="en" hreflang="en">
                    English
                  </a>
                </li>
              </ul>
            </nav>
          </div>
          <nav class="site-nav" aria-label="メインメニュー">
            <ul>
              <li>
                <a href="/demo" aria-current="page">
                  ホーム
                </a>
              </li>
              <li>
                <a href="/demo/procedures">手続き</a>
              </li>
              <li>
                <a href="/demo/mypage">マイページ</a>
              </li>
              <li>
                <form method="post" action="/demo/logout" class="inline-form">
                  <CsrfField token="gallery-token" />
                  <button type="submit" class="link-button">
                    ログアウト
                  </button>
                </form>
              </li>
            </ul>
          </nav>
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <ul>
            <li>
              <a href="/demo/accessibility">アクセシビリティ</a>
            </li>
            <li>
              <a href="/demo/privacy">個人情報の取り扱い</a>
            </li>
          </ul>
          <p class="site-footer__meta">やくば市役所 市民課 0120-000-000（平日 8:30〜17:15）</p>
        </footer>
      </body>
    </html>
  )
}

/** The resident-portal gallery: every form component, in both valid and error states. */
export function ComponentGallery() {
  return (
    <Shell title="コンポーネント一覧 | やくば市" area="portal">
      <nav class="breadcrumbs" aria-label="現在地">
        <ol>
          <li>
            <a href="/demo">ホーム</a>
          </li>
          <li>
            <a href="/demo/procedures">手続き</a>
          </li>
          <li aria-current="page">転入届</li>
        </ol>
      </nav>
      <span class="page-caption">転入届（オンライン事前申請）</span>
      <h1>申請者の情報を入力してください</h1>
      <ErrorSummary
        title="入力内容に問題があります"
        errors={[
          { field: 'email', message: 'メールアドレスを正しく入力してください（例: name@example.jp）' },
          { field: 'householdType', message: '世帯の種類を選んでください' },
          { field: 'birthdate', message: '生年月日を入力してください' },
        ]}
      />
      <NotificationBanner title="お知らせ">
        <p>年末年始（12月29日〜1月3日）は窓口をお休みします。オンライン申請は受け付けています。</p>
      </NotificationBanner>
      <NotificationBanner title="完了" variant="success">
        <p>
          申請を受け付けました。受付番号は <strong>A7K-29Q</strong> です。
        </p>
        <CopyButton text="A7K-29Q" copiedLabel="コピーしました">
          受付番号をコピー
        </CopyButton>
      </NotificationBanner>
      <form method="post" action="/demo/procedures/moving-in" novalidate data-confirm="この内容で申請しますか？">
        <CsrfField token="gallery-token" />
        <TextField name="fullName" label="氏名" hint="住民票に記載されている氏名を入力してください" value={'山田 太郎 <script>alert(1)</script>'} autocomplete="name" required requiredLabel="必須" spellcheck={false} />
        <TextField name="fullNameKana" label="氏名（フリガナ）" value="ヤマダ タロウ" width="20" />
        <TextField name="email" type="email" label="メールアドレス" hint="受付のお知らせを送ります" value="yamada@" error="メールアドレスを正しく入力してください（例: name@example.jp）" autocomplete="email" spellcheck={false} />
        <TextField name="phone" type="tel" label="電話番号" hint="ハイフンはなくても構いません" autocomplete="tel" width="10" />
        <PostalCodeField
          name="postalCode"
          label="郵便番号"
          hint="7桁の数字（例: 100-0001）"
          value="100-0001"
          lookupUrl="/demo/api/v1/postal-codes/"
          prefectureId="prefecture"
          cityId="city"
          townId="town"
          statusId="postal-status"
          lookupButtonLabel="住所を検索"
        />
        <TextField name="prefecture" label="都道府県" autocomplete="address-level1" width="10" />
        <TextField name="city" label="市区町村" autocomplete="address-level2" width="20" />
        <TextField name="town" label="町名・番地" autocomplete="address-line1" />
        <DateField name="birthdate" label="生年月日" hint="例: 1985年4月1日" error="生年月日を入力してください" autocomplete="bday" />
        <DateField name="movingDate" label="転入した日" value="2025-04-01" wareki="令和7年4月1日" />
        <Radios
          name="householdType"
          legend="世帯の種類"
          hint="当てはまるものを1つ選んでください"
          error="世帯の種類を選んでください"
          options={[
            { value: 'single', label: '単身' },
            { value: 'family', label: '家族と一緒', hint: '配偶者・子などと同じ住所に住む場合' },
            { value: 'join', label: '既存の世帯に入る' },
          ]}
        />
        <Radios name="hasCar" legend="自動車をお持ちですか" inline value="no" options={[{ value: 'yes', label: 'はい' }, { value: 'no', label: 'いいえ' }]} />
        <Checkboxes
          name="procedures"
          legend="一緒に行う手続き"
          hint="当てはまるものをすべて選んでください"
          values={['nhi']}
          options={[
            { value: 'nhi', label: '国民健康保険' },
            { value: 'pension', label: '国民年金' },
            { value: 'child', label: '児童手当', hint: '中学生以下のお子さんがいる場合' },
          ]}
        />
        <Select
          name="office"
          label="来庁する窓口"
          value="main"
          options={[
            { value: '', label: '選択してください' },
            { value: 'main', label: '本庁舎 市民課' },
            { value: 'north', label: '北支所' },
          ]}
        />
        <TextArea name="note" label="連絡事項" hint="500文字以内" value={'来庁前に電話します。\n<b>太字ではない</b>'} rows={4} />
        <Details summary="マイナンバーカードを持っていない場合">
          <p>本人確認書類（運転免許証など）を窓口にお持ちください。</p>
        </Details>
        <div class="button-group">
          <Button>確認画面へ進む</Button>
          <Button variant="secondary" name="saveDraft" value="1" formnovalidate>
            一時保存
          </Button>
          <Button variant="link" type="submit" name="cancel" value="1" formnovalidate>
            入力をやめる
          </Button>
        </div>
      </form>

      <h2>申請内容の確認</h2>
      <SummaryList
        rows={[
          { key: '氏名', value: '山田 太郎', action: { href: '/demo/procedures/moving-in#fullName', label: '変更', visuallyHiddenContext: '氏名' } },
          { key: '住所', value: '東京都千代田区千代田1-1', action: { href: '/demo/procedures/moving-in#postalCode', label: '変更', visuallyHiddenContext: '住所' } },
          { key: 'メールアドレス', value: 'taro.yamada.very-long-address@example.jp' },
          { key: '状態', value: <Tag tone="green">受付済み</Tag> },
        ]}
      />
      <div class="button-group">
        <ButtonLink href="/demo/procedures/moving-in/submit">この内容で申請する</ButtonLink>
        <ButtonLink href="/demo/procedures" variant="secondary">
          手続き一覧へ戻る
        </ButtonLink>
      </div>
      <form method="post" action="/demo/applications/1/withdraw" data-confirm="申請を取り下げますか？">
        <CsrfField token="gallery-token" />
        <Button variant="warning">申請を取り下げる</Button>
      </form>

      <h2>申請の一覧</h2>
      <Table
        caption="あなたの申請（3件）"
        head={['受付番号', '手続き', '申請日', '状態', '手数料（円）']}
        numericColumns={[4]}
        firstCellIsHeader
        rows={[
          ['A7K-29Q', '転入届', '令和7年4月1日', <Tag tone="blue">審査中</Tag>, '0'],
          ['B2M-88X', '住民票の写しの交付請求', '令和7年3月12日', <Tag tone="green">完了</Tag>, '300'],
          ['C9P-41D', '粗大ごみ収集の申込み', '令和7年2月2日', <Tag tone="red">差し戻し</Tag>, '1,200'],
        ]}
      />
      <p>
        <Tag tone="grey">下書き</Tag> <Tag tone="yellow">要確認</Tag>
      </p>
      <Pagination page={5} pageCount={12} hrefFor={page => `/demo/applications?page=${page}`} labels={pagination} />
    </Shell>
  )
}

/** The staff console layout: side navigation on wide screens, stacked on phones. */
export function StaffConsoleGallery() {
  return (
    <Shell title="職員コンソール | やくば市" area="staff">
      <div class="console">
        <nav class="console__nav" aria-label="職員メニュー">
          <ul>
            <li>
              <a href="/demo/staff" aria-current="page">
                ホーム
              </a>
            </li>
            <li>
              <a href="/demo/staff/applications">申請の審査</a>
            </li>
            <li>
              <a href="/demo/staff/residents">住民情報</a>
            </li>
          </ul>
        </nav>
        <div class="console__main">
          <h1>申請の審査</h1>
          <NotificationBanner title="お知らせ" titleId="staff-notice">
            <p>審査待ちの申請が 3 件あります。</p>
          </NotificationBanner>
          <Table caption="審査待ち" head={['受付番号', '申請者', '手続き', '受付日時']} rows={[['A7K-29Q', '山田 太郎', '転入届', '2025-04-01 09:12']]} />
        </div>
      </div>
    </Shell>
  )
}

/** Both gallery pages as complete HTML documents. */
export function renderComponentGallery(which: 'portal' | 'staff' = 'portal'): string {
  const page = which === 'portal' ? <ComponentGallery /> : <StaffConsoleGallery />
  return `<!DOCTYPE html>${String(page)}`
}
