/** Closures (休館日), a resource's slot templates and exceptions with "generate slots", and the template CSV page. */
import type { PageContext } from '../../../platform/views/page-context.js'
import { formatDate, formatDateTime } from '../../../platform/views/format.js'
import { Button, ButtonLink, Checkboxes, CsrfField, NotificationBanner, Radios, Select, Table } from '../../../platform/views/components/index.js'
import type { Closure, Facility, Resource, Slot, SlotException, SlotTemplate } from '../reservation-tables.js'
import { tokyoDate, tokyoTime } from '../reservation-time.js'
import { closedDaysText } from './facility-pages.js'
import { DeleteButton } from './pricing-pages.js'
import { BackLink, Field, LocalizedFields, localName, SetupPage, setupBase, shortTime, valueOf, valuesOf, weekdayList, weekdayOptions, type FormState, type SummaryItem } from './setup-views.js'
import type { SlotGenerationResult } from './slot-generation.js'
import { TEMPLATE_CSV_COLUMNS, type CsvProblem } from './template-csv.js'

export type ConflictSlot = Slot & { resourceCode: string }

/** Counts of a generation and the slots staff must deal with (booked slots on days that closed). */
export function GenerationOutcome({ ctx, counts, conflicts }: { ctx: PageContext; counts?: Omit<SlotGenerationResult, 'conflicts'>; conflicts: ConflictSlot[] }) {
  const { t } = ctx
  if (!counts && conflicts.length === 0) return null
  return (
    <section aria-labelledby="generation-outcome">
      <h2 id="generation-outcome">{t('reservations.setup.generate.outcomeHeading')}</h2>
      {counts ? <p>{t('reservations.setup.generate.counts', { created: counts.created, updated: counts.updated, closed: counts.closed })}</p> : null}
      {conflicts.length > 0 ? (
        <>
          <p>
            <strong>{t('reservations.setup.generate.conflictsLead', { count: conflicts.length })}</strong>
          </p>
          <Table
            caption={t('reservations.setup.generate.conflictsCaption')}
            head={[t('reservations.setup.generate.slot'), t('reservations.setup.code'), t('reservations.setup.generate.taken'), t('reservations.setup.actions')]}
            firstCellIsHeader
            numericColumns={[2]}
            rows={conflicts.map(slot => {
              const date = tokyoDate(slot.startsAt)
              return [
                `${formatDate(date, ctx.locale)} ${tokyoTime(slot.startsAt)}–${tokyoTime(slot.endsAt)}`,
                <code>{slot.resourceCode}</code>,
                String(slot.capacity - slot.remaining),
                <a href={`/${ctx.tenant?.slug}/staff/reservations/bookings?resource=${slot.resourceId}&from=${date}&until=${date}`}>
                  {t('reservations.setup.generate.bookingsLink')}
                  <span class="visually-hidden"> {`${date} ${tokyoTime(slot.startsAt)}`}</span>
                </a>,
              ]
            })}
          />
        </>
      ) : null}
    </section>
  )
}

function closureTarget(ctx: PageContext, closure: Closure, facilities: Facility[], resources: Resource[]): string {
  if (closure.resourceId) {
    const resource = resources.find(r => r.id === closure.resourceId)
    return resource ? localName(resource.names, ctx.locale) : ''
  }
  if (closure.facilityId) {
    const facility = facilities.find(f => f.id === closure.facilityId)
    return facility ? ctx.t('reservations.setup.closures.wholeFacility', { name: localName(facility.names, ctx.locale) }) : ''
  }
  return ctx.t('reservations.setup.closures.tenantWide')
}

export function ClosuresPage({ ctx, closures, facilities, resources, state, summary = [], notice, counts, conflicts = [] }: { ctx: PageContext; closures: Closure[]; facilities: Facility[]; resources: Resource[]; state: FormState; summary?: SummaryItem[]; notice?: string; counts?: Omit<SlotGenerationResult, 'conflicts'>; conflicts?: ConflictSlot[] }) {
  const { t } = ctx
  const base = `${setupBase(ctx)}/closures`
  const title = t('reservations.setup.closures.title')
  const scopeOptions = [
    { value: '', label: t('reservations.setup.choose') },
    { value: 'tenant', label: t('reservations.setup.closures.tenantWide') },
    ...facilities.flatMap(facility => [
      { value: `facility:${facility.id}`, label: t('reservations.setup.closures.wholeFacility', { name: localName(facility.names, ctx.locale) }) },
      ...resources.filter(r => r.facilityId === facility.id).map(r => ({ value: `resource:${r.id}`, label: `${localName(facility.names, ctx.locale)} — ${localName(r.names, ctx.locale)}` })),
    ]),
  ]
  return (
    <SetupPage ctx={ctx} title={title} section="closures" errors={summary} notice={notice}>
      <h1>{title}</h1>
      <p class="lead">{t('reservations.setup.closures.lead')}</p>
      <GenerationOutcome ctx={ctx} counts={counts} conflicts={conflicts} />
      <h2>{t('reservations.setup.closures.regularHeading')}</h2>
      {facilities.length === 0 ? (
        <p>{t('reservations.setup.facilities.empty')}</p>
      ) : (
        <Table
          caption={t('reservations.setup.closures.regularCaption')}
          head={[t('reservations.setup.facilities.name'), t('reservations.setup.facilities.closedDays')]}
          firstCellIsHeader
          rows={facilities.map(facility => [<a href={`${setupBase(ctx)}/facilities/${facility.id}`}>{localName(facility.names, ctx.locale)}</a>, closedDaysText(ctx, facility)])}
        />
      )}
      <h2>{t('reservations.setup.closures.listHeading')}</h2>
      {closures.length === 0 ? (
        <p>{t('reservations.setup.closures.empty')}</p>
      ) : (
        <Table
          caption={t('reservations.setup.closures.caption')}
          head={[t('reservations.setup.closures.period'), t('reservations.setup.closures.target'), t('reservations.setup.closures.reason'), t('reservations.setup.actions')]}
          firstCellIsHeader
          rows={closures.map(closure => {
            const period = closure.startsOn === closure.endsOn ? formatDate(closure.startsOn, ctx.locale) : `${formatDate(closure.startsOn, ctx.locale)} – ${formatDate(closure.endsOn, ctx.locale)}`
            return [period, closureTarget(ctx, closure, facilities, resources), localName(closure.reasons, ctx.locale), <DeleteButton ctx={ctx} action={`${base}/${closure.id}/delete`} label={t('reservations.setup.delete')} context={period} />]
          })}
        />
      )}
      <h2>{t('reservations.setup.closures.add')}</h2>
      <form method="post" action={base} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Select name="scope" label={t('reservations.setup.closures.target')} required requiredLabel={t('reservations.setup.form.requiredMark')} options={scopeOptions} value={valueOf(state.values, 'scope')} error={state.errors.scope} />
        <Field ctx={ctx} state={state} name="startsOn" label={t('reservations.setup.closures.startsOn')} hint={t('reservations.setup.dateHint')} required width="10" />
        <Field ctx={ctx} state={state} name="endsOn" label={t('reservations.setup.closures.endsOn')} hint={t('reservations.setup.closures.endsOnHint')} width="10" />
        <LocalizedFields ctx={ctx} state={state} prefix="reason" label={t('reservations.setup.closures.reason')} required />
        <Button>{t('reservations.setup.closures.addButton')}</Button>
      </form>
    </SetupPage>
  )
}

export interface TemplatesPageProps {
  ctx: PageContext
  resource: Resource
  facility: Facility
  templates: SlotTemplate[]
  exceptions: SlotException[]
  slots: { open: number; lastStartsAt: Date | null }
  templateState: FormState
  exceptionState: FormState
  generateState: FormState
  summary?: SummaryItem[]
  notice?: string
  counts?: Omit<SlotGenerationResult, 'conflicts'>
  conflicts?: ConflictSlot[]
}

export function TemplatesPage(props: TemplatesPageProps) {
  const { ctx, resource, facility, templates, exceptions, slots, templateState, exceptionState, generateState, summary = [], notice, counts, conflicts = [] } = props
  const { t } = ctx
  const base = `${setupBase(ctx)}/resources/${resource.id}`
  const name = localName(resource.names, ctx.locale)
  const title = t('reservations.setup.templates.title', { name })
  const exceptionText = (exception: SlotException) => {
    const time = exception.startTime ? `${shortTime(exception.startTime)}${exception.endTime ? `–${shortTime(exception.endTime)}` : ''}` : t('reservations.setup.exceptions.wholeDay')
    return exception.kind === 'cancel' ? time : `${time}・${t('reservations.setup.templates.capacityValue', { count: exception.capacity ?? 0 })}`
  }
  return (
    <SetupPage ctx={ctx} title={title} section="templates" errors={summary} notice={notice}>
      <BackLink href={base}>{t('reservations.setup.fees.back', { name })}</BackLink>
      <p class="page-caption">{localName(facility.names, ctx.locale)}</p>
      <h1>{title}</h1>
      <p class="lead">{t('reservations.setup.templates.lead', { hours: `${shortTime(facility.openingTime)}–${shortTime(facility.closingTime)}`, closed: closedDaysText(ctx, facility) })}</p>
      <p>{slots.lastStartsAt ? t('reservations.setup.templates.slotSummary', { count: slots.open, last: formatDateTime(slots.lastStartsAt, ctx.locale) }) : t('reservations.setup.templates.noSlots')}</p>
      <GenerationOutcome ctx={ctx} counts={counts} conflicts={conflicts} />

      <h2>{t('reservations.setup.templates.heading')}</h2>
      {templates.length === 0 ? (
        <p>{t('reservations.setup.templates.empty')}</p>
      ) : (
        <Table
          caption={t('reservations.setup.templates.caption', { name })}
          head={[t('reservations.setup.templates.time'), t('reservations.setup.templates.weekdays'), t('reservations.setup.templates.capacity'), t('reservations.setup.templates.validity'), t('reservations.setup.actions')]}
          firstCellIsHeader
          numericColumns={[2]}
          rows={templates.map(template => {
            const time = `${shortTime(template.startTime)}–${shortTime(template.endTime)}`
            return [
              time,
              weekdayList(ctx, template.weekdays),
              String(template.capacity),
              template.validUntil ? `${formatDate(template.validFrom, ctx.locale)} – ${formatDate(template.validUntil, ctx.locale)}` : t('reservations.setup.templates.validFromOnly', { from: formatDate(template.validFrom, ctx.locale) }),
              <DeleteButton ctx={ctx} action={`${base}/templates/${template.id}/delete`} label={t('reservations.setup.delete')} context={`${time} ${weekdayList(ctx, template.weekdays)}`} />,
            ]
          })}
        />
      )}
      <p>
        <a href={`${setupBase(ctx)}/templates.csv?resource=${resource.id}`}>{t('reservations.setup.csv.exportResource', { name })}</a>
      </p>
      <h3>{t('reservations.setup.templates.add')}</h3>
      <form method="post" action={`${base}/templates`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Checkboxes name="weekdays" legend={t('reservations.setup.templates.weekdays')} options={weekdayOptions(ctx)} values={valuesOf(templateState.values, 'weekdays')} error={templateState.errors.weekdays} />
        <Field ctx={ctx} state={templateState} name="startTime" label={t('reservations.setup.templates.startTime')} hint={t('reservations.setup.timeHint')} required width="5" />
        <Field ctx={ctx} state={templateState} name="endTime" label={t('reservations.setup.templates.endTime')} required width="5" />
        <Field ctx={ctx} state={templateState} name="slotMinutes" label={t('reservations.setup.templates.slotMinutes')} hint={t('reservations.setup.templates.slotMinutesHint')} type="number" width="5" />
        <Field ctx={ctx} state={templateState} name="capacity" label={t('reservations.setup.templates.capacity')} hint={t(resource.kind === 'space' ? 'reservations.setup.templates.capacitySpaceHint' : 'reservations.setup.templates.capacityAppointmentHint')} required type="number" width="5" />
        <Field ctx={ctx} state={templateState} name="validFrom" label={t('reservations.setup.templates.validFrom')} hint={t('reservations.setup.dateHint')} required width="10" />
        <Field ctx={ctx} state={templateState} name="validUntil" label={t('reservations.setup.templates.validUntil')} hint={t('reservations.setup.templates.validUntilHint')} width="10" />
        <Button>{t('reservations.setup.templates.addButton')}</Button>
      </form>

      <h2>{t('reservations.setup.exceptions.heading')}</h2>
      {exceptions.length === 0 ? (
        <p>{t('reservations.setup.exceptions.empty')}</p>
      ) : (
        <Table
          caption={t('reservations.setup.exceptions.caption', { name })}
          head={[t('reservations.setup.exceptions.onDate'), t('reservations.setup.exceptions.kind'), t('reservations.setup.exceptions.detail'), t('reservations.setup.actions')]}
          firstCellIsHeader
          rows={exceptions.map(exception => [
            formatDate(exception.onDate, ctx.locale),
            t(`reservations.setup.exceptions.kinds.${exception.kind}`),
            exceptionText(exception),
            <DeleteButton ctx={ctx} action={`${base}/exceptions/${exception.id}/delete`} label={t('reservations.setup.delete')} context={`${exception.onDate} ${t(`reservations.setup.exceptions.kinds.${exception.kind}`)}`} />,
          ])}
        />
      )}
      <h3>{t('reservations.setup.exceptions.add')}</h3>
      <form method="post" action={`${base}/exceptions`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field ctx={ctx} state={exceptionState} name="onDate" label={t('reservations.setup.exceptions.onDate')} hint={t('reservations.setup.dateHint')} required width="10" />
        <Radios
          name="kind"
          legend={t('reservations.setup.exceptions.kind')}
          options={(['cancel', 'capacity', 'extra'] as const).map(kind => ({ value: kind, label: t(`reservations.setup.exceptions.kinds.${kind}`), hint: t(`reservations.setup.exceptions.hints.${kind}`) }))}
          value={valueOf(exceptionState.values, 'kind')}
          error={exceptionState.errors.kind}
        />
        <Field ctx={ctx} state={exceptionState} name="exceptionStart" label={t('reservations.setup.exceptions.startTime')} hint={t('reservations.setup.exceptions.startTimeHint')} width="5" />
        <Field ctx={ctx} state={exceptionState} name="exceptionEnd" label={t('reservations.setup.exceptions.endTime')} hint={t('reservations.setup.exceptions.endTimeHint')} width="5" />
        <Field ctx={ctx} state={exceptionState} name="exceptionCapacity" label={t('reservations.setup.templates.capacity')} hint={t('reservations.setup.exceptions.capacityHint')} type="number" width="5" />
        <Button>{t('reservations.setup.exceptions.addButton')}</Button>
      </form>

      <h2>{t('reservations.setup.generate.heading')}</h2>
      <p>{t('reservations.setup.generate.lead')}</p>
      <form method="post" action={`${base}/generate`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field ctx={ctx} state={generateState} name="from" label={t('reservations.setup.generate.from')} hint={t('reservations.setup.dateHint')} required width="10" />
        <Field ctx={ctx} state={generateState} name="until" label={t('reservations.setup.generate.until')} required width="10" />
        <Button>{t('reservations.setup.generate.button')}</Button>
      </form>
    </SetupPage>
  )
}

/** Import and export of every resource's templates as one CSV file. */
export function TemplateCsvPage({ ctx, facilities, resources, problems = [], notice }: { ctx: PageContext; facilities: Facility[]; resources: Resource[]; problems?: CsvProblem[]; notice?: string }) {
  const { t } = ctx
  const base = setupBase(ctx)
  const title = t('reservations.setup.csv.title')
  const describe = (problem: CsvProblem) => `${t('reservations.setup.csv.line', { line: problem.line })}${problem.column ? t('reservations.setup.csv.columnLabel', { column: problem.column }) : ''}: ${t(problem.key, problem.params)}`
  const summary = problems.length > 0 ? [{ field: 'file', message: t('reservations.setup.csv.failed', { count: problems.length }) }] : []
  return (
    <SetupPage ctx={ctx} title={title} section="templates" errors={summary} notice={notice}>
      <h1>{title}</h1>
      <p class="lead">{t('reservations.setup.csv.lead')}</p>
      {problems.length > 0 ? (
        <NotificationBanner title={t('reservations.setup.csv.problemsTitle')}>
          <ul>
            {problems.slice(0, 200).map(problem => (
              <li>{describe(problem)}</li>
            ))}
          </ul>
          {problems.length > 200 ? <p>{t('reservations.setup.csv.moreProblems', { count: problems.length - 200 })}</p> : null}
        </NotificationBanner>
      ) : null}
      <h2>{t('reservations.setup.csv.exportHeading')}</h2>
      <ul>
        <li>
          <a href={`${base}/templates.csv`}>{t('reservations.setup.csv.exportUtf8')}</a>
        </li>
        <li>
          <a href={`${base}/templates.csv?encoding=shift_jis`}>{t('reservations.setup.csv.exportShiftJis')}</a>
        </li>
      </ul>
      <h2>{t('reservations.setup.csv.importHeading')}</h2>
      <p>{t('reservations.setup.csv.importLead')}</p>
      <p>
        {t('reservations.setup.csv.columns')}: <code>{TEMPLATE_CSV_COLUMNS.join(',')}</code>
      </p>
      <p class="field__hint">{t('reservations.setup.csv.formatHint')}</p>
      <form method="post" action={`${base}/templates/import`} enctype="multipart/form-data" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <div class={problems.length > 0 ? 'field field--error' : 'field'}>
          <label class="field__label" for="file">
            {t('reservations.setup.csv.file')}
          </label>
          <div id="file-hint" class="field__hint">
            {t('reservations.setup.csv.fileHint')}
          </div>
          <input class="file-upload" id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby="file-hint" aria-invalid={problems.length > 0 ? 'true' : undefined} />
        </div>
        <Button>{t('reservations.setup.csv.importButton')}</Button>
      </form>
      <h2>{t('reservations.setup.csv.resourcesHeading')}</h2>
      {resources.length === 0 ? (
        <p>{t('reservations.setup.resources.empty')}</p>
      ) : (
        <Table
          caption={t('reservations.setup.csv.resourcesCaption')}
          head={[t('reservations.setup.resources.name'), t('reservations.setup.code'), t('reservations.setup.facilities.name')]}
          firstCellIsHeader
          rows={resources.map(resource => [
            <a href={`${base}/resources/${resource.id}/templates`}>{localName(resource.names, ctx.locale)}</a>,
            <code>{resource.code}</code>,
            localName(facilities.find(f => f.id === resource.facilityId)?.names ?? {}, ctx.locale),
          ])}
        />
      )}
      <ButtonLink href={base} variant="link">
        {t('reservations.setup.index.back')}
      </ButtonLink>
    </SetupPage>
  )
}
