import type { Child } from 'hono/jsx'
import { Layout } from '../../platform/views/layout.js'
import type { PageContext } from '../../platform/views/page-context.js'
import { StaffNav } from '../../platform/views/staff-nav.js'
import { ErrorSummary, NotificationBanner } from '../../platform/views/components/index.js'
import type { StaffRole } from '../../platform/db/schema.js'
import type { Translate } from '../../platform/i18n/i18n.js'

/** Staff console chrome for every admin page: staff header, the staff navigation, and page-level messages. */
export function ConsolePage({
  ctx,
  title,
  children,
  notice,
  errors = [],
}: {
  ctx: PageContext
  title: string
  children: Child
  /** success message after a POST-redirect-GET */
  notice?: string
  errors?: { field: string; message: string }[]
}) {
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${ctx.t('admin.errorTitlePrefix')}${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      <ErrorSummary title={ctx.t('common.errorSummary')} errors={errors} />
      {notice && (
        <NotificationBanner title={ctx.t('admin.done')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      )}
      {children}
    </Layout>
  )
}

export function roleLabel(t: Translate, role: StaffRole): string {
  return t(`admin.roles.${role}`)
}

/** The department's name in the page's language (English falls back to Japanese when not set). */
export function departmentLabel(ctx: PageContext, department: { name: string; nameEn: string }): string {
  return ctx.locale === 'en' && department.nameEn ? department.nameEn : department.name
}

/** Success message for a `?done=` flag; unknown flags show nothing. */
export function doneNotice(t: Translate, area: string, done: string | undefined, allowed: readonly string[]): string | undefined {
  return done && allowed.includes(done) ? t(`admin.${area}.done.${done}`) : undefined
}
