/**
 * プレビュー: a template version rendered for one language with sample values, on every channel,
 * each marked 見本 — the email in a sandboxed frame (its own URL, CSP `sandbox`), LINE as text
 * or a flex approximation, SMS with its message count, push, and the inbox. Below, the test send
 * of the email to the staff member's own address.
 */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, CsrfField, Select, SummaryList, TextField } from '../../../platform/views/components/index.js'
import { NOTICE_LANGUAGES, type NoticeLanguage } from '../notification-tables.js'
import { smsSegments, type RenderedMessage } from './render-notice.js'
import type { TemplateVersion } from './template-service.js'
import { FlexPreview } from './line-flex-preview.js'
import { languageLabel, SampleMark, templatesBase, TemplatesPage } from './template-views.js'

export interface TemplatePreviewPageProps {
  ctx: PageContext
  version: TemplateVersion
  /** the language asked for (the rendered one may be its fallback) */
  language: NoticeLanguage
  values: Record<string, string>
  rendered: RenderedMessage
  testEmail: string
  errors?: Record<string, string>
  notice?: string
}

/** The query that reproduces this preview (version, language, sample values). */
export function previewQuery(version: number, language: NoticeLanguage, values: Record<string, string>): string {
  const params = new URLSearchParams({ version: String(version), lang: language })
  for (const [name, value] of Object.entries(values)) params.set(`sample.${name}`, value)
  return params.toString()
}

function ChannelSection({ ctx, id, title, children }: { ctx: PageContext; id: string; title: string; children: unknown }) {
  return (
    <section class="builder-preview" aria-labelledby={id}>
      <h3 id={id}>
        <SampleMark ctx={ctx} /> {title}
      </h3>
      {children}
    </section>
  )
}

export function TemplatePreviewPage({ ctx, version, language, values, rendered, testEmail, errors = {}, notice }: TemplatePreviewPageProps) {
  const { t } = ctx
  const { template } = version
  const base = `${templatesBase(ctx)}/${template.id}`
  const query = previewQuery(version.version, language, values)
  const sms = smsSegments(rendered.sms)
  const title = t('notifications.templates.preview.title', { name: template.name })
  const line = rendered.line[0] ?? {}
  return (
    <TemplatesPage ctx={ctx} title={title} errors={errors} order={['email']} notice={notice}>
      <a class="back-link" href={`${base}?version=${version.version}`}>
        {t('notifications.templates.back')}
      </a>
      <h1>{title}</h1>
      <p>{t('notifications.templates.preview.lead', { version: version.version })}</p>

      <form method="get" action={`${base}/preview`}>
        <input type="hidden" name="version" value={String(version.version)} />
        <Select
          name="lang"
          label={t('notifications.templates.preview.language')}
          options={NOTICE_LANGUAGES.map(option => ({ value: option, label: version.content[option] ? languageLabel(t, option) : t('notifications.templates.preview.languageMissing', { language: languageLabel(t, option) }) }))}
          value={language}
        />
        {Object.entries(values).map(([name, value]) => (
          <TextField name={`sample.${name}`} label={t('notifications.templates.preview.sampleValue', { placeholder: `((${name}))` })} value={value} />
        ))}
        <Button variant="secondary">{t('notifications.templates.preview.show')}</Button>
      </form>

      {rendered.language !== language && (
        <p>
          <strong>{t('notifications.templates.preview.fallback', { wanted: languageLabel(t, language), shown: languageLabel(t, rendered.language) })}</strong>
        </p>
      )}

      <h2>{t('notifications.templates.preview.channels', { language: languageLabel(t, rendered.language) })}</h2>

      <ChannelSection ctx={ctx} id="preview-email" title={t('notifications.templates.preview.email')}>
        <SummaryList rows={[{ key: t('notifications.templates.field.subject'), value: rendered.subject }]} />
        <iframe src={`${base}/preview/email?${query}`} title={t('notifications.templates.preview.emailFrame', { subject: rendered.subject })} sandbox="" width="100%" height="480" loading="lazy"></iframe>
        <details class="details">
          <summary class="details__summary">
            <span class="details__summary-text">{t('notifications.templates.preview.emailText')}</span>
          </summary>
          <div class="details__text">
            <pre class="builder-json">{rendered.text}</pre>
          </div>
        </details>
      </ChannelSection>

      <ChannelSection ctx={ctx} id="preview-line" title={t('notifications.templates.preview.line')}>
        {line.type === 'flex' ? (
          <>
            <p class="muted">{t('notifications.templates.preview.flexNote', { altText: String(line.altText ?? '') })}</p>
            <FlexPreview flex={line.contents} t={t} />
          </>
        ) : (
          <pre class="builder-json">{String(line.text ?? '')}</pre>
        )}
      </ChannelSection>

      <ChannelSection ctx={ctx} id="preview-sms" title={t('notifications.templates.preview.sms')}>
        <pre class="builder-json">{rendered.sms}</pre>
        <p>{t(sms.encoding === 'gsm7' ? 'notifications.templates.preview.smsCountGsm' : 'notifications.templates.preview.smsCountUcs2', { units: sms.units, segments: sms.segments, single: sms.single, perSegment: sms.perSegment })}</p>
      </ChannelSection>

      <ChannelSection ctx={ctx} id="preview-push" title={t('notifications.templates.preview.push')}>
        <SummaryList
          rows={[
            { key: t('notifications.templates.preview.pushTitle'), value: rendered.subject },
            { key: t('notifications.templates.preview.pushBody'), value: rendered.push },
          ]}
        />
      </ChannelSection>

      <ChannelSection ctx={ctx} id="preview-inbox" title={t('notifications.templates.preview.inbox')}>
        <SummaryList
          rows={[
            { key: t('notifications.templates.field.subject'), value: rendered.subject },
            { key: t('notifications.templates.field.body'), value: <pre class="builder-json">{rendered.text}</pre> },
          ]}
        />
      </ChannelSection>

      <h2 id="test-send">{t('notifications.templates.testSend.title')}</h2>
      <p>{t('notifications.templates.testSend.lead')}</p>
      <form method="post" action={`${base}/test-send`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="version" value={String(version.version)} />
        <input type="hidden" name="lang" value={language} />
        {Object.entries(values).map(([name, value]) => (
          <input type="hidden" name={`sample.${name}`} value={value} />
        ))}
        <TextField name="email" type="email" autocomplete="email" spellcheck={false} label={t('notifications.templates.testSend.email')} hint={t('notifications.templates.testSend.emailHint')} value={testEmail} error={errors.email} errorPrefix={t('common.errorPrefix')} />
        <Button>{t('notifications.templates.testSend.submit')}</Button>
      </form>
    </TemplatesPage>
  )
}
