/**
 * Residents' garbage pages: choose a district, the district's calendar (next 14 days, a month
 * table, holiday and 年末年始 notes, iCalendar and reminder links) and the sorting dictionary
 * search. Everything works without JavaScript; colours only repeat what the text says.
 */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, NotificationBanner, Select, Table, TextField } from '../../../platform/views/components/index.js'
import type { GarbageCollection, HolidayPolicy, YearEndClosure } from './garbage-rules.js'
import {
  categoryDescription,
  categoryName,
  formatDay,
  formatMonth,
  formatMonthTitle,
  shiftMonth,
  type CategoryLabel,
  type DistrictLabel,
} from './garbage-calendar-view.js'

/** Where residents choose garbage reminders and their channels (the residents area's settings page, its reminder question). */
export function reminderSettingsPath(slug: string): string {
  return `/${slug}/notifications/settings#garbageReminder`
}

export function garbageBase(ctx: PageContext): string {
  return `/${ctx.tenant?.slug ?? ''}/garbage`
}

/** Stylesheet of the calendar (with the tenant's category colours); CSP allows same-origin sheets. */
export function GarbageStyles({ ctx }: { ctx: PageContext }) {
  return <link rel="stylesheet" href={`${garbageBase(ctx)}/garbage.css`} />
}

export function Breadcrumbs({ ctx, items }: { ctx: PageContext; items: { href?: string; label: string }[] }) {
  return (
    <nav class="breadcrumbs" aria-label={ctx.t('notifications.garbage.public.breadcrumbs')}>
      <ol>
        {items.map(item => (
          <li>{item.href ? <a href={item.href}>{item.label}</a> : <span aria-current="page">{item.label}</span>}</li>
        ))}
      </ol>
    </nav>
  )
}

export function SearchForm({ ctx, query = '' }: { ctx: PageContext; query?: string }) {
  const { t } = ctx
  return (
    <form method="get" action={`${garbageBase(ctx)}/search`} role="search" class="garbage-search">
      <TextField name="q" label={t('notifications.garbage.search.label')} hint={t('notifications.garbage.search.hint')} value={query} autocomplete="off" />
      <Button variant="secondary">{t('notifications.garbage.search.submit')}</Button>
    </form>
  )
}

export function ContactNote({ ctx }: { ctx: PageContext }) {
  const contact = ctx.tenant?.settings.contact
  if (!contact || (!contact.phone && !contact.email)) return <p>{ctx.t('notifications.garbage.public.contactGeneric')}</p>
  return (
    <p>
      {ctx.t('notifications.garbage.public.contact')} {contact.department} {contact.phone ? <a href={`tel:${contact.phone.replace(/[^0-9+]/g, '')}`}>{contact.phone}</a> : null} {contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : null} {contact.hours}
    </p>
  )
}

/** A garbage type as text, with its colour as a mark beside it (never the only signal). */
export function TypeLabel({ categories, type, locale }: { categories: ReadonlyMap<string, CategoryLabel>; type: string; locale: PageContext['locale'] }) {
  const category = categories.get(type)
  return <span class={category?.id ? `garbage-type gc-${category.id}` : 'garbage-type'}>{categoryName(categories, type, locale)}</span>
}

export interface LandingProps {
  ctx: PageContext
  districts: DistrictLabel[]
  selected?: string
  hasCalendar: boolean
}

/** /:tenant/garbage — choose a district (a plain GET form, no script needed). */
export function GarbageLandingPage({ ctx, districts, selected, hasCalendar }: LandingProps) {
  const { t } = ctx
  const base = garbageBase(ctx)
  return (
    <Layout ctx={ctx} title={t('notifications.garbage.public.title')}>
      <GarbageStyles ctx={ctx} />
      <h1>{t('notifications.garbage.public.title')}</h1>
      <p class="lead">{t('notifications.garbage.public.lead')}</p>
      {hasCalendar ? (
        <>
          <h2 id="choose-district">{t('notifications.garbage.public.chooseHeading')}</h2>
          <form method="get" action={base} class="garbage-district-form">
            <Select
              name="district"
              label={t('notifications.garbage.public.districtLabel')}
              hint={t('notifications.garbage.public.districtHint')}
              value={selected}
              options={districts.map(district => ({ value: district.code, label: district.name }))}
            />
            <Button>{t('notifications.garbage.public.show')}</Button>
          </form>
          <details class="details">
            <summary class="details__summary">
              <span class="details__summary-text">{t('notifications.garbage.public.allDistricts')}</span>
            </summary>
            <ul class="list-plain details__text">
              {districts.map(district => (
                <li>
                  <a href={`${base}/${encodeURIComponent(district.code)}`}>{district.name}</a>
                </li>
              ))}
            </ul>
          </details>
        </>
      ) : (
        <NotificationBanner title={t('notifications.garbage.public.noCalendarTitle')}>
          <p>{t('notifications.garbage.public.noCalendar')}</p>
          <ContactNote ctx={ctx} />
        </NotificationBanner>
      )}
      <h2>{t('notifications.garbage.search.heading')}</h2>
      <SearchForm ctx={ctx} />
      <h2>{t('notifications.garbage.public.remindersHeading')}</h2>
      <p>{t('notifications.garbage.public.remindersLead')}</p>
      <p>
        <a href={reminderSettingsPath(ctx.tenant?.slug ?? '')}>{t('notifications.garbage.public.remindersLink')}</a>
      </p>
    </Layout>
  )
}

export interface UpcomingDay {
  date: string
  collections: GarbageCollection[]
  holiday?: string
  isClosure: boolean
}

export interface DistrictCalendarProps {
  ctx: PageContext
  district: DistrictLabel
  today: string
  upcoming: UpcomingDay[]
  month: { year: number; month: number; weeks: (string | undefined)[][]; collections: ReadonlyMap<string, GarbageCollection[]>; holidays: ReadonlyMap<string, string>; closureDays: ReadonlySet<string> }
  categories: ReadonlyMap<string, CategoryLabel>
  types: string[]
  policies: ReadonlyMap<string, HolidayPolicy>
  yearEndClosure: YearEndClosure
  closure: { from: string; to: string }
  feedUrl: string
  webcalUrl: string
}

function CollectionList({ ctx, collections, categories }: { ctx: PageContext; collections: readonly GarbageCollection[]; categories: ReadonlyMap<string, CategoryLabel> }) {
  const { t, locale } = ctx
  return (
    <ul class="garbage-collections">
      {collections.map(collection => (
        <li>
          <TypeLabel categories={categories} type={collection.type} locale={locale} />
          {collection.movedFrom ? <span class="garbage-note"> {t('notifications.garbage.public.movedFrom', { date: formatDay(collection.movedFrom, locale) })}</span> : null}
          {collection.note ? <span class="garbage-note"> {collection.note}</span> : null}
        </li>
      ))}
    </ul>
  )
}

function dayBadge(ctx: PageContext, date: string, today: string, tomorrow: string): string | undefined {
  if (date === today) return ctx.t('notifications.garbage.public.today')
  if (date === tomorrow) return ctx.t('notifications.garbage.public.tomorrow')
  return undefined
}

function holidayText(ctx: PageContext, name: string): string {
  return ctx.t('notifications.garbage.public.holiday', { name })
}

function UpcomingTable({ ctx, props }: { ctx: PageContext; props: DistrictCalendarProps }) {
  const { t, locale } = ctx
  const tomorrow = props.upcoming[1]?.date ?? ''
  const rows: Child[][] = props.upcoming.map(day => {
    const badge = dayBadge(ctx, day.date, props.today, tomorrow)
    const notes = [day.holiday ? holidayText(ctx, day.holiday) : undefined, day.isClosure ? t('notifications.garbage.public.closureDay') : undefined].filter(Boolean)
    return [
      <>
        {formatDay(day.date, locale)}
        {badge ? <strong class="garbage-badge"> {badge}</strong> : null}
      </>,
      <>
        {day.collections.length > 0 ? <CollectionList ctx={ctx} collections={day.collections} categories={props.categories} /> : <span class="garbage-none">{t('notifications.garbage.public.noCollection')}</span>}
        {notes.length > 0 ? <p class="garbage-note">{notes.join(' ')}</p> : null}
      </>,
    ]
  })
  return <Table caption={t('notifications.garbage.public.upcomingCaption', { district: props.district.name })} head={[t('notifications.garbage.public.dateColumn'), t('notifications.garbage.public.typesColumn')]} rows={rows} firstCellIsHeader captionId="upcoming-caption" />
}

const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const

function MonthTable({ ctx, props }: { ctx: PageContext; props: DistrictCalendarProps }) {
  const { t, locale } = ctx
  const { month } = props
  const title = formatMonthTitle(month.year, month.month, locale)
  const previous = shiftMonth(month.year, month.month, -1)
  const next = shiftMonth(month.year, month.month, 1)
  const here = `${garbageBase(ctx)}/${encodeURIComponent(props.district.code)}`
  return (
    <section aria-labelledby="month-heading">
      <h2 id="month-heading">{t('notifications.garbage.public.monthHeading', { month: title })}</h2>
      <nav class="garbage-month-nav" aria-label={t('notifications.garbage.public.monthNav')}>
        <a href={`${here}?month=${formatMonth(previous.year, previous.month)}#month-heading`} rel="prev">
          {t('notifications.garbage.public.previousMonth', { month: formatMonthTitle(previous.year, previous.month, locale) })}
        </a>
        <a href={`${here}?month=${formatMonth(next.year, next.month)}#month-heading`} rel="next">
          {t('notifications.garbage.public.nextMonth', { month: formatMonthTitle(next.year, next.month, locale) })}
        </a>
      </nav>
      <div class="table-wrapper" role="region" aria-labelledby="month-caption" tabindex={0}>
        <table class="table garbage-month">
          <caption id="month-caption" class="table__caption">
            {t('notifications.garbage.public.monthCaption', { month: title, district: props.district.name })}
          </caption>
          <thead>
            <tr>
              {WEEKDAY_KEYS.map(key => (
                <th scope="col" class="table__header">
                  <span aria-hidden="true">{t(`notifications.garbage.weekday.short.${key}`)}</span>
                  <span class="visually-hidden">{t(`notifications.garbage.weekday.long.${key}`)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {month.weeks.map(week => (
              <tr>
                {week.map(date => {
                  if (!date) return <td class="garbage-month__empty"></td>
                  const isToday = date === props.today
                  const holiday = month.holidays.get(date)
                  const collections = month.collections.get(date) ?? []
                  const classes = ['garbage-month__day', isToday ? 'garbage-month__day--today' : '', holiday ? 'garbage-month__day--holiday' : ''].filter(Boolean).join(' ')
                  return (
                    <td class={classes} aria-current={isToday ? 'date' : undefined}>
                      <span class="garbage-month__date">
                        <span aria-hidden="true">{Number(date.slice(8))}</span>
                        <span class="visually-hidden">{formatDay(date, locale)}</span>
                      </span>
                      {isToday ? <strong class="garbage-badge">{t('notifications.garbage.public.today')}</strong> : null}
                      {holiday ? <span class="garbage-note">{holidayText(ctx, holiday)}</span> : null}
                      {month.closureDays.has(date) ? <span class="garbage-note">{t('notifications.garbage.public.closureShort')}</span> : null}
                      {collections.length > 0 ? <CollectionList ctx={ctx} collections={collections} categories={props.categories} /> : null}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** /:tenant/garbage/:districtCode */
export function DistrictCalendarPage(props: DistrictCalendarProps) {
  const { ctx } = props
  const { t, locale } = ctx
  const base = garbageBase(ctx)
  const title = t('notifications.garbage.public.districtTitle', { district: props.district.name })
  return (
    <Layout ctx={ctx} title={title}>
      <GarbageStyles ctx={ctx} />
      <Breadcrumbs ctx={ctx} items={[{ href: base, label: t('notifications.garbage.public.title') }, { label: props.district.name }]} />
      <h1>{title}</h1>
      <p>
        <a href={`${base}?selected=${encodeURIComponent(props.district.code)}#choose-district`}>{t('notifications.garbage.public.changeDistrict')}</a>
      </p>

      <h2 id="upcoming-heading">{t('notifications.garbage.public.upcomingHeading')}</h2>
      <UpcomingTable ctx={ctx} props={props} />

      <MonthTable ctx={ctx} props={props} />

      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">{t('notifications.garbage.public.rulesHeading')}</h2>
        <p>{t('notifications.garbage.public.closureNote', { from: formatDay(props.closure.from, locale, true), to: formatDay(props.closure.to, locale, true) })}</p>
        <ul>
          {props.types.map(type => (
            <li>
              <TypeLabel categories={props.categories} type={type} locale={locale} />: {t(`notifications.garbage.policy.resident.${props.policies.get(type) ?? 'collect'}`)}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="types-heading">
        <h2 id="types-heading">{t('notifications.garbage.public.typesHeading')}</h2>
        <dl class="garbage-types">
          {props.types.map(type => {
            const description = categoryDescription(props.categories, type, locale)
            const link = props.categories.get(type)?.linkUrl
            return (
              <>
                <dt>
                  <TypeLabel categories={props.categories} type={type} locale={locale} />
                </dt>
                <dd>
                  {description ?? t('notifications.garbage.public.noDescription')}
                  {link ? (
                    <>
                      {' '}
                      <a href={link}>{t('notifications.garbage.public.categoryLink', { type: categoryName(props.categories, type, locale) })}</a>
                    </>
                  ) : null}
                </dd>
              </>
            )
          })}
        </dl>
        <SearchForm ctx={ctx} />
      </section>

      <section aria-labelledby="subscribe-heading">
        <h2 id="subscribe-heading">{t('notifications.garbage.public.subscribeHeading')}</h2>
        <p>{t('notifications.garbage.public.subscribeLead')}</p>
        <ul>
          <li>
            <a href={props.webcalUrl}>{t('notifications.garbage.public.subscribeWebcal')}</a>
          </li>
          <li>
            <a href={props.feedUrl} type="text/calendar" download>
              {t('notifications.garbage.public.subscribeDownload')}
            </a>
          </li>
        </ul>
        <p class="garbage-note">
          {t('notifications.garbage.public.subscribeUrl')} <code>{props.feedUrl}</code>
        </p>
        <h3>{t('notifications.garbage.public.remindersHeading')}</h3>
        <p>{t('notifications.garbage.public.remindersLead')}</p>
        <p>
          <a href={reminderSettingsPath(ctx.tenant?.slug ?? '')}>{t('notifications.garbage.public.remindersLink')}</a>
        </p>
      </section>
    </Layout>
  )
}
