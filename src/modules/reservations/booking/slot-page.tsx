/** The slot page: what the slot is, what it costs, and the hold form (or why it cannot be booked now). */
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, CsrfField, ErrorSummary, NotificationBanner, Radios, Select, SummaryList, Table, TextField, type ChoiceOption } from '../../../platform/views/components/index.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { minutesOfDay } from '../reservation-time.js'
import { formatMoment, formatSlotDate, formatSlotRange, formatYen, localized } from './booking-format.js'
import { APPLICANT_NAME_KEYS } from './applicant-name.js'
import { maxPartySize } from './booking-rules.js'
import type { SlotPageData } from './booking-service.js'

export interface HoldFormValues {
  applicantName?: string
  partySize?: string
  purpose?: string
  exemption?: string
  groupId?: string
}

export interface SlotPageProps {
  ctx: PageContext
  tenant: TenantContext
  data: SlotPageData
  idempotencyKey: string
  values?: HoldFormValues
  /** field → message; 'booking-form' for a refusal of the whole booking */
  errors?: { field: string; message: string }[]
}

const formatBand = (start: string, end: string) => `${start.slice(0, 5)}〜${end.slice(0, 5)}`

export function FeeRulesTable({ ctx, data }: { ctx: PageContext; data: Pick<SlotPageData, 'view'> }) {
  const { t } = ctx
  const rules = [...data.view.feeRules].sort((a, b) => a.dayKind.localeCompare(b.dayKind) || minutesOfDay(a.bandStart) - minutesOfDay(b.bandStart))
  if (rules.length === 0) return <p>{t('reservations.booking.slot.noFees')}</p>
  return (
    <Table
      caption={t('reservations.booking.slot.feeTable')}
      head={[t('reservations.booking.slot.band'), t('reservations.booking.slot.dayKind'), t('reservations.booking.slot.residentFee'), t('reservations.booking.slot.nonResidentFee')]}
      numericColumns={[2, 3]}
      firstCellIsHeader
      rows={rules.map(rule => [
        formatBand(rule.bandStart, rule.bandEnd),
        t(`reservations.booking.dayKind.${rule.dayKind}`),
        formatYen(rule.residentFeeYen, t),
        formatYen(rule.nonResidentFeeYen, t),
      ])}
    />
  )
}

function StateBanner({ ctx, tenant, data }: { ctx: PageContext; tenant: TenantContext; data: SlotPageData }) {
  const { t, locale } = ctx
  const { resource } = data.view
  switch (data.state) {
    case 'open':
      return null
    case 'past':
      return <NotificationBanner title={t('reservations.booking.slot.state.past')}>{<p>{t('reservations.booking.slot.state.pastBody')}</p>}</NotificationBanner>
    case 'closed':
      return <NotificationBanner title={t('reservations.closed')}>{<p>{t('reservations.booking.errors.closedDay')}</p>}</NotificationBanner>
    case 'lottery':
      return (
        <NotificationBanner title={t('reservations.booking.slot.state.lottery')}>
          <p>{t('reservations.booking.errors.lotterySlot')}</p>
          <p>
            <a href={`/${tenant.slug}/reservations/lotteries`}>{t('reservations.booking.slot.lotteriesLink')}</a>
          </p>
        </NotificationBanner>
      )
    case 'not-open-yet':
      return (
        <NotificationBanner title={t('reservations.booking.slot.state.notOpenYet')}>
          <p>{t('reservations.booking.slot.state.opensAt', { time: resource.opensAt ? formatMoment(resource.opensAt, t, locale) : '' })}</p>
        </NotificationBanner>
      )
    case 'full':
      return <NotificationBanner title={t('reservations.full')}>{<p>{t('reservations.booking.slot.state.fullBody')}</p>}</NotificationBanner>
    case 'residents-only':
      return <NotificationBanner title={t('reservations.booking.slot.state.notBookable')}>{<p>{t('reservations.booking.errors.residentsOnly')}</p>}</NotificationBanner>
    case 'too-early':
      return (
        <NotificationBanner title={t('reservations.booking.slot.state.notBookable')}>
          <p>{data.windowOpensOn ? t('reservations.booking.slot.state.opensOn', { date: formatSlotDate(data.windowOpensOn, t, locale) }) : t('reservations.booking.slot.state.notBookable')}</p>
        </NotificationBanner>
      )
    case 'too-late':
      return <NotificationBanner title={t('reservations.booking.slot.state.notBookable')}>{<p>{t('reservations.booking.errors.tooLate', { hours: resource.minLeadHours })}</p>}</NotificationBanner>
  }
}

export function SlotPage({ ctx, tenant, data, idempotencyKey, values = {}, errors = [] }: SlotPageProps) {
  const { t, locale } = ctx
  const { slot, resource, facility } = data.view
  const title = localized(resource.names, locale)
  const slotPath = `/${tenant.slug}/reservations/slots/${slot.id}`
  const errorOf = (field: string) => errors.find(e => e.field === field)?.message
  const canWaitlist = data.state === 'full' && resource.waitlistMode !== 'none'
  const purposeOptions: ChoiceOption[] = data.purposes.map(p => ({ value: p.code, label: `${localized(p.names, locale)}${p.feePercent !== 100 ? ` (${t('reservations.booking.slot.percentOfFee', { percent: p.feePercent })})` : ''}` }))
  const exemptionOptions: ChoiceOption[] = [
    { value: '', label: t('reservations.booking.slot.noExemption') },
    ...data.exemptions.map(e => ({ value: e.code, label: `${localized(e.names, locale)} (${t('reservations.booking.slot.percentOff', { percent: e.percentOff })})`, hint: localized(e.proofNotes, locale) || undefined })),
  ]
  const seatsText = resource.kind === 'space' ? (slot.remaining > 0 ? t('reservations.booking.slot.available') : t('reservations.full')) : slot.remaining > 0 ? t('reservations.seatsLeft', { count: slot.remaining }) : t('reservations.full')
  return (
    <Layout ctx={ctx} title={title}>
      <p class="back-link">
        <a href={`/${tenant.slug}/reservations`}>{t('reservations.booking.slot.backToSearch')}</a>
      </p>
      <ErrorSummary title={t('reservations.booking.form.errorTitle')} errors={errors} />
      <p class="page-caption">{localized(facility.names, locale)}</p>
      <h1>{title}</h1>
      <StateBanner ctx={ctx} tenant={tenant} data={data} />
      <SummaryList
        rows={[
          { key: t('reservations.booking.field.facility'), value: `${localized(facility.names, locale)}${facility.address ? ` (${facility.address})` : ''}` },
          { key: t('reservations.booking.field.when'), value: formatSlotRange(slot.startsAt, slot.endsAt, t, locale) },
          { key: t('reservations.booking.field.kind'), value: `${t(`reservations.kind.${resource.kind}`)} / ${t(`reservations.category.${resource.category}`)}` },
          { key: t('reservations.booking.field.capacity'), value: t('reservations.booking.slot.people', { count: resource.capacityPeople }) },
          { key: t('reservations.booking.field.seats'), value: seatsText },
          {
            key: t('reservations.booking.field.fee'),
            value: (
              <>
                {t('reservations.booking.slot.residentFeeIs', { fee: formatYen(data.residentFeeYen, t) })}
                <br />
                {t('reservations.booking.slot.nonResidentFeeIs', { fee: formatYen(data.nonResidentFeeYen, t) })}
              </>
            ),
          },
        ]}
      />
      <FeeRulesTable ctx={ctx} data={data} />
      {!ctx.resident ? (
        data.state === 'open' || data.state === 'full' || data.state === 'too-early' ? (
          <>
            <p>{t('reservations.booking.slot.loginNeeded')}</p>
            <ButtonLink href={`/${tenant.slug}/login?return=${encodeURIComponent(slotPath)}`}>{t('reservations.booking.slot.loginToBook')}</ButtonLink>
          </>
        ) : null
      ) : data.state === 'open' ? (
        <form method="post" action={`${slotPath}/hold`} id="booking-form" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <h2>{t('reservations.booking.form.heading')}</h2>
          <p>{data.isResidentRate ? t('reservations.booking.form.residentRate', { fee: formatYen(data.residentFeeYen, t) }) : t('reservations.booking.form.nonResidentRate', { fee: formatYen(data.nonResidentFeeYen, t) })}</p>
          {data.accountName ? null : (
            <TextField name="applicantName" label={t(APPLICANT_NAME_KEYS.label)} hint={t(APPLICANT_NAME_KEYS.hint)} autocomplete="name" value={values.applicantName ?? ''} error={errorOf('applicantName')} required />
          )}
          <TextField
            name="partySize"
            label={t('reservations.booking.form.partySize')}
            hint={t('reservations.booking.form.partySizeHint', { max: maxPartySize(resource) })}
            type="text"
            inputmode="numeric"
            width="5"
            value={values.partySize ?? '1'}
            error={errorOf('partySize')}
            required
          />
          {purposeOptions.length > 0 && <Radios name="purpose" legend={t('reservations.booking.form.purpose')} options={purposeOptions} value={values.purpose ?? data.purposes.find(p => p.feePercent === 100)?.code ?? data.purposes[0]?.code} error={errorOf('purpose')} />}
          {data.groups.length > 0 && (
            <Select
              name="groupId"
              label={t('reservations.booking.form.group')}
              hint={t('reservations.booking.form.groupHint')}
              options={[{ value: '', label: t('reservations.booking.form.noGroup') }, ...data.groups.map(g => ({ value: g.id, label: g.name }))]}
              value={values.groupId ?? ''}
              error={errorOf('groupId')}
            />
          )}
          {data.exemptions.length > 0 && <Radios name="exemption" legend={t('reservations.booking.form.exemption')} hint={t('reservations.booking.form.exemptionHint')} options={exemptionOptions} value={values.exemption ?? ''} error={errorOf('exemption')} />}
          <p>{t('reservations.booking.form.holdNote', { minutes: resource.holdMinutes })}</p>
          <Button>{t('reservations.booking.form.submit')}</Button>
        </form>
      ) : canWaitlist ? (
        <form method="post" action={`${slotPath}/waitlist`}>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="partySize" value="1" />
          <p>{t('reservations.booking.slot.waitlistNote')}</p>
          <Button variant="secondary">{t('reservations.booking.slot.joinWaitlist')}</Button>
        </form>
      ) : null}
      {ctx.resident && (
        <p>
          <a href={`/${tenant.slug}/reservations/my`}>{t('reservations.booking.my.title')}</a>
        </p>
      )}
    </Layout>
  )
}
