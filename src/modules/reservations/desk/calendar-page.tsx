/**
 * The week calendar of a facility: one table, resources as rows and days as columns; each cell
 * says in words what the day holds (slots with 予約番号 or 空き, a day's sum, or 休館), with links
 * to the bookings and to 代理予約 for open slots. Works without JavaScript.
 */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, DateField, Select, Table } from '../../../platform/views/components/index.js'
import { holidayName } from '../../../jp/holidays.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { formatSlotDate, formatSlotRange, localized } from '../booking/index.js'
import type { ClosedReason } from '../setup/index.js'
import type { CalendarDay, FacilityCalendar } from './calendar-service.js'
import { MAX_LISTED_SLOTS } from './calendar-service.js'
import { bookingPath, DeskLayout, deskPath, timeRange } from './desk-views.js'
import { newBookingPath, slotStateOf } from './new-booking-pages.js'

function closedText(ctx: PageContext, reason: ClosedReason): string {
  const { t, locale } = ctx
  switch (reason.kind) {
    case 'closure':
      return localized(reason.reasons, locale) || t('reservations.closed')
    case 'year-end':
      return t('reservations.desk.calendar.yearEnd')
    case 'holiday':
      return t('reservations.desk.calendar.holidayClosed', { name: reason.name })
    case 'weekday':
      return t('reservations.desk.calendar.regularClosed')
  }
}

function DayCell({ ctx, day, resourceId, now }: { ctx: PageContext; day: CalendarDay; resourceId: string; now: Date }) {
  const { t, locale } = ctx
  // Read after each link so that screen-reader users hear which day (and slot) it is for.
  const dayContext = <span class="visually-hidden"> {formatSlotDate(day.date, t, locale)}</span>
  const listHref = `${deskPath(ctx, '/bookings')}?resource=${resourceId}&from=${day.date}&to=${day.date}`
  if (day.closed && day.slots.every(s => s.bookings.length === 0)) return <span>{`${t('reservations.closed')}: ${closedText(ctx, day.closed)}`}</span>
  if (day.slots.length === 0) return <span>{t('reservations.desk.calendar.noSlots')}</span>
  if (day.slots.length > MAX_LISTED_SLOTS) {
    const capacity = day.slots.reduce((sum, s) => sum + s.slot.capacity, 0)
    const booked = day.slots.reduce((sum, s) => sum + s.bookedSeats, 0)
    return (
      <>
        <p>{t('reservations.desk.calendar.daySum', { slots: day.slots.length, booked, capacity })}</p>
        <p>
          <a href={listHref}>
            {t('reservations.desk.calendar.dayBookings')}
            {dayContext}
          </a>
        </p>
        <p>
          <a href={`${deskPath(ctx, '/bookings/new')}?resource=${resourceId}&date=${day.date}`}>
            {t('reservations.desk.calendar.bookOnDay')}
            {dayContext}
          </a>
        </p>
      </>
    )
  }
  return (
    <ul class="list-plain">
      {day.slots.map(({ slot, bookings }) => {
        const state = slotStateOf(slot, now)
        const time = timeRange(slot.startsAt, slot.endsAt)
        const when = formatSlotRange(slot.startsAt, slot.endsAt, t, locale)
        return (
          <li>
            <span>{time}</span>{' '}
            {slot.capacity === 1 && bookings[0] ? (
              <a href={bookingPath(ctx, bookings[0].id)}>
                {bookings[0].reference}
                <span class="visually-hidden"> {t(`reservations.status.${bookings[0].status}`)}</span>
              </a>
            ) : bookings.length > 0 ? (
              <a href={listHref}>
                {t('reservations.desk.calendar.booked', { count: bookings.length, remaining: slot.remaining, capacity: slot.capacity })}
                {dayContext}
              </a>
            ) : (
              <span>{t(`reservations.desk.slotState.${state}`)}</span>
            )}
            {state === 'open' && (slot.capacity > 1 || bookings.length === 0) && (
              <>
                {' '}
                <a href={newBookingPath(ctx, slot.id)}>
                  {t('reservations.desk.calendar.book')}
                  <span class="visually-hidden"> {when}</span>
                </a>
              </>
            )}
          </li>
        )
      })}
    </ul>
  )
}

export function CalendarPage({ ctx, calendar, now }: { ctx: PageContext; calendar: FacilityCalendar; now: Date }) {
  const { t, locale } = ctx
  const title = t('reservations.desk.calendar.title')
  const facility = calendar.facility
  const weekHref = (monday: string) => `${deskPath(ctx, '/calendar')}?facility=${facility?.id ?? ''}&week=${monday}`
  const sunday = addCalendarDays(calendar.monday, 6)
  const period = `${formatSlotDate(calendar.monday, t, locale)} – ${formatSlotDate(sunday, t, locale)}`
  return (
    <DeskLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <form method="get" action={deskPath(ctx, '/calendar')} aria-labelledby="calendar-form-title">
        <h2 id="calendar-form-title" class="visually-hidden">
          {t('reservations.desk.calendar.formTitle')}
        </h2>
        <Select name="facility" label={t('reservations.desk.field.facility')} value={facility?.id} options={calendar.facilities.map(f => ({ value: f.id, label: localized(f.names, locale) }))} />
        <DateField name="week" label={t('reservations.desk.calendar.week')} hint={t('reservations.desk.calendar.weekHint')} value={calendar.monday} />
        <Button variant="secondary">{t('reservations.desk.calendar.show')}</Button>
      </form>
      <nav class="period-nav" aria-label={t('reservations.desk.calendar.weekNav')}>
        <ul class="list-plain">
          <li>
            <a href={weekHref(addCalendarDays(calendar.monday, -7))} rel="prev">
              {t('reservations.desk.calendar.previousWeek')}
            </a>
          </li>
          <li>
            <a href={weekHref(addCalendarDays(calendar.monday, 7))} rel="next">
              {t('reservations.desk.calendar.nextWeek')}
            </a>
          </li>
        </ul>
      </nav>
      {!facility ? (
        <p>{t('reservations.desk.calendar.noFacilities')}</p>
      ) : calendar.rows.length === 0 ? (
        <p>{t('reservations.desk.calendar.noResources')}</p>
      ) : (
        <Table
          caption={t('reservations.desk.calendar.caption', { facility: localized(facility.names, locale), period })}
          head={[t('reservations.desk.field.resource'), ...calendar.dates.map(date => `${formatSlotDate(date, t, locale)}${holidayName(date) ? ` ${holidayName(date)}` : ''}`)]}
          firstCellIsHeader
          rows={calendar.rows.map(row => [localized(row.resource.names, locale), ...row.days.map(day => <DayCell ctx={ctx} day={day} resourceId={row.resource.id} now={now} />)])}
        />
      )}
    </DeskLayout>
  )
}
