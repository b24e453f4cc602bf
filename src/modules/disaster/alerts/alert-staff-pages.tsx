/** Staff pages of disaster response: the overview (mode switch, settings, alerts), the alert form, and one alert's review. */
import type { Child } from 'hono/jsx'
import { StaffAreaLayout } from '../../../platform/views/staff-area-layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, Checkboxes, CsrfField, NotificationBanner, Radios, SummaryList, Table, Tag, TextArea, TextField } from '../../../platform/views/components/index.js'
import type { FieldErrors, FormValues, SummaryItem } from '../../../platform/http/form-values.js'
import { valueOf, valuesOf } from '../../../platform/http/form-values.js'
import type { DistrictLabel } from '../../notifications/index.js'
import { EVACUATION_LEVELS, HAZARDS } from '../cap/cap-evacuation.js'
import { ALERT_LANGUAGES, type AlertLanguage, type EvacuationAlert } from './alert-tables.js'
import type { AlertDetail, DisasterOverview } from './alert-service.js'
import { MAX_BANNER } from './alert-rules.js'

export const staffBase = (ctx: PageContext) => `/${ctx.tenant?.slug}/staff/disaster`

const jst = (date: Date | string | null | undefined): string =>
  date ? new Date(date).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : ''

export const districtName = (ctx: PageContext, names: Partial<Record<AlertLanguage, string>>): string => names[ctx.locale] || names.ja || ''

export function DisasterLayout({ ctx, title, children, errors = [], notice }: { ctx: PageContext; title: string; children: Child; errors?: SummaryItem[]; notice?: string }) {
  const { t } = ctx
  return (
    <StaffAreaLayout ctx={ctx} title={title} area={{ href: staffBase(ctx), label: t('disaster.staff.title') }} breadcrumbsLabel={t('disaster.staff.breadcrumbs')} errors={errors} notice={notice} noticeTitle={t('disaster.staff.doneTitle')}>
      {children}
    </StaffAreaLayout>
  )
}

/** The state a staff member sees for an alert: draft, awaiting approval, in force (with a change) … */
export function alertStateLabel(ctx: PageContext, alert: EvacuationAlert): { label: string; tone: 'grey' | 'blue' | 'green' | 'red' | 'yellow' } {
  const { t } = ctx
  if (alert.state === 'draft') return alert.proposal?.awaitingApproval ? { label: t('disaster.staff.alerts.state.awaiting'), tone: 'yellow' } : { label: t('disaster.staff.alerts.state.draft'), tone: 'grey' }
  if (alert.state === 'active') {
    if (alert.proposal?.awaitingApproval) return { label: t('disaster.staff.alerts.state.activeWithChange'), tone: 'yellow' }
    if (alert.proposal) return { label: t('disaster.staff.alerts.state.activeWithDraft'), tone: 'red' }
    return { label: t('disaster.staff.alerts.state.active'), tone: 'red' }
  }
  return { label: t(`disaster.staff.alerts.state.${alert.state}`), tone: 'grey' }
}

export function alertHeadline(ctx: PageContext, alert: EvacuationAlert): string {
  const texts = alert.proposal && alert.state === 'draft' ? alert.proposal.texts : alert.texts
  return texts[ctx.locale]?.headline || texts.ja.headline
}

function AlertTable({ ctx, alerts, caption, districts }: { ctx: PageContext; alerts: EvacuationAlert[]; caption: string; districts: DistrictLabel[] }) {
  const { t } = ctx
  if (alerts.length === 0) {
    return (
      <>
        <h3>{caption}</h3>
        <p>{t('disaster.staff.alerts.none')}</p>
      </>
    )
  }
  const names = new Map(districts.map(d => [d.id, districtName(ctx, d.names)]))
  return (
    <Table
      caption={caption}
      head={[t('disaster.staff.alerts.colHeadline'), t('disaster.staff.alerts.colState'), t('disaster.staff.alerts.colDistricts'), t('disaster.staff.alerts.colUpdated')]}
      rows={alerts.map(alert => {
        const state = alertStateLabel(ctx, alert)
        return [
          <>
            <a href={`${staffBase(ctx)}/alerts/${alert.id}`}>{alertHeadline(ctx, alert)}</a>
            {alert.isTraining ? <> <Tag tone="yellow">{t('disaster.public.training')}</Tag></> : null}
          </>,
          <Tag tone={state.tone}>{state.label}</Tag>,
          alert.districtIds.map(id => names.get(id) ?? '').join(t('disaster.listSeparator')),
          jst(alert.updatedAt),
        ]
      })}
    />
  )
}

export interface ModeForm {
  values: FormValues
  errors: FieldErrors
}

export function OverviewPage({ ctx, overview, districts, canManage, form, settingsForm, notice, summary = [] }: { ctx: PageContext; overview: DisasterOverview; districts: DistrictLabel[]; canManage: boolean; form?: ModeForm; settingsForm?: ModeForm; notice?: string; summary?: SummaryItem[] }) {
  const { t } = ctx
  const base = staffBase(ctx)
  const values = form?.values ?? {}
  const errors = form?.errors ?? {}
  const modeLabel = t(`disaster.staff.mode.state.${overview.mode.state}`)
  const active = overview.alerts.filter(a => a.state === 'active')
  const drafts = overview.alerts.filter(a => a.state === 'draft')
  const past = overview.alerts.filter(a => a.state === 'cancelled')
  return (
    <DisasterLayout ctx={ctx} title={t('disaster.staff.title')} errors={summary} notice={notice}>
      <h1>{t('disaster.staff.title')}</h1>
      <h2>{t('disaster.staff.mode.heading')}</h2>
      <SummaryList
        rows={[
          {
            key: t('disaster.staff.mode.current'),
            value: (
              <span data-testid="disaster-mode">
                <Tag tone={overview.mode.state === 'off' ? 'grey' : overview.mode.state === 'training' ? 'yellow' : 'red'}>{modeLabel}</Tag>
                {overview.mode.since ? ` ${t('disaster.staff.mode.since', { since: jst(overview.mode.since) })}` : ''}
              </span>
            ),
          },
        ]}
      />
      {canManage && (
        <form method="post" action={`${base}/mode`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Radios
            name="state"
            legend={t('disaster.staff.mode.switchTo')}
            value={valueOf(values, 'state')}
            error={errors.state}
            options={(['active', 'training', 'off'] as const).filter(s => s !== overview.mode.state).map(s => ({ value: s, label: t(`disaster.staff.mode.state.${s}`), hint: t(`disaster.staff.mode.stateHint.${s}`) }))}
          />
          <TextField name="reason" label={t('disaster.staff.mode.reason')} value={valueOf(values, 'reason')} error={errors.reason} required />
          <TextField name="scope" label={t('disaster.staff.mode.scope')} hint={t('disaster.staff.mode.scopeHint')} value={valueOf(values, 'scope')} error={errors.scope} />
          <TextArea name="banner" label={t('disaster.staff.mode.banner')} hint={t('disaster.staff.mode.bannerHint')} value={valueOf(values, 'banner')} error={errors.banner} rows={2} />
          <p class="field__hint">{t('disaster.staff.errors.textTooLong', { max: MAX_BANNER })}</p>
          <Button variant="warning">{t('disaster.staff.mode.submit')}</Button>
        </form>
      )}
      {overview.history.length > 0 && (
        <Table
          caption={t('disaster.staff.mode.history')}
          head={[t('disaster.staff.mode.historyWhen'), t('disaster.staff.mode.switchTo'), t('disaster.staff.mode.reason'), t('disaster.staff.mode.scope'), t('disaster.staff.mode.historyWho')]}
          rows={overview.history.map(h => [jst(h.changedAt), t(`disaster.staff.mode.state.${h.state}`), h.reason, h.scope, h.staffName ?? ''])}
        />
      )}

      <h2>{t('disaster.staff.alerts.heading')}</h2>
      {canManage && (
        <p>
          <a class="button button--primary" href={`${base}/alerts/new`}>
            {t('disaster.staff.alerts.new')}
          </a>
        </p>
      )}
      <AlertTable ctx={ctx} alerts={active} caption={t('disaster.staff.alerts.active')} districts={districts} />
      <AlertTable ctx={ctx} alerts={drafts} caption={t('disaster.staff.alerts.drafts')} districts={districts} />
      <AlertTable ctx={ctx} alerts={past} caption={t('disaster.staff.alerts.past')} districts={districts} />

      <h2>{t('disaster.staff.links.heading')}</h2>
      <ul>
        <li><a href={`${base}/shelters`}>{t('disaster.staff.links.shelters')}</a></li>
        <li><a href={`${base}/sensors`}>{t('disaster.staff.links.sensors')}</a></li>
        <li><a href={`${base}/hazard-maps`}>{t('disaster.staff.links.maps')}</a></li>
        <li><a href={`/${ctx.tenant?.slug}/disaster`}>{t('disaster.staff.links.public')}</a></li>
      </ul>

      {canManage && (
        <>
          <h2>{t('disaster.staff.settings.heading')}</h2>
          <form method="post" action={`${base}/settings`}>
            <CsrfField token={ctx.csrfToken} />
            <Checkboxes name="twoPersonRule" legend={t('disaster.staff.settings.heading')} values={overview.twoPersonRule ? ['on'] : []} options={[{ value: 'on', label: t('disaster.staff.settings.twoPersonRule') }]} />
            <h3>{t('disaster.staff.settings.contacts')}</h3>
            <p class="field__hint">{t('disaster.staff.settings.contactsHint')}</p>
            {[1, 2, 3, 4, 5].map(row => {
              const saved = overview.emergencyContacts[row - 1]
              const posted = settingsForm?.values
              const value = (field: string, fallback: string) => (posted ? valueOf(posted, `contact${row}.${field}`) : fallback)
              return (
                <fieldset class="fieldset">
                  <legend class="fieldset__legend">{t('disaster.staff.settings.contactRow', { row })}</legend>
                  <TextField name={`contact${row}.ja`} label={t('disaster.staff.settings.contactLabel')} value={value('ja', saved?.label.ja ?? '')} error={settingsForm?.errors[`contact${row}.ja`]} />
                  <TextField name={`contact${row}.en`} label={t('disaster.staff.settings.contactLabelEn')} value={value('en', saved?.label.en ?? '')} error={settingsForm?.errors[`contact${row}.en`]} />
                  <TextField name={`contact${row}.phone`} label={t('disaster.staff.settings.contactPhone')} type="tel" autocomplete="off" value={value('phone', saved?.phone ?? '')} error={settingsForm?.errors[`contact${row}.phone`]} />
                </fieldset>
              )
            })}
            <Button variant="secondary">{t('disaster.staff.settings.submit')}</Button>
          </form>
        </>
      )}
    </DisasterLayout>
  )
}

export function AlertFormPage({ ctx, districts, values, errors, summary, action, isUpdate, isTraining }: { ctx: PageContext; districts: DistrictLabel[]; values: FormValues; errors: FieldErrors; summary: SummaryItem[]; action: string; isUpdate: boolean; isTraining: boolean }) {
  const { t } = ctx
  const title = isUpdate ? t('disaster.staff.alerts.form.updateTitle') : t('disaster.staff.alerts.form.title')
  return (
    <DisasterLayout ctx={ctx} title={title} errors={summary}>
      <h1>{title}</h1>
      {isTraining && (
        <NotificationBanner title={t('disaster.public.training')}>
          <p>{t('disaster.staff.alerts.form.training')}</p>
        </NotificationBanner>
      )}
      {districts.length === 0 ? (
        <p>{t('disaster.staff.alerts.form.noDistricts')}</p>
      ) : (
        <form method="post" action={action} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Radios
            name="level"
            legend={t('disaster.staff.alerts.form.level')}
            value={valueOf(values, 'level')}
            error={errors.level}
            options={EVACUATION_LEVELS.map(level => ({ value: String(level), label: `${t('disaster.levelLabel', { level })} ${t(`disaster.level.${level}`)}` }))}
          />
          <Checkboxes name="hazards" legend={t('disaster.staff.alerts.form.hazards')} values={valuesOf(values, 'hazards')} error={errors.hazards} options={HAZARDS.map(h => ({ value: h, label: t(`disaster.hazard.${h}`) }))} />
          <Checkboxes name="districts" legend={t('disaster.staff.alerts.form.districts')} values={valuesOf(values, 'districts')} error={errors.districts} options={districts.map(d => ({ value: d.id, label: districtName(ctx, d.names) }))} />
          <Button>{isUpdate ? t('disaster.staff.alerts.form.updateSubmit') : t('disaster.staff.alerts.form.submit')}</Button>
        </form>
      )}
    </DisasterLayout>
  )
}

export function AlertReviewPage({ ctx, detail, canManage, canApprove, notice, textValues, errors = {}, summary = [] }: { ctx: PageContext; detail: AlertDetail; canManage: boolean; canApprove: boolean; notice?: string; textValues?: FormValues; errors?: FieldErrors; summary?: SummaryItem[] }) {
  const { t } = ctx
  const { alert, revisions, districts, reach, relays } = detail
  const base = `${staffBase(ctx)}/alerts/${alert.id}`
  const proposal = alert.proposal
  const names = new Map(districts.map(d => [d.id, districtName(ctx, d.names)]))
  const state = alertStateLabel(ctx, alert)
  const title = alertHeadline(ctx, alert)
  const isMine = proposal?.requestedBy === ctx.staff?.id
  const editable = canManage && proposal !== null && !proposal.awaitingApproval
  const textValue = (language: AlertLanguage, field: 'headline' | 'description' | 'instruction') => (textValues ? valueOf(textValues, `${language}.${field}`) : (proposal?.texts[language]?.[field] ?? ''))
  const sensor = alert.sensorReading as { sensorName?: string; value?: number; unit?: string; observedAt?: string } | null
  return (
    <DisasterLayout ctx={ctx} title={title} errors={summary} notice={notice}>
      <h1>{title}</h1>
      <p>
        <Tag tone={state.tone}>{state.label}</Tag>
        {alert.isTraining ? <> <Tag tone="yellow">{t('disaster.public.training')}</Tag></> : null}
      </p>
      {alert.source === 'sensor' && sensor && alert.state === 'draft' && (
        <NotificationBanner title={t('disaster.staff.alerts.state.draft')}>
          <p>{t('disaster.staff.alerts.fromSensor', { sensor: sensor.sensorName ?? '', value: sensor.value ?? '', unit: sensor.unit ?? '', at: jst(sensor.observedAt) })}</p>
        </NotificationBanner>
      )}

      {proposal && (
        <section aria-labelledby="proposal-title">
          <h2 id="proposal-title">{t('disaster.staff.review.proposal')}</h2>
          <SummaryList
            rows={[
              { key: t('disaster.staff.review.msgType'), value: <span data-testid="proposal-kind">{t(`disaster.public.msgType.${proposal.msgType}`)}</span> },
              { key: t('disaster.staff.alerts.form.level'), value: `${t('disaster.levelLabel', { level: proposal.level })} ${t(`disaster.level.${proposal.level}`)}` },
              { key: t('disaster.staff.alerts.form.hazards'), value: proposal.hazards.map(h => t(`disaster.hazard.${h}`)).join(t('disaster.listSeparator')) },
              { key: t('disaster.staff.alerts.form.districts'), value: proposal.districtIds.map(id => names.get(id) ?? '').join(t('disaster.listSeparator')) },
            ]}
          />
          {reach && (
            <>
              <h3>{t('disaster.staff.review.reach')}</h3>
              {alert.isTraining && <p>{t('disaster.staff.review.reachTraining')}</p>}
              <Table
                caption={t('disaster.staff.review.reachTotal', { count: reach.recipients })}
                head={[t('disaster.staff.review.colChannel'), t('disaster.staff.review.colRecipients')]}
                numericColumns={[1]}
                rows={(['inbox', 'line', 'email', 'sms', 'push'] as const).map(channel => [t(`disaster.staff.review.channel.${channel}`), String(reach.byChannel[channel] ?? 0)])}
              />
            </>
          )}
          <h3>{t('disaster.staff.review.texts')}</h3>
          {editable ? (
            <form method="post" action={`${base}/texts`} novalidate>
              <CsrfField token={ctx.csrfToken} />
              {ALERT_LANGUAGES.map(language => (
                <fieldset class="fieldset">
                  <legend class="fieldset__legend">{t(`disaster.staff.review.language.${language}`)}</legend>
                  <TextField name={`${language}.headline`} label={t('disaster.staff.review.headline')} value={textValue(language, 'headline')} error={errors[`${language}.headline`]} required />
                  <TextArea name={`${language}.description`} label={t('disaster.staff.review.description')} value={textValue(language, 'description')} error={errors[`${language}.description`]} rows={3} required />
                  <TextArea name={`${language}.instruction`} label={t('disaster.staff.review.instruction')} value={textValue(language, 'instruction')} error={errors[`${language}.instruction`]} rows={3} />
                </fieldset>
              ))}
              <Button variant="secondary">{t('disaster.staff.review.saveTexts')}</Button>
            </form>
          ) : (
            ALERT_LANGUAGES.map(language => (
              <section>
                <h4>{t(`disaster.staff.review.language.${language}`)}</h4>
                <p><strong>{proposal.texts[language].headline}</strong></p>
                <p>{proposal.texts[language].description}</p>
                <p>{proposal.texts[language].instruction}</p>
              </section>
            ))
          )}
          {proposal.awaitingApproval ? (
            <>
              <p>{t('disaster.staff.review.awaiting', { name: detail.requesterName ?? '' })}</p>
              {canApprove && !isMine && (
                <>
                  <form method="post" action={`${base}/approve`} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <Button variant="warning">{t('disaster.staff.review.approve')}</Button>
                  </form>{' '}
                  <form method="post" action={`${base}/reject`} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <Button variant="secondary">{t('disaster.staff.review.reject')}</Button>
                  </form>
                </>
              )}
            </>
          ) : (
            canManage && (
              <>
                <form method="post" action={`${base}/issue`} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <Button variant="warning">
                    {detail.twoPersonRule ? t('disaster.staff.review.requestApproval') : alert.isTraining ? t('disaster.staff.review.issueTraining') : t('disaster.staff.review.issue')}
                  </Button>
                </form>{' '}
                <form method="post" action={`${base}/discard`} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <Button variant="secondary">{t('disaster.staff.review.discard')}</Button>
                </form>
              </>
            )
          )}
        </section>
      )}

      {alert.state === 'active' && !proposal && canManage && (
        <p>
          <a class="button button--secondary" href={`${base}/update`}>{t('disaster.staff.review.update')}</a>{' '}
          <a class="button button--warning" href={`${base}/cancel`}>{t('disaster.staff.review.cancel')}</a>
        </p>
      )}

      {revisions.length > 0 && (
        <Table
          caption={t('disaster.staff.review.revisions')}
          head={[t('disaster.staff.review.colRevision'), t('disaster.staff.review.msgType'), t('disaster.public.issuedAt'), t('disaster.staff.review.colRecipients'), t('disaster.staff.review.cap'), t('disaster.staff.review.relay'), t('disaster.staff.review.progress')]}
          rows={revisions.map(r => {
            const relay = relays.find(x => x.revision === r.revision)
            return [
              t('disaster.public.revision', { revision: r.revision }),
              t(`disaster.public.msgType.${r.msgType}`),
              jst(r.issuedAt),
              String(r.recipients),
              <a href={`/${ctx.tenant?.slug}/alerts/${alert.id}/cap/${r.revision}.xml`}>{t('disaster.public.capDocument')}</a>,
              relay ? t(`disaster.staff.review.relay.${relay.status}`, { receipt: relay.receipt ?? '', error: relay.lastError ?? '' }) : '',
              r.noticeId ? <a href={`/${ctx.tenant?.slug}/staff/notifications/${r.noticeId}`}>{t('disaster.staff.review.progress')}</a> : '',
            ]
          })}
        />
      )}
    </DisasterLayout>
  )
}

export function CancelFormPage({ ctx, alert, action }: { ctx: PageContext; alert: EvacuationAlert; action: string }) {
  const { t } = ctx
  return (
    <DisasterLayout ctx={ctx} title={t('disaster.staff.review.cancelTitle')}>
      <h1>{t('disaster.staff.review.cancelTitle')}</h1>
      <p>{alertHeadline(ctx, alert)}</p>
      <form method="post" action={action}>
        <CsrfField token={ctx.csrfToken} />
        <Button variant="warning">{t('disaster.staff.review.cancelSubmit')}</Button>
      </form>
    </DisasterLayout>
  )
}
