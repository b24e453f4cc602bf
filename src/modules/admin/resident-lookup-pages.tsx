import type { PageContext } from '../../platform/views/page-context.js'
import { Button, SummaryList, TextField } from '../../platform/views/components/index.js'
import { formatDate, formatDateTime } from '../../platform/views/format.js'
import { errorSummaryItems, type FieldErrors } from './admin-forms.js'
import { ConsolePage } from './admin-views.js'
import type { ResidentBasicInfoRow, ResidentMatch } from './resident-lookup-repository.js'

/** Providers with a translated name; any other is shown as stored. */
const KNOWN_PROVIDERS = ['digital-auth-app', 'email', 'line']

function base(ctx: PageContext) {
  return `/${ctx.tenant?.slug}/staff/residents`
}

/** The search form and, after a search, the matching names only (details are one audited click away). */
export function ResidentSearchPage({ ctx, q, result, errors = {} }: { ctx: PageContext; q: string; result?: { matches: ResidentMatch[]; hasMore: boolean }; errors?: FieldErrors }) {
  const { t } = ctx
  return (
    <ConsolePage ctx={ctx} title={t('admin.residents.title')} errors={errorSummaryItems(errors, ['q'])}>
      <h1>{t('admin.residents.title')}</h1>
      <p>{t('admin.residents.lead')}</p>
      <form method="get" action={base(ctx)} role="search" aria-label={t('admin.residents.searchLabel')}>
        <TextField name="q" inputmode="search" label={t('admin.residents.q')} hint={t('admin.residents.qHint')} value={q} error={errors.q} errorPrefix={t('common.errorPrefix')} autocomplete="off" spellcheck={false} />
        <Button variant="primary">{t('admin.residents.search')}</Button>
      </form>
      {result && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t('admin.residents.results', { count: result.matches.length })}</h2>
          {result.matches.length === 0 ? (
            <p>{t('admin.residents.noResults')}</p>
          ) : (
            <ul class="list-plain">
              {result.matches.map(m => (
                <li>
                  <a href={`${base(ctx)}/${m.id}`}>{m.name || t('admin.residents.noName')}</a>
                </li>
              ))}
            </ul>
          )}
          {result.hasMore && <p>{t('admin.residents.more')}</p>}
        </section>
      )}
    </ConsolePage>
  )
}

/** 基本4情報 with where it came from; viewing this page is recorded in the audit log. */
export function ResidentBasicInfoPage({ ctx, resident }: { ctx: PageContext; resident: ResidentBasicInfoRow }) {
  const { t } = ctx
  const info = resident.basicInfo
  const title = info?.name ?? (resident.displayName || t('admin.residents.noName'))
  return (
    <ConsolePage ctx={ctx} title={title}>
      <p>
        <a href={base(ctx)} class="back-link">
          {t('admin.residents.back')}
        </a>
      </p>
      <h1>{title}</h1>
      <p class="muted">{t('admin.residents.auditedNotice')}</p>
      {info ? (
        <>
          <h2>{t('admin.residents.basicInfo')}</h2>
          <SummaryList
            rows={[
              { key: t('admin.residents.name'), value: info.name },
              ...(info.nameKana ? [{ key: t('admin.residents.nameKana'), value: info.nameKana }] : []),
              { key: t('admin.residents.address'), value: info.address },
              { key: t('admin.residents.birthdate'), value: formatDate(info.birthdate, ctx.locale) },
              { key: t('admin.residents.gender'), value: t(`admin.residents.genders.${info.gender}`) },
            ]}
          />
          <h2>{t('admin.residents.provenance')}</h2>
          <SummaryList
            rows={[
              { key: t('admin.residents.provider'), value: KNOWN_PROVIDERS.includes(info.provider) ? t(`admin.residents.providers.${info.provider}`) : info.provider },
              { key: t('admin.residents.verifiedAt'), value: formatDateTime(info.verifiedAt, ctx.locale) },
            ]}
          />
        </>
      ) : (
        <p>{t('admin.residents.noBasicInfo')}</p>
      )}
    </ConsolePage>
  )
}
