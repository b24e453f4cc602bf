import type { Child } from 'hono/jsx'
import type { FakeCheckout } from './fake-provider.js'

/**
 * The fake provider's hosted payment page. It is the *provider's* page, not Yakuba's: its own
 * plain chrome, Japanese only (as many domestic providers' pages are), its own form nonce. It
 * borrows Yakuba's stylesheet only so that it is legible and passes the same axe checks.
 */

const integer = new Intl.NumberFormat('ja-JP')

function ProviderPage({ title, children }: { title: string; children: Child }) {
  return (
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} | Yakuba Pay(テスト)`}</title>
        <link rel="stylesheet" href="/static/vendor/tokens.css" />
        <link rel="stylesheet" href="/static/vendor/fonts.css" />
        <link rel="stylesheet" href="/static/yakuba.css" />
      </head>
      <body class="area-portal">
        <a class="skip-link" href="#main">本文へ移動</a>
        <header class="site-header">
          <div class="site-header__inner">
            <span class="site-header__name">Yakuba Pay(テスト用の決済サービス)</span>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div class="notification-banner notification-banner--info" role="region" aria-labelledby="test-mode-title">
            <h2 id="test-mode-title" class="notification-banner__title">
              テスト環境
            </h2>
            <div class="notification-banner__content">
              <p>これは開発・試験用の決済画面です。実際のお金は動きません。</p>
            </div>
          </div>
          {children}
        </main>
        <footer class="site-footer">
          <p>Yakuba Pay — 開発用の模擬決済サービス</p>
        </footer>
      </body>
    </html>
  )
}

function CheckoutSummary({ checkout }: { checkout: FakeCheckout }) {
  return (
    <dl class="summary-list">
      <div class="summary-list__row">
        <dt class="summary-list__key">お支払い先</dt>
        <dd class="summary-list__value">{checkout.merchantName}</dd>
      </div>
      <div class="summary-list__row">
        <dt class="summary-list__key">内容</dt>
        <dd class="summary-list__value">{checkout.description}</dd>
      </div>
      <div class="summary-list__row">
        <dt class="summary-list__key">金額</dt>
        <dd class="summary-list__value">{`${integer.format(checkout.amount)}円`}</dd>
      </div>
    </dl>
  )
}

/** The open checkout: summary and the three outcomes a tester can choose. */
export function CheckoutPage({ checkout, nonce, action }: { checkout: FakeCheckout; nonce: string; action: string }) {
  return (
    <ProviderPage title="お支払い内容の確認">
      <h1>お支払い内容の確認</h1>
      <CheckoutSummary checkout={checkout} />
      <form method="post" action={action}>
        <input type="hidden" name="nonce" value={nonce} />
        <div class="button-group">
          <button type="submit" class="button button--primary" name="action" value="pay">
            支払う
          </button>
          <button type="submit" class="button button--secondary" name="action" value="fail">
            失敗させる
          </button>
          <button type="submit" class="button button--link" name="action" value="cancel">
            キャンセル
          </button>
        </div>
      </form>
      <p class="muted">「失敗させる」はカードが使えなかった場合を、「キャンセル」は支払いをやめた場合を試すためのボタンです。</p>
    </ProviderPage>
  )
}

const CLOSED_TITLE: Record<string, string> = {
  paid: 'このお支払いは完了しています',
  failed: 'このお支払いは失敗しました',
  cancelled: 'このお支払いは取りやめられました',
  refunded: 'このお支払いは返金されました',
  expired: 'このお支払いの期限が切れました',
}

/** A checkout that can no longer be paid. */
export function CheckoutClosedPage({ checkout, reason }: { checkout: FakeCheckout; reason: 'expired' | 'not-open' }) {
  const title = CLOSED_TITLE[reason === 'expired' ? 'expired' : checkout.status] ?? 'このお支払いは終了しています'
  return (
    <ProviderPage title={title}>
      <h1>{title}</h1>
      <CheckoutSummary checkout={checkout} />
      <p>
        <a href={checkout.returnUrl}>{`${checkout.merchantName}に戻る`}</a>
      </p>
    </ProviderPage>
  )
}

/** Unknown checkout, or a form that failed its nonce check. */
export function CheckoutProblemPage({ title, message, retryHref }: { title: string; message: string; retryHref?: string }) {
  return (
    <ProviderPage title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      {retryHref && (
        <p>
          <a href={retryHref}>お支払い画面を開き直す</a>
        </p>
      )}
    </ProviderPage>
  )
}
