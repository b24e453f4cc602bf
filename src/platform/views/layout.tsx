import type { Child } from 'hono/jsx'
import { htmlLang, LOCALES, type Locale } from '../i18n/i18n.js'
import type { PageContext } from './page-context.js'
import { CsrfField, EmergencyBanner } from './components/index.js'

const LOCALE_LABELS: Record<Locale, string> = { ja: '日本語', 'ja-easy': 'やさしい日本語', en: 'English' }

function LanguageSwitcher({ ctx }: { ctx: PageContext }) {
  const enabled = ctx.tenant?.settings.languages ?? LOCALES
  const base = ctx.tenant ? `/${ctx.tenant.slug}` : ''
  return (
    <nav class="language-switcher" aria-label={ctx.t('layout.languageNav')}>
      <ul>
        {enabled.map(locale => (
          <li>
            {locale === ctx.locale ? (
              <span aria-current="true" lang={htmlLang(locale)}>{LOCALE_LABELS[locale]}</span>
            ) : (
              <a href={`${base}/language/${locale}?return=${encodeURIComponent(ctx.currentPath)}`} lang={htmlLang(locale)} hreflang={htmlLang(locale)}>
                {LOCALE_LABELS[locale]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  )
}

export interface LayoutProps {
  ctx: PageContext
  title: string
  children: Child
  /** Resident portal (default) or staff console chrome */
  area?: 'portal' | 'staff' | 'root'
  nav?: Child
}

/** The page shell: skip link, header with branding, language switcher, emergency banner slot. */
export function Layout({ ctx, title, children, area = 'portal', nav }: LayoutProps) {
  const { t, tenant } = ctx
  const siteName = tenant ? (ctx.locale === 'en' ? tenant.nameEn : tenant.name) : 'Yakuba'
  const base = tenant ? `/${tenant.slug}` : ''
  return (
    <html lang={htmlLang(ctx.locale)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} | ${siteName}`}</title>
        <link rel="stylesheet" href="/static/vendor/tokens.css" />
        <link rel="stylesheet" href="/static/vendor/fonts.css" />
        <link rel="stylesheet" href="/static/yakuba.css" />
        {tenant && <link rel="stylesheet" href={`/${tenant.slug}/branding.css`} />}
        <script src="/static/enhance.js" type="module" defer></script>
      </head>
      <body class={`area-${area}`}>
        <a class="skip-link" href="#main">{t('layout.skipLink')}</a>
        {tenant && (tenant.settings.emergencyBanner || tenant.settings.disasterMode.state !== 'off') && (
          <EmergencyBanner title={tenant.settings.disasterMode.state === 'training' ? t('layout.training') : t('layout.emergency')}>
            {tenant.settings.emergencyBanner && <p>{tenant.settings.emergencyBanner}</p>}
            {tenant.settings.disasterMode.state !== 'off' && (
              <p>
                <a href={`/${tenant.slug}/disaster`}>{t('layout.emergencyLink')}</a>
              </p>
            )}
          </EmergencyBanner>
        )}
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-header__name" href={area === 'staff' ? `${base}/staff` : base || '/'}>
              {siteName}
              {area === 'staff' && <span class="site-header__area">{t('layout.staffConsole')}</span>}
            </a>
            <LanguageSwitcher ctx={ctx} />
          </div>
          {(nav || (area === 'portal' && tenant)) && (
            <nav class="site-nav" aria-label={t('layout.mainNav')}>
              {nav ?? (
                <ul>
                  <li><a href={base}>{t('nav.home')}</a></li>
                  {ctx.resident ? (
                    <>
                      <li><a href={`${base}/mypage`}>{t('nav.mypage')}</a></li>
                      <li><a href={`${base}/inbox`}>{t('nav.inbox')}</a></li>
                      <li>
                        <form method="post" action={`${base}/logout`} class="inline-form">
                          <CsrfField token={ctx.csrfToken} />
                          <button type="submit" class="link-button">{t('nav.logout')}</button>
                        </form>
                      </li>
                    </>
                  ) : (
                    <li><a href={`${base}/login`}>{t('nav.login')}</a></li>
                  )}
                </ul>
              )}
            </nav>
          )}
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          {tenant && tenant.settings.contact.phone && (
            <p>
              {t('layout.contact')}: {tenant.settings.contact.department} {tenant.settings.contact.phone} {tenant.settings.contact.hours}
            </p>
          )}
          <p>{t('layout.poweredBy')}</p>
        </footer>
      </body>
    </html>
  )
}
