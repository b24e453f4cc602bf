/**
 * The template form: key (fixed once created: API clients name it), name, topic, and the texts
 * per language. Japanese, やさしい日本語 and English are open; the other languages and the
 * channel-specific texts (SMS, push, LINE) are in disclosures that open when they hold text or
 * an error, so the page stays short without hiding a problem.
 */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, CsrfField, Select, TextArea, TextField } from '../../../platform/views/components/index.js'
import { NOTICE_LANGUAGES, type NoticeLanguage } from '../notification-tables.js'
import { SMS_MAX_SEGMENTS } from '../channels/sms/sms-client.js'
import { TEXT_FIELDS, type TextField as TextFieldName } from './template-content.js'
import { textFieldName, type FormValues } from './template-form.js'
import { LINE_TEXT_MAX, PUSH_BODY_MAX } from './render-notice.js'
import { languageLabel, templatesBase, TemplatesPage } from './template-views.js'

const OPEN_LANGUAGES: readonly NoticeLanguage[] = ['ja', 'ja-easy', 'en']
const CHANNEL_FIELDS = ['sms', 'push', 'line', 'lineFlex'] as const

export interface TemplateFormPageProps {
  ctx: PageContext
  /** undefined: a new template */
  templateId?: string
  values: FormValues
  errors?: Record<string, string>
  topics: { id: string; key: string; names: Record<string, string> }[]
}

/** Field order for the error summary: the page's order. */
export function templateFieldOrder(): string[] {
  return ['versions', 'key', 'name', 'topicId', ...NOTICE_LANGUAGES.flatMap(language => TEXT_FIELDS.map(field => textFieldName(language, field)))]
}

function LanguageFields({ ctx, language, values, errors }: { ctx: PageContext; language: NoticeLanguage; values: FormValues; errors: Record<string, string> }) {
  const { t } = ctx
  const name = (field: TextFieldName) => textFieldName(language, field)
  const channelOpen = CHANNEL_FIELDS.some(field => values[name(field)] || errors[name(field)])
  const required = language === 'ja'
  return (
    <>
      <TextField name={name('subject')} label={t('notifications.templates.field.subject')} value={values[name('subject')]} error={errors[name('subject')]} required={required} requiredLabel={t('common.required')} errorPrefix={t('common.errorPrefix')} />
      <TextArea name={name('body')} label={t('notifications.templates.field.body')} hint={t('notifications.templates.field.bodyHint')} value={values[name('body')]} error={errors[name('body')]} rows={8} required={required} requiredLabel={t('common.required')} errorPrefix={t('common.errorPrefix')} />
      <details class="details" open={channelOpen || undefined}>
        <summary class="details__summary">
          <span class="details__summary-text">{t('notifications.templates.field.channelTexts')}</span>
        </summary>
        <div class="details__text">
          <TextArea name={name('sms')} label={t('notifications.templates.field.sms')} hint={t('notifications.templates.field.smsHint', { max: SMS_MAX_SEGMENTS })} value={values[name('sms')]} error={errors[name('sms')]} rows={3} errorPrefix={t('common.errorPrefix')} />
          <TextField name={name('push')} label={t('notifications.templates.field.push')} hint={t('notifications.templates.field.pushHint', { max: PUSH_BODY_MAX })} value={values[name('push')]} error={errors[name('push')]} errorPrefix={t('common.errorPrefix')} />
          <TextArea name={name('line')} label={t('notifications.templates.field.line')} hint={t('notifications.templates.field.lineHint', { max: LINE_TEXT_MAX })} value={values[name('line')]} error={errors[name('line')]} rows={4} errorPrefix={t('common.errorPrefix')} />
          <TextArea name={name('lineFlex')} label={t('notifications.templates.field.lineFlex')} hint={t('notifications.templates.field.lineFlexHint')} value={values[name('lineFlex')]} error={errors[name('lineFlex')]} rows={6} errorPrefix={t('common.errorPrefix')} />
        </div>
      </details>
    </>
  )
}

export function TemplateFormPage({ ctx, templateId, values, errors = {}, topics }: TemplateFormPageProps) {
  const { t } = ctx
  const base = templatesBase(ctx)
  const isNew = templateId === undefined
  const title = isNew ? t('notifications.templates.createTitle') : t('notifications.templates.editTitle', { name: values.name ?? '' })
  const topicOptions = [{ value: '', label: t('notifications.templates.noTopic') }, ...topics.map(topic => ({ value: topic.id, label: topic.names[ctx.locale] ?? topic.names.ja ?? topic.key }))]
  const hasLanguage = (language: NoticeLanguage) => TEXT_FIELDS.some(field => values[textFieldName(language, field)] || errors[textFieldName(language, field)])
  return (
    <TemplatesPage ctx={ctx} title={title} errors={errors} order={templateFieldOrder()}>
      <a class="back-link" href={isNew ? base : `${base}/${templateId}`}>
        {t('notifications.templates.back')}
      </a>
      <h1>{title}</h1>
      <p>{t('notifications.templates.placeholderHelp')}</p>
      {!isNew && <p class="muted">{t('notifications.templates.versionHelp', { version: values.baseVersion ?? '' })}</p>}
      <form method="post" action={isNew ? base : `${base}/${templateId}`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        {!isNew && <input type="hidden" name="baseVersion" value={values.baseVersion ?? ''} />}
        {isNew ? (
          <TextField name="key" label={t('notifications.templates.key')} hint={t('notifications.templates.keyHint')} value={values.key} error={errors.key} required requiredLabel={t('common.required')} width="20" spellcheck={false} errorPrefix={t('common.errorPrefix')} />
        ) : (
          <p>
            {t('notifications.templates.key')}: <code>{values.key}</code>
          </p>
        )}
        <TextField name="name" label={t('notifications.templates.name')} hint={t('notifications.templates.nameHint')} value={values.name} error={errors.name} required requiredLabel={t('common.required')} errorPrefix={t('common.errorPrefix')} />
        <Select name="topicId" label={t('notifications.templates.topic')} hint={t('notifications.templates.topicHint')} options={topicOptions} value={values.topicId} error={errors.topicId} errorPrefix={t('common.errorPrefix')} />
        {NOTICE_LANGUAGES.map(language =>
          OPEN_LANGUAGES.includes(language) ? (
            <fieldset class="fieldset">
              <legend class="fieldset__legend">
                <h2 class="fieldset__heading">{languageLabel(t, language)}</h2>
              </legend>
              <LanguageFields ctx={ctx} language={language} values={values} errors={errors} />
            </fieldset>
          ) : (
            <details class="details" open={hasLanguage(language) || undefined}>
              <summary class="details__summary">
                <span class="details__summary-text">{t('notifications.templates.otherLanguage', { language: languageLabel(t, language) })}</span>
              </summary>
              <div class="details__text">
                <LanguageFields ctx={ctx} language={language} values={values} errors={errors} />
              </div>
            </details>
          ),
        )}
        <Button>{isNew ? t('notifications.templates.createSubmit') : t('notifications.templates.saveSubmit')}</Button>
      </form>
    </TemplatesPage>
  )
}
