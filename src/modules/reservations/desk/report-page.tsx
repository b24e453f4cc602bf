/**
 * 利用状況レポート: occupancy by facility and time band as the platform's SVG bar chart (a glance;
 * no script, no inline styles) and the same figures — with cancellations and no-shows — as a table (the
 * record, and what screen readers use). CSV in UTF-8 (BOM) or Shift_JIS.
 */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, DateField, RatioBarChart, Table, type RatioBarRow } from '../../../platform/views/components/index.js'
import { formatSlotDate, localized } from '../booking/index.js'
import { TIME_BANDS } from './desk-rules.js'
import type { FieldProblems } from './desk-forms.js'
import { occupancyOf, percentOf, useRateOf, type UtilisationFigures, type UtilisationReport } from './report-figures.js'
import { DeskLayout, deskPath, problemItems, problemOf } from './desk-views.js'

/** Facility names with a time band need more room than the chart's default labels. */
const LABEL_WIDTH = 230

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
  const bars: RatioBarRow[] = (report?.facilities ?? []).flatMap(facility =>
    TIME_BANDS.filter(band => facility.bands[band].capacitySeats > 0).map(band => {
      const ratio = occupancyOf(facility.bands[band])
      // no seats offered: an empty bar, with the dash as its figure
      return { label: `${localized(facility.names, locale)} ${t(`reservations.desk.band.${band}`)}`, ratio: ratio ?? 0, figure: ratio === undefined ? dash : `${percentOf(ratio)}%` }
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
                <RatioBarChart
                  id="occupancy-chart"
                  title={t('reservations.desk.report.chartTitle', { period })}
                  description={t('reservations.desk.report.chartDescription', { list: bars.map(b => `${b.label} ${b.figure}`).join('、') })}
                  rows={bars}
                  labelWidth={LABEL_WIDTH}
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
