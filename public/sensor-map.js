// The map of the sensor dashboard (progressive enhancement).
//
// Without JavaScript the dashboard's table lists every sensor with its state. With it, this
// script adds a Leaflet map above the table: one circle per sensor, coloured by state (the
// legend beside the map names each colour, and each circle's tooltip and popup say the state in
// words), with a link to the sensor's page. The circles refresh every minute.
//
// Markup: <div data-sensor-map data-geojson-url="…" data-tile-url="…" data-attribution="…"
//   data-leaflet="/static/vendor/leaflet/" data-label-map="…" data-colours='{"normal":"#…",…}'>

import { loadLeaflet } from './load-leaflet.js'

const root = document.querySelector('[data-sensor-map]')
if (root) void start(root)

async function start(root) {
  const d = root.dataset
  let L
  try {
    L = await loadLeaflet(d.leaflet || '/static/vendor/leaflet/')
  } catch {
    return // the table still shows everything
  }
  const colours = JSON.parse(d.colours || '{}')
  const mapElement = document.createElement('div')
  // Leaflet needs a sized container; setting it from script (CSSOM) is allowed by our CSP.
  mapElement.style.height = '24rem'
  mapElement.style.maxHeight = '60vh'
  mapElement.style.border = '1px solid #666'
  mapElement.setAttribute('role', 'region')
  mapElement.setAttribute('aria-label', d.labelMap || '')
  root.append(mapElement)
  root.hidden = false

  const map = L.map(mapElement, { keyboard: true })
  map.attributionControl.setPrefix(false)
  L.tileLayer(d.tileUrl, { attribution: d.attribution || '', maxZoom: 18, minZoom: 5 }).addTo(map)
  map.setView([35.681, 139.767], 14)
  const layer = L.layerGroup().addTo(map)
  let isFitted = false

  const text = (tag, content) => {
    const element = document.createElement(tag)
    element.textContent = content
    return element
  }

  async function refresh() {
    let collection
    try {
      const response = await fetch(d.geojsonUrl, { headers: { accept: 'application/geo+json, application/json' }, credentials: 'same-origin' })
      if (!response.ok) return
      collection = await response.json()
    } catch {
      return
    }
    layer.clearLayers()
    const bounds = []
    for (const feature of collection.features || []) {
      const [lng, lat] = feature.geometry.coordinates
      const p = feature.properties || {}
      const colour = colours[p.state] || '#626264'
      const marker = L.circleMarker([lat, lng], { radius: 10, color: '#1a1a1c', weight: 1, fillColor: colour, fillOpacity: 0.9 })
      const popup = document.createElement('div')
      popup.append(text('strong', p.name || ''), document.createElement('br'), text('span', `${p.stateLabel || ''}${p.value === null || p.value === undefined ? '' : ` ${p.value} ${p.unit || ''}`}`), document.createElement('br'))
      const link = text('a', p.name ? `${p.name} →` : '→')
      link.href = p.url
      popup.append(link)
      marker.bindPopup(popup)
      // text, never HTML: a sensor's name is typed by staff
      marker.bindTooltip(text('span', `${p.name || ''}: ${p.stateLabel || ''}`))
      marker.addTo(layer)
      bounds.push([lat, lng])
    }
    if (!isFitted && bounds.length > 0) {
      map.fitBounds(bounds, { padding: [40, 40], maxZoom: 15 })
      isFitted = true
    }
  }
  await refresh()
  setInterval(() => void refresh(), 60_000)
}
