/** Data tables: captioned, with column headers, inside a scrollable region that keyboard users can scroll. */
import type { Child } from 'hono/jsx'
import { idFromText } from './field-parts.js'

export interface TableProps {
  caption: string
  head: string[]
  rows: Child[][]
  /** Indexes of columns holding numbers: right-aligned with tabular figures. */
  numericColumns?: number[]
  /** Make the first cell of each row its row header (`<th scope="row">`). */
  firstCellIsHeader?: boolean
  /** Id of the caption (default derived from the caption text). */
  captionId?: string
}

/**
 * On a narrow phone a wide table scrolls sideways inside its wrapper instead of widening the page
 * (WCAG 1.4.10); the wrapper is focusable (tabindex=0) so it can be scrolled with the keyboard,
 * and is a region named by the caption so the focus stop makes sense to screen-reader users.
 */
export function Table({ caption, head, rows, numericColumns = [], firstCellIsHeader = false, captionId }: TableProps) {
  const id = captionId ?? idFromText('table-caption', caption)
  const numeric = new Set(numericColumns)
  const cellClass = (column: number) => (numeric.has(column) ? 'table__cell table__cell--numeric' : 'table__cell')
  return (
    <div class="table-wrapper" role="region" aria-labelledby={id} tabindex={0}>
      <table class="table">
        <caption id={id} class="table__caption">
          {caption}
        </caption>
        <thead>
          <tr>
            {head.map((heading, column) => (
              <th scope="col" class={`table__header ${cellClass(column)}`}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(row => (
            <tr>
              {row.map((cell, column) =>
                firstCellIsHeader && column === 0 ? (
                  <th scope="row" class={`table__header ${cellClass(column)}`}>
                    {cell}
                  </th>
                ) : (
                  <td class={cellClass(column)}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
