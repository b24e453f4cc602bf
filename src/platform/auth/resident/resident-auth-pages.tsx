import { Layout } from '../../views/layout.js'
import type { PageContext } from '../../views/page-context.js'
import { Button, CsrfField, ErrorSummary, NotificationBanner, TextField } from '../../views/components/index.js'

export function LoginPage({ ctx, returnTo, email, emailError, notice }: { ctx: PageContext; returnTo: string; email?: string; emailError?: string; notice?: string }) {
  const { t } = ctx
  const base = `/${ctx.tenant?.slug}`
  return (
    <Layout ctx={ctx} title={t('auth.login.title')}>
      <ErrorSummary title={t('common.errorSummary')} errors={emailError ? [{ field: 'email', message: emailError }] : []} />
      {notice && <NotificationBanner title={notice} variant="success">{''}</NotificationBanner>}
      <h1>{t('auth.login.title')}</h1>
      <p>{t('auth.login.lead')}</p>
      <section aria-labelledby="card-login-heading" class="login-option">
        <h2 id="card-login-heading">{t('auth.login.card')}</h2>
        <p id="card-login-hint">{t('auth.login.cardHint')}</p>
        <form method="post" action={`${base}/login/card`}>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="return" value={returnTo} />
          <Button variant="primary">{t('auth.login.card')}</Button>
        </form>
      </section>
      <section aria-labelledby="email-login-heading" class="login-option">
        <h2 id="email-login-heading">{t('auth.login.emailHeading')}</h2>
        <form method="post" action={`${base}/login/email`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="return" value={returnTo} />
          <TextField name="email" type="email" label={t('auth.login.email')} hint={t('auth.login.emailHint')} value={email} error={emailError} autocomplete="email" spellcheck={false} errorPrefix={t('common.errorPrefix')} />
          <Button variant="secondary">{t('auth.login.sendLink')}</Button>
        </form>
      </section>
    </Layout>
  )
}

export function LinkSentPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('auth.login.linkSentTitle')}>
      <h1>{t('auth.login.linkSentTitle')}</h1>
      <p>{t('auth.login.linkSent')}</p>
    </Layout>
  )
}

/** The magic link lands here; logging in takes a POST so that mail scanners cannot use the link. */
export function VerifyLinkPage({ ctx, token }: { ctx: PageContext; token: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('auth.login.verifyTitle')}>
      <h1>{t('auth.login.verifyTitle')}</h1>
      <p>{t('auth.login.verifyLead')}</p>
      <form method="post" action={`/${ctx.tenant?.slug}/login/email/verify`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <Button variant="primary">{t('auth.login.verifyButton')}</Button>
      </form>
    </Layout>
  )
}
