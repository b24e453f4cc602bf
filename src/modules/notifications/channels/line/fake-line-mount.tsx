import type { Child } from 'hono/jsx'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { withTenant } from '../../../../platform/db/tenant-context.js'
import type { Platform } from '../../../../platform/platform.js'
import { formatDateTime } from '../../../../platform/views/format.js'
import { Layout } from '../../../../platform/views/layout.js'
import { pageContext, type PageContext } from '../../../../platform/views/page-context.js'
import { Button, CsrfField, NotificationBanner, Radios, Select, Table, TextField } from '../../../../platform/views/components/index.js'
import { buildLineEvent, createFakeLine, FAKE_LINE_BOT, fakeLinePlugin, type FakeLine, type FakeLineEventInput } from './fake-line.js'
import { createFakeLineLogin, DEV_LINE_USERS, type FakeLineLogin, type LineAuthorizationRequest } from './fake-line-login.js'
import { DEV_LINE_ACCESS_TOKEN, DEV_LINE_CHANNEL_SECRET, DEV_LINE_LOGIN_CHANNEL_ID, DEV_LINE_LOGIN_CHANNEL_SECRET, findLineCredentials } from './line-credentials.js'
import { forgetMountedFakeLine, rememberMountedFakeLine } from './line-transport.js'
import { settleLineReplies } from './line-webhook-service.js'

/**
 * Serves the fake LINE under /dev-line (only with NOTIFY_CHANNELS=fake, which production
 * refuses): the Messaging API and LINE Login endpoints (/dev-line/v2/…, /dev-line/oauth2/…,
 * /dev-line/friendship/…), the LINE Login consent page, and a viewer for developers — what each
 * LINE user received, the rich menus, and buttons that send signed webhooks (follow, unfollow,
 * message, postback) to a municipality's webhook, as LINE would. The fake's routes are the
 * provider's: `auth: 'public'`, no CSRF token (the consent page is LINE's, not ours).
 */

export const FAKE_LINE_PREFIX = '/dev-line'

const EVENT_TYPES = ['follow', 'unfollow', 'message', 'postback'] as const
type EventType = (typeof EVENT_TYPES)[number]

function DevPage({ title, children }: { title: string; children: Child }) {
  return (
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} | LINE(開発用)`}</title>
        <link rel="stylesheet" href="/static/vendor/tokens.css" />
        <link rel="stylesheet" href="/static/vendor/fonts.css" />
        <link rel="stylesheet" href="/static/yakuba.css" />
      </head>
      <body class="area-portal">
        <a class="skip-link" href="#main">本文へ移動</a>
        <header class="site-header">
          <div class="site-header__inner">
            <span class="site-header__name">LINE(開発用の疑似サービス)</span>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div class="notification-banner notification-banner--info" role="region" aria-labelledby="dev-line-banner">
            <h2 id="dev-line-banner" class="notification-banner__title">
              テスト環境
            </h2>
            <div class="notification-banner__content">
              <p>これは開発・試験用のLINEの画面です。本物のLINEアカウントは使われず、誰にも届きません。</p>
            </div>
          </div>
          {children}
        </main>
      </body>
    </html>
  )
}

/** The consent screen: which development user logs in, and whether they add the account as a friend. */
function ConsentPage({ request, action }: { request: LineAuthorizationRequest; action: string }) {
  const hidden: [string, string | undefined][] = [
    ['response_type', 'code'],
    ['client_id', request.clientId],
    ['redirect_uri', request.redirectUri],
    ['state', request.state],
    ['scope', request.scope],
    ['nonce', request.nonce],
    ['code_challenge', request.codeChallenge],
    ['code_challenge_method', request.codeChallenge ? 'S256' : undefined],
    ['bot_prompt', request.botPrompt],
  ]
  return (
    <DevPage title="LINEでログイン">
      <h1>LINEでログイン</h1>
      <p>
        アプリ(チャネルID <code>{request.clientId}</code>)が、あなたのプロフィール情報(表示名・内部ID)の利用を求めています。
      </p>
      <form method="post" action={action}>
        {hidden.map(([name, value]) => (value === undefined ? null : <input type="hidden" name={name} value={value} />))}
        {request.botPrompt && (
          <div class="field">
            <div class="checkboxes">
              <div class="checkboxes__item">
                <input class="checkboxes__input" type="checkbox" id="add-friend" name="add_friend" value="1" checked />
                <label class="checkboxes__label" for="add-friend">
                  公式アカウント「{FAKE_LINE_BOT.displayName}」を友だち追加する
                </label>
              </div>
            </div>
          </div>
        )}
        <h2>ログインするユーザーを選んでください</h2>
        <ul class="list-plain">
          {DEV_LINE_USERS.map(user => (
            <li>
              <p>
                {user.displayName} <code>{user.userId}</code>
              </p>
              <button type="submit" class="button button--primary" name="user" value={user.userId}>
                許可する<span class="visually-hidden">({user.displayName})</span>
              </button>
            </li>
          ))}
        </ul>
        <button type="submit" class="button button--secondary" name="decision" value="cancel">
          キャンセル
        </button>
      </form>
    </DevPage>
  )
}

function AuthorizeProblemPage({ description }: { description: string }) {
  return (
    <DevPage title="ログインできません">
      <h1>ログインできません</h1>
      <p>ログインの要求が正しくありません。</p>
      <p>
        <code>{description}</code>
      </p>
    </DevPage>
  )
}

interface ViewerProps {
  ctx: PageContext
  fake: FakeLine
  tenants: { slug: string; name: string }[]
  sent?: string
}

function ViewerPage({ ctx, fake, tenants, sent }: ViewerProps) {
  const byUser = new Map<string, { endpoint: string; text: string; at: number }[]>()
  for (const item of fake.received)
    for (const to of item.to) {
      const list = byUser.get(to) ?? []
      for (const message of item.messages) list.push({ endpoint: item.endpoint, text: typeof message.text === 'string' ? message.text : typeof message.altText === 'string' ? `[${String(message.type)}] ${message.altText}` : `[${String(message.type)}]`, at: item.at })
      byUser.set(to, list)
    }
  const users = [...new Set<string>([...DEV_LINE_USERS.map(u => u.userId), ...byUser.keys()])]
  const nameOf = (userId: string) => DEV_LINE_USERS.find(u => u.userId === userId)?.displayName ?? userId
  return (
    <Layout ctx={ctx} title="LINE(開発用)" area="root">
      {sent && (
        <NotificationBanner title="送信しました" variant="success">
          <p>Webhookを送りました。応答: {sent}</p>
        </NotificationBanner>
      )}
      <h1>LINE(開発用の疑似サービス)</h1>
      <p>Messaging API と LINEログインの代わりをする開発用のサービスです。誰にも届きません。受け取ったメッセージ、リッチメニュー、友だちの状態を表示します。</p>

      <h2>Webhookを送る</h2>
      {tenants.length === 0 ? (
        <p>自治体がありません。</p>
      ) : (
        <form method="post" action={`${FAKE_LINE_PREFIX}/webhooks`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Select name="tenant" label="自治体" options={tenants.map(t => ({ value: t.slug, label: `${t.name} (${t.slug})` }))} />
          <Select name="user" label="LINEユーザー" options={users.map(u => ({ value: u, label: `${nameOf(u)}${fake.isFollowing(u) ? '(友だち)' : ''}` }))} />
          <Radios
            name="type"
            legend="イベント"
            value="follow"
            options={[
              { value: 'follow', label: '友だち追加(follow)' },
              { value: 'unfollow', label: 'ブロック(unfollow)' },
              { value: 'message', label: 'メッセージ(message)' },
              { value: 'postback', label: 'ポストバック(postback)' },
            ]}
          />
          <TextField name="text" label="メッセージの本文(message)" hint="例: ごみの日 / 避難所 / garbage" value="ごみ" />
          <TextField name="data" label="ポストバックのデータ(postback)" hint="例: action=link / action=settings" value="action=settings" />
          <Button>Webhookを送る</Button>
        </form>
      )}

      <h2>受け取ったメッセージ</h2>
      {byUser.size === 0 ? (
        <p>まだありません。</p>
      ) : (
        [...byUser].map(([userId, messages], index) => (
          <section aria-labelledby={`dev-line-user-${index}`}>
            <h3 id={`dev-line-user-${index}`}>
              {nameOf(userId)} <code>{userId}</code>
            </h3>
            <ol class="list-plain">
              {messages
                .slice(-50)
                .reverse()
                .map(m => (
                  <li>
                    <p class="muted">
                      {formatDateTime(new Date(m.at), 'ja')} ・ {m.endpoint}
                    </p>
                    <pre class="mail__body">{m.text}</pre>
                  </li>
                ))}
            </ol>
          </section>
        ))
      )}

      <h2>リッチメニュー</h2>
      {fake.richMenus.size === 0 ? (
        <p>まだありません。</p>
      ) : (
        <Table
          caption="作成されたリッチメニュー"
          head={['名前', 'ID', '表示', '画像']}
          firstCellIsHeader
          rows={[...fake.richMenus.values()].map(menu => [
            menu.menu.name,
            <code>{menu.richMenuId}</code>,
            fake.defaultRichMenuId === menu.richMenuId ? '全員に表示中' : '—',
            menu.image ? <a href={`${FAKE_LINE_PREFIX}/rich-menus/${encodeURIComponent(menu.richMenuId)}/image`}>画像を開く</a> : '画像なし',
          ])}
        />
      )}
    </Layout>
  )
}

function bodyOf(req: FastifyRequest): Record<string, string> {
  const body = (req.body ?? {}) as Record<string, unknown>
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 2000) : Array.isArray(v) && typeof v[0] === 'string' ? v[0].slice(0, 2000) : '']))
}

export async function mountFakeLine(app: FastifyInstance, platform: Platform): Promise<{ line: FakeLine; login: FakeLineLogin }> {
  const { config } = platform
  const line = createFakeLine({ channelAccessTokens: [DEV_LINE_ACCESS_TOKEN], channelSecret: DEV_LINE_CHANNEL_SECRET })
  const login = createFakeLineLogin({
    channels: [{ channelId: DEV_LINE_LOGIN_CHANNEL_ID, channelSecret: DEV_LINE_LOGIN_CHANNEL_SECRET }],
    allowedRedirectPrefixes: [`${config.publicUrl}/`],
    isFollowing: userId => line.isFollowing(userId),
    setFollowing: (userId, isFollowing) => line.setFollowing(userId, isFollowing),
  })
  const mounted = { line, login }
  rememberMountedFakeLine(app, platform, mounted)
  app.addHook('onClose', async () => forgetMountedFakeLine(app, platform))
  // Municipalities that entered their own credentials in development: the fake accepts them too.
  app.addHook('onReady', async () => {
    for (const tenant of await platform.tenants.listTenants()) {
      const credentials = await withTenant(platform.database.db, tenant.id, trx => findLineCredentials(trx, config, tenant.id))
      if (credentials) line.addChannelAccessToken(credentials.accessToken)
      if (credentials?.loginChannelId && credentials.loginChannelSecret) login.addChannel(credentials.loginChannelId, credentials.loginChannelSecret)
    }
  })

  await app.register(fakeLinePlugin, { prefix: FAKE_LINE_PREFIX, fake: line, login })

  const page = { config: { auth: 'public' as const, csrf: false, rateLimit: false as const } }
  const sendPage = (reply: FastifyReply, node: Child, status = 200) => reply.header('cache-control', 'no-store').html(node, status)
  const authorizePath = `${FAKE_LINE_PREFIX}/oauth2/v2.1/authorize`

  app.get(authorizePath, page, async (req, reply) => {
    const checked = login.validateAuthorization((req.query ?? {}) as Record<string, unknown>)
    if (!checked.ok) return checked.redirect ? reply.redirect(checked.redirect, 303) : sendPage(reply, <AuthorizeProblemPage description={`${checked.error}: ${checked.description}`} />, 400)
    return sendPage(reply, <ConsentPage request={checked.request} action={authorizePath} />)
  })

  app.post(authorizePath, page, async (req, reply) => {
    const form = bodyOf(req)
    const checked = login.validateAuthorization(form)
    if (!checked.ok) return checked.redirect ? reply.redirect(checked.redirect, 303) : sendPage(reply, <AuthorizeProblemPage description={`${checked.error}: ${checked.description}`} />, 400)
    if (form.decision === 'cancel') return reply.redirect(login.deny(checked.request), 303)
    const user = DEV_LINE_USERS.find(u => u.userId === form.user)
    if (!user) return sendPage(reply, <ConsentPage request={checked.request} action={authorizePath} />, 400)
    return reply.redirect(login.approve(checked.request, user.userId, form.add_friend === '1'), 303)
  })

  app.get(FAKE_LINE_PREFIX, { config: { auth: 'public', rateLimit: false } }, async (req, reply) => {
    const tenants = (await platform.tenants.listTenants()).map(t => ({ slug: t.slug, name: t.name }))
    const sent = (req.query as { sent?: unknown } | undefined)?.sent
    return sendPage(reply, <ViewerPage ctx={pageContext(req)} fake={line} tenants={tenants} sent={typeof sent === 'string' && /^\d{3}$/.test(sent) ? sent : undefined} />)
  })

  app.get(`${FAKE_LINE_PREFIX}/rich-menus/:id/image`, { config: { auth: 'public', rateLimit: false } }, async (req, reply) => {
    const menu = line.richMenus.get((req.params as { id: string }).id)
    if (!menu?.image) return reply.callNotFound()
    return reply.header('cache-control', 'no-store').type(menu.image.contentType).send(menu.image.bytes)
  })

  // The viewer's button: LINE's side of a webhook, delivered in-process to the municipality's route.
  app.post(`${FAKE_LINE_PREFIX}/webhooks`, { config: { auth: 'public', rateLimit: false } }, async (req, reply) => {
    const form = bodyOf(req)
    const tenant = await platform.tenants.findTenantBySlug(form.tenant ?? '')
    const type = EVENT_TYPES.find(t => t === form.type) as EventType | undefined
    const userId = /^U[0-9a-f]{32}$/.test(form.user ?? '') ? form.user : undefined
    if (!tenant || !type || !userId) return reply.redirect(FAKE_LINE_PREFIX, 303)
    const credentials = await withTenant(platform.database.db, tenant.id, trx => findLineCredentials(trx, config, tenant.id))
    if (!credentials) return reply.redirect(`${FAKE_LINE_PREFIX}?sent=404`, 303)
    const input: FakeLineEventInput =
      type === 'message' ? { type, userId, text: form.text || 'こんにちは' } : type === 'postback' ? { type, userId, data: form.data || 'action=settings' } : { type, userId }
    const { rawBody, headers } = line.buildWebhook({ destination: FAKE_LINE_BOT.userId, events: [buildLineEvent(input)] }, credentials.channelSecret)
    const response = await app.inject({ method: 'POST', url: `/api/v1/notifications/line/webhook/${tenant.slug}`, headers, payload: rawBody })
    await settleLineReplies(platform)
    return reply.redirect(`${FAKE_LINE_PREFIX}?sent=${response.statusCode}`, 303)
  })

  return mounted
}
