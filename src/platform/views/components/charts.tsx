/**
 * Server-rendered bar charts (SVG, no script, no inline styles). Each chart is an image with a
 * title and a description that say what it shows in words, and every page that draws one also
 * has the figures as a table: the chart is a glance, the table is the record. Colours are never
 * the only carrier of meaning — each bar has its label and figure beside it, and the legend
 * names the states.
 */
import type { Child } from 'hono/jsx'

export interface StackedBarRow {
  label: string
  segments: { key: string; value: number }[]
  /** Text at the end of the row, e.g. '120 / 300' */
  figure: string
}

export interface ChartPalette {
  [key: string]: { colour: string; label: string }
}

const LABEL_WIDTH = 150
const BAR_WIDTH = 380
const FIGURE_WIDTH = 150
const ROW_HEIGHT = 34
const BAR_HEIGHT = 20
const WIDTH = LABEL_WIDTH + BAR_WIDTH + FIGURE_WIDTH

/** One horizontal bar per row, split into segments in proportion to their values. */
export function StackedBarChart({ id, title, description, rows, palette }: { id: string; title: string; description: string; rows: StackedBarRow[]; palette: ChartPalette }) {
  const height = Math.max(1, rows.length) * ROW_HEIGHT + 8
  return (
    <figure class="chart">
      <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} focusable="false">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {rows.map((row, index) => {
          const y = index * ROW_HEIGHT + 4
          const total = row.segments.reduce((sum, s) => sum + s.value, 0)
          let x = LABEL_WIDTH
          return (
            <g>
              <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT - 5} text-anchor="end" font-size="14" fill="#1a1a1c">
                {row.label}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={BAR_WIDTH} height={BAR_HEIGHT} fill="#f1f1f4" stroke="#949497" stroke-width="1" />
              {total > 0
                ? row.segments
                    .filter(s => s.value > 0)
                    .map(segment => {
                      const width = (segment.value / total) * BAR_WIDTH
                      const rect = (
                        <rect x={x} y={y} width={width} height={BAR_HEIGHT} fill={palette[segment.key]?.colour ?? '#666'}>
                          <title>{`${palette[segment.key]?.label ?? segment.key}: ${segment.value}`}</title>
                        </rect>
                      )
                      x += width
                      return rect
                    })
                : null}
              <text x={LABEL_WIDTH + BAR_WIDTH + 8} y={y + BAR_HEIGHT - 5} font-size="14" fill="#1a1a1c">
                {row.figure}
              </text>
            </g>
          )
        })}
      </svg>
      <ChartLegend palette={palette} />
    </figure>
  )
}

/** The legend as a list: each swatch with its state's name. */
export function ChartLegend({ palette }: { palette: ChartPalette }) {
  return (
    <ul class="list-plain chart__legend">
      {Object.entries(palette).map(([, entry]) => (
        <li>
          <svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
            <rect x="0.5" y="0.5" width="13" height="13" fill={entry.colour} stroke="#1a1a1c" stroke-width="1" />
          </svg>{' '}
          {entry.label}
        </li>
      ))}
    </ul>
  )
}

export interface RatioBarRow {
  label: string
  /** 0…1 */
  ratio: number
  figure: string
  colour?: string
}

/** Bars on a 0–100 % scale with gridlines every 25 %. `labelWidth` makes room for long labels (facility and time band). */
export function RatioBarChart({ id, title, description, rows, caption, labelWidth = LABEL_WIDTH }: { id: string; title: string; description: string; rows: RatioBarRow[]; caption?: Child; labelWidth?: number }) {
  const top = 22
  const width = labelWidth + BAR_WIDTH + FIGURE_WIDTH
  const height = top + Math.max(1, rows.length) * ROW_HEIGHT + 4
  return (
    <figure class="chart">
      <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} focusable="false">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map(tick => {
          const x = labelWidth + tick * BAR_WIDTH
          return (
            <g>
              <line x1={x} y1={top - 4} x2={x} y2={height - 2} stroke="#b4b4b7" stroke-width="1" stroke-dasharray={tick === 0 ? undefined : '3 3'} />
              <text x={x} y={top - 8} text-anchor="middle" font-size="12" fill="#1a1a1c">{`${Math.round(tick * 100)}%`}</text>
            </g>
          )
        })}
        {rows.map((row, index) => {
          const y = top + index * ROW_HEIGHT + 4
          const ratio = Math.min(1, Math.max(0, Number.isFinite(row.ratio) ? row.ratio : 0))
          return (
            <g>
              <text x={labelWidth - 8} y={y + BAR_HEIGHT - 5} text-anchor="end" font-size="14" fill="#1a1a1c">
                {row.label}
              </text>
              <rect x={labelWidth} y={y} width={Math.max(ratio * BAR_WIDTH, ratio > 0 ? 2 : 0)} height={BAR_HEIGHT} fill={row.colour ?? '#0031d8'} />
              <text x={labelWidth + BAR_WIDTH + 8} y={y + BAR_HEIGHT - 5} font-size="14" fill="#1a1a1c">
                {row.figure}
              </text>
            </g>
          )
        })}
      </svg>
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  )
}
