/** A template: its details, the texts of one version (current or earlier) and the version history. */
import type { PageContext } from '../../../platform/views/page-context.js'
import { ButtonLink, NotificationBanner, SummaryList, Table } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { NOTICE_LANGUAGES, type NoticeTexts } from '../notification-tables.js'
import type { TemplateDetail } from './template-service.js'
import { languageLabel, templatesBase, TemplatesPage } from './template-views.js'

function Placeholders({ names, none }: { names: string[]; none: string }) {
  if (names.length === 0) return <>{none}</>
  return (
    <ul class="list-plain">
      {names.map(name => (
        <li>
          <code>{`((${name}))`}</code>
        </li>
      ))}
    </ul>
  )
}

function Texts({ ctx, texts }: { ctx: PageContext; texts: NoticeTexts }) {
  const { t } = ctx
  const pre = (text: string) => <pre class="builder-json">{text}</pre>
  const rows = [
    { key: t('notifications.templates.field.subject'), value: texts.subject },
    { key: t('notifications.templates.field.body'), value: pre(texts.body) },
    ...(texts.sms ? [{ key: t('notifications.templates.field.sms'), value: pre(texts.sms) }] : []),
    ...(texts.push ? [{ key: t('notifications.templates.field.push'), value: texts.push }] : []),
    ...(texts.line ? [{ key: t('notifications.templates.field.line'), value: pre(texts.line) }] : []),
    ...(texts.lineFlex ? [{ key: t('notifications.templates.field.lineFlex'), value: pre(JSON.stringify(texts.lineFlex, null, 2)) }] : []),
  ]
  return <SummaryList rows={rows} />
}

export function TemplateDetailPage({ ctx, detail, canManage, notice }: { ctx: PageContext; detail: TemplateDetail; canManage: boolean; notice?: string }) {
  const { t } = ctx
  const { template, current, versions } = detail
  const base = `${templatesBase(ctx)}/${template.id}`
  const isOld = current.version !== template.currentVersion
  const languages = NOTICE_LANGUAGES.filter(language => current.content[language])
  return (
    <TemplatesPage ctx={ctx} title={template.name} notice={notice}>
      <a class="back-link" href={templatesBase(ctx)}>
        {t('notifications.templates.backToList')}
      </a>
      <p class="page-caption">{t('notifications.templates.caption')}</p>
      <h1>{template.name}</h1>
      {isOld && (
        <NotificationBanner title={t('notifications.templates.oldVersionTitle')}>
          <p>
            {t('notifications.templates.oldVersion', { version: current.version, current: template.currentVersion })} <a href={base}>{t('notifications.templates.showCurrent')}</a>
          </p>
        </NotificationBanner>
      )}
      <SummaryList
        rows={[
          { key: t('notifications.templates.key'), value: <code>{template.key}</code> },
          { key: t('notifications.templates.version'), value: t('notifications.templates.versionNumber', { version: current.version }) },
          { key: t('notifications.templates.placeholders'), value: <Placeholders names={current.placeholders} none={t('notifications.templates.noPlaceholders')} /> },
          { key: t('notifications.templates.languages'), value: languages.map(language => languageLabel(t, language)).join('、') },
        ]}
      />
      <div class="button-group">
        <ButtonLink href={`${base}/preview?version=${current.version}`}>{t('notifications.templates.previewAndTest')}</ButtonLink>
        {canManage && !isOld && (
          <ButtonLink href={`${base}/edit`} variant="secondary">
            {t('notifications.templates.edit')}
          </ButtonLink>
        )}
      </div>
      {languages.map(language => (
        <section>
          <h2>{languageLabel(t, language)}</h2>
          <Texts ctx={ctx} texts={current.content[language] as NoticeTexts} />
        </section>
      ))}
      <h2 id="versions" tabindex={-1}>
        {t('notifications.templates.history')}
      </h2>
      <Table
        caption={t('notifications.templates.historyCaption')}
        head={[t('notifications.templates.version'), t('notifications.templates.savedAt'), t('notifications.templates.savedBy'), t('notifications.templates.placeholders')]}
        firstCellIsHeader
        rows={versions.map(version => [
          version.version === current.version ? (
            <span aria-current="true">{t('notifications.templates.versionNumber', { version: version.version })}</span>
          ) : (
            <a href={`${base}?version=${version.version}`}>{t('notifications.templates.versionNumber', { version: version.version })}</a>
          ),
          formatDateTime(version.createdAt, ctx.locale),
          version.createdByName ?? '',
          version.placeholders.map(name => `((${name}))`).join(' '),
        ])}
      />
    </TemplatesPage>
  )
}
