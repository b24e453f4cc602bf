/** Pieces every desk page shares: the staff layout with breadcrumbs, banners and errors; the bookings table. */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { StaffNav } from '../../../platform/views/staff-nav.js'
import { ErrorSummary, NotificationBanner, Table } from '../../../platform/views/components/index.js'
import { BookingStatusTag, formatSlotRange, localized } from '../booking/index.js'
import type { LocalizedText } from '../reservation-tables.js'
import { tokyoTime } from '../reservation-time.js'
import type { DeskBookingRow } from './desk-repository.js'
import type { FieldProblems } from './desk-forms.js'

/** `/:tenant/staff/reservations` + path. */
export const deskPath = (ctx: PageContext, path = '') => `/${ctx.tenant?.slug ?? ''}/staff/reservations${path}`

export const bookingPath = (ctx: PageContext, id: string) => deskPath(ctx, `/bookings/${id}`)

/** Field problems (message keys) as the error summary's items, in the form's order. */
export function problemItems(ctx: PageContext, problems: FieldProblems, order: readonly string[] = []): { field: string; message: string }[] {
  const fields = [...order.filter(f => f in problems), ...Object.keys(problems).filter(f => !order.includes(f))]
  return fields.map(field => ({ field, message: ctx.t(problems[field] ?? '') }))
}

export function problemOf(ctx: PageContext, problems: FieldProblems | undefined, field: string): string | undefined {
  const key = problems?.[field]
  return key ? ctx.t(key) : undefined
}

export interface DeskLayoutProps {
  ctx: PageContext
  title: string
  children: Child
  /** links between 施設予約 and this page */
  crumbs?: { href: string; label: string }[]
  errors?: { field: string; message: string }[]
  /** the outcome of what staff just did (after a redirect) */
  notice?: string
  /** scripts of this page (progressive enhancement, same origin) */
  scripts?: string[]
}

export function DeskLayout({ ctx, title, children, crumbs = [], errors = [], notice, scripts = [] }: DeskLayoutProps) {
  const { t } = ctx
  const isRoot = crumbs.length === 0 && ctx.currentPath.split('?')[0] === deskPath(ctx)
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('common.errorPrefix')} ${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      {!isRoot && (
        <nav class="breadcrumbs" aria-label={t('reservations.desk.breadcrumbs')}>
          <ol>
            <li>
              <a href={deskPath(ctx)}>{t('staffNav.reservations')}</a>
            </li>
            {crumbs.map(crumb => (
              <li>
                <a href={crumb.href}>{crumb.label}</a>
              </li>
            ))}
            <li aria-current="page">{title}</li>
          </ol>
        </nav>
      )}
      <ErrorSummary title={t('common.errorSummary')} errors={errors} />
      {notice && (
        <NotificationBanner title={t('reservations.desk.doneTitle')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      )}
      {children}
      {scripts.map(src => (
        <script src={src} type="module"></script>
      ))}
    </Layout>
  )
}

/** '09:00〜12:00' on the Tokyo clock. */
export const timeRange = (startsAt: Date, endsAt: Date) => `${tokyoTime(startsAt)}〜${tokyoTime(endsAt)}`

export function placeLabel(ctx: PageContext, facilityNames: LocalizedText, resourceNames: LocalizedText): string {
  return `${localized(facilityNames, ctx.locale)} ${localized(resourceNames, ctx.locale)}`
}

/** The bookings table of the overview and the list: when, where, who, how many, status, reference. */
export function BookingsTable({ ctx, caption, rows, showDate = true }: { ctx: PageContext; caption: string; rows: DeskBookingRow[]; showDate?: boolean }) {
  const { t, locale } = ctx
  return (
    <Table
      caption={caption}
      head={[
        t('reservations.desk.field.reference'),
        showDate ? t('reservations.desk.field.when') : t('reservations.desk.field.time'),
        t('reservations.desk.field.place'),
        t('reservations.desk.field.applicant'),
        t('reservations.desk.field.partySize'),
        t('reservations.desk.field.channel'),
        t('reservations.desk.field.status'),
      ]}
      numericColumns={[4]}
      firstCellIsHeader
      rows={rows.map(row => [
        <a href={bookingPath(ctx, row.id)}>{row.reference}</a>,
        showDate ? formatSlotRange(row.slotStartsAt, row.slotEndsAt, t, locale) : timeRange(row.slotStartsAt, row.slotEndsAt),
        placeLabel(ctx, row.facilityNames, row.resourceNames),
        row.applicantName,
        String(row.partySize),
        t(`reservations.channel.${row.channel}`),
        <BookingStatusTag ctx={ctx} status={row.status} />,
      ])}
    />
  )
}
