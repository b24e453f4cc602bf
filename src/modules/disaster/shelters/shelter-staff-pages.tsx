/** Staff pages of the shelters area (phone-friendly: one column, big buttons, tables that scroll). */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, Checkboxes, CsrfField, Radios, Table, TextArea, TextField } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { valueOf, valuesOf, type FormValues } from '../../../platform/http/form-values.js'
import { SHELTER_HAZARDS, type ShelterCsvNote } from './shelter-csv.js'
import type { PresentEvacuee } from './shelter-repository.js'
import { shownStatus, totalsOf } from './shelter-rules.js'
import { SHELTER_NEEDS, SHELTER_STATUSES, type Shelter, type ShelterImportRun } from './shelter-tables.js'
import { localName, noteText, occupancyText, ShelterStaffLayout, staffPath, StatusTag } from './shelter-views.js'

export function StaffShelterListPage({ ctx, shelters, canManage, hazardMapsHref }: { ctx: PageContext; shelters: Shelter[]; canManage: boolean; hazardMapsHref?: string }) {
  const { t, locale } = ctx
  const title = t('disaster.shelters.staffTitle')
  return (
    <ShelterStaffLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{t('disaster.shelters.staffLead')}</p>
      <div class="button-group">
        {canManage ? <ButtonLink href={staffPath(ctx, '/import')}>{t('disaster.shelters.import.title')}</ButtonLink> : null}
        {canManage ? (
          <ButtonLink href={staffPath(ctx, '/new')} variant="secondary">
            {t('disaster.shelters.details.newLink')}
          </ButtonLink>
        ) : null}
        <ButtonLink href={publicHref(ctx)} variant="secondary">
          {t('disaster.shelters.publicMapLink')}
        </ButtonLink>
        {canManage && hazardMapsHref ? (
          <ButtonLink href={hazardMapsHref} variant="secondary">
            {t('disaster.shelters.hazardMapsLink')}
          </ButtonLink>
        ) : null}
      </div>
      {shelters.length === 0 ? (
        <p>{t('disaster.shelters.empty')}</p>
      ) : (
        <Table
          caption={t('disaster.shelters.listCaption', { count: shelters.length })}
          head={[t('disaster.shelters.name'), t('disaster.shelters.statusLabel'), t('disaster.shelters.evacuees'), t('disaster.shelters.households'), t('disaster.shelters.address')]}
          firstCellIsHeader
          numericColumns={[3]}
          rows={shelters.map(s => {
            const totals = totalsOf(s)
            return [
              <a href={staffPath(ctx, `/${s.id}`)}>{localName(s.names, locale)}</a>,
              <StatusTag ctx={ctx} status={shownStatus(s.status, totals.evacuees, s.capacity)} />,
              occupancyText(ctx, totals.evacuees, s.capacity),
              String(totals.households),
              s.address,
            ]
          })}
        />
      )}
    </ShelterStaffLayout>
  )
}

const publicHref = (ctx: PageContext) => `/${ctx.tenant?.slug ?? ''}/shelters`

export function ImportPage({ ctx, problems = [], runs }: { ctx: PageContext; problems?: ShelterCsvNote[]; runs: ShelterImportRun[] }) {
  const { t, locale } = ctx
  const title = t('disaster.shelters.import.title')
  const errors = problems.map(p => ({ field: 'file', message: p.line > 1 ? t('disaster.shelters.import.atLine', { line: p.line, message: noteText(ctx, p) }) : noteText(ctx, p) }))
  return (
    <ShelterStaffLayout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      <p class="lead">{t('disaster.shelters.import.lead')}</p>
      <ul>
        <li>{t('disaster.shelters.import.formatStandard')}</li>
        <li>{t('disaster.shelters.import.formatGsiEmergency')}</li>
        <li>{t('disaster.shelters.import.formatGsiShelter')}</li>
      </ul>
      <form method="post" action={staffPath(ctx, '/import')} enctype="multipart/form-data" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <div class={errors.length > 0 ? 'field field--error' : 'field'}>
          <label for="file" class="field__label">
            {t('disaster.shelters.import.file')}
          </label>
          <p id="file-hint" class="field__hint">
            {t('disaster.shelters.import.fileHint')}
          </p>
          <input id="file" name="file" type="file" accept=".csv,text/csv" class="file-upload" aria-describedby="file-hint" aria-invalid={errors.length > 0 ? 'true' : undefined} />
        </div>
        <Button>{t('disaster.shelters.import.submit')}</Button>
      </form>
      {runs.length > 0 ? (
        <Table
          caption={t('disaster.shelters.import.runsCaption')}
          head={[t('disaster.shelters.import.when'), t('disaster.shelters.import.fileName'), t('disaster.shelters.import.result')]}
          rows={runs.map(run => [
            <a href={staffPath(ctx, `/import/${run.id}`)}>{formatDateTime(run.createdAt, locale)}</a>,
            run.fileName || '—',
            t('disaster.shelters.import.summary', { created: run.createdCount, updated: run.updatedCount, fixed: run.fixed.length, rejected: run.rejected.length }),
          ])}
        />
      ) : null}
    </ShelterStaffLayout>
  )
}

export function ImportReportPage({ ctx, run, isNew }: { ctx: PageContext; run: ShelterImportRun; isNew: boolean }) {
  const { t, locale } = ctx
  const title = t('disaster.shelters.import.reportTitle')
  const notesTable = (caption: string, notes: ShelterCsvNote[]) =>
    notes.length === 0 ? (
      <p>{t('disaster.shelters.import.none')}</p>
    ) : (
      <Table caption={caption} head={[t('disaster.shelters.import.line'), t('disaster.shelters.import.column'), t('disaster.shelters.import.reason')]} numericColumns={[0]} rows={notes.map(note => [String(note.line), note.column ?? '—', noteText(ctx, note)])} />
    )
  return (
    <ShelterStaffLayout ctx={ctx} title={title} crumbs={[{ href: staffPath(ctx, '/import'), label: t('disaster.shelters.import.title') }]} notice={isNew ? t('disaster.shelters.import.done', { created: run.createdCount, updated: run.updatedCount }) : undefined}>
      <h1>{title}</h1>
      <p>
        {t('disaster.shelters.import.reportMeta', { when: formatDateTime(run.createdAt, locale), file: run.fileName || '—', source: t(`disaster.shelters.import.source.${run.source}`), encoding: run.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8' })}
      </p>
      <p>{t('disaster.shelters.import.summary', { created: run.createdCount, updated: run.updatedCount, fixed: run.fixed.length, rejected: run.rejected.length })}</p>
      <h2>{t('disaster.shelters.import.rejectedTitle', { count: run.rejected.length })}</h2>
      {notesTable(t('disaster.shelters.import.rejectedCaption'), run.rejected)}
      <h2>{t('disaster.shelters.import.fixedTitle', { count: run.fixed.length })}</h2>
      {notesTable(t('disaster.shelters.import.fixedCaption'), run.fixed)}
      <p>
        <a href={staffPath(ctx)}>{t('disaster.shelters.backToList')}</a>
      </p>
    </ShelterStaffLayout>
  )
}

export interface StatusFormValues {
  status: string
  manualEvacuees: string
  manualHouseholds: string
  needs: string[]
  needsNote: string
}

export function statusFormValuesOf(shelter: Shelter): StatusFormValues {
  return { status: shelter.status, manualEvacuees: String(shelter.manualEvacuees), manualHouseholds: String(shelter.manualHouseholds), needs: shelter.needs, needsNote: shelter.needsNote }
}

export function ShelterStatusPage({ ctx, shelter, present, values, problems = {}, notice }: { ctx: PageContext; shelter: Shelter; present: PresentEvacuee[]; values: StatusFormValues; problems?: Record<string, string>; notice?: string }) {
  const { t, locale } = ctx
  const name = localName(shelter.names, locale)
  const totals = totalsOf(shelter)
  const errors = Object.entries(problems).map(([field, message]) => ({ field, message }))
  return (
    <ShelterStaffLayout ctx={ctx} title={name} errors={errors} notice={notice}>
      <h1>{name}</h1>
      <p>
        <StatusTag ctx={ctx} status={shownStatus(shelter.status, totals.evacuees, shelter.capacity)} /> {occupancyText(ctx, totals.evacuees, shelter.capacity)} · {t('disaster.shelters.householdCount', { count: totals.households })}
      </p>
      <p class="muted">
        {shelter.address}
        {shelter.hazards.length > 0 ? ` · ${shelter.hazards.map(h => t(`disaster.shelters.hazard.${h}`)).join('、')}` : ''}
      </p>
      <div class="button-group">
        <ButtonLink href={staffPath(ctx, `/${shelter.id}/check-in`)}>{t('disaster.shelters.checkIn.title')}</ButtonLink>
        {ctx.staff?.permissions.has('disaster.manage') ? (
          <ButtonLink href={staffPath(ctx, `/${shelter.id}/edit`)} variant="secondary">
            {t('disaster.shelters.details.editLink')}
          </ButtonLink>
        ) : null}
      </div>
      <h2>{t('disaster.shelters.statusTitle')}</h2>
      <form method="post" action={staffPath(ctx, `/${shelter.id}/status`)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Radios name="status" legend={t('disaster.shelters.statusLabel')} value={values.status} error={problems.status} options={SHELTER_STATUSES.map(s => ({ value: s, label: t(`disaster.shelters.status.${s}`) }))} />
        <p>{t('disaster.shelters.registeredCount', { count: shelter.registeredEvacuees, households: shelter.registeredHouseholds })}</p>
        <TextField name="manualEvacuees" label={t('disaster.shelters.manualEvacuees')} hint={t('disaster.shelters.manualHint')} value={values.manualEvacuees} error={problems.manualEvacuees} inputmode="numeric" width="5" />
        <TextField name="manualHouseholds" label={t('disaster.shelters.manualHouseholds')} value={values.manualHouseholds} error={problems.manualHouseholds} inputmode="numeric" width="5" />
        <Checkboxes name="needs" legend={t('disaster.shelters.needsLabel')} values={values.needs} options={SHELTER_NEEDS.map(n => ({ value: n, label: t(`disaster.shelters.need.${n}`) }))} />
        <TextArea name="needsNote" label={t('disaster.shelters.needsNote')} value={values.needsNote} error={problems.needsNote} rows={3} />
        <Button>{t('disaster.shelters.saveStatus')}</Button>
      </form>
      <h2>{t('disaster.shelters.presentTitle')}</h2>
      {present.length === 0 ? (
        <p>{t('disaster.shelters.presentEmpty')}</p>
      ) : (
        <Table
          caption={t('disaster.shelters.presentCaption', { count: present.length })}
          head={[t('disaster.shelters.evacueeName'), t('disaster.shelters.householdSize'), t('disaster.shelters.checkedInAt'), t('disaster.shelters.actions')]}
          firstCellIsHeader
          numericColumns={[1]}
          rows={present.map(p => {
            const who = p.residentId ? (p.residentName ?? t('disaster.shelters.residentNoName')) : `${p.name}${t('disaster.shelters.unregisteredMark')}`
            return [
              who,
              String(p.householdSize),
              formatDateTime(p.checkedInAt, locale),
              <form method="post" action={staffPath(ctx, `/${shelter.id}/check-out`)} class="inline-form">
                <CsrfField token={ctx.csrfToken} />
                <input type="hidden" name="checkInId" value={p.id} />
                <button type="submit" class="link-button">
                  {t('disaster.shelters.checkOut')}
                  <span class="visually-hidden"> {who}</span>
                </button>
              </form>,
            ]
          })}
        />
      )}
      <p>
        <a href={staffPath(ctx)}>{t('disaster.shelters.backToList')}</a>
      </p>
    </ShelterStaffLayout>
  )
}

/** Everything of the check-in page: three ways to identify the household, and what just happened. */
export interface CheckInPageProps {
  ctx: PageContext
  shelter: Shelter
  tokens: { pass: string; walkIn: string }
  query: string
  matches?: { id: string; name: string; nameKana: string | null; address: string | null; birthdate: string | null; token: string }[]
  canLookUp: boolean
  values?: Record<string, string>
  problems?: Record<string, string>
  notice?: string
  /** an already checked-in resident found by their pass: offer check-out */
  present?: { checkInId: string; name: string }
}

export function CheckInPage({ ctx, shelter, tokens, query, matches, canLookUp, values = {}, problems = {}, notice, present }: CheckInPageProps) {
  const { t, locale } = ctx
  const name = localName(shelter.names, locale)
  const title = t('disaster.shelters.checkIn.title')
  const totals = totalsOf(shelter)
  const errors = Object.entries(problems).map(([field, message]) => ({ field, message }))
  const action = staffPath(ctx, `/${shelter.id}/check-in`)
  return (
    <ShelterStaffLayout ctx={ctx} title={title} crumbs={[{ href: staffPath(ctx, `/${shelter.id}`), label: name }]} errors={errors} notice={notice} scripts={['/static/qr-scanner.js']}>
      <h1>
        {title}
        <span class="page-caption"> {name}</span>
      </h1>
      <p>
        <StatusTag ctx={ctx} status={shownStatus(shelter.status, totals.evacuees, shelter.capacity)} /> {occupancyText(ctx, totals.evacuees, shelter.capacity)}
      </p>
      {shelter.status === 'closed' ? <p class="muted">{t('disaster.shelters.checkIn.closedHint')}</p> : null}
      {present ? (
        <form method="post" action={staffPath(ctx, `/${shelter.id}/check-out`)} class="button-group">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="checkInId" value={present.checkInId} />
          <input type="hidden" name="return" value="check-in" />
          <Button variant="secondary">{t('disaster.shelters.checkOutNamed', { name: present.name })}</Button>
        </form>
      ) : null}

      <h2 id="pass-title">{t('disaster.shelters.checkIn.passTitle')}</h2>
      <form method="post" action={action} novalidate aria-labelledby="pass-title">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="kind" value="pass" />
        <input type="hidden" name="clientToken" value={tokens.pass} />
        <div
          class="check-in-scanner"
          hidden
          data-qr-scanner
          data-field="pass"
          data-start-label={t('disaster.shelters.checkIn.scan')}
          data-stop-label={t('disaster.shelters.checkIn.scanStop')}
          data-scanning={t('disaster.shelters.checkIn.scanning')}
          data-read={t('disaster.shelters.checkIn.scanRead')}
          data-failed={t('disaster.shelters.checkIn.scanFailed')}
          data-video-label={t('disaster.shelters.checkIn.scanVideo')}
        >
          <p data-scanner-status="" role="status" aria-live="polite"></p>
        </div>
        <TextField name="pass" label={t('disaster.shelters.checkIn.pass')} hint={t('disaster.shelters.checkIn.passHint')} value={values.pass ?? ''} error={problems.pass} autocomplete="off" spellcheck={false} />
        <TextField name="householdSize" id="pass-householdSize" label={t('disaster.shelters.householdSize')} value={values['pass-householdSize'] ?? '1'} error={problems['pass-householdSize']} inputmode="numeric" width="5" />
        <Button>{t('disaster.shelters.checkIn.submitPass')}</Button>
      </form>

      {canLookUp ? (
        <>
          <h2 id="lookup-title">{t('disaster.shelters.checkIn.lookupTitle')}</h2>
          <form method="get" action={action} novalidate aria-labelledby="lookup-title">
            <TextField name="q" label={t('disaster.shelters.checkIn.lookup')} hint={t('disaster.shelters.checkIn.lookupHint')} value={query} error={problems.q} autocomplete="off" />
            <Button variant="secondary">{t('disaster.shelters.checkIn.search')}</Button>
          </form>
          {matches ? (
            matches.length === 0 ? (
              <p>{t('disaster.shelters.checkIn.noMatch')}</p>
            ) : (
              <Table
                caption={t('disaster.shelters.checkIn.matchesCaption', { count: matches.length })}
                head={[t('disaster.shelters.evacueeName'), t('disaster.shelters.checkIn.kana'), t('disaster.shelters.address'), t('disaster.shelters.checkIn.birthdate'), t('disaster.shelters.actions')]}
                firstCellIsHeader
                rows={matches.map(m => [
                  m.name,
                  m.nameKana ?? '',
                  m.address ?? '',
                  m.birthdate ?? '',
                  <form method="post" action={action} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <input type="hidden" name="kind" value="resident" />
                    <input type="hidden" name="residentId" value={m.id} />
                    <input type="hidden" name="clientToken" value={m.token} />
                    <input type="hidden" name="householdSize" value="1" />
                    <button type="submit" class="link-button">
                      {t('disaster.shelters.checkIn.submitResident')}
                      <span class="visually-hidden"> {m.name}</span>
                    </button>
                  </form>,
                ])}
              />
            )
          ) : null}
        </>
      ) : null}

      <h2 id="walk-in-title">{t('disaster.shelters.checkIn.walkInTitle')}</h2>
      <form method="post" action={action} novalidate aria-labelledby="walk-in-title">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="kind" value="unregistered" />
        <input type="hidden" name="clientToken" value={tokens.walkIn} />
        <TextField name="name" label={t('disaster.shelters.checkIn.name')} value={values.name ?? ''} error={problems.name} autocomplete="off" />
        <TextField name="nameKana" label={t('disaster.shelters.checkIn.kana')} value={values.nameKana ?? ''} error={problems.nameKana} autocomplete="off" />
        <TextField name="householdSize" id="walk-in-householdSize" label={t('disaster.shelters.householdSize')} value={values['walk-in-householdSize'] ?? '1'} error={problems['walk-in-householdSize']} inputmode="numeric" width="5" />
        <TextArea name="notes" label={t('disaster.shelters.checkIn.notes')} hint={t('disaster.shelters.checkIn.notesHint')} value={values.notes ?? ''} error={problems.notes} rows={2} />
        <Button>{t('disaster.shelters.checkIn.submitWalkIn')}</Button>
      </form>
      <p>
        <a href={staffPath(ctx, `/${shelter.id}`)}>{t('disaster.shelters.backToShelter')}</a>
      </p>
    </ShelterStaffLayout>
  )
}

export const HAZARD_KEYS = SHELTER_HAZARDS

/** The details form's values of a shelter (for editing). */
export function detailsFormValuesOf(shelter: Shelter): FormValues {
  return {
    nameJa: shelter.names.ja,
    nameEasy: shelter.names['ja-easy'] ?? '',
    nameEn: shelter.names.en ?? '',
    address: shelter.address,
    latitude: shelter.latitude === null ? '' : String(shelter.latitude),
    longitude: shelter.longitude === null ? '' : String(shelter.longitude),
    kinds: [...(shelter.isEmergencyPlace ? ['emergencyPlace'] : []), ...(shelter.isShelter ? ['shelter'] : [])],
    hazards: shelter.hazards,
    capacity: shelter.capacity === null ? '' : String(shelter.capacity),
    phone: shelter.phone,
    accessible: shelter.isAccessible ? ['on'] : [],
  }
}

export function ShelterDetailsPage({ ctx, shelter, values, problems = {} }: { ctx: PageContext; shelter?: Shelter; values: FormValues; problems?: Record<string, string> }) {
  const { t, locale } = ctx
  const title = shelter ? t('disaster.shelters.details.editTitle') : t('disaster.shelters.details.newTitle')
  const errors = Object.entries(problems).map(([field, message]) => ({ field, message }))
  const crumbs = shelter ? [{ href: staffPath(ctx, `/${shelter.id}`), label: localName(shelter.names, locale) }] : []
  const D = 'disaster.shelters.details.'
  return (
    <ShelterStaffLayout ctx={ctx} title={title} crumbs={crumbs} errors={errors}>
      <h1>{title}</h1>
      <p class="lead">{t(`${D}lead`)}</p>
      <form method="post" action={staffPath(ctx, shelter ? `/${shelter.id}/edit` : '/new')} novalidate>
        <CsrfField token={ctx.csrfToken} />
        {shelter ? null : <TextField name="code" label={t(`${D}code`)} hint={t(`${D}codeHint`)} value={valueOf(values, 'code')} error={problems.code} required autocomplete="off" spellcheck={false} width="10" />}
        <TextField name="nameJa" label={t(`${D}nameJa`)} value={valueOf(values, 'nameJa')} error={problems.nameJa} required />
        <TextField name="nameEasy" label={t(`${D}nameEasy`)} value={valueOf(values, 'nameEasy')} error={problems.nameEasy} />
        <TextField name="nameEn" label={t(`${D}nameEn`)} value={valueOf(values, 'nameEn')} error={problems.nameEn} />
        <TextField name="address" label={t('disaster.shelters.address')} value={valueOf(values, 'address')} error={problems.address} required />
        <TextField name="latitude" label={t(`${D}latitude`)} hint={t(`${D}coordinatesHint`)} value={valueOf(values, 'latitude')} error={problems.latitude} inputmode="decimal" width="10" />
        <TextField name="longitude" label={t(`${D}longitude`)} value={valueOf(values, 'longitude')} error={problems.longitude} inputmode="decimal" width="10" />
        <Checkboxes name="kinds" legend={t(`${D}kinds`)} values={valuesOf(values, 'kinds')} error={problems.kinds} options={(['emergencyPlace', 'shelter'] as const).map(k => ({ value: k, label: t(`${D}kind.${k}`) }))} />
        <Checkboxes name="hazards" legend={t('disaster.shelters.hazards')} values={valuesOf(values, 'hazards')} options={SHELTER_HAZARDS.map(h => ({ value: h, label: t(`disaster.shelters.hazard.${h}`) }))} />
        <TextField name="capacity" label={t(`${D}capacity`)} value={valueOf(values, 'capacity')} error={problems.capacity} inputmode="numeric" width="5" />
        <TextField name="phone" label={t(`${D}phone`)} type="tel" value={valueOf(values, 'phone')} error={problems.phone} width="10" />
        <Checkboxes name="accessible" legend={t(`${D}accessible`)} values={valuesOf(values, 'accessible')} options={[{ value: 'on', label: t(`${D}accessible`) }]} />
        <Button>{t(`${D}save`)}</Button>
      </form>
    </ShelterStaffLayout>
  )
}
