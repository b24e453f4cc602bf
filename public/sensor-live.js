// The live chart of a sensor's page (progressive enhancement).
//
// The page is complete without JavaScript: a server-drawn SVG of the last 24 hours with the
// thresholds, and the latest readings as a table. This script fetches the sensor's readings as
// JSON every 30 seconds and redraws the line on the same axes (values beyond the axis are drawn
// at its edge until the page is reloaded), and says when it last updated in a status line.
//
// Markup: <div data-sensor-live data-url="…/readings.json" data-label-updated="… {time} …">
//   containing <svg data-plot="left,top,width,height" data-x-range="min,max" data-y-range="min,max">
//   with <polyline data-line>, and <p data-sensor-live-status role="status">.

const root = document.querySelector('[data-sensor-live]')
if (root) start(root)

function start(root) {
  const svg = root.querySelector('svg[data-plot]')
  const line = svg && svg.querySelector('[data-line]')
  const status = root.querySelector('[data-sensor-live-status]')
  if (!svg || !line) return
  const [left, top, width, height] = svg.dataset.plot.split(',').map(Number)
  const [yMin, yMax] = svg.dataset.yRange.split(',').map(Number)
  const clock = new Intl.DateTimeFormat(document.documentElement.lang || 'ja', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' })

  async function refresh() {
    let data
    try {
      const response = await fetch(root.dataset.url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      if (!response.ok) return
      data = await response.json()
    } catch {
      return
    }
    const xMin = Date.parse(data.from)
    const xMax = Date.parse(data.to)
    const x = t => left + ((t - xMin) / Math.max(1, xMax - xMin)) * width
    const y = v => top + (1 - (Math.min(yMax, Math.max(yMin, v)) - yMin) / (yMax - yMin)) * height
    line.setAttribute('points', data.readings.map(r => `${x(Date.parse(r.at)).toFixed(1)},${y(r.value).toFixed(1)}`).join(' '))
    if (status) status.textContent = (root.dataset.labelUpdated || '{time}').replace('{time}', clock.format(new Date()))
  }
  setInterval(() => void refresh(), 30_000)
}
