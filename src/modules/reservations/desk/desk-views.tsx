/** Pieces every desk page shares: the staff layout with breadcrumbs, banners and errors; the bookings table. */
import { StaffAreaLayout, type StaffAreaPageProps } from '../../../platform/views/staff-area-layout.js'
import type { Child } from 'hono/jsx'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Table } from '../../../platform/views/components/index.js'
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

export type DeskLayoutProps = StaffAreaPageProps

export function DeskLayout({ ctx, title, children, crumbs = [], errors = [], notice, scripts = [] }: DeskLayoutProps) {
  const { t } = ctx
  return (
    <StaffAreaLayout ctx={ctx} title={title} area={{ href: deskPath(ctx), label: t('staffNav.reservations') }} breadcrumbsLabel={t('reservations.desk.breadcrumbs')} crumbs={crumbs} errors={errors} notice={notice} noticeTitle={t('reservations.desk.doneTitle')} scripts={scripts}>
      {children}
    </StaffAreaLayout>
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
