/** 施設予約 (the desk's start page) and 予約一覧 (the filtered list). */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, DateField, Pagination, Select, SummaryList, TextField } from '../../../platform/views/components/index.js'
import { formatSlotDate, localized } from '../booking/index.js'
import { RESERVATION_STATUSES, type Facility, type Resource } from '../reservation-tables.js'
import type { DeskBookingRow } from './desk-repository.js'
import type { DeskOverview } from './desk-service.js'
import type { FieldProblems, FilterValues } from './desk-forms.js'
import { FILTER_FIELDS } from './desk-forms.js'
import { BookingsTable, DeskLayout, deskPath, problemItems, problemOf } from './desk-views.js'

export function DeskMenu({ ctx, canManage }: { ctx: PageContext; canManage: boolean }) {
  const { t } = ctx
  const items: { path: string; key: string }[] = [
    { path: '/bookings', key: 'bookings' },
    { path: '/calendar', key: 'calendar' },
    { path: '/bookings/new', key: 'newBooking' },
    { path: '/check-in', key: 'checkIn' },
    { path: '/report', key: 'report' },
  ]
  if (canManage) items.push({ path: '/setup', key: 'setup' }, { path: '/lotteries', key: 'lotteries' })
  return (
    <nav aria-labelledby="desk-menu-title">
      <h2 id="desk-menu-title">{t('reservations.desk.menu.title')}</h2>
      <ul class="card-list">
        {items.map(item => (
          <li class="card">
            <a class="card__title" href={deskPath(ctx, item.path)}>
              {t(`reservations.desk.menu.${item.key}`)}
            </a>
            <p>{t(`reservations.desk.menu.${item.key}Hint`)}</p>
          </li>
        ))}
      </ul>
    </nav>
  )
}

export function OverviewPage({ ctx, overview, canManage }: { ctx: PageContext; overview: DeskOverview; canManage: boolean }) {
  const { t, locale } = ctx
  const { counts } = overview
  const todayLabel = formatSlotDate(overview.today, t, locale)
  return (
    <DeskLayout ctx={ctx} title={t('reservations.desk.overview.title')}>
      <h1>{t('reservations.desk.overview.title')}</h1>
      <p class="lead">{t('reservations.desk.overview.lead', { date: todayLabel })}</p>
      <SummaryList
        rows={[
          { key: t('reservations.desk.overview.countToday'), value: t('reservations.desk.count', { count: counts.today }) },
          { key: t('reservations.desk.overview.countCheckedIn'), value: t('reservations.desk.count', { count: counts.checkedIn }) },
          {
            key: t('reservations.desk.overview.countAwaitingCounter'),
            value: <a href={`${deskPath(ctx, '/bookings')}?status=awaiting_payment`}>{t('reservations.desk.count', { count: counts.awaitingCounterPayment })}</a>,
          },
          { key: t('reservations.desk.overview.countNextWeek'), value: t('reservations.desk.count', { count: counts.nextSevenDays }) },
        ]}
      />
      <DeskMenu ctx={ctx} canManage={canManage} />
      <h2>{t('reservations.desk.overview.todayTitle')}</h2>
      {overview.bookings.length === 0 ? (
        <p>{t('reservations.desk.overview.noneToday')}</p>
      ) : (
        <BookingsTable ctx={ctx} caption={t('reservations.desk.overview.todayCaption', { date: todayLabel })} rows={overview.bookings} showDate={false} />
      )}
    </DeskLayout>
  )
}

function filterHref(ctx: PageContext, values: FilterValues, page: number): string {
  const params = new URLSearchParams()
  for (const field of FILTER_FIELDS) params.set(field, values[field])
  if (page > 1) params.set('page', String(page))
  return `${deskPath(ctx, '/bookings')}?${params.toString()}`
}

export interface BookingListPageProps {
  ctx: PageContext
  values: FilterValues
  problems: FieldProblems
  facilities: Facility[]
  resources: Resource[]
  rows: DeskBookingRow[]
  total: number
  page: number
  pageCount: number
}

export function BookingListPage({ ctx, values, problems, facilities, resources, rows, total, page, pageCount }: BookingListPageProps) {
  const { t, locale } = ctx
  const all = { value: '', label: t('reservations.desk.filter.all') }
  const first = (page - 1) * 50 + 1
  return (
    <DeskLayout ctx={ctx} title={t('reservations.desk.list.title')} errors={problemItems(ctx, problems, FILTER_FIELDS)}>
      <h1>{t('reservations.desk.list.title')}</h1>
      <p>
        <a href={deskPath(ctx, '/bookings/new')}>{t('reservations.desk.menu.newBooking')}</a>
      </p>
      <form method="get" action={deskPath(ctx, '/bookings')} aria-labelledby="filter-title">
        <h2 id="filter-title">{t('reservations.desk.filter.title')}</h2>
        <Select name="facility" label={t('reservations.desk.field.facility')} value={values.facility} error={problemOf(ctx, problems, 'facility')} options={[all, ...facilities.map(f => ({ value: f.id, label: localized(f.names, locale) }))]} />
        <Select
          name="resource"
          label={t('reservations.desk.field.resource')}
          value={values.resource}
          error={problemOf(ctx, problems, 'resource')}
          options={[all, ...resources.map(r => ({ value: r.id, label: `${localized(facilities.find(f => f.id === r.facilityId)?.names, locale)} ${localized(r.names, locale)}` }))]}
        />
        <DateField name="from" label={t('reservations.desk.filter.from')} hint={t('reservations.desk.filter.fromHint')} value={values.from} error={problemOf(ctx, problems, 'from')} />
        <DateField name="to" label={t('reservations.desk.filter.to')} value={values.to} error={problemOf(ctx, problems, 'to')} />
        <Select name="status" label={t('reservations.desk.field.status')} value={values.status} error={problemOf(ctx, problems, 'status')} options={[all, ...RESERVATION_STATUSES.map(s => ({ value: s, label: t(`reservations.status.${s}`) }))]} />
        <TextField name="reference" label={t('reservations.desk.field.reference')} hint={t('reservations.desk.filter.referenceHint')} value={values.reference} error={problemOf(ctx, problems, 'reference')} width="20" spellcheck={false} autocomplete="off" />
        <TextField name="name" label={t('reservations.desk.filter.name')} value={values.name} width="20" autocomplete="off" />
        <div class="button-group">
          <Button>{t('reservations.desk.filter.submit')}</Button>
          <a href={`${deskPath(ctx, '/bookings')}?from=`}>{t('reservations.desk.filter.clear')}</a>
        </div>
      </form>
      <h2>{t('reservations.desk.list.results')}</h2>
      {rows.length === 0 ? (
        <p>{t('reservations.desk.list.none')}</p>
      ) : (
        <>
          <p role="status">{t('reservations.desk.list.count', { total, first, last: first + rows.length - 1 })}</p>
          <BookingsTable ctx={ctx} caption={t('reservations.desk.list.caption')} rows={rows} />
          <Pagination page={page} pageCount={pageCount} hrefFor={p => filterHref(ctx, values, p)} labels={{ previous: t('common.previous'), next: t('common.next'), page: t('common.page'), nav: t('common.pagination') }} />
        </>
      )}
    </DeskLayout>
  )
}
