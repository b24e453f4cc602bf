/** Pieces the sensor pages share: the staff layout with breadcrumbs, names, levels as tags, times. */
import { StaffAreaLayout, type StaffAreaPageProps } from '../../../platform/views/staff-area-layout.js'
import type { Child } from 'hono/jsx'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Tag, type TagTone } from '../../../platform/views/components/index.js'
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

export type SensorLayoutProps = StaffAreaPageProps

export function SensorLayout({ ctx, title, children, crumbs = [], errors = [], notice, scripts = [] }: SensorLayoutProps) {
  const { t } = ctx
  return (
    <StaffAreaLayout ctx={ctx} title={title} area={{ href: sensorsPath(ctx), label: t('sensors.dashboard.title') }} breadcrumbsLabel={t('sensors.breadcrumbs')} crumbs={crumbs} errors={errors} notice={notice} noticeTitle={t('sensors.doneTitle')} scripts={scripts}>
      {children}
    </StaffAreaLayout>
  )
}
