import { raw } from 'hono/html'
import { Layout } from '../../views/layout.js'
import type { PageContext } from '../../views/page-context.js'
import { Button, CsrfField, ErrorSummary, NotificationBanner, Table, TextField } from '../../views/components/index.js'
import { StaffNav } from '../../views/staff-nav.js'
import { formatDateTime } from '../../views/format.js'

export function StaffLoginPage({ ctx, email, error }: { ctx: PageContext; email?: string; error?: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('staffAuth.login.title')} area="staff">
      <ErrorSummary title={t('common.errorSummary')} errors={error ? [{ field: 'email', message: error }] : []} />
      <h1>{t('staffAuth.login.title')}</h1>
      <form method="post" action={`/${ctx.tenant?.slug}/staff/login`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="email" type="email" label={t('staffAuth.login.email')} value={email} autocomplete="username" spellcheck={false} error={error ? ' ' : undefined} errorPrefix="" />
        <TextField name="password" type="password" label={t('staffAuth.login.password')} autocomplete="current-password" />
        <Button variant="primary">{t('staffAuth.login.submit')}</Button>
      </form>
    </Layout>
  )
}

export function EnrolPage({ ctx, qrSvg, secret, error }: { ctx: PageContext; qrSvg: string; secret: string; error?: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('staffAuth.enrol.title')} area="staff">
      <ErrorSummary title={t('common.errorSummary')} errors={error ? [{ field: 'code', message: error }] : []} />
      <h1>{t('staffAuth.enrol.title')}</h1>
      <p>{t('staffAuth.enrol.lead')}</p>
      <figure class="qr-code" role="img" aria-label={t('staffAuth.enrol.qrAlt')}>
        {raw(qrSvg.replace('<svg', '<svg aria-hidden="true" focusable="false"'))}
      </figure>
      <p>{t('staffAuth.enrol.manual')}:</p>
      <p>
        <code class="secret" data-testid="totp-secret">{secret}</code>
      </p>
      <form method="post" action={`/${ctx.tenant?.slug}/staff/mfa/enrol`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="code" label={t('staffAuth.enrol.code')} inputmode="numeric" autocomplete="one-time-code" width="5" error={error} errorPrefix={t('common.errorPrefix')} />
        <Button variant="primary">{t('staffAuth.enrol.submit')}</Button>
      </form>
    </Layout>
  )
}

export function RecoveryCodesPage({ ctx, codes }: { ctx: PageContext; codes: string[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('staffAuth.recovery.title')} area="staff">
      <h1>{t('staffAuth.recovery.title')}</h1>
      <p>{t('staffAuth.recovery.lead')}</p>
      <ul class="recovery-codes" data-testid="recovery-codes">
        {codes.map(code => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button button--primary" href={`/${ctx.tenant?.slug}/staff`}>
          {t('staffAuth.recovery.continue')}
        </a>
      </p>
    </Layout>
  )
}

export function MfaPage({ ctx, error }: { ctx: PageContext; error?: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('staffAuth.mfa.title')} area="staff">
      <ErrorSummary title={t('common.errorSummary')} errors={error ? [{ field: 'code', message: error }] : []} />
      <h1>{t('staffAuth.mfa.title')}</h1>
      <form method="post" action={`/${ctx.tenant?.slug}/staff/mfa`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="code" label={t('staffAuth.mfa.code')} hint={t('staffAuth.mfa.hint')} autocomplete="one-time-code" width="10" error={error} errorPrefix={t('common.errorPrefix')} />
        <Button variant="primary">{t('staffAuth.mfa.submit')}</Button>
      </form>
    </Layout>
  )
}

interface SessionRow {
  id: string
  createdAt: Date
  lastSeenAt: Date
  userAgent: string
  ip: string
}

export function SessionsPage({ ctx, sessions, currentId, notice }: { ctx: PageContext; sessions: SessionRow[]; currentId?: string; notice?: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('staffAuth.sessions.title')} area="staff" nav={<StaffNav ctx={ctx} />}>
      {notice && <NotificationBanner title={notice} variant="success">{''}</NotificationBanner>}
      <h1>{t('staffAuth.sessions.title')}</h1>
      <p>{t('staffAuth.sessions.lead')}</p>
      <Table
        caption={t('staffAuth.sessions.title')}
        head={[t('staffAuth.sessions.device'), t('staffAuth.sessions.started'), t('staffAuth.sessions.lastSeen'), '']}
        rows={sessions.map(s => [
          <>
            {s.userAgent.slice(0, 80) || '—'} <span class="muted">({s.ip})</span>
          </>,
          formatDateTime(s.createdAt, ctx.locale),
          formatDateTime(s.lastSeenAt, ctx.locale),
          s.id === currentId ? (
            <strong>{t('staffAuth.sessions.current')}</strong>
          ) : (
            <form method="post" action={`/${ctx.tenant?.slug}/staff/sessions/${s.id}/revoke`} class="inline-form">
              <CsrfField token={ctx.csrfToken} />
              <Button variant="warning">{t('staffAuth.sessions.revoke')}</Button>
            </form>
          ),
        ])}
      />
    </Layout>
  )
}
