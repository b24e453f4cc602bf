/**
 * 利用状況レポート: occupancy by facility and time band as an SVG bar chart (a glance; no script,
 * no inline styles) and the same figures — with cancellations and no-shows — as a table (the
 * record, and what screen readers use). CSV in UTF-8 (BOM) or Shift_JIS.
 */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, DateField, Table } from '../../../platform/views/components/index.js'
import { formatSlotDate, localized } from '../booking/index.js'
import { TIME_BANDS } from './desk-rules.js'
import type { FieldProblems } from './desk-forms.js'
import { occupancyOf, percentOf, useRateOf, type UtilisationFigures, type UtilisationReport } from './report-figures.js'
import { DeskLayout, deskPath, problemItems, problemOf } from './desk-views.js'

const LABEL_WIDTH = 230
const BAR_WIDTH = 360
const FIGURE_WIDTH = 90
const ROW_HEIGHT = 30
const BAR_HEIGHT = 18
const TOP = 22
const WIDTH = LABEL_WIDTH + BAR_WIDTH + FIGURE_WIDTH

export interface OccupancyBar {
  label: string
  /** 0…1, or undefined when no seats were offered */
  ratio: number | undefined
  figure: string
}

/** Horizontal bars on a 0–100 % scale; every bar has its label and percentage written beside it. */
export function OccupancyChart({ id, title, description, bars }: { id: string; title: string; description: string; bars: OccupancyBar[] }) {
  const height = TOP + Math.max(1, bars.length) * ROW_HEIGHT + 4
  return (
    <figure class="chart">
      <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} focusable="false">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map(tick => {
          const x = LABEL_WIDTH + tick * BAR_WIDTH
          return (
            <g>
              <line x1={x} y1={TOP - 4} x2={x} y2={height - 2} stroke="#b4b4b7" stroke-width="1" stroke-dasharray={tick === 0 ? undefined : '3 3'} />
              <text x={x} y={TOP - 8} text-anchor="middle" font-size="12" fill="#1a1a1c">{`${Math.round(tick * 100)}%`}</text>
            </g>
          )
        })}
        {bars.map((bar, index) => {
          const y = TOP + index * ROW_HEIGHT + 4
          const ratio = Math.min(1, Math.max(0, bar.ratio ?? 0))
          return (
            <g>
              <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT - 4} text-anchor="end" font-size="13" fill="#1a1a1c">
                {bar.label}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={Math.max(ratio * BAR_WIDTH, ratio > 0 ? 2 : 0)} height={BAR_HEIGHT} fill="#0031d8" />
              <text x={LABEL_WIDTH + BAR_WIDTH + 8} y={y + BAR_HEIGHT - 4} font-size="13" fill="#1a1a1c">
                {bar.figure}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}

function figureCells(figures: UtilisationFigures, dash: string): string[] {
  const percent = (ratio: number | undefined) => (ratio === undefined ? dash : `${percentOf(ratio)}%`)
  return [
    String(figures.slotCount),
    String(figures.capacitySeats),
    String(figures.bookedSeats),
    percent(occupancyOf(figures)),
    percent(useRateOf(figures)),
    String(figures.cancellations),
    String(figures.noShows),
  ]
}

export function ReportPage({ ctx, values, problems, report }: { ctx: PageContext; values: { from: string; to: string }; problems: FieldProblems; report?: UtilisationReport }) {
  const { t, locale } = ctx
  const title = t('reservations.desk.report.title')
  const dash = t('reservations.desk.report.none')
  const bars: OccupancyBar[] = (report?.facilities ?? []).flatMap(facility =>
    TIME_BANDS.filter(band => facility.bands[band].capacitySeats > 0).map(band => {
      const ratio = occupancyOf(facility.bands[band])
      return { label: `${localized(facility.names, locale)} ${t(`reservations.desk.band.${band}`)}`, ratio, figure: ratio === undefined ? dash : `${percentOf(ratio)}%` }
    }),
  )
  const csv = (encoding: 'utf8' | 'sjis') => `${deskPath(ctx, '/report.csv')}?from=${values.from}&to=${values.to}&encoding=${encoding}`
  const period = report ? t('reservations.desk.report.period', { from: formatSlotDate(report.from, t, locale), to: formatSlotDate(report.to, t, locale) }) : ''
  return (
    <DeskLayout ctx={ctx} title={title} errors={problemItems(ctx, problems, ['from', 'to'])}>
      <h1>{title}</h1>
      <p class="lead">{t('reservations.desk.report.lead')}</p>
      <form method="get" action={deskPath(ctx, '/report')} aria-labelledby="period-title">
        <h2 id="period-title">{t('reservations.desk.report.periodTitle')}</h2>
        <DateField name="from" label={t('reservations.desk.report.from')} value={values.from} error={problemOf(ctx, problems, 'from')} />
        <DateField name="to" label={t('reservations.desk.report.to')} value={values.to} error={problemOf(ctx, problems, 'to')} />
        <Button variant="secondary">{t('reservations.desk.report.show')}</Button>
      </form>
      {report && (
        <>
          <h2>{t('reservations.desk.report.resultTitle', { period })}</h2>
          <ul>
            <li>
              <a href={csv('utf8')} download>
                {t('reservations.desk.report.csvUtf8')}
              </a>
            </li>
            <li>
              <a href={csv('sjis')} download>
                {t('reservations.desk.report.csvSjis')}
              </a>
            </li>
          </ul>
          {report.facilities.length === 0 ? (
            <p>{t('reservations.desk.report.empty')}</p>
          ) : (
            <>
              {bars.length > 0 && (
                <OccupancyChart
                  id="occupancy-chart"
                  title={t('reservations.desk.report.chartTitle', { period })}
                  description={t('reservations.desk.report.chartDescription', { list: bars.map(b => `${b.label} ${b.figure}`).join('、') })}
                  bars={bars}
                />
              )}
              <p>{t('reservations.desk.report.definitions')}</p>
              <Table
                caption={t('reservations.desk.report.tableCaption', { period })}
                head={[
                  t('reservations.desk.report.column.facilityBand'),
                  t('reservations.desk.report.column.slots'),
                  t('reservations.desk.report.column.capacity'),
                  t('reservations.desk.report.column.bookedSeats'),
                  t('reservations.desk.report.column.occupancy'),
                  t('reservations.desk.report.column.use'),
                  t('reservations.desk.report.column.cancellations'),
                  t('reservations.desk.report.column.noShows'),
                ]}
                numericColumns={[1, 2, 3, 4, 5, 6, 7]}
                firstCellIsHeader
                rows={[
                  ...report.facilities.flatMap(facility => [
                    ...TIME_BANDS.map(band => [`${localized(facility.names, locale)} ${t(`reservations.desk.band.${band}`)}`, ...figureCells(facility.bands[band], dash)]),
                    [`${localized(facility.names, locale)} ${t('reservations.desk.report.allBands')}`, ...figureCells(facility.total, dash)],
                  ]),
                  [t('reservations.desk.report.allFacilities'), ...figureCells(report.total, dash)],
                ]}
              />
            </>
          )}
        </>
      )}
    </DeskLayout>
  )
}
