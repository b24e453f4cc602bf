import type { ServerResponse } from 'node:http'

import type { TestCard } from './test-cards.js'

/**
 * HTML of the dev IdP's own pages. Plain template strings (the IdP runs outside the app's JSX
 * layout), so every interpolated value goes through escapeHtml. No inline script or style: the
 * pages run under `default-src 'self'`.
 */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

export const devIdpBanner = '開発用の認証サーバーです。本番ではデジタル認証アプリを使います。'

export interface CardChoicePageInput {
  /** Absolute path the login form posts to; the cancel form posts to the sibling `abort`. */
  loginAction: string
  abortAction: string
  clientName: string
  cards: readonly TestCard[]
  /** Set when the form came back without a valid choice. */
  error?: string
}

export function renderCardChoicePage(input: CardChoicePageInput): string {
  const errorId = 'card-error'
  const options = input.cards
    .map((card, index) => {
      const id = `card-${index}`
      const info = card.basicFourInfo
      return `<div class="radio">
<input type="radio" id="${id}" name="card" value="${escapeHtml(card.id)}" required${input.error ? ` aria-describedby="${errorId}"` : ''}>
<label for="${id}"><span class="radio__title">${escapeHtml(card.label)}</span>
<span class="radio__hint">${escapeHtml(info.birthdate)}生・${escapeHtml(info.address)}</span></label>
</div>`
    })
    .join('\n')

  const errorSummary = input.error
    ? `<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">入力内容を確認してください</h2>
<ul><li><a href="#card-0">${escapeHtml(input.error)}</a></li></ul>
</div>`
    : ''

  return page(
    'テストカードでログイン（開発用認証サーバー）',
    `<h1>マイナンバーカードでログイン（テスト）</h1>
${errorSummary}
<p>ログイン先: ${escapeHtml(input.clientName)}</p>
<p>ログイン先に、カードの氏名・住所・生年月日・性別が伝わります。</p>
<form method="post" action="${escapeHtml(input.loginAction)}">
<fieldset${input.error ? ' class="field--error"' : ''}>
<legend>テストカードを選んでください / Choose a test card</legend>
${input.error ? `<p id="${errorId}" class="field__error"><span class="visually-hidden">エラー:</span>${escapeHtml(input.error)}</p>` : ''}
${options}
</fieldset>
<button type="submit" class="button">このカードでログイン</button>
</form>
<form method="post" action="${escapeHtml(input.abortAction)}">
<button type="submit" class="button button--secondary">キャンセル</button>
</form>`,
  )
}

export function renderErrorPage(title: string, details: string[]): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
${details.map(detail => `<p>${escapeHtml(detail)}</p>`).join('\n')}`,
  )
}

function page(title: string, main: string): string {
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/static/vendor/tokens.css">
<link rel="stylesheet" href="/static/vendor/fonts.css">
<link rel="stylesheet" href="/static/yakuba.css">
</head>
<body>
<header class="dev-banner">
<p><strong>${escapeHtml(devIdpBanner)}</strong></p>
</header>
<main id="main">
${main}
</main>
</body>
</html>
`
}

export interface PageSender {
  send(res: ServerResponse, status: number, html: string): void
}

/** Writes a page with the headers Fastify would otherwise add: the IdP's replies are hijacked. */
export function createPageSender(contentSecurityPolicy: string): PageSender {
  return {
    send(res, status, html) {
      res.statusCode = status
      res.setHeader('Content-Type', 'text/html; charset=utf-8')
      res.setHeader('Cache-Control', 'no-store')
      res.setHeader('Content-Security-Policy', contentSecurityPolicy)
      res.setHeader('X-Content-Type-Options', 'nosniff')
      res.end(html)
    },
  }
}
