/** マイ予約: the resident's bookings, one booking (payment choice, permit, links), cancel and reschedule. */
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, CsrfField, ErrorSummary, NotificationBanner, Radios, SummaryList, Table, Tag, type ChoiceOption, type SummaryListRow, type TagTone } from '../../../platform/views/components/index.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { Payment } from '../../payments/index.js'
import type { FeeBreakdown, Reservation, ReservationStatus, Slot } from '../reservation-tables.js'
import { formatMoment, formatSlotRange, formatYen, localized } from './booking-format.js'
import type { BookingDetail } from './booking-queries.js'
import type { BookingListItem } from './booking-queries.js'

export const STATUS_TONES: Record<ReservationStatus, TagTone> = {
  held: 'yellow',
  won: 'yellow',
  awaiting_payment: 'yellow',
  confirmed: 'green',
  checked_in: 'grey',
  no_show: 'red',
  cancelled: 'grey',
  expired: 'grey',
}

export function BookingStatusTag({ ctx, status }: { ctx: PageContext; status: ReservationStatus }) {
  return <Tag tone={STATUS_TONES[status]}>{ctx.t(`reservations.status.${status}`)}</Tag>
}

const bookingPath = (tenant: TenantContext, id: string) => `/${tenant.slug}/reservations/my/${id}`

function BookingTable({ ctx, tenant, caption, items }: { ctx: PageContext; tenant: TenantContext; caption: string; items: BookingListItem[] }) {
  const { t, locale } = ctx
  return (
    <Table
      caption={caption}
      head={[t('reservations.booking.field.when'), t('reservations.booking.field.facility'), t('reservations.booking.field.status'), t('reservations.booking.field.reference')]}
      firstCellIsHeader
      rows={items.map(item => [
        <a href={bookingPath(tenant, item.reservation.id)}>{formatSlotRange(item.slot.startsAt, item.slot.endsAt, t, locale)}</a>,
        `${localized(item.facilityNames, locale)} ${localized(item.resourceNames, locale)}`,
        <BookingStatusTag ctx={ctx} status={item.reservation.status} />,
        item.reservation.reference,
      ])}
    />
  )
}

export function MyBookingsPage({ ctx, tenant, items, now }: { ctx: PageContext; tenant: TenantContext; items: BookingListItem[]; now: Date }) {
  const { t } = ctx
  const wins = items.filter(i => i.reservation.status === 'won')
  const upcoming = items.filter(i => ['held', 'awaiting_payment', 'confirmed', 'checked_in'].includes(i.reservation.status) && i.slot.endsAt.getTime() > now.getTime())
  const shown = new Set([...wins, ...upcoming].map(i => i.reservation.id))
  const past = items.filter(i => !shown.has(i.reservation.id)).reverse()
  return (
    <Layout ctx={ctx} title={t('reservations.booking.my.title')}>
      <h1>{t('reservations.booking.my.title')}</h1>
      <p>
        <a href={`/${tenant.slug}/reservations`}>{t('reservations.booking.my.findMore')}</a>
      </p>
      {wins.length > 0 && (
        <NotificationBanner title={t('reservations.booking.my.winsTitle')}>
          <p>{t('reservations.booking.my.winsBody')}</p>
        </NotificationBanner>
      )}
      {wins.length > 0 && <BookingTable ctx={ctx} tenant={tenant} caption={t('reservations.booking.my.wins')} items={wins} />}
      <h2>{t('reservations.booking.my.upcoming')}</h2>
      {upcoming.length === 0 ? <p>{t('reservations.booking.my.noneUpcoming')}</p> : <BookingTable ctx={ctx} tenant={tenant} caption={t('reservations.booking.my.upcoming')} items={upcoming} />}
      <h2>{t('reservations.booking.my.past')}</h2>
      {past.length === 0 ? <p>{t('reservations.booking.my.nonePast')}</p> : <BookingTable ctx={ctx} tenant={tenant} caption={t('reservations.booking.my.past')} items={past} />}
    </Layout>
  )
}

/** The rows every view of a booking shows. */
export function bookingRows(ctx: PageContext, detail: BookingDetail): SummaryListRow[] {
  const { t, locale } = ctx
  const { reservation: r, view } = detail
  const breakdown = r.feeBreakdown as Partial<FeeBreakdown>
  const feeParts = [
    formatYen(r.feeYen, t),
    r.isResidentRate ? t('reservations.booking.field.residentRate') : t('reservations.booking.field.nonResidentRate'),
    breakdown.purposePercent !== undefined && breakdown.purposePercent !== 100 ? t('reservations.booking.slot.percentOfFee', { percent: breakdown.purposePercent }) : '',
    breakdown.exemptionPercentOff ? t('reservations.booking.slot.percentOff', { percent: breakdown.exemptionPercentOff }) : '',
  ].filter(Boolean)
  const rows: SummaryListRow[] = [
    { key: t('reservations.booking.field.reference'), value: r.reference },
    { key: t('reservations.booking.field.status'), value: <BookingStatusTag ctx={ctx} status={r.status} /> },
    { key: t('reservations.booking.field.applicant'), value: r.applicantName },
    { key: t('reservations.booking.field.facility'), value: `${localized(view.facility.names, locale)} ${localized(view.resource.names, locale)}` },
    { key: t('reservations.booking.field.when'), value: formatSlotRange(view.slot.startsAt, view.slot.endsAt, t, locale) },
    { key: t('reservations.booking.field.partySize'), value: t('reservations.booking.slot.people', { count: r.partySize }) },
  ]
  if (detail.purposeNames) rows.push({ key: t('reservations.booking.field.purpose'), value: localized(detail.purposeNames, locale) })
  if (detail.exemptionNames) rows.push({ key: t('reservations.booking.field.exemption'), value: localized(detail.exemptionNames, locale) })
  if (detail.groupName) rows.push({ key: t('reservations.booking.field.group'), value: detail.groupName })
  rows.push({ key: t('reservations.booking.field.fee'), value: feeParts.join(' / ') })
  if (r.feeYen > 0 && r.paymentMethod !== 'none') rows.push({ key: t('reservations.booking.field.payment'), value: `${t(`reservations.paymentMethod.${r.paymentMethod}`)}${r.paidAt ? ` (${t('reservations.booking.field.paid')})` : ''}` })
  if (r.status === 'awaiting_payment' && r.paymentDueAt) rows.push({ key: t('reservations.booking.field.paymentDue'), value: formatMoment(r.paymentDueAt, t, locale) })
  if (r.status === 'cancelled' && r.cancellationFeeYen > 0) rows.push({ key: t('reservations.booking.field.cancellationFee'), value: formatYen(r.cancellationFeeYen, t) })
  return rows
}

function PaymentForm({ ctx, tenant, reservation, allowsCounter, submitLabel }: { ctx: PageContext; tenant: TenantContext; reservation: Reservation; allowsCounter: boolean; submitLabel?: string }) {
  const { t } = ctx
  const action = `${bookingPath(tenant, reservation.id)}/payment`
  if (reservation.feeYen === 0) {
    return (
      <form method="post" action={action}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="method" value="none" />
        <p>{t('reservations.booking.detail.freeConfirm')}</p>
        <Button>{t('reservations.booking.detail.confirm')}</Button>
      </form>
    )
  }
  const options: ChoiceOption[] = [{ value: 'online', label: t('reservations.paymentMethod.online'), hint: t('reservations.booking.detail.onlineHint') }]
  if (allowsCounter) options.push({ value: 'counter', label: t('reservations.paymentMethod.counter'), hint: t('reservations.booking.detail.counterHint') })
  return (
    <form method="post" action={action} id="payment-form">
      <CsrfField token={ctx.csrfToken} />
      <Radios name="method" legend={t('reservations.booking.detail.howToPay', { fee: formatYen(reservation.feeYen, t) })} options={options} value={reservation.paymentMethod === 'counter' && allowsCounter ? 'counter' : 'online'} />
      <Button>{submitLabel ?? t('reservations.booking.detail.pay')}</Button>
    </form>
  )
}

export interface BookingDetailPageProps {
  ctx: PageContext
  tenant: TenantContext
  detail: BookingDetail & { payment?: Payment; cancellation: { isAllowed: boolean; feeYen: number; deadlineHours: number }; refundDueYen: number }
  now: Date
  notice?: 'cancelled' | 'rescheduled' | 'booked'
  errors?: { field: string; message: string }[]
}

export function BookingDetailPage({ ctx, tenant, detail, now, notice, errors = [] }: BookingDetailPageProps) {
  const { t, locale } = ctx
  const r = detail.reservation
  const { resource } = detail.view
  const path = bookingPath(tenant, r.id)
  const minutesLeft = r.holdExpiresAt ? Math.max(0, Math.ceil((r.holdExpiresAt.getTime() - now.getTime()) / 60_000)) : 0
  const isHoldOpen = (r.status === 'held' || r.status === 'won') && minutesLeft > 0
  const payment = detail.payment
  const isCheckoutOpen = payment?.method === 'online' && (payment.status === 'created' || payment.status === 'pending')
  const isPaymentRetry = r.status === 'awaiting_payment' && r.paymentMethod === 'online' && payment !== undefined && ['failed', 'cancelled', 'expired'].includes(payment.status)
  const isLive = ['held', 'won', 'awaiting_payment', 'confirmed'].includes(r.status)
  return (
    <Layout ctx={ctx} title={t('reservations.booking.detail.title')}>
      <p class="back-link">
        <a href={`/${tenant.slug}/reservations/my`}>{t('reservations.booking.my.title')}</a>
      </p>
      <ErrorSummary title={t('reservations.booking.form.errorTitle')} errors={errors} />
      <h1>{t('reservations.booking.detail.title')}</h1>
      {notice === 'cancelled' && (
        <NotificationBanner title={t('reservations.booking.cancel.done')} variant="success">
          <p>{r.cancellationFeeYen > 0 ? t('reservations.booking.cancel.doneWithFee', { fee: formatYen(r.cancellationFeeYen, t) }) : t('reservations.booking.cancel.doneNoFee')}</p>
        </NotificationBanner>
      )}
      {notice === 'rescheduled' && (
        <NotificationBanner title={t('reservations.booking.reschedule.done')} variant="success">
          <p>{t('reservations.booking.reschedule.doneBody', { reference: r.reference })}</p>
        </NotificationBanner>
      )}
      {r.status === 'confirmed' && notice !== 'rescheduled' && (
        <NotificationBanner title={t('reservations.status.confirmed')} variant="success">
          <p>{t('reservations.booking.detail.confirmedBody')}</p>
        </NotificationBanner>
      )}
      {isHoldOpen && (
        <NotificationBanner title={r.status === 'won' ? t('reservations.booking.detail.wonTitle') : t('reservations.booking.detail.heldTitle')}>
          <p>{t('reservations.booking.detail.holdUntil', { time: r.holdExpiresAt ? formatMoment(r.holdExpiresAt, t, locale) : '', minutes: minutesLeft })}</p>
        </NotificationBanner>
      )}
      {(r.status === 'held' || r.status === 'won') && !isHoldOpen && (
        <NotificationBanner title={t('reservations.booking.errors.holdExpired')}>
          <p>
            <a href={`/${tenant.slug}/reservations/slots/${r.slotId}`}>{t('reservations.booking.detail.bookAgain')}</a>
          </p>
        </NotificationBanner>
      )}
      {r.status === 'awaiting_payment' && r.paymentMethod === 'counter' && (
        <NotificationBanner title={t('reservations.booking.detail.counterTitle')}>
          <p>{t('reservations.booking.detail.counterBody', { fee: formatYen(r.feeYen, t), due: r.paymentDueAt ? formatMoment(r.paymentDueAt, t, locale) : '' })}</p>
        </NotificationBanner>
      )}
      {r.status === 'awaiting_payment' && r.paymentMethod === 'online' && isCheckoutOpen && (
        <NotificationBanner title={t('reservations.booking.detail.onlinePendingTitle')}>
          <p>{t('reservations.booking.detail.onlinePendingBody', { due: r.paymentDueAt ? formatMoment(r.paymentDueAt, t, locale) : '' })}</p>
        </NotificationBanner>
      )}
      {isPaymentRetry && (
        <NotificationBanner title={t('reservations.booking.detail.paymentFailedTitle')}>
          <p>{t('reservations.booking.detail.paymentFailedBody', { due: r.paymentDueAt ? formatMoment(r.paymentDueAt, t, locale) : '' })}</p>
        </NotificationBanner>
      )}
      {r.status === 'expired' && (
        <NotificationBanner title={t('reservations.status.expired')}>
          <p>{t('reservations.booking.detail.expiredBody')}</p>
        </NotificationBanner>
      )}
      {detail.refundDueYen > 0 && (
        <NotificationBanner title={t('reservations.booking.detail.refundTitle')}>
          <p>{t('reservations.booking.detail.refundBody', { amount: formatYen(detail.refundDueYen, t, { zeroAsFree: false }) })}</p>
        </NotificationBanner>
      )}
      <SummaryList rows={bookingRows(ctx, detail)} />
      {isHoldOpen && <PaymentForm ctx={ctx} tenant={tenant} reservation={r} allowsCounter={resource.allowsCounterPayment} />}
      {r.status === 'awaiting_payment' && r.paymentMethod === 'online' && isCheckoutOpen && (
        <form method="post" action={`${path}/payment`}>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="method" value="online" />
          <Button>{t('reservations.booking.detail.continuePayment')}</Button>
        </form>
      )}
      {r.status === 'awaiting_payment' && (isPaymentRetry || r.paymentMethod === 'counter') && (
        <PaymentForm ctx={ctx} tenant={tenant} reservation={r} allowsCounter={resource.allowsCounterPayment && r.paymentMethod !== 'counter'} submitLabel={t('reservations.booking.detail.payAgain')} />
      )}
      {(r.status === 'confirmed' || r.status === 'checked_in') && (
        <>
          <h2>{t('reservations.booking.detail.permitHeading')}</h2>
          <p>{t('reservations.booking.detail.permitBody')}</p>
          <p>
            {t('reservations.booking.detail.checkInCode')}: <strong>{r.checkInCode}</strong>
          </p>
          <ButtonLink href={`${path}/permit.pdf`} variant="secondary">
            {t('reservations.booking.detail.downloadPermit')}
          </ButtonLink>
        </>
      )}
      {isLive && (
        <>
          <h2>{t('reservations.booking.detail.changeHeading')}</h2>
          {detail.cancellation.isAllowed ? (
            <ul class="list-plain">
              <li>
                <a href={`${path}/cancel`}>{t('reservations.booking.cancel.link')}</a>
              </li>
              {(r.status === 'confirmed' || r.status === 'awaiting_payment') && (
                <li>
                  <a href={`${path}/reschedule`}>{t('reservations.booking.reschedule.link')}</a>
                </li>
              )}
            </ul>
          ) : (
            <p>{t('reservations.booking.errors.cancelDeadlinePassed', { hours: detail.cancellation.deadlineHours })}</p>
          )}
        </>
      )}
    </Layout>
  )
}

export function CancelPage({ ctx, tenant, detail, errors = [] }: { ctx: PageContext; tenant: TenantContext; detail: BookingDetailPageProps['detail']; errors?: { field: string; message: string }[] }) {
  const { t } = ctx
  const r = detail.reservation
  const { cancellation } = detail
  return (
    <Layout ctx={ctx} title={t('reservations.booking.cancel.title')}>
      <p class="back-link">
        <a href={bookingPath(tenant, r.id)}>{t('reservations.booking.detail.title')}</a>
      </p>
      <ErrorSummary title={t('reservations.booking.form.errorTitle')} errors={errors} />
      <h1>{t('reservations.booking.cancel.title')}</h1>
      <SummaryList rows={bookingRows(ctx, detail)} />
      {cancellation.isAllowed ? (
        <form method="post" action={`${bookingPath(tenant, r.id)}/cancel`} id="cancel-form">
          <CsrfField token={ctx.csrfToken} />
          <p class="lead">
            {cancellation.feeYen > 0 ? t('reservations.booking.cancel.fee', { fee: formatYen(cancellation.feeYen, t) }) : t('reservations.booking.cancel.noFee')}
          </p>
          {r.paidAt && <p>{t('reservations.booking.cancel.refundNote', { amount: formatYen(Math.max(0, r.feeYen - cancellation.feeYen), t, { zeroAsFree: false }) })}</p>}
          <Button variant="warning">{t('reservations.booking.cancel.submit')}</Button>
        </form>
      ) : (
        <p>{t('reservations.booking.errors.cancelDeadlinePassed', { hours: cancellation.deadlineHours })}</p>
      )}
    </Layout>
  )
}

export function ReschedulePage({
  ctx,
  tenant,
  detail,
  slots,
  isAllowed,
  deadlineHours,
  idempotencyKey,
  errors = [],
}: {
  ctx: PageContext
  tenant: TenantContext
  detail: BookingDetail
  slots: Slot[]
  isAllowed: boolean
  deadlineHours: number
  idempotencyKey: string
  errors?: { field: string; message: string }[]
}) {
  const { t, locale } = ctx
  const r = detail.reservation
  const options: ChoiceOption[] = slots.map(slot => ({
    value: slot.id,
    label: `${formatSlotRange(slot.startsAt, slot.endsAt, t, locale)}${detail.view.resource.kind === 'appointment' ? ` (${t('reservations.seatsLeft', { count: slot.remaining })})` : ''}`,
  }))
  return (
    <Layout ctx={ctx} title={t('reservations.booking.reschedule.title')}>
      <p class="back-link">
        <a href={bookingPath(tenant, r.id)}>{t('reservations.booking.detail.title')}</a>
      </p>
      <ErrorSummary title={t('reservations.booking.form.errorTitle')} errors={errors} />
      <h1>{t('reservations.booking.reschedule.title')}</h1>
      <SummaryList rows={bookingRows(ctx, detail)} />
      {!isAllowed ? (
        <p>{t('reservations.booking.errors.cancelDeadlinePassed', { hours: deadlineHours })}</p>
      ) : options.length === 0 ? (
        <p>{t('reservations.booking.reschedule.none')}</p>
      ) : (
        <form method="post" action={`${bookingPath(tenant, r.id)}/reschedule`}>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <Radios name="slotId" legend={t('reservations.booking.reschedule.choose')} hint={t('reservations.booking.reschedule.hint')} options={options} error={errors.find(e => e.field === 'slotId')?.message} />
          <Button>{t('reservations.booking.reschedule.submit')}</Button>
        </form>
      )}
    </Layout>
  )
}
