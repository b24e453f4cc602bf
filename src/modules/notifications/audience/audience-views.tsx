/** Pieces the audience pages share: the staff console shell with the area's own navigation, names in the reader's language. */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { StaffNav } from '../../../platform/views/staff-nav.js'
import { ErrorSummary, NotificationBanner } from '../../../platform/views/components/index.js'
import type { LocalizedNames } from '../notification-tables.js'
import type { FormProblem, FormValues } from './audience-form-values.js'
import { collectFormErrors, valueOf, type FieldErrors, type SummaryItem } from '../../../platform/http/form-values.js'

export { valueOf, valuesOf, type FieldErrors, type SummaryItem } from '../../../platform/http/form-values.js'

export type AudienceSection = 'topics' | 'districts' | 'segments'

export function audienceBase(ctx: PageContext): string {
  return `/${ctx.tenant?.slug}/staff/notifications`
}

/** Staff console chrome of every audience page, with links between topics, districts and segments. */
export function AudiencePage({ ctx, title, section, children, notice, errors = [] }: { ctx: PageContext; title: string; section: AudienceSection; children: Child; notice?: string; errors?: SummaryItem[] }) {
  const { t } = ctx
  const base = audienceBase(ctx)
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('audience.errorTitlePrefix')}${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      <nav aria-label={t('audience.nav.label')}>
        <ul class="list-plain builder-inline-list">
          {(['topics', 'districts', 'segments'] as const).map(item => (
            <li>
              <a href={`${base}/${item}`} aria-current={item === section ? 'page' : undefined}>
                {t(`audience.nav.${item}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <ErrorSummary title={t('audience.errorSummary')} errors={errors} />
      {notice ? (
        <NotificationBanner title={t('audience.done')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      ) : null}
      {children}
    </Layout>
  )
}

export { BackLink } from '../../../platform/views/components/index.js'

/** A name in the reader's language, falling back to Japanese. */
export function localName(names: LocalizedNames, locale: string): string {
  return names[locale as keyof LocalizedNames] ?? names.ja
}


/** Problems as field errors (first per field) and the error summary's items. */
export function collectErrors(ctx: PageContext, problems: readonly FormProblem[]): { fields: FieldErrors; summary: SummaryItem[] } {
  return collectFormErrors(ctx.t, problems)
}
