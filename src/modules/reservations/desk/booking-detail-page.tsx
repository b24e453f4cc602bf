/** One booking as the desk sees it (who booked, how, contact details) and what staff can do to it. */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, Checkboxes, CsrfField, NotificationBanner, SummaryList, TextArea, type SummaryListRow } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { bookingRows, formatYen } from '../booking/index.js'
import type { DeskBookingDetail } from './desk-service.js'
import { bookingPath, DeskLayout, deskPath } from './desk-views.js'

export interface BookingDetailPageProps {
  ctx: PageContext
  detail: DeskBookingDetail
  canCollectPayment: boolean
  canReadPayments: boolean
  notice?: string
  errors?: { field: string; message: string }[]
  reason?: string
}

function staffRows(ctx: PageContext, detail: DeskBookingDetail, canReadPayments: boolean): SummaryListRow[] {
  const { t, locale } = ctx
  const r = detail.reservation
  const rows: SummaryListRow[] = [
    { key: t('reservations.desk.field.phone'), value: r.applicantPhone ?? '—' },
    { key: t('reservations.desk.field.email'), value: r.applicantEmail ?? '—' },
    { key: t('reservations.desk.field.account'), value: r.residentId ? t('reservations.desk.detail.hasAccount') : t('reservations.desk.detail.noAccount') },
    { key: t('reservations.desk.field.channel'), value: t(`reservations.channel.${r.channel}`) },
    { key: t('reservations.desk.field.bookedAt'), value: formatDateTime(r.createdAt, locale) },
  ]
  if (detail.createdByStaffName) rows.push({ key: t('reservations.desk.field.bookedBy'), value: detail.createdByStaffName })
  rows.push({ key: t('reservations.desk.field.checkInCode'), value: <code>{r.checkInCode}</code> })
  if (r.checkedInAt) rows.push({ key: t('reservations.desk.field.checkedInAt'), value: `${formatDateTime(r.checkedInAt, locale)}${detail.checkedInByStaffName ? ` (${detail.checkedInByStaffName})` : ''}` })
  if (r.noShowAt) rows.push({ key: t('reservations.desk.field.noShowAt'), value: formatDateTime(r.noShowAt, locale) })
  if (r.cancelledAt) {
    rows.push({ key: t('reservations.desk.field.cancelledAt'), value: `${formatDateTime(r.cancelledAt, locale)} (${t(`reservations.desk.cancelledBy.${r.cancelledBy ?? 'system'}`)})` })
    if (r.cancelReason) rows.push({ key: t('reservations.desk.field.cancelReason'), value: r.cancelReason })
  }
  if (detail.payment) {
    const label = t(`payments.status.${detail.payment.status}`)
    rows.push({
      key: t('reservations.desk.field.paymentRecord'),
      value: canReadPayments ? <a href={`/${ctx.tenant?.slug}/staff/payments/${detail.payment.id}`}>{label}</a> : label,
    })
  }
  return rows
}

export function BookingDetailPage({ ctx, detail, canCollectPayment, canReadPayments, notice, errors = [], reason }: BookingDetailPageProps) {
  const { t } = ctx
  const r = detail.reservation
  const path = bookingPath(ctx, r.id)
  const title = t('reservations.desk.detail.title', { reference: r.reference })
  const isLive = ['held', 'won', 'awaiting_payment', 'confirmed', 'checked_in'].includes(r.status)
  const isAwaitingCounter = r.status === 'awaiting_payment' && r.paymentMethod === 'counter' && r.paymentId !== null
  return (
    <DeskLayout ctx={ctx} title={title} crumbs={[{ href: deskPath(ctx, '/bookings'), label: t('reservations.desk.list.title') }]} errors={errors} notice={notice}>
      <h1>{title}</h1>
      {detail.refundDueYen > 0 && (
        <NotificationBanner title={t('reservations.desk.detail.refundTitle')}>
          <p>{t('reservations.desk.detail.refundBody', { amount: formatYen(detail.refundDueYen, t, { zeroAsFree: false }) })}</p>
        </NotificationBanner>
      )}
      <SummaryList rows={[...bookingRows(ctx, detail), ...staffRows(ctx, detail, canReadPayments)]} />

      <h2 id="actions">{t('reservations.desk.detail.actions')}</h2>
      {r.status === 'confirmed' && (
        <form method="post" action={`${path}/check-in`} aria-labelledby="check-in-title">
          <h3 id="check-in-title">{t('reservations.desk.checkIn.button')}</h3>
          <CsrfField token={ctx.csrfToken} />
          {!detail.isToday && (
            <Checkboxes
              name="isOtherDayConfirmed"
              legend={t('reservations.desk.checkIn.otherDayLegend')}
              hint={t('reservations.desk.checkIn.otherDayHint')}
              options={[{ value: '1', label: t('reservations.desk.checkIn.otherDayConfirm') }]}
              error={errors.find(e => e.field === 'isOtherDayConfirmed')?.message}
            />
          )}
          <Button>{t('reservations.desk.checkIn.button')}</Button>
        </form>
      )}
      {r.status === 'confirmed' &&
        (detail.canMarkNoShow ? (
          <form method="post" action={`${path}/no-show`} aria-labelledby="no-show-title">
            <h3 id="no-show-title">{t('reservations.desk.noShow.title')}</h3>
            <CsrfField token={ctx.csrfToken} />
            <p>{t('reservations.desk.noShow.lead')}</p>
            <Button variant="secondary">{t('reservations.desk.noShow.button')}</Button>
          </form>
        ) : (
          <p>{t('reservations.desk.noShow.notYet')}</p>
        ))}
      {isAwaitingCounter &&
        (canCollectPayment ? (
          <form method="post" action={`${path}/confirm-payment`} aria-labelledby="payment-title">
            <h3 id="payment-title">{t('reservations.desk.payment.title')}</h3>
            <CsrfField token={ctx.csrfToken} />
            <p>{t('reservations.desk.payment.lead', { fee: formatYen(r.feeYen, t) })}</p>
            <Button>{t('reservations.desk.payment.button', { fee: formatYen(r.feeYen, t) })}</Button>
          </form>
        ) : (
          <p>{t('reservations.desk.payment.noPermission')}</p>
        ))}
      {isLive && (
        <form method="post" action={`${path}/cancel`} aria-labelledby="cancel-title">
          <h3 id="cancel-title">{t('reservations.desk.cancel.title')}</h3>
          <CsrfField token={ctx.csrfToken} />
          <p>{detail.cancellationFeeYen > 0 ? t('reservations.desk.cancel.withFee', { fee: formatYen(detail.cancellationFeeYen, t) }) : t('reservations.desk.cancel.noFee')}</p>
          <TextArea name="reason" label={t('reservations.desk.cancel.reason')} hint={t('reservations.desk.cancel.reasonHint')} value={reason} rows={3} required error={errors.find(e => e.field === 'reason')?.message} />
          {detail.cancellationFeeYen > 0 && <Checkboxes name="isFeeWaived" legend={t('reservations.desk.cancel.waiveLegend')} options={[{ value: '1', label: t('reservations.desk.cancel.waive') }]} />}
          <Button variant="warning">{t('reservations.desk.cancel.button')}</Button>
        </form>
      )}
      {!isLive && r.status !== 'no_show' && <p>{t('reservations.desk.detail.noActions')}</p>}
      <p class="back-link">
        <a href={deskPath(ctx, '/bookings')}>{t('reservations.desk.list.back')}</a>
      </p>
    </DeskLayout>
  )
}
