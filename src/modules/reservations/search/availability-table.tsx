/**
 * The availability table of one resource: a row per date (a row header with the date and any
 * holiday), a column per slot time, each cell a word (空き / 満 / 抽選 / 休館) with a symbol beside it
 * and a link onwards. Colour only repeats the words. Works without JavaScript; the month
 * calendar (public/reservations-calendar.js) is added on top of it, never instead.
 */
import type { PageContext } from '../../../platform/views/page-context.js'
import type { AvailabilityGrid, GridCell, GridRow } from './availability-grid.js'
import { closedReasonText, formatDay, formatTimeRange } from './search-format.js'

export function reservationsBase(ctx: PageContext): string {
  return `/${ctx.tenant?.slug ?? ''}/reservations`
}

/** Where a cell leads: the slot page (booking area; it offers the waitlist when full) or the lottery. */
export function cellHref(ctx: PageContext, cell: GridCell): string {
  const base = reservationsBase(ctx)
  if (cell.state === 'lottery' && cell.slot.lotteryId) return `${base}/lotteries/${cell.slot.lotteryId}`
  return `${base}/slots/${cell.slot.slotId}`
}

function CellContent({ ctx, cell, row, time }: { ctx: PageContext; cell: GridCell | undefined; row: GridRow; time: string }) {
  const { t, locale } = ctx
  if (!cell) {
    return (
      <span class="availability-cell availability-cell--none">
        <span aria-hidden="true">－</span>
        <span class="visually-hidden">{t('reservations.search.cell.none')}</span>
      </span>
    )
  }
  const context = (
    <span class="visually-hidden">
      {t('reservations.search.cell.context', { day: formatDay(row.date, t, locale), time })}
    </span>
  )
  switch (cell.state) {
    case 'open':
      return (
        <a class="availability-cell availability-cell--open" href={cellHref(ctx, cell)}>
          <span class="availability-cell__mark" aria-hidden="true">○</span>
          {cell.slot.capacity > 1 ? t('reservations.search.cell.openCount', { count: cell.slot.remaining }) : t('reservations.search.cell.open')}
          {context}
        </a>
      )
    case 'full':
      return (
        <a class="availability-cell availability-cell--full" href={cellHref(ctx, cell)}>
          <span class="availability-cell__mark" aria-hidden="true">×</span>
          {t('reservations.search.cell.full')}
          {context}
        </a>
      )
    case 'lottery':
      return (
        <a class="availability-cell availability-cell--lottery" href={cellHref(ctx, cell)}>
          <span class="availability-cell__mark" aria-hidden="true">◇</span>
          {t('reservations.search.cell.lottery')}
          {context}
        </a>
      )
  }
}

export interface AvailabilityTableProps {
  ctx: PageContext
  grid: AvailabilityGrid
  caption: string
  captionId: string
}

export function AvailabilityTable({ ctx, grid, caption, captionId }: AvailabilityTableProps) {
  const { t, locale } = ctx
  const times = grid.columns.map(column => formatTimeRange(column.start, column.end))
  return (
    <div class="table-wrapper" role="region" aria-labelledby={captionId} tabindex={0}>
      <table class="table availability-table">
        <caption id={captionId} class="table__caption">
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="table__header table__cell">
              {t('reservations.search.table.date')}
            </th>
            {times.map(time => (
              <th scope="col" class="table__header table__cell availability-table__time">
                {time}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.rows.map(row => (
            <tr class={row.isClosed ? 'availability-table__row availability-table__row--closed' : 'availability-table__row'}>
              <th scope="row" class={`table__header table__cell availability-table__day availability-table__day--w${row.weekday}`}>
                {formatDay(row.date, t, locale)}
                {row.holiday ? <span class="availability-table__holiday">{t('reservations.search.holiday', { name: row.holiday })}</span> : null}
              </th>
              {row.isClosed ? (
                <td class="table__cell availability-table__closed" colspan={Math.max(1, times.length)}>
                  <span class="availability-cell availability-cell--closed">
                    <span class="availability-cell__mark" aria-hidden="true">休</span>
                    {closedReasonText(row.closedReason, t, locale)}
                  </span>
                </td>
              ) : times.length === 0 ? (
                <td class="table__cell">
                  <CellContent ctx={ctx} cell={undefined} row={row} time="" />
                </td>
              ) : (
                row.cells.map((cell, index) => (
                  <td class="table__cell availability-table__cell">
                    <CellContent ctx={ctx} cell={cell} row={row} time={times[index] ?? ''} />
                  </td>
                ))
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** What the symbols mean (text beside each; nothing relies on colour). */
export function AvailabilityLegend({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  const items: [string, string][] = [
    ['○', 'reservations.search.legend.open'],
    ['×', 'reservations.search.legend.full'],
    ['◇', 'reservations.search.legend.lottery'],
    ['休', 'reservations.search.legend.closed'],
    ['－', 'reservations.search.legend.none'],
  ]
  return (
    <ul class="availability-legend" aria-label={t('reservations.search.legend.title')}>
      {items.map(([mark, key]) => (
        <li>
          <span class="availability-legend__mark" aria-hidden="true">
            {mark}
          </span>
          {t(key)}
        </li>
      ))}
    </ul>
  )
}
