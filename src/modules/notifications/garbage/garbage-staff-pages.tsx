/**
 * Staff pages of the garbage calendars (permission notifications.manage): the overview with the
 * next collections per district, the two CSV uploads with a located error report, holiday and
 * 年末年始 settings, downloads, and the category editor.
 */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { StaffNav } from '../../../platform/views/staff-nav.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { Button, ButtonLink, CsrfField, Details, ErrorSummary, NotificationBanner, Radios, Select, Table, TextArea, TextField } from '../../../platform/views/components/index.js'
import { DICTIONARY_CSV_COLUMNS, RULES_CSV_COLUMNS, type GarbageCsvError } from './garbage-csv.js'
import type { GarbageCollection, HolidayPolicy, YearEndClosure } from './garbage-rules.js'
import { formatDay, type CategoryLabel, type DistrictLabel } from './garbage-calendar-view.js'
import type { GarbageCategory } from './garbage-tables.js'
import { TypeLabel } from './garbage-public-pages.js'

export function staffGarbageBase(ctx: PageContext): string {
  return `/${ctx.tenant?.slug ?? ''}/staff/notifications/garbage`
}

export interface SummaryError {
  field: string
  message: string
}

function StaffPage({ ctx, title, errors = [], notice, children }: { ctx: PageContext; title: string; errors?: SummaryError[]; notice?: string; children: Child }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('notifications.garbage.staff.errorTitlePrefix')}${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      <link rel="stylesheet" href={`/${ctx.tenant?.slug ?? ''}/garbage/garbage.css`} />
      <ErrorSummary title={t('common.errorSummary')} errors={errors} />
      {notice ? (
        <NotificationBanner title={t('notifications.garbage.staff.doneTitle')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      ) : null}
      {children}
    </Layout>
  )
}

/** 行 3・列「曜日」 — where a problem is, for the report table. */
export function translateCsvError(ctx: PageContext, error: GarbageCsvError): { line: string; column: string; message: string } {
  const params = { column: '', value: '', ...(error.params ?? {}) }
  return { line: String(error.line), column: error.column ?? '', message: ctx.t(error.key, params) }
}

function ErrorReport({ ctx, id, errors }: { ctx: PageContext; id: string; errors: GarbageCsvError[] }) {
  const { t } = ctx
  const rows = errors.map(error => {
    const { line, column, message } = translateCsvError(ctx, error)
    return [line, column || '—', message]
  })
  return (
    <section class="garbage-errors" id={id} tabindex={-1} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('notifications.garbage.staff.errorsHeading', { count: errors.length })}</h3>
      <p>{t('notifications.garbage.staff.nothingStored')}</p>
      <Table caption={t('notifications.garbage.staff.errorsCaption')} head={[t('notifications.garbage.staff.errorLine'), t('notifications.garbage.staff.errorColumn'), t('notifications.garbage.staff.errorMessage')]} rows={rows} numericColumns={[0]} captionId={`${id}-caption`} />
    </section>
  )
}

function UploadForm({ ctx, action, field, label, hint }: { ctx: PageContext; action: string; field: string; label: string; hint: string }) {
  const { t } = ctx
  return (
    <form method="post" action={action} enctype="multipart/form-data" novalidate>
      <CsrfField token={ctx.csrfToken} />
      <div class="field">
        <label class="field__label" for={field}>
          {label}
        </label>
        <p id={`${field}-hint`} class="field__hint">
          {hint}
        </p>
        <input class="file-upload" type="file" id={field} name="file" accept=".csv,text/csv" aria-describedby={`${field}-hint`} />
      </div>
      <Button>{t('notifications.garbage.staff.upload')}</Button>
    </form>
  )
}

export interface DistrictPreview {
  district: DistrictLabel
  next: GarbageCollection[]
}

export interface OverviewProps {
  ctx: PageContext
  notice?: string
  calendar?: { version: number; createdAt: Date; change: string; ruleCount: number; exceptionCount: number; yearEndClosure: YearEndClosure }
  previews: DistrictPreview[]
  /** calendar district codes the districts table does not know */
  unknownDistrictCodes: string[]
  hasDistricts: boolean
  types: string[]
  policies: ReadonlyMap<string, HolidayPolicy>
  categories: GarbageCategory[]
  dictionary: { count: number; updatedAt: Date | null }
  rulesErrors?: GarbageCsvError[]
  dictionaryErrors?: GarbageCsvError[]
  settingsErrors?: Record<string, string>
  settingsValues?: { yearEndClosure?: string; policies?: Record<string, string> }
}

const POLICIES: readonly HolidayPolicy[] = ['collect', 'next-business-day', 'skip']

/** /:tenant/staff/notifications/garbage */
export function GarbageOverviewPage(props: OverviewProps) {
  const { ctx } = props
  const { t, locale } = ctx
  const base = staffGarbageBase(ctx)
  const labels: ReadonlyMap<string, CategoryLabel> = new Map(props.categories.map(category => [category.name, category]))
  const errors: SummaryError[] = [
    ...(props.rulesErrors?.length ? [{ field: 'rules-errors', message: t('notifications.garbage.staff.rulesRejected', { count: props.rulesErrors.length }) }] : []),
    ...(props.dictionaryErrors?.length ? [{ field: 'dictionary-errors', message: t('notifications.garbage.staff.dictionaryRejected', { count: props.dictionaryErrors.length }) }] : []),
    ...Object.entries(props.settingsErrors ?? {}).map(([field, message]) => ({ field, message })),
  ]
  const previewRows: Child[][] = props.previews.map(preview => [
    <>
      {preview.district.name}
      <span class="garbage-note">{preview.district.code}</span>
    </>,
    preview.next.length === 0 ? (
      t('notifications.garbage.staff.noUpcoming')
    ) : (
      <ul class="garbage-collections">
        {preview.next.map(collection => (
          <li>
            {formatDay(collection.date, locale)} <TypeLabel categories={labels} type={collection.type} locale={locale} />
            {collection.movedFrom ? <span class="garbage-note">{t('notifications.garbage.public.movedFrom', { date: formatDay(collection.movedFrom, locale) })}</span> : null}
          </li>
        ))}
      </ul>
    ),
    <a href={`/${ctx.tenant?.slug ?? ''}/garbage/${encodeURIComponent(preview.district.code)}`}>{t('notifications.garbage.staff.publicPage')}</a>,
  ])
  return (
    <StaffPage ctx={ctx} title={t('notifications.garbage.staff.title')} errors={errors} notice={props.notice}>
      <h1>{t('notifications.garbage.staff.title')}</h1>
      <p class="lead">{t('notifications.garbage.staff.lead')}</p>

      <section aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">{t('notifications.garbage.staff.calendarHeading')}</h2>
        {props.calendar ? (
          <p>
            {t('notifications.garbage.staff.calendarStatus', {
              version: props.calendar.version,
              at: formatDateTime(props.calendar.createdAt, locale),
              rules: props.calendar.ruleCount,
              exceptions: props.calendar.exceptionCount,
            })}
          </p>
        ) : (
          <p>{t('notifications.garbage.staff.noCalendar')}</p>
        )}
        {!props.hasDistricts && props.calendar ? <p>{t('notifications.garbage.staff.noDistricts')}</p> : null}
        {props.unknownDistrictCodes.length > 0 ? (
          <NotificationBanner title={t('notifications.garbage.staff.unknownDistrictsTitle')}>
            <p>{t('notifications.garbage.staff.unknownDistricts', { codes: props.unknownDistrictCodes.join('、') })}</p>
          </NotificationBanner>
        ) : null}
        {props.previews.length > 0 ? <Table caption={t('notifications.garbage.staff.previewCaption')} head={[t('notifications.garbage.staff.districtColumn'), t('notifications.garbage.staff.nextColumn'), t('notifications.garbage.staff.pageColumn')]} rows={previewRows} firstCellIsHeader /> : null}

        <h3>{t('notifications.garbage.staff.rulesUploadHeading')}</h3>
        {props.rulesErrors?.length ? <ErrorReport ctx={ctx} id="rules-errors" errors={props.rulesErrors} /> : null}
        <UploadForm ctx={ctx} action={`${base}/rules`} field="rules-file" label={t('notifications.garbage.staff.rulesFile')} hint={t('notifications.garbage.staff.rulesFileHint', { columns: RULES_CSV_COLUMNS.join(',') })} />
        <Details summary={t('notifications.garbage.staff.rulesFormatSummary')}>
          <p>{t('notifications.garbage.staff.rulesFormat')}</p>
          <pre>{'地区,分別区分,種類,曜日,第何週,日付,祝日の扱い,備考\nchuo-1,燃えるごみ,毎週,月・木,,,収集,朝8時30分まで\nchuo-1,資源ごみ,第N曜日,水,2・4,,翌営業日,\nchuo-1,燃えるごみ,臨時収集,,,2027-01-04,,年始臨時収集'}</pre>
        </Details>
        {props.calendar ? (
          <p>
            <a href={`${base}/rules.csv`} download>
              {t('notifications.garbage.staff.downloadRules')}
            </a>
          </p>
        ) : null}
      </section>

      {props.calendar ? (
        <section aria-labelledby="settings-heading">
          <h2 id="settings-heading">{t('notifications.garbage.staff.settingsHeading')}</h2>
          <form method="post" action={`${base}/settings`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <Radios
              name="yearEndClosure"
              legend={t('notifications.garbage.staff.closureLegend')}
              hint={t('notifications.garbage.staff.closureHint')}
              value={props.settingsValues?.yearEndClosure ?? props.calendar.yearEndClosure}
              error={props.settingsErrors?.yearEndClosure}
              options={[
                { value: 'dec-29', label: t('notifications.garbage.staff.closure.dec-29') },
                { value: 'dec-31', label: t('notifications.garbage.staff.closure.dec-31') },
              ]}
            />
            {props.types.map((type, index) => (
              <Select
                name={`policy.${type}`}
                id={`policy-${index}`}
                label={t('notifications.garbage.staff.policyLabel', { type })}
                value={props.settingsValues?.policies?.[type] ?? props.policies.get(type) ?? 'collect'}
                error={props.settingsErrors?.[`policy-${index}`]}
                options={POLICIES.map(policy => ({ value: policy, label: t(`notifications.garbage.policy.staff.${policy}`) }))}
              />
            ))}
            <Button>{t('notifications.garbage.staff.saveSettings')}</Button>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="dictionary-heading">
        <h2 id="dictionary-heading">{t('notifications.garbage.staff.dictionaryHeading')}</h2>
        <p>
          {props.dictionary.count > 0 && props.dictionary.updatedAt
            ? t('notifications.garbage.staff.dictionaryStatus', { count: props.dictionary.count, at: formatDateTime(props.dictionary.updatedAt, locale) })
            : t('notifications.garbage.staff.noDictionary')}
        </p>
        {props.dictionaryErrors?.length ? <ErrorReport ctx={ctx} id="dictionary-errors" errors={props.dictionaryErrors} /> : null}
        <UploadForm ctx={ctx} action={`${base}/dictionary`} field="dictionary-file" label={t('notifications.garbage.staff.dictionaryFile')} hint={t('notifications.garbage.staff.dictionaryFileHint', { columns: DICTIONARY_CSV_COLUMNS.join(',') })} />
        {props.dictionary.count > 0 ? (
          <p>
            <a href={`${base}/dictionary.csv`} download>
              {t('notifications.garbage.staff.downloadDictionary')}
            </a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">{t('notifications.garbage.staff.categoriesHeading')}</h2>
        {props.categories.length === 0 ? (
          <p>{t('notifications.garbage.staff.noCategories')}</p>
        ) : (
          <Table
            caption={t('notifications.garbage.staff.categoriesCaption')}
            head={[t('notifications.garbage.staff.categoryName'), 'やさしい日本語', 'English', t('notifications.garbage.staff.categoryLink'), '']}
            rows={props.categories.map(category => [
              <TypeLabel categories={labels} type={category.name} locale="ja" />,
              category.names['ja-easy'] ?? '—',
              category.names.en ?? '—',
              category.linkUrl ?? '—',
              <a href={`${base}/categories/${category.id}`}>{t('notifications.garbage.staff.editCategory', { name: category.name })}</a>,
            ])}
            firstCellIsHeader
          />
        )}
      </section>
    </StaffPage>
  )
}

export interface CategoryFormValues {
  nameEasy: string
  nameEn: string
  descriptionJa: string
  descriptionEasy: string
  descriptionEn: string
  colour: string
  linkUrl: string
}

/** /:tenant/staff/notifications/garbage/categories/:id */
export function CategoryEditPage({ ctx, category, values, errors = {} }: { ctx: PageContext; category: GarbageCategory; values: CategoryFormValues; errors?: Record<string, string> }) {
  const { t } = ctx
  const base = staffGarbageBase(ctx)
  const prefix = t('notifications.garbage.staff.errorPrefix')
  return (
    <StaffPage ctx={ctx} title={t('notifications.garbage.staff.categoryTitle', { name: category.name })} errors={Object.entries(errors).map(([field, message]) => ({ field, message }))}>
      <a class="back-link" href={base}>
        {t('notifications.garbage.staff.back')}
      </a>
      <h1>{t('notifications.garbage.staff.categoryTitle', { name: category.name })}</h1>
      <form method="post" action={`${base}/categories/${category.id}`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="nameEasy" label={t('notifications.garbage.staff.nameEasy')} value={values.nameEasy} error={errors.nameEasy} errorPrefix={prefix} />
        <TextField name="nameEn" label={t('notifications.garbage.staff.nameEn')} value={values.nameEn} error={errors.nameEn} errorPrefix={prefix} />
        <TextArea name="descriptionJa" label={t('notifications.garbage.staff.descriptionJa')} hint={t('notifications.garbage.staff.descriptionHint')} value={values.descriptionJa} error={errors.descriptionJa} errorPrefix={prefix} rows={3} />
        <TextArea name="descriptionEasy" label={t('notifications.garbage.staff.descriptionEasy')} value={values.descriptionEasy} error={errors.descriptionEasy} errorPrefix={prefix} rows={3} />
        <TextArea name="descriptionEn" label={t('notifications.garbage.staff.descriptionEn')} value={values.descriptionEn} error={errors.descriptionEn} errorPrefix={prefix} rows={3} />
        <TextField name="colour" label={t('notifications.garbage.staff.colour')} hint={t('notifications.garbage.staff.colourHint')} value={values.colour} error={errors.colour} errorPrefix={prefix} width="10" spellcheck={false} autocomplete="off" />
        <TextField name="linkUrl" label={t('notifications.garbage.staff.linkUrl')} hint={t('notifications.garbage.staff.linkUrlHint')} value={values.linkUrl} error={errors.linkUrl} errorPrefix={prefix} type="url" spellcheck={false} autocomplete="off" />
        <div class="button-group">
          <Button>{t('notifications.garbage.staff.saveCategory')}</Button>
          <ButtonLink href={base} variant="secondary">
            {t('notifications.garbage.staff.cancel')}
          </ButtonLink>
        </div>
      </form>
    </StaffPage>
  )
}
