/**
 * The public search pages (no login): the 施設予約 entry page with the search form and an
 * availability table per resource, and a resource's page with its details, fee table and week.
 */
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, Checkboxes, DateField, ErrorSummary, Radios, Select, TextField } from '../../../platform/views/components/index.js'
import type { AvailabilityQuery } from './availability.js'
import type { AvailabilityGrid } from './availability-grid.js'
import { AvailabilityLegend, AvailabilityTable, reservationsBase } from './availability-table.js'
import { equipmentLabel, formatDay, formatDayWithYear, localized } from './search-format.js'
import { lastSearchableDate, SEARCH_DAY_CHOICES, searchQueryString, type SearchFieldError, type SearchFormValues } from './search-query.js'
import type { SearchFacets } from './search-repository.js'
import type { ResourceAvailabilityWithReasons } from './availability.js'

/** The area's stylesheet (same origin; the CSP forbids inline styles). */
export function ReservationsStyles() {
  return <link rel="stylesheet" href="/static/reservations.css" />
}

export function Breadcrumbs({ ctx, items }: { ctx: PageContext; items: { href?: string; label: string }[] }) {
  return (
    <nav class="breadcrumbs" aria-label={ctx.t('reservations.search.breadcrumbs')}>
      <ol>
        {items.map(item => (
          <li>{item.href ? <a href={item.href}>{item.label}</a> : <span aria-current="page">{item.label}</span>}</li>
        ))}
      </ol>
    </nav>
  )
}

/** The entry page's links to the resident's own pages (other areas render them). */
function ReservationsMenu({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  const base = reservationsBase(ctx)
  const links: [string, string, string][] = [
    [`${base}/my`, 'reservations.search.menu.my', 'reservations.search.menu.myHint'],
    [`${base}/lotteries`, 'reservations.search.menu.lotteries', 'reservations.search.menu.lotteriesHint'],
    [`${base}/waitlist`, 'reservations.search.menu.waitlist', 'reservations.search.menu.waitlistHint'],
    [`${base}/groups`, 'reservations.search.menu.groups', 'reservations.search.menu.groupsHint'],
  ]
  return (
    <nav class="reservations-menu" aria-label={t('reservations.search.menu.label')}>
      <ul class="card-list">
        {links.map(([href, label, hint]) => (
          <li class="card">
            <a class="card__title" href={href}>
              {t(label)}
            </a>
            <p>{t(hint)}</p>
          </li>
        ))}
      </ul>
    </nav>
  )
}

export interface SearchResult {
  availability: ResourceAvailabilityWithReasons
  grid: AvailabilityGrid
}

export interface SearchPageProps {
  ctx: PageContext
  today: string
  facets: SearchFacets
  form: SearchFormValues
  errors: SearchFieldError[]
  /** absent when the form has errors */
  results?: { query: AvailabilityQuery; resources: SearchResult[] }
}

function SearchForm({ ctx, today, facets, form, errors }: Omit<SearchPageProps, 'results'>) {
  const { t } = ctx
  const errorOf = (field: SearchFieldError['field']) => {
    const error = errors.find(item => item.field === field)
    return error ? t(error.messageKey, error.params) : undefined
  }
  const prefix = t('common.errorPrefix')
  return (
    <form method="get" action={reservationsBase(ctx)} class="reservations-search" role="search" aria-labelledby="search-heading" novalidate>
      <h2 id="search-heading">{t('reservations.search.form.heading')}</h2>
      <DateField name="date" label={t('reservations.search.form.date')} hint={t('reservations.search.form.dateHint')} value={form.date || today} min={today} max={lastSearchableDate(today)} error={errorOf('date')} errorPrefix={prefix} />
      <Select
        name="days"
        label={t('reservations.search.form.days')}
        value={form.days || '7'}
        error={errorOf('days')}
        errorPrefix={prefix}
        options={[
          ...SEARCH_DAY_CHOICES.map(days => ({ value: String(days), label: t(`reservations.search.form.days${days}`) })),
          ...(form.days !== '' && !SEARCH_DAY_CHOICES.some(days => String(days) === form.days) ? [{ value: form.days, label: t('reservations.search.form.daysOther', { days: form.days }) }] : []),
        ]}
      />
      <Radios
        name="kind"
        legend={t('reservations.search.form.kind')}
        value={form.kind}
        inline
        error={errorOf('kind')}
        errorPrefix={prefix}
        options={[{ value: '', label: t('reservations.search.form.any') }, ...facets.kinds.map(kind => ({ value: kind, label: t(`reservations.kind.${kind}`) }))]}
      />
      <Select
        name="category"
        label={t('reservations.search.form.category')}
        value={form.category}
        error={errorOf('category')}
        errorPrefix={prefix}
        options={[{ value: '', label: t('reservations.search.form.any') }, ...facets.categories.map(category => ({ value: category, label: t(`reservations.category.${category}`) }))]}
      />
      <TextField name="capacity" label={t('reservations.search.form.capacity')} hint={t('reservations.search.form.capacityHint')} value={form.capacity} inputmode="numeric" width="5" autocomplete="off" error={errorOf('capacity')} errorPrefix={prefix} />
      {facets.equipment.length > 0 ? (
        <Checkboxes
          name="equipment"
          legend={t('reservations.search.form.equipment')}
          hint={t('reservations.search.form.equipmentHint')}
          values={form.equipment}
          error={errorOf('equipment')}
          errorPrefix={prefix}
          options={facets.equipment.map(code => ({ value: code, label: equipmentLabel(code, t) }))}
        />
      ) : null}
      <Button>{t('reservations.search.form.submit')}</Button>
    </form>
  )
}

/** Earlier / later periods of the same search; never before today nor past the last searchable date. */
function PeriodNav({ ctx, query, today, label }: { ctx: PageContext; query: AvailabilityQuery; today: string; label: string }) {
  const { t } = ctx
  const base = reservationsBase(ctx)
  const previous = addCalendarDays(query.from, -query.days)
  const next = addCalendarDays(query.from, query.days)
  return (
    <nav class="period-nav" aria-label={label}>
      <ul>
        {query.from > today ? (
          <li>
            <a href={`${base}?${searchQueryString({ ...query, from: previous < today ? today : previous })}#results`} rel="prev">
              {t('reservations.search.period.previous', { days: query.days })}
            </a>
          </li>
        ) : null}
        {next <= lastSearchableDate(today) ? (
          <li>
            <a href={`${base}?${searchQueryString({ ...query, from: next })}#results`} rel="next">
              {t('reservations.search.period.next', { days: query.days })}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  )
}

/** GET /:tenant/reservations — the 施設予約 entry page: menu, search form, results. */
export function SearchPage(props: SearchPageProps) {
  const { ctx, today, results, errors } = props
  const { t, locale } = ctx
  const base = reservationsBase(ctx)
  const title = t('reservations.search.title')
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? t('reservations.search.errorTitle', { title }) : title}>
      <ReservationsStyles />
      <h1>{title}</h1>
      <p class="lead">{t('reservations.search.lead')}</p>
      {errors.length > 0 ? <ErrorSummary title={t('common.errorSummary')} errors={errors.map(error => ({ field: error.field, message: t(error.messageKey, error.params) }))} /> : null}
      <ReservationsMenu ctx={ctx} />
      <SearchForm {...props} />
      {results ? (
        <section class="search-results" aria-labelledby="results">
          <h2 id="results" tabindex={-1}>
            {t('reservations.search.results.heading', {
              from: formatDayWithYear(results.query.from, t, locale),
              until: formatDay(addCalendarDays(results.query.from, results.query.days - 1), t, locale),
              count: results.resources.length,
            })}
          </h2>
          {results.resources.length === 0 ? (
            <p>{t('reservations.search.results.none')}</p>
          ) : (
            <>
              <AvailabilityLegend ctx={ctx} />
              <PeriodNav ctx={ctx} query={results.query} today={today} label={t('reservations.search.period.label')} />
              {results.resources.map(({ availability, grid }, index) => {
                const name = localized(availability.resourceNames, locale)
                const facility = localized(availability.facilityNames, locale)
                const captionId = `availability-${index + 1}`
                return (
                  <section class="search-result" aria-labelledby={`resource-${index + 1}`}>
                    <h3 id={`resource-${index + 1}`}>
                      <a href={`${base}/resources/${availability.resourceId}`}>{name}</a>
                      <span class="search-result__facility">{facility}</span>
                    </h3>
                    <p class="search-result__facts">
                      {t(`reservations.category.${availability.category}`)}
                      {' · '}
                      {availability.kind === 'space' ? t('reservations.search.capacityPeople', { count: availability.capacityPeople }) : t(`reservations.kind.${availability.kind}`)}
                      {availability.equipment.length > 0 ? (
                        <>
                          {' · '}
                          {t('reservations.search.equipmentList', { list: availability.equipment.map(code => equipmentLabel(code, t)).join('、') })}
                        </>
                      ) : null}
                    </p>
                    {grid.isEmpty && availability.closedDates.length === 0 ? (
                      <p class="muted">{t('reservations.search.results.noSlots')}</p>
                    ) : (
                      <AvailabilityTable
                        ctx={ctx}
                        grid={grid}
                        captionId={captionId}
                        caption={t('reservations.search.table.caption', { name, facility, from: formatDay(results.query.from, t, locale), until: formatDay(addCalendarDays(results.query.from, results.query.days - 1), t, locale) })}
                      />
                    )}
                  </section>
                )
              })}
              <PeriodNav ctx={ctx} query={results.query} today={today} label={t('reservations.search.period.labelBottom')} />
            </>
          )}
        </section>
      ) : null}
      <p class="reservations-login-note">{ctx.resident ? t('reservations.search.loggedInNote') : t('reservations.search.loginNote')}</p>
      <p>
        <a href={`/${ctx.tenant?.slug ?? ''}`}>{t('reservations.search.backHome')}</a>
      </p>
    </Layout>
  )
}
