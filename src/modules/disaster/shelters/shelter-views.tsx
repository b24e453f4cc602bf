/** Pieces the shelters pages share: the staff layout, status tags, names in the page's language, counts. */
import { StaffAreaLayout, type StaffAreaPageProps } from '../../../platform/views/staff-area-layout.js'
import type { Child } from 'hono/jsx'
import type { Locale } from '../../../platform/i18n/i18n.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Tag, type TagTone } from '../../../platform/views/components/index.js'
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

export type StaffLayoutProps = StaffAreaPageProps

export function ShelterStaffLayout({ ctx, title, children, crumbs = [], errors = [], notice, scripts = [] }: StaffLayoutProps) {
  const { t } = ctx
  return (
    <StaffAreaLayout ctx={ctx} title={title} area={{ href: staffPath(ctx), label: t('disaster.shelters.staffTitle') }} breadcrumbsLabel={t('disaster.shelters.breadcrumbs')} crumbs={crumbs} errors={errors} notice={notice} noticeTitle={t('disaster.shelters.doneTitle')} scripts={scripts}>
      {children}
    </StaffAreaLayout>
  )
}

/** A catalog key of the report with its parameters, translated (values are data from the file). */
export function noteText(ctx: PageContext, note: { key: string; params?: Record<string, string | number> }): string {
  return ctx.t(note.key, note.params)
}
