/** Shared pieces of the template pages: the page shell, language names, error translation. */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import { StaffNav } from '../../../platform/views/staff-nav.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { ErrorSummary, NotificationBanner } from '../../../platform/views/components/index.js'
import type { Translate } from '../../../platform/i18n/i18n.js'
import type { NoticeLanguage } from '../notification-tables.js'
import type { FieldMessage, FormErrors } from './template-form.js'

export const templatesBase = (ctx: PageContext) => `/${ctx.tenant?.slug ?? ''}/staff/notifications/templates`

export function languageLabel(t: Translate, language: NoticeLanguage): string {
  return t(`notifications.templates.language.${language}`)
}

function translateMessage(t: Translate, message: FieldMessage): string {
  const params = { ...message.params }
  if (typeof params.language === 'string') params.language = languageLabel(t, params.language as NoticeLanguage)
  return t(message.key, params)
}

/** Field errors as messages; a language named in a message is shown by its name. */
export function translateErrors(t: Translate, errors: FormErrors): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, error]) => [field, [error, ...(error.more ?? [])].map(message => translateMessage(t, message)).join(' ')]),
  )
}

/** The staff console shell of the template pages, with the error summary and a success banner. */
export function TemplatesPage({ ctx, title, children, errors = {}, order = [], notice }: { ctx: PageContext; title: string; children: Child; errors?: Record<string, string>; order?: string[]; notice?: string }) {
  const { t } = ctx
  const fields = [...order.filter(field => errors[field]), ...Object.keys(errors).filter(field => !order.includes(field))]
  const summary = fields.map(field => ({ field, message: errors[field] as string }))
  return (
    <Layout ctx={ctx} title={summary.length > 0 ? `${t('notifications.templates.errorTitlePrefix')}${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      <ErrorSummary title={t('common.errorSummary')} errors={summary} />
      {notice && (
        <NotificationBanner title={t('notifications.templates.done')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      )}
      {children}
    </Layout>
  )
}

/** The 見本 mark every preview carries, so a screenshot is never mistaken for a real notice. */
export function SampleMark({ ctx }: { ctx: PageContext }) {
  return <span class="builder-preview__mark">{ctx.t('notifications.templates.preview.sample')}</span>
}
