/** Pieces the shelters pages share: the staff layout, status tags, names in the page's language, counts. */
import type { Child } from 'hono/jsx'
import type { Locale } from '../../../platform/i18n/i18n.js'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { StaffNav } from '../../../platform/views/staff-nav.js'
import { ErrorSummary, NotificationBanner, Tag, type TagTone } from '../../../platform/views/components/index.js'
import { occupancyOf, type OccupancyLevel } from './shelter-rules.js'
import type { ShelterNames, ShelterStatus } from './shelter-tables.js'

export const staffPath = (ctx: PageContext, path = '') => `/${ctx.tenant?.slug ?? ''}/staff/disaster/shelters${path}`
export const publicPath = (ctx: PageContext, path = '') => `/${ctx.tenant?.slug ?? ''}/shelters${path}`

/** The name in the page's language, falling back to Japanese. */
export function localName(names: ShelterNames, locale: Locale): string {
  return (locale === 'en' ? names.en : locale === 'ja-easy' ? names['ja-easy'] : undefined) || names.ja
}

const STATUS_TONE: Record<ShelterStatus, TagTone> = { open: 'green', full: 'red', closed: 'grey' }

/** 開設 / 満員 / 閉鎖: the word carries the meaning, the colour only repeats it. */
export function StatusTag({ ctx, status }: { ctx: PageContext; status: ShelterStatus }) {
  return <Tag tone={STATUS_TONE[status]}>{ctx.t(`disaster.shelters.status.${status}`)}</Tag>
}

/** "12人 / 定員300人(4%)" or "12人" without a capacity. */
export function occupancyText(ctx: PageContext, evacuees: number, capacity: number | null): string {
  const { percent } = occupancyOf(evacuees, capacity)
  return capacity === null || percent === null ? ctx.t('disaster.shelters.people', { count: evacuees }) : ctx.t('disaster.shelters.occupancy', { count: evacuees, capacity, percent })
}

export const occupancyLabel = (ctx: PageContext, level: OccupancyLevel) => ctx.t(`disaster.shelters.level.${level}`)

export interface StaffLayoutProps {
  ctx: PageContext
  title: string
  children: Child
  crumbs?: { href: string; label: string }[]
  errors?: { field: string; message: string }[]
  notice?: string
  scripts?: string[]
}

export function ShelterStaffLayout({ ctx, title, children, crumbs = [], errors = [], notice, scripts = [] }: StaffLayoutProps) {
  const { t } = ctx
  const isRoot = ctx.currentPath.split('?')[0] === staffPath(ctx)
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('common.errorPrefix')} ${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      {!isRoot && (
        <nav class="breadcrumbs" aria-label={t('disaster.shelters.breadcrumbs')}>
          <ol>
            <li>
              <a href={staffPath(ctx)}>{t('disaster.shelters.staffTitle')}</a>
            </li>
            {crumbs.map(crumb => (
              <li>
                <a href={crumb.href}>{crumb.label}</a>
              </li>
            ))}
            <li aria-current="page">{title}</li>
          </ol>
        </nav>
      )}
      <ErrorSummary title={t('common.errorSummary')} errors={errors} />
      {notice && (
        <NotificationBanner title={t('disaster.shelters.doneTitle')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      )}
      {children}
      {scripts.map(src => (
        <script src={src} type="module"></script>
      ))}
    </Layout>
  )
}

/** A catalog key of the report with its parameters, translated (values are data from the file). */
export function noteText(ctx: PageContext, note: { key: string; params?: Record<string, string | number> }): string {
  return ctx.t(note.key, note.params)
}
