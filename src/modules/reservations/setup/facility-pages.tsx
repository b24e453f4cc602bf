/** Setup index, facility list and form, resource form. */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, Checkboxes, CsrfField, Radios, Select, Table, Tag } from '../../../platform/views/components/index.js'
import { RESOURCE_CATEGORIES, type Facility, type Purpose, type Resource } from '../reservation-tables.js'
import { EQUIPMENT_CODES, equipmentLabelKey } from './facility-form.js'
import { BackLink, Field, LocalizedFields, localName, SetupPage, setupBase, shortTime, valueOf, valuesOf, weekdayList, weekdayOptions, type FormState, type SummaryItem } from './setup-views.js'

const statusTag = (ctx: PageContext, status: 'active' | 'suspended') => (status === 'active' ? <Tag tone="green">{ctx.t('reservations.setup.status.active')}</Tag> : <Tag tone="grey">{ctx.t('reservations.setup.status.suspended')}</Tag>)

/** Links to a resource's three setup pages, each distinct for screen readers. */
function ResourceLinks({ ctx, resource }: { ctx: PageContext; resource: Resource }) {
  const base = `${setupBase(ctx)}/resources/${resource.id}`
  const name = localName(resource.names, ctx.locale)
  return (
    <ul class="list-plain">
      {(
        [
          ['', 'reservations.setup.resources.editLink'],
          ['/fees', 'reservations.setup.resources.feesLink'],
          ['/templates', 'reservations.setup.resources.templatesLink'],
        ] as const
      ).map(([path, key]) => (
        <li>
          <a href={`${base}${path}`}>
            {ctx.t(key)}
            <span class="visually-hidden"> {name}</span>
          </a>
        </li>
      ))}
    </ul>
  )
}

function ResourceTable({ ctx, resources, facilities, caption }: { ctx: PageContext; resources: Resource[]; facilities: Facility[]; caption: string }) {
  const { t } = ctx
  const facilityName = (id: string) => {
    const facility = facilities.find(f => f.id === id)
    return facility ? localName(facility.names, ctx.locale) : ''
  }
  return (
    <Table
      caption={caption}
      head={[t('reservations.setup.resources.name'), t('reservations.setup.facilities.name'), t('reservations.setup.resources.kind'), t('reservations.setup.resources.bookingMode'), t('reservations.setup.status.label'), t('reservations.setup.actions')]}
      firstCellIsHeader
      rows={resources.map(resource => [
        <>
          {localName(resource.names, ctx.locale)} <code>{resource.code}</code>
        </>,
        facilityName(resource.facilityId),
        `${t(`reservations.kind.${resource.kind}`)}・${t(`reservations.category.${resource.category}`)}`,
        t(`reservations.setup.bookingMode.${resource.bookingMode}`),
        statusTag(ctx, resource.status),
        <ResourceLinks ctx={ctx} resource={resource} />,
      ])}
    />
  )
}

/** The setup index: every setup page, and every resource's pages. */
export function SetupIndexPage({ ctx, facilities, resources }: { ctx: PageContext; facilities: Facility[]; resources: Resource[] }) {
  const { t } = ctx
  const base = setupBase(ctx)
  const sections = ['facilities', 'purposes', 'exemptions', 'closures', 'templates', 'groups'] as const
  return (
    <SetupPage ctx={ctx} title={t('reservations.setup.index.title')} section="index">
      <h1>{t('reservations.setup.index.title')}</h1>
      <p class="lead">{t('reservations.setup.index.lead')}</p>
      <ul class="list-plain">
        {sections.map(section => (
          <li>
            <a href={`${base}/${section}`}>{t(`reservations.setup.nav.${section}`)}</a>
            <p class="muted">{t(`reservations.setup.index.${section}`)}</p>
          </li>
        ))}
        <li>
          <a href={`${base}/facilities/new`}>{t('reservations.setup.facilities.add')}</a>
        </li>
        <li>
          <a href={`${base}/resources/new`}>{t('reservations.setup.resources.add')}</a>
        </li>
      </ul>
      <h2>{t('reservations.setup.index.resourcesHeading')}</h2>
      {resources.length === 0 ? <p>{t('reservations.setup.resources.empty')}</p> : <ResourceTable ctx={ctx} resources={resources} facilities={facilities} caption={t('reservations.setup.index.resourcesCaption')} />}
    </SetupPage>
  )
}

export function FacilityListPage({ ctx, facilities, resources, notice }: { ctx: PageContext; facilities: Facility[]; resources: Resource[]; notice?: string }) {
  const { t } = ctx
  const base = `${setupBase(ctx)}/facilities`
  return (
    <SetupPage ctx={ctx} title={t('reservations.setup.facilities.title')} section="facilities" notice={notice}>
      <h1>{t('reservations.setup.facilities.title')}</h1>
      {facilities.length === 0 ? (
        <p>{t('reservations.setup.facilities.empty')}</p>
      ) : (
        <Table
          caption={t('reservations.setup.facilities.caption')}
          head={[t('reservations.setup.facilities.name'), t('reservations.setup.facilities.hours'), t('reservations.setup.facilities.closedDays'), t('reservations.setup.facilities.resourceCount'), t('reservations.setup.status.label')]}
          firstCellIsHeader
          numericColumns={[3]}
          rows={facilities.map(facility => [
            <>
              <a href={`${base}/${facility.id}`}>{localName(facility.names, ctx.locale)}</a> <code>{facility.code}</code>
            </>,
            `${shortTime(facility.openingTime)}–${shortTime(facility.closingTime)}`,
            closedDaysText(ctx, facility),
            String(resources.filter(r => r.facilityId === facility.id).length),
            statusTag(ctx, facility.status),
          ])}
        />
      )}
      <ButtonLink href={`${base}/new`}>{t('reservations.setup.facilities.add')}</ButtonLink>
    </SetupPage>
  )
}

/** 月・火, 祝日, 年末年始 — what closes the facility regularly. */
export function closedDaysText(ctx: PageContext, facility: Pick<Facility, 'closedWeekdays' | 'isClosedOnHolidays' | 'isClosedYearEnd'>): string {
  const parts = [facility.closedWeekdays.length > 0 ? weekdayList(ctx, facility.closedWeekdays) : '', facility.isClosedOnHolidays ? ctx.t('reservations.setup.facilities.holidays') : '', facility.isClosedYearEnd ? ctx.t('reservations.setup.facilities.yearEnd') : ''].filter(Boolean)
  return parts.length > 0 ? parts.join(ctx.locale === 'en' ? ', ' : '、') : ctx.t('reservations.setup.facilities.noClosedDays')
}

export function FacilityFormPage({ ctx, facility, resources = [], facilities = [], state, summary = [], notice }: { ctx: PageContext; facility?: Facility; resources?: Resource[]; facilities?: Facility[]; state: FormState; summary?: SummaryItem[]; notice?: string }) {
  const { t } = ctx
  const base = `${setupBase(ctx)}/facilities`
  const title = facility ? t('reservations.setup.facilities.editTitle', { name: localName(facility.names, ctx.locale) }) : t('reservations.setup.facilities.newTitle')
  return (
    <SetupPage ctx={ctx} title={title} section="facilities" errors={summary} notice={notice}>
      <BackLink href={base}>{t('reservations.setup.facilities.back')}</BackLink>
      <h1>{title}</h1>
      <form method="post" action={facility ? `${base}/${facility.id}` : `${base}/new`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        {facility ? (
          <p>
            {t('reservations.setup.code')}: <code>{facility.code}</code>
          </p>
        ) : (
          <Field ctx={ctx} state={state} name="code" label={t('reservations.setup.code')} hint={t('reservations.setup.codeHint')} required width="20" />
        )}
        <LocalizedFields ctx={ctx} state={state} prefix="name" label={t('reservations.setup.facilities.name')} required />
        <LocalizedFields ctx={ctx} state={state} prefix="description" label={t('reservations.setup.description')} multiline />
        <Field ctx={ctx} state={state} name="address" label={t('reservations.setup.facilities.address')} />
        <Field ctx={ctx} state={state} name="phone" label={t('reservations.setup.facilities.phone')} type="tel" width="20" />
        <Field ctx={ctx} state={state} name="latitude" label={t('reservations.setup.facilities.latitude')} hint={t('reservations.setup.facilities.coordinateHint')} width="10" inputmode="decimal" />
        <Field ctx={ctx} state={state} name="longitude" label={t('reservations.setup.facilities.longitude')} width="10" inputmode="decimal" />
        <Field ctx={ctx} state={state} name="openingTime" label={t('reservations.setup.facilities.openingTime')} hint={t('reservations.setup.timeHint')} required width="5" />
        <Field ctx={ctx} state={state} name="closingTime" label={t('reservations.setup.facilities.closingTime')} required width="5" />
        <Checkboxes name="closedWeekdays" legend={t('reservations.setup.facilities.closedWeekdays')} hint={t('reservations.setup.facilities.closedWeekdaysHint')} options={weekdayOptions(ctx)} values={valuesOf(state.values, 'closedWeekdays')} error={state.errors.closedWeekdays} />
        <Checkboxes
          name="isClosedOnHolidays"
          legend={t('reservations.setup.facilities.holidays')}
          options={[{ value: 'yes', label: t('reservations.setup.facilities.isClosedOnHolidays') }]}
          values={valuesOf(state.values, 'isClosedOnHolidays')}
        />
        <Checkboxes
          name="isClosedYearEnd"
          legend={t('reservations.setup.facilities.yearEnd')}
          options={[{ value: 'yes', label: t('reservations.setup.facilities.isClosedYearEnd') }]}
          values={valuesOf(state.values, 'isClosedYearEnd')}
        />
        <Radios name="status" legend={t('reservations.setup.status.label')} inline options={[{ value: 'active', label: t('reservations.setup.status.active') }, { value: 'suspended', label: t('reservations.setup.status.suspended') }]} value={valueOf(state.values, 'status')} error={state.errors.status} />
        <Field ctx={ctx} state={state} name="sortOrder" label={t('reservations.setup.sortOrder')} type="number" width="5" />
        <Button>{facility ? t('reservations.setup.save') : t('reservations.setup.facilities.create')}</Button>
      </form>
      {facility ? (
        <>
          <h2>{t('reservations.setup.facilities.resourcesHeading')}</h2>
          {resources.length === 0 ? <p>{t('reservations.setup.resources.empty')}</p> : <ResourceTable ctx={ctx} resources={resources} facilities={facilities.length > 0 ? facilities : [facility]} caption={t('reservations.setup.facilities.resourcesCaption', { name: localName(facility.names, ctx.locale) })} />}
          <ButtonLink href={`${setupBase(ctx)}/resources/new?facility=${facility.id}`} variant="secondary">
            {t('reservations.setup.resources.add')}
          </ButtonLink>
        </>
      ) : null}
    </SetupPage>
  )
}

export function ResourceFormPage({ ctx, resource, facilities, purposes, state, summary = [], notice }: { ctx: PageContext; resource?: Resource; facilities: Facility[]; purposes: Purpose[]; state: FormState; summary?: SummaryItem[]; notice?: string }) {
  const { t } = ctx
  const base = `${setupBase(ctx)}/resources`
  const title = resource ? t('reservations.setup.resources.editTitle', { name: localName(resource.names, ctx.locale) }) : t('reservations.setup.resources.newTitle')
  const facilityId = valueOf(state.values, 'facilityId')
  const number = (name: string, hint?: string) => <Field ctx={ctx} state={state} name={name} label={t(`reservations.setup.resources.${name}`)} hint={hint ?? t(`reservations.setup.resources.${name}Hint`)} required type="number" width="5" />
  return (
    <SetupPage ctx={ctx} title={title} section="facilities" errors={summary} notice={notice}>
      <BackLink href={facilityId ? `${setupBase(ctx)}/facilities/${facilityId}` : `${setupBase(ctx)}/facilities`}>{t('reservations.setup.resources.back')}</BackLink>
      <h1>{title}</h1>
      {resource ? (
        <p>
          <a href={`${base}/${resource.id}/fees`}>{t('reservations.setup.resources.feesLink')}</a>
          {' ・ '}
          <a href={`${base}/${resource.id}/templates`}>{t('reservations.setup.resources.templatesLink')}</a>
        </p>
      ) : null}
      <form method="post" action={resource ? `${base}/${resource.id}` : `${base}/new`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <h2>{t('reservations.setup.resources.basics')}</h2>
        <Select
          name="facilityId"
          label={t('reservations.setup.facilities.name')}
          required
          requiredLabel={t('reservations.setup.form.requiredMark')}
          options={[{ value: '', label: t('reservations.setup.choose') }, ...facilities.map(f => ({ value: f.id, label: localName(f.names, ctx.locale) }))]}
          value={facilityId}
          error={state.errors.facilityId}
        />
        {resource ? (
          <p>
            {t('reservations.setup.code')}: <code>{resource.code}</code>
          </p>
        ) : (
          <Field ctx={ctx} state={state} name="code" label={t('reservations.setup.code')} hint={t('reservations.setup.codeHint')} required width="20" />
        )}
        <Radios name="kind" legend={t('reservations.setup.resources.kind')} hint={t('reservations.setup.resources.kindHint')} options={[{ value: 'space', label: t('reservations.kind.space') }, { value: 'appointment', label: t('reservations.kind.appointment') }]} value={valueOf(state.values, 'kind')} error={state.errors.kind} />
        <Select name="category" label={t('reservations.setup.resources.category')} options={RESOURCE_CATEGORIES.map(c => ({ value: c, label: t(`reservations.category.${c}`) }))} value={valueOf(state.values, 'category')} error={state.errors.category} />
        <LocalizedFields ctx={ctx} state={state} prefix="name" label={t('reservations.setup.resources.name')} required />
        <LocalizedFields ctx={ctx} state={state} prefix="description" label={t('reservations.setup.description')} multiline />
        {number('capacityPeople')}
        <Checkboxes name="equipment" legend={t('reservations.setup.resources.equipment')} options={EQUIPMENT_CODES.map(code => ({ value: code, label: t(equipmentLabelKey(code)) }))} values={valuesOf(state.values, 'equipment')} error={state.errors.equipment} />
        {purposes.length > 0 ? (
          <Checkboxes name="purposes" legend={t('reservations.setup.resources.purposes')} hint={t('reservations.setup.resources.purposesHint')} options={purposes.map(p => ({ value: p.code, label: localName(p.names, ctx.locale) }))} values={valuesOf(state.values, 'purposes')} error={state.errors.purposes} />
        ) : null}
        <Radios name="status" legend={t('reservations.setup.status.label')} hint={t('reservations.setup.resources.statusHint')} inline options={[{ value: 'active', label: t('reservations.setup.status.active') }, { value: 'suspended', label: t('reservations.setup.status.suspended') }]} value={valueOf(state.values, 'status')} error={state.errors.status} />
        <Field ctx={ctx} state={state} name="sortOrder" label={t('reservations.setup.sortOrder')} type="number" width="5" />

        <h2>{t('reservations.setup.resources.bookingRules')}</h2>
        <Radios
          name="bookingMode"
          legend={t('reservations.setup.resources.bookingMode')}
          options={[
            { value: 'first_come', label: t('reservations.setup.bookingMode.first_come') },
            { value: 'lottery', label: t('reservations.setup.bookingMode.lottery'), hint: t('reservations.setup.resources.lotteryHint') },
          ]}
          value={valueOf(state.values, 'bookingMode')}
          error={state.errors.bookingMode}
        />
        {number('residentWindowDays')}
        {number('nonResidentWindowDays')}
        {number('minLeadHours')}
        {number('maxActivePerResident')}
        {number('maxPartySize')}

        <h2>{t('reservations.setup.resources.paymentRules')}</h2>
        {number('holdMinutes')}
        {number('paymentDeadlineHours')}
        <Checkboxes name="allowsCounterPayment" legend={t('reservations.paymentMethod.counter')} options={[{ value: 'yes', label: t('reservations.setup.resources.allowsCounterPayment') }]} values={valuesOf(state.values, 'allowsCounterPayment')} />

        <h2>{t('reservations.setup.resources.cancelRules')}</h2>
        {number('cancelDeadlineHours')}
        {number('cancellationFeeHours')}
        {number('cancellationFeePercent')}

        <h2>{t('reservations.setup.resources.reminderRules')}</h2>
        {number('reminderDaysBefore')}
        <Field ctx={ctx} state={state} name="reminderTime" label={t('reservations.setup.resources.reminderTime')} hint={t('reservations.setup.timeHint')} required width="5" />

        <h2>{t('reservations.setup.resources.waitlistRules')}</h2>
        <Radios
          name="waitlistMode"
          legend={t('reservations.setup.resources.waitlistMode')}
          options={(['none', 'sequential', 'broadcast'] as const).map(mode => ({ value: mode, label: t(`reservations.setup.waitlistMode.${mode}`), hint: t(`reservations.setup.waitlistMode.${mode}Hint`) }))}
          value={valueOf(state.values, 'waitlistMode')}
          error={state.errors.waitlistMode}
        />
        {number('offerMinutes')}

        <h2>{t('reservations.setup.resources.rushRules')}</h2>
        <p class="field__hint">{t('reservations.setup.resources.rushLead')}</p>
        <Field ctx={ctx} state={state} name="opensOn" label={t('reservations.setup.resources.opensOn')} hint={t('reservations.setup.dateHint')} width="10" />
        <Field ctx={ctx} state={state} name="opensTime" label={t('reservations.setup.resources.opensTime')} hint={t('reservations.setup.timeHint')} width="5" />
        {number('queueMinutes')}
        {number('queueRatePerSecond')}

        <Button>{resource ? t('reservations.setup.save') : t('reservations.setup.resources.create')}</Button>
      </form>
    </SetupPage>
  )
}
