/**
 * 代理予約 (a booking on behalf of a resident who phoned or came to the counter): step 1 chooses
 * a slot (resource and date, or a link from the calendar), step 2 is the applicant and the booking.
 * Both work without JavaScript; the resident search is a GET form of its own beside the booking form.
 */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, Checkboxes, CsrfField, DateField, Radios, Select, SummaryList, Table, TextField, type ChoiceOption } from '../../../platform/views/components/index.js'
import { formatSlotRange, formatYen, localized } from '../booking/index.js'
import type { Resource, Slot } from '../reservation-tables.js'
import type { BookingFormValues, FieldProblems } from './desk-forms.js'
import { BOOKING_FORM_FIELDS } from './desk-forms.js'
import type { NewBookingForm, SlotChooser } from './new-booking-service.js'
import { RESIDENT_QUERY_MIN } from './new-booking-service.js'
import { DeskLayout, deskPath, problemItems, problemOf, timeRange } from './desk-views.js'

export type SlotState = 'open' | 'full' | 'closed' | 'lottery' | 'past'

export function slotStateOf(slot: Slot & { lotteryStatus: string | null }, now: Date): SlotState {
  if (slot.startsAt.getTime() <= now.getTime()) return 'past'
  if (slot.status === 'closed') return 'closed'
  if (slot.lotteryId && slot.lotteryStatus !== 'second_round' && slot.lotteryStatus !== 'cancelled') return 'lottery'
  if (slot.remaining <= 0) return 'full'
  return 'open'
}

export function resourceLabel(ctx: PageContext, resource: Resource, facilities: readonly { id: string; names: Resource['names'] }[]): string {
  return `${localized(facilities.find(f => f.id === resource.facilityId)?.names, ctx.locale)} ${localized(resource.names, ctx.locale)}`
}

export const newBookingPath = (ctx: PageContext, slotId: string) => `${deskPath(ctx, '/bookings/new')}?slot=${slotId}`

export function SlotChooserPage({ ctx, chooser, values, problems, now }: { ctx: PageContext; chooser: SlotChooser; values: { resource: string; date: string }; problems: FieldProblems; now: Date }) {
  const { t, locale } = ctx
  const title = t('reservations.desk.new.title')
  const resource = chooser.resources.find(r => r.id === values.resource)
  return (
    <DeskLayout ctx={ctx} title={title} errors={problemItems(ctx, problems, ['resource', 'date'])}>
      <h1>{title}</h1>
      <p class="lead">{t('reservations.desk.new.lead')}</p>
      <form method="get" action={deskPath(ctx, '/bookings/new')} aria-labelledby="choose-title">
        <h2 id="choose-title">{t('reservations.desk.new.chooseTitle')}</h2>
        <Select
          name="resource"
          label={t('reservations.desk.field.resource')}
          value={values.resource}
          error={problemOf(ctx, problems, 'resource')}
          options={[{ value: '', label: t('reservations.desk.new.chooseResource') }, ...chooser.resources.map(r => ({ value: r.id, label: resourceLabel(ctx, r, chooser.facilities) }))]}
        />
        <DateField name="date" label={t('reservations.desk.new.date')} value={values.date} error={problemOf(ctx, problems, 'date')} />
        <Button variant="secondary">{t('reservations.desk.new.showSlots')}</Button>
      </form>
      {resource && chooser.slots && (
        <>
          <h2>{t('reservations.desk.new.slotsTitle')}</h2>
          {chooser.slots.length === 0 ? (
            <p>{t('reservations.desk.new.noSlots')}</p>
          ) : (
            <Table
              caption={t('reservations.desk.new.slotsCaption', { place: resourceLabel(ctx, resource, chooser.facilities), date: values.date })}
              head={[t('reservations.desk.field.time'), t('reservations.desk.field.seats'), t('reservations.desk.field.status'), t('reservations.desk.new.action')]}
              firstCellIsHeader
              rows={chooser.slots.map(slot => {
                const state = slotStateOf(slot, now)
                const when = formatSlotRange(slot.startsAt, slot.endsAt, t, locale)
                return [
                  timeRange(slot.startsAt, slot.endsAt),
                  t('reservations.desk.seatsOf', { remaining: slot.remaining, capacity: slot.capacity }),
                  t(`reservations.desk.slotState.${state}`),
                  state === 'open' ? (
                    <a href={newBookingPath(ctx, slot.id)}>
                      {t('reservations.desk.new.bookThis')}
                      <span class="visually-hidden"> {when}</span>
                    </a>
                  ) : (
                    '—'
                  ),
                ]
              })}
            />
          )}
        </>
      )}
    </DeskLayout>
  )
}

const FIELD_ORDER = ['slot', 'bookingForm', ...BOOKING_FORM_FIELDS]

export interface NewBookingPageProps {
  ctx: PageContext
  form: NewBookingForm
  values: BookingFormValues
  query: string
  problems?: FieldProblems
  /** a refusal of the booking core, already translated, with the field it belongs to */
  refusal?: { field: string; message: string }
}

export function NewBookingPage({ ctx, form, values, query, problems = {}, refusal }: NewBookingPageProps) {
  const { t, locale } = ctx
  const { view } = form
  const title = t('reservations.desk.new.title')
  const errors = [...problemItems(ctx, problems, FIELD_ORDER), ...(refusal ? [refusal] : [])]
  const errorOf = (field: string) => problemOf(ctx, problems, field) ?? (refusal?.field === field ? refusal.message : undefined)
  const accounts = [...(form.chosen ? [form.chosen] : []), ...(form.matches ?? []).filter(m => m.id !== form.chosen?.id)]
  const accountOptions: ChoiceOption[] = [
    { value: '', label: t('reservations.desk.new.noAccount') },
    ...accounts.map(a => ({ value: a.id, label: a.name, hint: [a.email, a.phone].filter(Boolean).join(' / ') || undefined })),
  ]
  const none = { value: '', label: t('reservations.desk.new.notSpecified') }
  const slotPlace = `${localized(view.facility.names, locale)} ${localized(view.resource.names, locale)}`
  return (
    <DeskLayout ctx={ctx} title={title} errors={errors} crumbs={[{ href: deskPath(ctx, '/bookings/new'), label: t('reservations.desk.new.chooseTitle') }]}>
      <h1>{title}</h1>
      <h2 id="slot">{t('reservations.desk.new.slotTitle')}</h2>
      <SummaryList
        rows={[
          { key: t('reservations.desk.field.place'), value: slotPlace },
          { key: t('reservations.desk.field.when'), value: formatSlotRange(view.slot.startsAt, view.slot.endsAt, t, locale) },
          { key: t('reservations.desk.field.seats'), value: t('reservations.desk.seatsOf', { remaining: view.slot.remaining, capacity: view.slot.capacity }) },
          {
            key: t('reservations.desk.field.fee'),
            value: t('reservations.desk.new.fees', { resident: formatYen(form.residentFeeYen, t), nonResident: formatYen(form.nonResidentFeeYen, t) }),
          },
        ]}
      />
      {refusal?.field === 'slot' && (
        <p>
          <a href={`${deskPath(ctx, '/bookings/new')}?resource=${view.resource.id}`}>{t('reservations.desk.new.chooseAnother')}</a>
        </p>
      )}

      <form method="get" action={deskPath(ctx, '/bookings/new')} aria-labelledby="search-title">
        <h2 id="search-title">{t('reservations.desk.new.searchTitle')}</h2>
        <input type="hidden" name="slot" value={view.slot.id} />
        <TextField name="q" label={t('reservations.desk.new.searchLabel')} hint={t('reservations.desk.new.searchHint', { min: RESIDENT_QUERY_MIN })} value={query} width="20" autocomplete="off" spellcheck={false} />
        <Button variant="secondary">{t('reservations.desk.new.searchButton')}</Button>
        {form.matches && (
          <p role="status">
            {form.matches.length === 0 ? t('reservations.desk.new.searchNone') : form.hasMoreMatches ? t('reservations.desk.new.searchMore', { count: form.matches.length }) : t('reservations.desk.new.searchFound', { count: form.matches.length })}
          </p>
        )}
      </form>

      <form method="post" action={deskPath(ctx, '/bookings/new')} aria-labelledby="bookingForm">
        <h2 id="bookingForm" tabindex={-1}>
          {t('reservations.desk.new.formTitle')}
        </h2>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="slotId" value={view.slot.id} />
        <input type="hidden" name="idempotencyKey" value={values.idempotencyKey} />
        <Radios name="residentId" legend={t('reservations.desk.new.account')} hint={t('reservations.desk.new.accountHint')} options={accountOptions} value={values.residentId} error={errorOf('residentId')} />
        <TextField name="applicantName" label={t('reservations.desk.new.name')} hint={t('reservations.desk.new.nameHint')} value={values.applicantName} error={errorOf('applicantName')} autocomplete="off" />
        <TextField name="applicantPhone" type="tel" inputmode="tel" label={t('reservations.desk.field.phone')} hint={t('reservations.desk.new.phoneHint')} value={values.applicantPhone} error={errorOf('applicantPhone')} width="20" autocomplete="off" />
        <TextField name="applicantEmail" type="email" label={t('reservations.desk.new.email')} value={values.applicantEmail} error={errorOf('applicantEmail')} autocomplete="off" spellcheck={false} />
        <Radios
          name="channel"
          legend={t('reservations.desk.new.channel')}
          inline
          options={[
            { value: 'phone', label: t('reservations.channel.phone') },
            { value: 'counter', label: t('reservations.channel.counter') },
          ]}
          value={values.channel}
          error={errorOf('channel')}
        />
        <TextField name="partySize" inputmode="numeric" label={t('reservations.desk.field.partySize')} value={values.partySize} error={errorOf('partySize')} width="5" autocomplete="off" />
        <Select name="purposeCode" label={t('reservations.desk.new.purpose')} value={values.purposeCode} error={errorOf('purposeCode')} options={[none, ...form.purposes.map(p => ({ value: p.code, label: localized(p.names, locale) }))]} />
        <Select
          name="exemptionCode"
          label={t('reservations.desk.new.exemption')}
          value={values.exemptionCode}
          error={errorOf('exemptionCode')}
          options={[none, ...form.exemptions.map(e => ({ value: e.code, label: `${localized(e.names, locale)} (${t('reservations.desk.new.percentOff', { percent: e.percentOff })})` }))]}
        />
        {form.groups.length > 0 && <Select name="groupId" label={t('reservations.desk.new.group')} value={values.groupId} error={errorOf('groupId')} options={[none, ...form.groups.map(g => ({ value: g.id, label: `${g.name} (${g.registrationNumber})` }))]} />}
        <Checkboxes
          name="isResidentRateConfirmed"
          legend={t('reservations.desk.new.residentRateLegend')}
          options={[{ value: '1', label: t('reservations.desk.new.residentRate'), hint: t('reservations.desk.new.residentRateHint') }]}
          values={values.isResidentRateConfirmed ? [values.isResidentRateConfirmed] : []}
        />
        <Checkboxes
          name="isStaffOverride"
          legend={t('reservations.desk.new.overrideLegend')}
          options={[{ value: '1', label: t('reservations.desk.new.override'), hint: t('reservations.desk.new.overrideHint') }]}
          values={values.isStaffOverride ? [values.isStaffOverride] : []}
        />
        <Button>{t('reservations.desk.new.submit')}</Button>
      </form>
    </DeskLayout>
  )
}
