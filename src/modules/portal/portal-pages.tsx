import { Layout } from '../../platform/views/layout.js'
import type { PageContext } from '../../platform/views/page-context.js'
import { Button, ButtonLink, CsrfField, ErrorSummary, NotificationBanner, Pagination, PostalCodeField, SummaryList, Table, Tag, TextField } from '../../platform/views/components/index.js'
import { formatDate, formatDateTime } from '../../platform/views/format.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'
import { FEATURES } from '../../platform/tenancy/tenant-settings.js'

export function RootPage({ ctx, tenants }: { ctx: PageContext; tenants: TenantContext[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('root.title')} area="root">
      <h1>{t('root.title')}</h1>
      <p>{t('root.lead')}</p>
      <ul class="tenant-list">
        {tenants.map(tenant => (
          <li>
            <a href={`/${tenant.slug}`}>{ctx.locale === 'en' ? tenant.nameEn : tenant.name}</a>
          </li>
        ))}
      </ul>
    </Layout>
  )
}

/** Capabilities that are built, with their entry page; the others are shown as 準備中. */
const AVAILABLE_FEATURES: Partial<Record<(typeof FEATURES)[number], string>> = { procedures: '/procedures', notifications: '/notifications/settings', reservations: '/reservations', disaster: '/disaster' }

export function HomePage({ ctx, tenant }: { ctx: PageContext; tenant: TenantContext }) {
  const { t } = ctx
  const name = ctx.locale === 'en' ? tenant.nameEn : tenant.name
  return (
    <Layout ctx={ctx} title={t('portal.home.welcome', { municipality: name })}>
      <h1>{t('portal.home.welcome', { municipality: name })}</h1>
      <p class="lead">{t('portal.home.lead')}</p>
      <p>
        {ctx.resident ? (
          <ButtonLink href={`/${tenant.slug}/mypage`}>{t('portal.home.mypageCta')}</ButtonLink>
        ) : (
          <ButtonLink href={`/${tenant.slug}/login`}>{t('portal.home.loginCta')}</ButtonLink>
        )}
      </p>
      <h2>{t('portal.home.services')}</h2>
      <ul class="service-list">
        {FEATURES.filter(feature => tenant.settings.features.includes(feature)).map(feature =>
          AVAILABLE_FEATURES[feature] ? (
            <li>
              <a href={`/${tenant.slug}${AVAILABLE_FEATURES[feature]}`}>{t(`portal.home.feature.${feature}`)}</a>
            </li>
          ) : (
            <li>
              {t(`portal.home.feature.${feature}`)} <Tag tone="grey">{t('portal.home.comingSoon')}</Tag>
            </li>
          ),
        )}
        {tenant.settings.features.includes('notifications') ? (
          <li>
            <a href={`/${tenant.slug}/garbage`}>{t('notifications.garbage.public.title')}</a>
          </li>
        ) : null}
      </ul>
      <p>{t('portal.home.notReady')}</p>
    </Layout>
  )
}

export interface ContactFormValues {
  email: string
  phone: string
  postalCode: string
  addressPrefecture: string
  addressCity: string
  addressTown: string
  addressStreet: string
}

interface Profile {
  basicInfo?: { name: string; address: string; birthdate: string; gender: string; provider: string; verifiedAt: Date }
  views: { at: Date; departments: { name: string; nameEn: string }[] }[]
}

export function MyPage({ ctx, profile, form, errors, notice, postalStatus }: { ctx: PageContext; profile: Profile; form: ContactFormValues; errors: Record<string, string>; notice?: string; postalStatus?: string }) {
  const { t } = ctx
  const slug = ctx.tenant?.slug
  const info = profile.basicInfo
  const errorList = Object.entries(errors).map(([field, message]) => ({ field, message }))
  return (
    <Layout ctx={ctx} title={t('portal.mypage.title')}>
      <ErrorSummary title={t('common.errorSummary')} errors={errorList} />
      {notice && <NotificationBanner title={notice} variant="success">{''}</NotificationBanner>}
      <h1>{t('portal.mypage.title')}</h1>
      {ctx.tenant?.settings.features.includes('procedures') ? (
        <p>
          <a href={`/${ctx.tenant.slug}/applications`}>{t('portal.mypage.applications')}</a>
        </p>
      ) : null}
      {ctx.tenant?.settings.features.includes('notifications') ? <p><a href={`/${ctx.tenant.slug}/notifications/settings`}>{t('notifications.residents.mypageLink')}</a></p> : null}
      {ctx.tenant?.settings.features.includes('reservations') ? <p><a href={`/${ctx.tenant.slug}/reservations/my`}>{t('reservations.mypageLink')}</a></p> : null}
      {ctx.tenant?.settings.features.includes('disaster') ? <p><a href={`/${ctx.tenant.slug}/shelters/pass`}>{t('disaster.shelters.mypageLink')}</a></p> : null}
      <h2>{t('portal.mypage.basicInfo')}</h2>
      {info ? (
        <>
          <p>{t('portal.mypage.basicInfoLead')}</p>
          <SummaryList
            rows={[
              { key: t('portal.mypage.name'), value: <span data-testid="basic-name">{info.name}</span> },
              { key: t('portal.mypage.address'), value: <span data-testid="basic-address">{info.address}</span> },
              { key: t('portal.mypage.birthdate'), value: formatDate(info.birthdate, ctx.locale) },
              { key: t('portal.mypage.gender'), value: t(`portal.gender.${info.gender}`) },
            ]}
          />
          <p class="muted">{t('portal.mypage.verified', { provider: t(`portal.provider.${info.provider}`), date: formatDateTime(info.verifiedAt, ctx.locale) })}</p>
        </>
      ) : (
        <p>{t('portal.mypage.noBasicInfo')}</p>
      )}

      <h2>{t('portal.mypage.contact')}</h2>
      <p>{t('portal.mypage.contactLead')}</p>
      <form method="post" action={`/${slug}/mypage/contact`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="email" type="email" label={t('portal.mypage.email')} value={form.email} error={errors.email} autocomplete="email" spellcheck={false} errorPrefix={t('common.errorPrefix')} />
        <TextField name="phone" type="tel" label={t('portal.mypage.phone')} value={form.phone} error={errors.phone} autocomplete="tel" width="20" errorPrefix={t('common.errorPrefix')} />
        <PostalCodeField
          name="postalCode"
          label={t('portal.mypage.postalCode')}
          hint={t('portal.mypage.postalHint')}
          value={form.postalCode}
          error={errors.postalCode}
          errorPrefix={t('common.errorPrefix')}
          lookupUrl="/api/v1/postal-codes/"
          prefectureId="addressPrefecture"
          cityId="addressCity"
          townId="addressTown"
          statusId="postal-status"
          lookupButtonLabel={t('portal.mypage.postalLookup')}
          statusMessage={postalStatus}
          lookupLabels={{ found: t('portal.mypage.postalFound'), notFound: t('portal.mypage.postalNotFound'), failed: t('portal.mypage.postalNotFound') }}
        />
        <fieldset class="fieldset">
          <legend>{t('portal.mypage.contactAddress')}</legend>
          <p class="field__hint">{t('portal.mypage.contactAddressHint')}</p>
          <TextField name="addressPrefecture" label={t('portal.mypage.prefecture')} value={form.addressPrefecture} error={errors.addressPrefecture} autocomplete="address-level1" width="10" />
          <TextField name="addressCity" label={t('portal.mypage.city')} value={form.addressCity} error={errors.addressCity} autocomplete="address-level2" width="20" />
          <TextField name="addressTown" label={t('portal.mypage.town')} value={form.addressTown} error={errors.addressTown} autocomplete="address-level3" />
          <TextField name="addressStreet" label={t('portal.mypage.street')} value={form.addressStreet} error={errors.addressStreet} autocomplete="address-line1" />
        </fieldset>
        <Button variant="primary">{t('common.save')}</Button>
      </form>

      <h2>{t('portal.mypage.viewedBy')}</h2>
      <p>{t('portal.mypage.viewedByLead')}</p>
      {profile.views.length === 0 ? (
        <p>{t('portal.mypage.viewedByNone')}</p>
      ) : (
        <Table
          caption={t('portal.mypage.viewedBy')}
          head={[t('portal.mypage.viewedAt'), t('portal.mypage.viewedDepartment')]}
          rows={profile.views.map(v => [formatDateTime(v.at, ctx.locale), v.departments.map(d => (ctx.locale === 'en' && d.nameEn ? d.nameEn : d.name)).join('、') || '—'])}
        />
      )}
    </Layout>
  )
}

export function InboxPage({ ctx, rows, unread, page, pageCount }: { ctx: PageContext; rows: { id: string; subject: string; createdAt: Date; readAt: Date | null }[]; unread: number; page: number; pageCount: number }) {
  const { t } = ctx
  const base = `/${ctx.tenant?.slug}/inbox`
  return (
    <Layout ctx={ctx} title={t('portal.inbox.title')}>
      <h1>{t('portal.inbox.title')}</h1>
      <p>{t('portal.inbox.unreadCount', { count: unread })}</p>
      {rows.length === 0 ? (
        <p>{t('portal.inbox.empty')}</p>
      ) : (
        <Table
          caption={t('portal.inbox.title')}
          head={[t('portal.inbox.subject'), t('portal.inbox.received')]}
          rows={rows.map(m => [
            <>
              <a href={`${base}/${m.id}`}>{m.subject}</a> {!m.readAt && <Tag tone="blue">{t('portal.inbox.unread')}</Tag>}
            </>,
            formatDateTime(m.createdAt, ctx.locale),
          ])}
        />
      )}
      {pageCount > 1 && <Pagination page={page} pageCount={pageCount} hrefFor={p => `${base}?page=${p}`} labels={{ previous: t('common.previous'), next: t('common.next'), page: t('common.page'), nav: t('common.pagination') }} />}
    </Layout>
  )
}

export function MessagePage({ ctx, message }: { ctx: PageContext; message: { subject: string; body: string; createdAt: Date; linkUrl: string | null } }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={message.subject}>
      <p>
        <a href={`/${ctx.tenant?.slug}/inbox`}>{t('portal.inbox.back')}</a>
      </p>
      <h1>{message.subject}</h1>
      <p class="muted">{formatDateTime(message.createdAt, ctx.locale)}</p>
      {message.body.split(/\n{2,}/).map(p => (
        <p>{p}</p>
      ))}
      {message.linkUrl && /^\/(?![/\\])/.test(message.linkUrl) && (
        <p>
          <a href={message.linkUrl}>{message.linkUrl}</a>
        </p>
      )}
    </Layout>
  )
}
