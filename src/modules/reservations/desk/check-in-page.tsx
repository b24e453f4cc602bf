/**
 * 受付 (check-in): type the code printed on the permit, or open the permit's QR code (its URL
 * carries `?code=`). public/qr-scanner.js adds a camera reader where the browser has
 * BarcodeDetector and a camera; without it the typed code does everything.
 */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, Checkboxes, CsrfField, NotificationBanner, SummaryList, TextField } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { bookingRows, formatSlotRange, localized, type BookingDetail } from '../booking/index.js'
import type { CheckInLookup } from './check-in-service.js'
import { bookingPath, DeskLayout, deskPath } from './desk-views.js'

export interface CheckInPageProps {
  ctx: PageContext
  typed: string
  lookup?: CheckInLookup
  /** the refusal of a 受付する that failed, translated */
  error?: { field: string; message: string }
  /** the booking just checked in */
  done?: BookingDetail
}

function refusalMessage(ctx: PageContext, lookup: CheckInLookup): string | undefined {
  const { t, locale } = ctx
  switch (lookup.kind) {
    case 'malformed':
      return t('reservations.desk.errors.codeMalformed')
    case 'unknown':
      return t('reservations.desk.errors.codeUnknown')
    case 'found': {
      const r = lookup.detail.reservation
      switch (lookup.refusal) {
        case undefined:
          return undefined
        case 'already-checked-in':
          return t('reservations.desk.checkIn.alreadyAt', { time: r.checkedInAt ? formatDateTime(r.checkedInAt, locale) : '' })
        case 'cancelled':
          return t('reservations.desk.errors.bookingCancelled')
        case 'expired':
          return t('reservations.desk.errors.bookingExpired')
        case 'not-paid':
          return t('reservations.desk.errors.notPaid')
        case 'not-confirmed':
          return t('reservations.desk.errors.notConfirmed')
        case 'no-show':
          return t('reservations.desk.errors.markedNoShow')
      }
    }
  }
}

export function CheckInPage({ ctx, typed, lookup, error, done }: CheckInPageProps) {
  const { t, locale } = ctx
  const title = t('reservations.desk.checkIn.title')
  const refusal = lookup ? refusalMessage(ctx, lookup) : undefined
  const errors = error ? [error] : refusal ? [{ field: lookup?.kind === 'found' ? 'booking' : 'code', message: refusal }] : []
  const found = lookup?.kind === 'found' ? lookup : undefined
  const path = deskPath(ctx, '/check-in')
  return (
    <DeskLayout
      ctx={ctx}
      title={title}
      errors={errors}
      notice={done ? t('reservations.desk.checkIn.done', { reference: done.reservation.reference, place: `${localized(done.view.facility.names, locale)} ${localized(done.view.resource.names, locale)}`, when: formatSlotRange(done.view.slot.startsAt, done.view.slot.endsAt, t, locale) }) : undefined}
      scripts={['/static/qr-scanner.js']}
    >
      <h1>{title}</h1>
      <p class="lead">{t('reservations.desk.checkIn.lead')}</p>
      <form method="get" action={path} id="check-in-lookup" aria-labelledby="lookup-title">
        <h2 id="lookup-title">{t('reservations.desk.checkIn.lookupTitle')}</h2>
        <TextField
          name="code"
          label={t('reservations.desk.checkIn.code')}
          hint={t('reservations.desk.checkIn.codeHint')}
          value={found ? found.code : typed}
          error={!found && refusal ? refusal : undefined}
          autocomplete="off"
          spellcheck={false}
          width="20"
        />
        <div
          class="check-in-scanner"
          hidden
          data-qr-scanner
          data-field="code"
          data-url-param="code"
          data-start-label={t('reservations.desk.scanner.start')}
          data-stop-label={t('reservations.desk.scanner.stop')}
          data-scanning={t('reservations.desk.scanner.scanning')}
          data-read={t('reservations.desk.scanner.read')}
          data-failed={t('reservations.desk.scanner.failed')}
          data-video-label={t('reservations.desk.scanner.video')}
        >
          <p role="status" aria-live="polite" data-scanner-status></p>
        </div>
        <Button variant="secondary">{t('reservations.desk.checkIn.lookup')}</Button>
      </form>

      {found && (
        <section aria-labelledby="booking">
          <h2 id="booking" tabindex={-1}>
            {t('reservations.desk.checkIn.bookingTitle')}
          </h2>
          {!found.detail.isToday && found.refusal === undefined && (
            <NotificationBanner title={t('reservations.desk.checkIn.otherDayTitle')}>
              <p>{t('reservations.desk.checkIn.otherDayBody', { when: formatSlotRange(found.detail.view.slot.startsAt, found.detail.view.slot.endsAt, t, locale) })}</p>
            </NotificationBanner>
          )}
          <SummaryList rows={bookingRows(ctx, found.detail)} />
          {found.refusal === undefined ? (
            <form method="post" action={path} aria-labelledby="check-in-button-title">
              <h3 id="check-in-button-title" class="visually-hidden">
                {t('reservations.desk.checkIn.button')}
              </h3>
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="code" value={found.code} />
              {!found.detail.isToday && (
                <Checkboxes
                  name="isOtherDayConfirmed"
                  legend={t('reservations.desk.checkIn.otherDayLegend')}
                  hint={t('reservations.desk.checkIn.otherDayHint')}
                  options={[{ value: '1', label: t('reservations.desk.checkIn.otherDayConfirm') }]}
                  error={error?.field === 'isOtherDayConfirmed' ? error.message : undefined}
                />
              )}
              <Button>{t('reservations.desk.checkIn.button')}</Button>
            </form>
          ) : (
            <p>
              <a href={bookingPath(ctx, found.detail.reservation.id)}>{t('reservations.desk.checkIn.openBooking')}</a>
            </p>
          )}
        </section>
      )}
    </DeskLayout>
  )
}
