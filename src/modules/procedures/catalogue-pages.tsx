/** The resident-facing procedure catalogue and procedure pages. */
import { Layout } from '../../platform/views/layout.js'
import type { PageContext } from '../../platform/views/page-context.js'
import { Button, ButtonLink, CsrfField, NotificationBanner, Select, SummaryList, Tag, TextField } from '../../platform/views/components/index.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'
import { CATEGORIES, LIFE_EVENTS, type ProcedureDocument } from './form/form-definition.js'
import { localize } from './form/localize.js'
import type { CatalogueEntry } from './procedure-repository.js'

export function feeSummary(doc: ProcedureDocument, t: PageContext['t'], locale: PageContext['locale']): string {
  if (!doc.fee) return t('procedures.catalogue.free')
  return doc.fee.items.map(item => t(item.quantityField ? 'procedures.catalogue.feePer' : 'procedures.catalogue.feeFixed', { label: localize(item.label, locale), yen: item.unitYen.toLocaleString('ja-JP') })).join('、')
}

export function CataloguePage({ ctx, tenant, entries, query, category, lifeEvent }: { ctx: PageContext; tenant: TenantContext; entries: CatalogueEntry[]; query: string; category: string; lifeEvent: string }) {
  const { t, locale } = ctx
  return (
    <Layout ctx={ctx} title={t('procedures.catalogue.title')}>
      <h1>{t('procedures.catalogue.title')}</h1>
      <p class="lead">{t('procedures.catalogue.lead')}</p>
      <form method="get" action={`/${tenant.slug}/procedures`} class="search-form" role="search">
        <TextField name="q" label={t('procedures.catalogue.search')} hint={t('procedures.catalogue.searchHint')} value={query} type="text" />
        <Select name="category" label={t('procedures.catalogue.category')} value={category} options={[{ value: '', label: t('procedures.catalogue.all') }, ...CATEGORIES.map(c => ({ value: c, label: t(`procedures.category.${c}`) }))]} />
        <Select name="lifeEvent" label={t('procedures.catalogue.lifeEvent')} value={lifeEvent} options={[{ value: '', label: t('procedures.catalogue.all') }, ...LIFE_EVENTS.filter(e => e !== 'none').map(e => ({ value: e, label: t(`procedures.lifeEvent.${e}`) }))]} />
        <Button variant="secondary">{t('procedures.catalogue.searchButton')}</Button>
      </form>
      <h2 id="results">{t('procedures.catalogue.results', { count: entries.length })}</h2>
      {entries.length === 0 ? <p>{t('procedures.catalogue.none')}</p> : null}
      <ul class="procedure-list" aria-labelledby="results">
        {entries.map(entry => (
          <li class="procedure-list__item">
            <h3 class="procedure-list__title">
              <a href={`/${tenant.slug}/procedures/${entry.slug}`}>{localize(entry.document.title, locale)}</a>
            </h3>
            <p>{localize(entry.document.summary, locale)}</p>
            <p class="procedure-list__meta">
              <Tag tone="blue">{t(`procedures.category.${entry.document.category}`)}</Tag> <Tag tone={entry.document.identityLevel === 'my-number-card' ? 'yellow' : 'grey'}>{t(`procedures.identity.${entry.document.identityLevel}`)}</Tag>
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  )
}

export function ProcedurePage({ ctx, tenant, doc, isOpen }: { ctx: PageContext; tenant: TenantContext; doc: ProcedureDocument; isOpen: boolean }) {
  const { t, locale } = ctx
  const channels = (['online', 'post', 'counter'] as const).filter(c => doc.channels[c]).map(c => t(`procedures.channel.${c}`)).join('・')
  return (
    <Layout ctx={ctx} title={localize(doc.title, locale)}>
      <p class="breadcrumb"><a href={`/${tenant.slug}/procedures`}>{t('procedures.catalogue.title')}</a></p>
      <h1>{localize(doc.title, locale)}</h1>
      <p class="lead">{localize(doc.summary, locale)}</p>
      <SummaryList
        rows={[
          { key: t('procedures.page.eligibility'), value: localize(doc.eligibility, locale) },
          { key: t('procedures.page.requirements'), value: localize(doc.requirements, locale) },
          { key: t('procedures.page.fee'), value: feeSummary(doc, t, locale) },
          { key: t('procedures.page.processing'), value: doc.processingDays === 0 ? t('procedures.page.processingNone') : t('procedures.page.processingDays', { days: doc.processingDays }) },
          { key: t('procedures.page.identity'), value: t(`procedures.identity.${doc.identityLevel}`) },
          { key: t('procedures.page.channels'), value: channels },
        ]}
      />
      {isOpen ? (
        <p>
          <ButtonLink href={`/${tenant.slug}/procedures/${doc.slug}/apply`}>{t('procedures.page.start')}</ButtonLink>
        </p>
      ) : (
        <NotificationBanner title={t('procedures.page.closedTitle')}>{t('procedures.page.closed')}</NotificationBanner>
      )}
      {doc.identityLevel === 'my-number-card' ? <p class="field__hint">{t('procedures.page.cardNeeded')}</p> : null}
    </Layout>
  )
}

/** The start page: what happens next, and the button that creates (or resumes) the draft. */
export function StartPage({ ctx, tenant, doc, resumable }: { ctx: PageContext; tenant: TenantContext; doc: ProcedureDocument; resumable: boolean }) {
  const { t, locale } = ctx
  return (
    <Layout ctx={ctx} title={localize(doc.title, locale)}>
      <h1>{localize(doc.title, locale)}</h1>
      <p>{t('procedures.start.lead', { pages: doc.form.pages.length })}</p>
      <ul>
        <li>{t('procedures.start.draft')}</li>
        <li>{t('procedures.start.prefill')}</li>
      </ul>
      <form method="post" action={`/${tenant.slug}/procedures/${doc.slug}/apply`}>
        <CsrfField token={ctx.csrfToken} />
        <Button>{resumable ? t('procedures.start.resume') : t('procedures.start.button')}</Button>
      </form>
    </Layout>
  )
}
