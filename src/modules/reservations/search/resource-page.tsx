/**
 * GET /:tenant/reservations/resources/:resourceId — one resource for everyone: its facility,
 * capacity, equipment, booking rules, the fee table and a week of availability with previous /
 * next week links. public/reservations-calendar.js adds a month calendar above the week.
 */
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { SummaryList, type SummaryListRow } from '../../../platform/views/components/index.js'
import type { DayKind } from '../reservation-tables.js'
import type { AvailabilityGrid } from './availability-grid.js'
import { AvailabilityLegend, AvailabilityTable, reservationsBase } from './availability-table.js'
import { equipmentLabel, formatDay, formatTime, formatTimeRange, formatYen, localized } from './search-format.js'
import { lastSearchableDate } from './search-query.js'
import type { PublicResource } from './search-repository.js'
import { Breadcrumbs, ReservationsStyles } from './search-pages.js'

export interface ResourcePageProps {
  ctx: PageContext
  today: string
  details: PublicResource
  weekStart: string
  grid: AvailabilityGrid
}

const DAY_KIND_ORDER: DayKind[] = ['all', 'weekday', 'weekend_holiday']

function FeeTable({ ctx, details }: { ctx: PageContext; details: PublicResource }) {
  const { t, locale } = ctx
  const rules = [...details.feeRules].sort((a, b) => DAY_KIND_ORDER.indexOf(a.dayKind) - DAY_KIND_ORDER.indexOf(b.dayKind) || a.bandStart.localeCompare(b.bandStart))
  const isFree = rules.every(rule => rule.residentFeeYen === 0 && rule.nonResidentFeeYen === 0)
  const surcharged = details.purposes.filter(purpose => purpose.feePercent !== 100)
  return (
    <section aria-labelledby="fees">
      <h2 id="fees">{t('reservations.search.fees.heading')}</h2>
      {isFree ? (
        <p>{t('reservations.search.fees.free')}</p>
      ) : (
        <div class="table-wrapper" role="region" aria-labelledby="fee-table-caption" tabindex={0}>
          <table class="table">
            <caption id="fee-table-caption" class="table__caption">
              {t('reservations.search.fees.caption', { name: localized(details.resource.names, locale) })}
            </caption>
            <thead>
              <tr>
                <th scope="col" class="table__header table__cell">
                  {t('reservations.search.fees.days')}
                </th>
                <th scope="col" class="table__header table__cell">
                  {t('reservations.search.fees.band')}
                </th>
                <th scope="col" class="table__header table__cell table__cell--numeric">
                  {t('reservations.search.fees.resident')}
                </th>
                <th scope="col" class="table__header table__cell table__cell--numeric">
                  {t('reservations.search.fees.nonResident')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map(rule => (
                <tr>
                  <td class="table__cell">{t(`reservations.search.fees.dayKind.${rule.dayKind}`)}</td>
                  <th scope="row" class="table__header table__cell">
                    {formatTimeRange(rule.bandStart, rule.bandEnd)}
                  </th>
                  <td class="table__cell table__cell--numeric">{formatYen(rule.residentFeeYen, t)}</td>
                  <td class="table__cell table__cell--numeric">{details.resource.nonResidentWindowDays === 0 ? t('reservations.search.fees.residentsOnly') : formatYen(rule.nonResidentFeeYen, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!isFree ? <p>{t('reservations.search.fees.prorated')}</p> : null}
      {!isFree && surcharged.length > 0 ? (
        <>
          <h3>{t('reservations.search.fees.purposesHeading')}</h3>
          <ul>
            {surcharged.map(purpose => (
              <li>{t('reservations.search.fees.purpose', { name: localized(purpose.names, locale), percent: purpose.feePercent })}</li>
            ))}
          </ul>
        </>
      ) : null}
      {!isFree && details.exemptions.length > 0 ? (
        <>
          <h3>{t('reservations.search.fees.exemptionsHeading')}</h3>
          <ul>
            {details.exemptions.map(exemption => (
              <li>
                {t(exemption.isGroupOnly ? 'reservations.search.fees.exemptionGroup' : 'reservations.search.fees.exemption', { name: localized(exemption.names, locale), percent: exemption.percentOff })}
                {localized(exemption.proofNotes, locale) ? <span class="muted"> {localized(exemption.proofNotes, locale)}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

function closedDaysText(ctx: PageContext, details: PublicResource): string {
  const { t } = ctx
  const { facility } = details
  const parts = [
    ...[...facility.closedWeekdays].sort().map(day => t('reservations.search.details.closedWeekday', { day: t(`reservations.weekday.${day}`) })),
    ...(facility.isClosedOnHolidays ? [t('reservations.search.details.closedHolidays')] : []),
    ...(facility.isClosedYearEnd ? [t('reservations.search.details.closedYearEnd')] : []),
  ]
  return parts.length > 0 ? parts.join('、') : t('reservations.search.details.noClosedDays')
}

function windowText(ctx: PageContext, details: PublicResource): string {
  const { t } = ctx
  const { resource } = details
  const resident = t('reservations.search.details.windowResident', { days: resource.residentWindowDays })
  const others = resource.nonResidentWindowDays === 0 ? t('reservations.search.details.windowResidentsOnly') : t('reservations.search.details.windowNonResident', { days: resource.nonResidentWindowDays })
  return `${resident} ${others}`
}

export function ResourcePage({ ctx, today, details, weekStart, grid }: ResourcePageProps) {
  const { t, locale } = ctx
  const { resource, facility } = details
  const base = reservationsBase(ctx)
  const name = localized(resource.names, locale)
  const facilityName = localized(facility.names, locale)
  const description = localized(resource.descriptions, locale)
  const pagePath = `${base}/resources/${resource.id}`
  const weekEnd = addCalendarDays(weekStart, 6)
  const previousWeek = addCalendarDays(weekStart, -7)
  const nextWeek = addCalendarDays(weekStart, 7)
  const rows: SummaryListRow[] = [
    { key: t('reservations.search.details.facility'), value: facilityName },
    ...(facility.address ? [{ key: t('reservations.search.details.address'), value: facility.address }] : []),
    ...(facility.phone ? [{ key: t('reservations.search.details.phone'), value: <a href={`tel:${facility.phone.replace(/[^0-9+]/g, '')}`}>{facility.phone}</a> }] : []),
    { key: t('reservations.search.details.category'), value: `${t(`reservations.category.${resource.category}`)}(${t(`reservations.kind.${resource.kind}`)})` },
    {
      key: t('reservations.search.details.capacity'),
      value: resource.kind === 'space' ? t('reservations.search.capacityPeople', { count: resource.capacityPeople }) : t('reservations.search.details.partySize', { count: resource.maxPartySize }),
    },
    { key: t('reservations.search.details.equipment'), value: resource.equipment.length > 0 ? resource.equipment.map(code => equipmentLabel(code, t)).join('、') : t('reservations.search.details.noEquipment') },
    { key: t('reservations.search.details.hours'), value: `${formatTime(facility.openingTime)}–${formatTime(facility.closingTime)}` },
    { key: t('reservations.search.details.closedDays'), value: closedDaysText(ctx, details) },
    { key: t('reservations.search.details.bookingMode'), value: t(`reservations.search.details.mode.${resource.bookingMode}`) },
    { key: t('reservations.search.details.window'), value: windowText(ctx, details) },
    {
      key: t('reservations.search.details.cancel'),
      value: resource.cancelDeadlineHours > 0 ? t('reservations.search.details.cancelHours', { hours: resource.cancelDeadlineHours }) : t('reservations.search.details.cancelAnytime'),
    },
  ]
  const caption = t('reservations.search.week.caption', { name, from: formatDay(weekStart, t, locale), until: formatDay(weekEnd, t, locale) })
  const monthLabels = {
    'data-calendar-source': `${pagePath}/availability.json`,
    'data-calendar-week-url': `${pagePath}?week=`,
    'data-calendar-today': today,
    'data-calendar-start': weekStart,
    'data-calendar-last': lastSearchableDate(today),
    'data-label-heading': t('reservations.search.calendar.heading'),
    'data-label-month': t('reservations.search.calendar.month'),
    'data-label-previous': t('reservations.search.calendar.previous'),
    'data-label-next': t('reservations.search.calendar.next'),
    'data-label-help': t('reservations.search.calendar.help'),
    'data-label-open': t('reservations.search.calendar.open'),
    'data-label-full': t('reservations.search.calendar.full'),
    'data-label-lottery': t('reservations.search.calendar.lottery'),
    'data-label-closed': t('reservations.search.calendar.closed'),
    'data-label-none': t('reservations.search.calendar.none'),
    'data-label-past': t('reservations.search.calendar.past'),
    'data-label-loading': t('reservations.search.calendar.loading'),
    'data-label-loaded': t('reservations.search.calendar.loaded'),
    'data-label-failed': t('reservations.search.calendar.failed'),
    'data-label-day': t('reservations.search.calendar.day'),
    'data-weekdays': [0, 1, 2, 3, 4, 5, 6].map(day => t(`reservations.weekday.${day}`)).join(','),
    'data-locale': locale,
  }
  return (
    <Layout ctx={ctx} title={name}>
      <ReservationsStyles />
      <Breadcrumbs ctx={ctx} items={[{ href: base, label: t('reservations.search.title') }, { label: name }]} />
      <p class="page-caption">{facilityName}</p>
      <h1>{name}</h1>
      {description ? <p class="lead">{description}</p> : null}
      <SummaryList rows={rows} />
      <FeeTable ctx={ctx} details={details} />
      <section aria-labelledby="week" class="resource-week">
        <h2 id="week" tabindex={-1}>
          {t('reservations.search.week.heading')}
        </h2>
        <p>{ctx.resident ? t('reservations.search.loggedInNote') : t('reservations.search.loginNote')}</p>
        <div class="reservations-calendar" hidden {...monthLabels}></div>
        <nav class="period-nav" aria-label={t('reservations.search.week.nav')}>
          <ul>
            {weekStart > today ? (
              <li>
                <a href={`${pagePath}?week=${previousWeek < today ? today : previousWeek}#week`} rel="prev">
                  {t('reservations.search.week.previous')}
                </a>
              </li>
            ) : null}
            {nextWeek <= lastSearchableDate(today) ? (
              <li>
                <a href={`${pagePath}?week=${nextWeek}#week`} rel="next">
                  {t('reservations.search.week.next')}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
        <AvailabilityLegend ctx={ctx} />
        {grid.isEmpty && grid.rows.every(row => !row.isClosed) ? <p class="muted">{t('reservations.search.week.noSlots')}</p> : <AvailabilityTable ctx={ctx} grid={grid} caption={caption} captionId="week-caption" />}
      </section>
      <p>
        <a href={base}>{t('reservations.search.backToSearch')}</a>
      </p>
      <script src="/static/reservations-calendar.js" type="module" defer></script>
    </Layout>
  )
}
