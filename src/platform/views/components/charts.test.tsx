import { describe, expect, it } from 'vitest'
import { RatioBarChart, StackedBarChart } from './charts.js'

const palette = { delivered: { colour: '#197a4b', label: '配信済み' }, created: { colour: '#767676', label: '送信待ち' } }

describe('server-rendered charts', () => {
  it('draws each segment in proportion and names the chart for screen readers', () => {
    const html = (
      <StackedBarChart id="progress" title="配信の進み具合" description="LINE: 配信済み 3、送信待ち 1" rows={[{ label: 'LINE', segments: [{ key: 'delivered', value: 3 }, { key: 'created', value: 1 }], figure: '3 / 4' }]} palette={palette} />
    ).toString()
    expect(html).toContain('role="img"')
    expect(html).toContain('aria-labelledby="progress-title progress-desc"')
    expect(html).toContain('<title id="progress-title">配信の進み具合</title>')
    expect(html).toContain('viewBox="0 0 680 42"')
    expect(html).toContain('width="285"')
    expect(html).toContain('width="95"')
    expect(html).toContain('配信済み: 3')
    expect(html).not.toContain('style=')
  })

  it('draws nothing but the frame for an empty row and clamps ratios to the scale', () => {
    const empty = (<StackedBarChart id="e" title="t" description="d" rows={[{ label: 'SMS', segments: [{ key: 'created', value: 0 }], figure: '0' }]} palette={palette} />).toString()
    expect(empty.match(/<rect /g)).toHaveLength(1 + 2) // the frame, and one swatch per legend entry
    const reach = (<RatioBarChart id="r" title="t" description="d" rows={[{ label: 'LINE', ratio: 1.7, figure: '170%' }, { label: 'SMS', ratio: Number.NaN, figure: '-' }]} />).toString()
    expect(reach).toContain('width="380"')
    expect(reach).toContain('width="0"')
  })
})
