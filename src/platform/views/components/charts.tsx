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

export interface LineChartThreshold {
  value: number
  label: string
  colour: string
}

export interface LineChartProps {
  id: string
  title: string
  description: string
  /** x in any increasing unit (e.g. epoch ms), y in the series' unit */
  points: { x: number; y: number }[]
  xRange: [number, number]
  /** labels under the x axis at these x values */
  xTicks: { x: number; label: string }[]
  /** dashed horizontal lines, each labelled at the right edge (thresholds) */
  thresholds?: LineChartThreshold[]
  /** text after each y-axis figure, e.g. 'm' */
  unit?: string
  caption?: Child
}

const LINE_WIDTH = 680
const LINE_HEIGHT = 300
const PLOT = { left: 64, top: 16, right: 120, bottom: 36 }

/** A 'nice' axis: 4–6 round steps covering the range. */
export function lineChartScale(min: number, max: number): { min: number; max: number; step: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: 0, max: 1, step: 0.25 }
  if (min === max) {
    min -= 1
    max += 1
  }
  const rough = (max - min) / 5
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 2.5, 5, 10].map(f => f * magnitude).find(s => s >= rough) ?? 10 * magnitude
  return { min: Math.floor(min / step) * step, max: Math.ceil(max / step) * step, step }
}

/**
 * A line over time with labelled threshold lines (a river gauge against 注意 / 警戒 / 危険). The
 * plot box and scales are on the svg as data-* so a script can redraw the line from fresh data.
 */
export function LineChart({ id, title, description, points, xRange, xTicks, thresholds = [], unit = '', caption }: LineChartProps) {
  const values = [...points.map(p => p.y), ...thresholds.map(t => t.value)]
  const scale = lineChartScale(Math.min(...values), Math.max(...values))
  const plotWidth = LINE_WIDTH - PLOT.left - PLOT.right
  const plotHeight = LINE_HEIGHT - PLOT.top - PLOT.bottom
  const [xMin, xMax] = xRange
  const xOf = (x: number) => PLOT.left + ((x - xMin) / Math.max(1, xMax - xMin)) * plotWidth
  const yOf = (y: number) => PLOT.top + (1 - (Math.min(scale.max, Math.max(scale.min, y)) - scale.min) / (scale.max - scale.min)) * plotHeight
  const yTicks: number[] = []
  for (let y = scale.min; y <= scale.max + scale.step / 2; y += scale.step) yTicks.push(Number(y.toFixed(6)))
  const line = points.map(p => `${xOf(p.x).toFixed(1)},${yOf(p.y).toFixed(1)}`).join(' ')
  return (
    <figure class="chart">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${LINE_WIDTH} ${LINE_HEIGHT}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        focusable="false"
        id={id}
        data-plot={`${PLOT.left},${PLOT.top},${plotWidth},${plotHeight}`}
        data-x-range={`${xMin},${xMax}`}
        data-y-range={`${scale.min},${scale.max}`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {yTicks.map(y => (
          <g>
            <line x1={PLOT.left} x2={PLOT.left + plotWidth} y1={yOf(y)} y2={yOf(y)} stroke="#d8d8db" stroke-width="1" />
            <text x={PLOT.left - 6} y={yOf(y) + 4} text-anchor="end" font-size="12" fill="#1a1a1c">{`${y}${unit}`}</text>
          </g>
        ))}
        {xTicks.map(tick => (
          <g>
            <line x1={xOf(tick.x)} x2={xOf(tick.x)} y1={PLOT.top} y2={PLOT.top + plotHeight} stroke="#e8e8eb" stroke-width="1" />
            <text x={xOf(tick.x)} y={LINE_HEIGHT - 14} text-anchor="middle" font-size="12" fill="#1a1a1c">{tick.label}</text>
          </g>
        ))}
        <rect x={PLOT.left} y={PLOT.top} width={plotWidth} height={plotHeight} fill="none" stroke="#949497" stroke-width="1" />
        {thresholds.map(threshold => (
          <g>
            <line x1={PLOT.left} x2={PLOT.left + plotWidth} y1={yOf(threshold.value)} y2={yOf(threshold.value)} stroke={threshold.colour} stroke-width="2" stroke-dasharray="6 4" />
            <text x={PLOT.left + plotWidth + 6} y={yOf(threshold.value) + 4} font-size="12" fill="#1a1a1c">{`${threshold.label} ${threshold.value}${unit}`}</text>
          </g>
        ))}
        <polyline data-line="" points={line} fill="none" stroke="#0031d8" stroke-width="2.5" stroke-linejoin="round" />
      </svg>
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  )
}
