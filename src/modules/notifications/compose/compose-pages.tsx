/** The compose form: template or free text, audience (with the map area picker), timing. */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, Checkboxes, CsrfField, Radios, Select, SummaryList, TextArea, TextField } from '../../../platform/views/components/index.js'
import type { NoticeLanguage, NoticeTexts } from '../notification-tables.js'
import type { FormErrors } from './compose-errors.js'
import { formatJapanDateTimeInput, latestScheduleTime } from './compose-rules.js'
import { PLACEHOLDER_FIELD_PREFIX, type ComposeForm } from './compose-schemas.js'
import type { ComposeChoices, TemplateInUse } from './compose-sources.js'
import { languageLabel, MultilineText, notificationsBase, NotificationsPage, summaryItems, translateErrors } from './compose-views.js'
import { AreaPickerMap } from '../audience/area-picker-map.js'

/** The map's base layer (地理院タイル 標準地図); the attribution is required by its terms of use. */

/** Field ids in page order (the error summary lists problems in this order). */
export const COMPOSE_FIELD_ORDER = [
  'templateId', 'subjectJa', 'bodyJa', 'smsJa', 'subjectEasy', 'bodyEasy', 'subjectEn', 'bodyEn', 'topicId', 'priority', 'isDigestible', 'linkUrl',
  'audienceKind', 'segmentId', 'districtIds', 'areaGeoJson', 'timing', 'scheduledAt',
] as const

export interface ComposePageProps {
  ctx: PageContext
  form: ComposeForm
  choices: ComposeChoices
  /** The template whose texts are used, when one was chosen. */
  template?: TemplateInUse
  /** ((placeholders)) the texts ask for, each needing a value. */
  placeholders: string[]
  errors?: FormErrors
  /** Editing an existing draft (its id), or writing a new notice. */
  draftId?: string
  now: Date
}

export function ComposePage({ ctx, form, choices, template, placeholders, errors = {}, draftId, now }: ComposePageProps) {
  const { t } = ctx
  const base = notificationsBase(ctx)
  const messages = translateErrors(t, errors)
  const errorPrefix = t('common.errorPrefix')
  const title = draftId ? t('compose.form.editTitle') : t('compose.form.title')
  const action = draftId ? `${base}/${draftId}/edit` : `${base}/new`
  return (
    <NotificationsPage ctx={ctx} title={title} section="new" errors={summaryItems(t, errors, [...COMPOSE_FIELD_ORDER, ...placeholders.map(p => `${PLACEHOLDER_FIELD_PREFIX}${p}`)])}>
      <h1>{title}</h1>
      <p>{t('compose.form.lead')}</p>

      {!draftId && choices.templates.length > 0 ? (
        <form method="get" action={`${base}/new`} class="action-form">
          <h2>{t('compose.form.templateHeading')}</h2>
          <Select
            name="template"
            id="templateId"
            label={t('compose.form.templateLabel')}
            hint={t('compose.form.templateHint')}
            value={template?.id ?? ''}
            options={[{ value: '', label: t('compose.form.noTemplate') }, ...choices.templates.map(tpl => ({ value: tpl.id, label: tpl.name }))]}
          />
          <Button variant="secondary">{t('compose.form.useTemplate')}</Button>
        </form>
      ) : null}

      <form method="post" action={action} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="composeToken" value={form.composeToken} />
        {template ? <input type="hidden" name="templateId" value={template.id} /> : null}

        <h2>{t('compose.form.contentHeading')}</h2>
        {template ? (
          <TemplateTexts ctx={ctx} template={template} newHref={`${base}/new`} />
        ) : (
          <>
            <TextField name="subjectJa" label={t('compose.form.subjectJa')} value={form.ja.subject} error={messages.subjectJa} errorPrefix={errorPrefix} required requiredLabel={t('common.required')} />
            <TextArea name="bodyJa" label={t('compose.form.bodyJa')} hint={t('compose.form.bodyHint')} value={form.ja.body} error={messages.bodyJa} errorPrefix={errorPrefix} rows={8} required requiredLabel={t('common.required')} />
            <TextArea name="smsJa" label={t('compose.form.smsJa')} hint={t('compose.form.smsHint')} value={form.ja.sms} error={messages.smsJa} errorPrefix={errorPrefix} rows={3} />
            <h3>{t('compose.form.easyHeading')}</h3>
            <p class="field__hint">{t('compose.form.easyHint')}</p>
            <TextField name="subjectEasy" label={t('compose.form.subjectEasy')} value={form.easy.subject} error={messages.subjectEasy} errorPrefix={errorPrefix} />
            <TextArea name="bodyEasy" label={t('compose.form.bodyEasy')} value={form.easy.body} error={messages.bodyEasy} errorPrefix={errorPrefix} rows={6} />
            <h3>{t('compose.form.enHeading')}</h3>
            <TextField name="subjectEn" label={t('compose.form.subjectEn')} value={form.en.subject} error={messages.subjectEn} errorPrefix={errorPrefix} />
            <TextArea name="bodyEn" label={t('compose.form.bodyEn')} value={form.en.body} error={messages.bodyEn} errorPrefix={errorPrefix} rows={6} />
          </>
        )}

        {placeholders.length > 0 ? (
          <>
            <h3>{t('compose.form.placeholdersHeading')}</h3>
            <p class="field__hint">{t('compose.form.placeholdersHint')}</p>
            {placeholders.map(name => (
              <TextField
                name={`${PLACEHOLDER_FIELD_PREFIX}${name}`}
                label={t('compose.form.placeholderLabel', { name })}
                value={form.placeholders[name] ?? ''}
                error={messages[`${PLACEHOLDER_FIELD_PREFIX}${name}`]}
                errorPrefix={errorPrefix}
                required
                requiredLabel={t('common.required')}
              />
            ))}
          </>
        ) : null}

        <h2>{t('compose.form.settingsHeading')}</h2>
        <Select
          name="topicId"
          label={t('compose.form.topic')}
          hint={t('compose.form.topicHint')}
          value={form.topicId}
          error={messages.topicId}
          errorPrefix={errorPrefix}
          options={[{ value: '', label: t('compose.form.noTopic') }, ...choices.topics.map(topic => ({ value: topic.id, label: topic.name }))]}
        />
        <Radios
          name="priority"
          legend={t('compose.form.priority')}
          value={form.priority}
          error={messages.priority}
          errorPrefix={errorPrefix}
          options={[
            { value: 'normal', label: t('compose.priority.normal') },
            { value: 'critical', label: t('compose.priority.critical'), hint: t(ctx.staff?.permissions.has('notifications.approve') ? 'compose.form.criticalHintApprover' : 'compose.form.criticalHint') },
          ]}
        />
        <Checkboxes
          name="isDigestible"
          legend={t('compose.form.digestLegend')}
          values={form.isDigestible ? ['yes'] : []}
          error={messages.isDigestible}
          errorPrefix={errorPrefix}
          options={[{ value: 'yes', label: t('compose.form.digestLabel'), hint: t('compose.form.digestHint') }]}
        />
        <TextField name="linkUrl" label={t('compose.form.linkUrl')} hint={t('compose.form.linkUrlHint', { example: `/${ctx.tenant?.slug ?? 'demo'}/garbage` })} value={form.linkUrl} error={messages.linkUrl} errorPrefix={errorPrefix} type="url" inputmode="url" spellcheck={false} />

        <h2>{t('compose.form.audienceHeading')}</h2>
        <Radios
          name="audienceKind"
          legend={t('compose.form.audience')}
          value={form.audienceKind}
          error={messages.audienceKind}
          errorPrefix={errorPrefix}
          options={[
            { value: 'everyone', label: t('compose.audience.everyone'), hint: t('compose.form.audienceEveryoneHint') },
            { value: 'topic', label: t('compose.audience.topicOption'), hint: t('compose.form.audienceTopicHint') },
            ...(choices.segments.length > 0 ? [{ value: 'segment', label: t('compose.audience.segmentOption') }] : []),
            ...(choices.districts.length > 0 ? [{ value: 'districts', label: t('compose.audience.districtsOption') }] : []),
            { value: 'area', label: t('compose.audience.areaOption'), hint: t('compose.form.audienceAreaHint') },
          ]}
        />
        {choices.segments.length > 0 ? (
          <Select
            name="segmentId"
            label={t('compose.form.segment')}
            hint={t('compose.form.segmentHint')}
            value={form.segmentId}
            error={messages.segmentId}
            errorPrefix={errorPrefix}
            options={[{ value: '', label: t('compose.form.chooseSegment') }, ...choices.segments.map(s => ({ value: s.id, label: s.name }))]}
          />
        ) : null}
        {choices.districts.length > 0 ? (
          <Checkboxes
            name="districtIds"
            legend={t('compose.form.districts')}
            hint={t('compose.form.districtsHint')}
            values={form.districtIds}
            error={messages.districtIds}
            errorPrefix={errorPrefix}
            options={choices.districts.map(d => ({ value: d.id, label: d.name }))}
          />
        ) : null}
        <TextArea name="areaGeoJson" label={t('compose.form.area')} hint={t('compose.form.areaHint')} value={form.areaGeoJson} error={messages.areaGeoJson} errorPrefix={errorPrefix} rows={5} />
        <AreaPicker ctx={ctx} />

        <h2>{t('compose.form.timingHeading')}</h2>
        <Radios
          name="timing"
          legend={t('compose.form.timing')}
          value={form.timing}
          error={messages.timing}
          errorPrefix={errorPrefix}
          options={[
            { value: 'now', label: t('compose.form.timingNow') },
            { value: 'scheduled', label: t('compose.form.timingScheduled') },
          ]}
        />
        <DateTimeField
          name="scheduledAt"
          label={t('compose.form.scheduledAt')}
          hint={t('compose.form.scheduledAtHint')}
          value={form.scheduledAt}
          error={messages.scheduledAt}
          errorPrefix={errorPrefix}
          min={formatJapanDateTimeInput(now)}
          max={formatJapanDateTimeInput(latestScheduleTime(now))}
        />

        <Button>{t('compose.form.continue')}</Button>
      </form>
      <script src="/static/notice-area-picker.js" type="module"></script>
    </NotificationsPage>
  )
}

/** A chosen template's texts, read-only: the notice is the template plus the values below. */
function TemplateTexts({ ctx, template, newHref }: { ctx: PageContext; template: TemplateInUse; newHref: string }) {
  const { t } = ctx
  const languages = Object.keys(template.content) as NoticeLanguage[]
  return (
    <>
      <p>
        {t('compose.form.usingTemplate', { name: template.name, version: template.version })} <a href={newHref}>{t('compose.form.writeInstead')}</a>
      </p>
      {languages.map(language => {
        const texts = template.content[language] as NoticeTexts
        return (
          <>
            <h3>{languageLabel(t, language)}</h3>
            <SummaryList
              rows={[
                { key: t('compose.form.subject'), value: texts.subject },
                { key: t('compose.form.body'), value: <MultilineText text={texts.body} /> },
              ]}
            />
          </>
        )
      })}
    </>
  )
}

/** The map (drawn by notice-area-picker.js; hidden until it loads, so no-JS users never see an empty box). */
function AreaPicker({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <AreaPickerMap
      ctx={ctx}
      geojsonField="areaGeoJson"
      districtField="districtIds"
      kindField="audienceKind"
      districtsUrl={`${notificationsBase(ctx)}/new/districts.geojson`}
      helpId="notice-area-picker-help"
      label={t('compose.map.label')}
      help={t('compose.map.help')}
    />
  )
}

/** A native date-and-time input (the browser's picker); the value is Japan time. */
function DateTimeField({ name, label, hint, value, error, errorPrefix, min, max }: { name: string; label: string; hint: string; value: string; error?: string; errorPrefix: string; min: string; max: string }) {
  const describedBy = [`${name}-hint`, error ? `${name}-error` : undefined].filter(Boolean).join(' ')
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={name} class="field__label">
        {label}
      </label>
      <div id={`${name}-hint`} class="field__hint">
        {hint}
      </div>
      {error ? (
        <p id={`${name}-error`} class="field__error">
          <span class="visually-hidden">{errorPrefix}</span>
          {error}
        </p>
      ) : null}
      <input
        class={error ? 'input input--width-20 input--error' : 'input input--width-20'}
        id={name}
        name={name}
        type="datetime-local"
        value={value}
        min={min}
        max={max}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  )
}
