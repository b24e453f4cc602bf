/** Pieces the sensor pages share: the staff layout with breadcrumbs, names, levels as tags, times. */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { StaffNav } from '../../../platform/views/staff-nav.js'
import { ErrorSummary, NotificationBanner, Tag, type TagTone } from '../../../platform/views/components/index.js'
import type { SensorLevel } from './sensor-rules.js'
import type { Sensor, SensorNames } from './sensor-tables.js'

/** `/:tenant/staff/disaster/sensors` + path. */
export const sensorsPath = (ctx: PageContext, path = '') => `/${ctx.tenant?.slug ?? ''}/staff/disaster/sensors${path}`

export function localizedName(names: SensorNames, locale: string): string {
  if (locale === 'en') return names.en || names.ja
  if (locale === 'ja-easy') return names['ja-easy'] || names.ja
  return names.ja
}

const LEVEL_TONE: Record<SensorLevel, TagTone> = { normal: 'green', caution: 'yellow', warning: 'red', danger: 'red' }

/** Map and legend colours: the text beside each swatch carries the meaning. */
export const STATE_COLOURS = { normal: '#1d7a35', caution: '#b07d00', warning: '#d14900', danger: '#b00020', offline: '#626264' } as const

export function LevelTag({ ctx, level }: { ctx: PageContext; level: SensorLevel }) {
  return <Tag tone={LEVEL_TONE[level]}>{ctx.t(`sensors.level.${level}`)}</Tag>
}

export function SensorState({ ctx, sensor }: { ctx: PageContext; sensor: Pick<Sensor, 'level' | 'isOffline'> }) {
  return (
    <span>
      <LevelTag ctx={ctx} level={sensor.level} />
      {sensor.isOffline ? (
        <>
          {' '}
          <Tag tone="grey">{ctx.t('sensors.offline')}</Tag>
        </>
      ) : null}
    </span>
  )
}

const TOKYO = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })
const TOKYO_HOUR = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' })

/** '11/23 18:05' on the Tokyo clock. */
export const tokyoDateTime = (date: Date) => TOKYO.format(date)
export const tokyoClock = (date: Date) => TOKYO_HOUR.format(date)

export const formatValue = (value: number | null, unit: string) => (value === null ? '—' : `${Number(value.toFixed(3))} ${unit}`)

export interface SensorLayoutProps {
  ctx: PageContext
  title: string
  children: Child
  crumbs?: { href: string; label: string }[]
  errors?: { field: string; message: string }[]
  notice?: string
  scripts?: string[]
}

export function SensorLayout({ ctx, title, children, crumbs = [], errors = [], notice, scripts = [] }: SensorLayoutProps) {
  const { t } = ctx
  const isRoot = ctx.currentPath.split('?')[0] === sensorsPath(ctx)
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('common.errorPrefix')} ${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      {!isRoot && (
        <nav class="breadcrumbs" aria-label={t('sensors.breadcrumbs')}>
          <ol>
            <li>
              <a href={sensorsPath(ctx)}>{t('sensors.dashboard.title')}</a>
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
        <NotificationBanner title={t('sensors.doneTitle')} variant="success">
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
