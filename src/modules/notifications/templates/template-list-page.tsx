import type { PageContext } from '../../../platform/views/page-context.js'
import { ButtonLink, Table } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import type { TemplateListRow } from './template-repository.js'
import { templatesBase, TemplatesPage } from './template-views.js'

/** テンプレート一覧: every template with its key (what the API names), topic and current version. */
export function TemplateListPage({ ctx, templates, canManage }: { ctx: PageContext; templates: TemplateListRow[]; canManage: boolean }) {
  const { t } = ctx
  const base = templatesBase(ctx)
  const topicName = (names: Record<string, string> | null) => (names ? (names[ctx.locale] ?? names.ja ?? '') : t('notifications.templates.noTopic'))
  return (
    <TemplatesPage ctx={ctx} title={t('notifications.templates.title')}>
      <h1>{t('notifications.templates.title')}</h1>
      <p class="lead">{t('notifications.templates.lead')}</p>
      {canManage && <ButtonLink href={`${base}/new`}>{t('notifications.templates.create')}</ButtonLink>}
      {templates.length === 0 ? (
        <p>{t('notifications.templates.empty')}</p>
      ) : (
        <Table
          caption={t('notifications.templates.listCaption')}
          head={[t('notifications.templates.name'), t('notifications.templates.key'), t('notifications.templates.topicColumn'), t('notifications.templates.version'), t('notifications.templates.updatedAt')]}
          numericColumns={[3]}
          firstCellIsHeader
          rows={templates.map(template => [
            <a href={`${base}/${template.id}`}>{template.name}</a>,
            <code>{template.key}</code>,
            topicName(template.topicNames),
            t('notifications.templates.versionNumber', { version: template.currentVersion }),
            formatDateTime(template.updatedAt, ctx.locale),
          ])}
        />
      )}
    </TemplatesPage>
  )
}
