/**
 * The page shell of a staff work area (施設予約, 避難所, センサー …): the console chrome, breadcrumbs
 * from the area's start page (not on the start page itself), the error summary, the outcome of
 * what staff just did, and the page's own scripts (progressive enhancement, same origin).
 */
import type { Child } from 'hono/jsx'
import { Layout } from './layout.js'
import type { PageContext } from './page-context.js'
import { StaffNav } from './staff-nav.js'
import { ErrorSummary, NotificationBanner } from './components/index.js'

export interface StaffAreaLayoutProps {
  ctx: PageContext
  title: string
  children: Child
  /** the area's start page: the first breadcrumb */
  area: { href: string; label: string }
  /** the breadcrumb trail's accessible name */
  breadcrumbsLabel: string
  /** links between the area's start page and this page */
  crumbs?: { href: string; label: string }[]
  errors?: { field: string; message: string }[]
  /** the outcome of what staff just did (after a redirect), under `noticeTitle` */
  notice?: string
  noticeTitle?: string
  scripts?: string[]
}

/** What an area's own layout takes: the area supplies its start page, trail name and notice title. */
export type StaffAreaPageProps = Omit<StaffAreaLayoutProps, 'area' | 'breadcrumbsLabel' | 'noticeTitle'>

export function StaffAreaLayout({ ctx, title, children, area, breadcrumbsLabel, crumbs = [], errors = [], notice, noticeTitle, scripts = [] }: StaffAreaLayoutProps) {
  const { t } = ctx
  const isRoot = crumbs.length === 0 && ctx.currentPath.split('?')[0] === area.href
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('common.errorPrefix')} ${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      {!isRoot && (
        <nav class="breadcrumbs" aria-label={breadcrumbsLabel}>
          <ol>
            <li>
              <a href={area.href}>{area.label}</a>
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
        <NotificationBanner title={noticeTitle ?? notice} variant="success">
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
