/** The check-your-answers list: keys and values in a <dl>, with an optional change link per row. */
import type { Child } from 'hono/jsx'

export interface SummaryListRow {
  key: string
  value: Child
  action?: {
    href: string
    /** e.g. '変更' */
    label: string
    /** Read after the label by screen readers so each link is distinct, e.g. '氏名' → "変更 氏名". */
    visuallyHiddenContext: string
  }
}

export interface SummaryListProps {
  rows: SummaryListRow[]
}

export function SummaryList({ rows }: SummaryListProps) {
  const anyActions = rows.some(row => row.action)
  return (
    <dl class="summary-list">
      {rows.map(row => (
        <div class={anyActions && !row.action ? 'summary-list__row summary-list__row--no-actions' : 'summary-list__row'}>
          <dt class="summary-list__key">{row.key}</dt>
          <dd class="summary-list__value">{row.value}</dd>
          {row.action ? (
            <dd class="summary-list__actions">
              <a href={row.action.href}>
                {row.action.label}
                <span class="visually-hidden"> {row.action.visuallyHiddenContext}</span>
              </a>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  )
}
