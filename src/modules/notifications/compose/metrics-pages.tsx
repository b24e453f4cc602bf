/** 配信の実績とリーチ: delivery figures per channel over a period, and reach per channel ÷ population. */
import type { PageContext } from '../../../platform/views/page-context.js'
import type { Translate } from '../../../platform/i18n/i18n.js'
import { Button, Radios, Table } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { DELIVERY_CHANNELS, type ExternalChannel } from '../notification-tables.js'
import { channelLabel, formatCount, notificationsBase, NotificationsPage } from './compose-views.js'
import { METRICS_PERIODS, type DeliveryMetrics, type MetricsPeriod } from './overview-service.js'
import { RatioBarChart } from '../../../platform/views/components/index.js'

const REACH_COLOURS: Record<ExternalChannel, string> = { line: '#06c755', email: '#0031d8', sms: '#7a4b9c', push: '#b35c00' }
/** LINE first: its coverage is the figure municipalities compare. */
const REACH_ORDER: ExternalChannel[] = ['line', 'email', 'sms', 'push']

export function formatSeconds(t: Translate, seconds: number | null): string {
  if (seconds === null) return '-'
  if (seconds < 1) return t('compose.metrics.underSecond')
  if (seconds < 120) return t('compose.metrics.seconds', { n: Math.round(seconds) })
  if (seconds < 7200) return t('compose.metrics.minutes', { n: Math.round(seconds / 60) })
  return t('compose.metrics.hours', { n: Math.round((seconds / 3600) * 10) / 10 })
}

function percent(part: number, whole: number): string {
  if (whole === 0) return '-'
  return `${(Math.round((part / whole) * 1000) / 10).toFixed(1)}%`
}

export function MetricsPage({ ctx, days, since, metrics }: { ctx: PageContext; days: MetricsPeriod; since: Date; metrics: DeliveryMetrics }) {
  const { t } = ctx
  const { population } = metrics.reach
  const line = metrics.reach.byChannel.line
  return (
    <NotificationsPage ctx={ctx} title={t('compose.metrics.title')} section="metrics">
      <h1>{t('compose.metrics.title')}</h1>
      <p>{t('compose.metrics.lead')}</p>

      <section aria-labelledby="reach-heading">
        <h2 id="reach-heading">{t('compose.metrics.reachHeading')}</h2>
        <p>
          <strong>{t('compose.metrics.lineCoverage', { percent: percent(line, population), count: formatCount(line), population: formatCount(population) })}</strong>
        </p>
        <RatioBarChart
          id="reach-chart"
          title={t('compose.metrics.reachChartTitle')}
          description={REACH_ORDER.map(c => `${channelLabel(t, c)} ${percent(metrics.reach.byChannel[c], population)}`).join('、')}
          rows={REACH_ORDER.map(channel => ({
            label: channelLabel(t, channel),
            ratio: population === 0 ? 0 : metrics.reach.byChannel[channel] / population,
            figure: `${percent(metrics.reach.byChannel[channel], population)}(${formatCount(metrics.reach.byChannel[channel])})`,
            colour: REACH_COLOURS[channel],
          }))}
        />
        <Table
          caption={t('compose.metrics.reachCaption', { population: formatCount(population) })}
          head={[t('compose.confirm.channel'), t('compose.metrics.reachable'), t('compose.metrics.population'), t('compose.metrics.rate')]}
          firstCellIsHeader
          numericColumns={[1, 2, 3]}
          rows={REACH_ORDER.map(channel => [channelLabel(t, channel), formatCount(metrics.reach.byChannel[channel]), formatCount(population), percent(metrics.reach.byChannel[channel], population)])}
        />
        <p class="field__hint">{t('compose.metrics.reachHint')}</p>
      </section>

      <section aria-labelledby="delivery-heading">
        <h2 id="delivery-heading">{t('compose.metrics.deliveryHeading')}</h2>
        <form method="get" action={`${notificationsBase(ctx)}/metrics`} class="action-form">
          <Radios
            name="days"
            legend={t('compose.metrics.period')}
            value={String(days)}
            inline
            options={METRICS_PERIODS.map(n => ({ value: String(n), label: t('compose.metrics.lastDays', { n }) }))}
          />
          <Button variant="secondary">{t('compose.metrics.show')}</Button>
        </form>
        <Table
          caption={t('compose.metrics.deliveryCaption', { since: formatDateTime(since, ctx.locale) })}
          head={[
            t('compose.confirm.channel'),
            t('compose.metrics.sent'),
            t('compose.metrics.delivered'),
            t('compose.metrics.failed'),
            t('compose.metrics.pending'),
            t('compose.metrics.median'),
            t('compose.metrics.p95'),
          ]}
          firstCellIsHeader
          numericColumns={[1, 2, 3, 4, 5, 6]}
          rows={DELIVERY_CHANNELS.map(channel => {
            const m = metrics.byChannel[channel]
            return [
              channelLabel(t, channel),
              formatCount(m.delivered + m.failed + m.pending),
              formatCount(m.delivered),
              `${formatCount(m.failed)}(${percent(m.failed, m.delivered + m.failed)})`,
              formatCount(m.pending),
              formatSeconds(t, m.medianSeconds),
              formatSeconds(t, m.p95Seconds),
            ]
          })}
        />
        <p class="field__hint">{t('compose.metrics.deliveryHint')}</p>
      </section>
    </NotificationsPage>
  )
}
