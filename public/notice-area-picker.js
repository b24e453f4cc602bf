// The map area picker of the staff compose page (progressive enhancement).
//
// Without JavaScript the page offers a GeoJSON textarea and district checkboxes, and the server
// validates both. With it, this script adds a Leaflet map beside them: districts are drawn and
// toggled by clicking (which ticks their checkboxes), and staff draw a polygon point by point
// (which is written into the textarea as a GeoJSON Polygon). The textarea and the checkboxes stay
// the single source of truth, so whatever the map does, the form posts the same fields.
//
// Markup: <div data-notice-area-picker data-geojson-field="id" data-district-field="name"
//   data-kind-field="name" data-districts-url="…" data-tile-url="…" data-attribution="…"
//   data-leaflet="/static/vendor/leaflet/" data-label-*="…">. All visible text comes from data-*.

import { loadLeaflet } from './load-leaflet.js'

const root = document.querySelector('[data-notice-area-picker]')
if (root) void start(root)

async function start(root) {
  const d = root.dataset
  const textarea = document.getElementById(d.geojsonField)
  const form = root.closest('form')
  if (!textarea || !form) return
  let L
  try {
    L = await loadLeaflet(d.leaflet || '/static/vendor/leaflet/')
  } catch {
    return // the textarea and checkboxes still work
  }

  const status = document.createElement('p')
  status.className = 'notice-area-picker__status'
  status.setAttribute('role', 'status')
  const say = text => (status.textContent = text)
  const label = (name, params = {}) => (d[name] || '').replace(/\{(\w+)\}/g, (m, key) => (key in params ? String(params[key]) : m))
  const pointsLabel = () => label(points.length >= 3 ? 'labelPointsReady' : 'labelPoints', { count: points.length })

  const toolbar = document.createElement('div')
  toolbar.className = 'button-group notice-area-picker__toolbar'
  const button = (label, variant, onClick) => {
    const b = document.createElement('button')
    b.type = 'button'
    b.className = `button button--${variant}`
    b.textContent = label
    b.addEventListener('click', onClick)
    toolbar.append(b)
    return b
  }

  const mapElement = document.createElement('div')
  mapElement.className = 'notice-area-picker__map'
  // Leaflet needs a sized container; setting it from script (CSSOM) is allowed by our CSP.
  mapElement.style.height = '26rem'
  mapElement.style.maxHeight = '70vh'
  mapElement.style.border = '1px solid #666'
  mapElement.setAttribute('role', 'application')
  mapElement.setAttribute('aria-label', d.labelMap || '')
  mapElement.setAttribute('aria-describedby', d.helpId || '')

  const help = document.createElement('p')
  help.className = 'field__hint'
  help.id = d.helpId || 'notice-area-picker-help'
  help.textContent = d.labelHelp || ''

  root.append(help, toolbar, mapElement, status)
  root.hidden = false

  const map = L.map(mapElement, { keyboard: true, attributionControl: true })
  map.attributionControl.setPrefix(false)
  L.tileLayer(d.tileUrl, { attribution: d.attribution || '', maxZoom: 18, minZoom: 5 }).addTo(map)
  map.setView([Number(d.centerLat) || 35.681, Number(d.centerLng) || 139.767], Number(d.zoom) || 12)

  // --- the kind of audience: the map changes it when staff act on it -----------------------
  const chooseKind = value => {
    const radio = form.querySelector(`input[name="${CSS.escape(d.kindField)}"][value="${CSS.escape(value)}"]`)
    if (radio && !radio.checked) {
      radio.checked = true
      radio.dispatchEvent(new Event('change', { bubbles: true }))
    }
  }

  // --- districts ---------------------------------------------------------------------------
  const checkboxFor = id => form.querySelector(`input[name="${CSS.escape(d.districtField)}"][value="${CSS.escape(id)}"]`)
  const districtStyle = selected => (selected ? { color: '#0031d8', weight: 3, fillOpacity: 0.35 } : { color: '#555', weight: 1, fillOpacity: 0.08, dashArray: '4 4' })
  const districtLayers = new Map()
  let drawing = false
  let points = []

  try {
    const response = await fetch(d.districtsUrl, { headers: { accept: 'application/geo+json, application/json' } })
    if (response.ok) {
      const collection = await response.json()
      const layer = L.geoJSON(collection, {
        style: feature => districtStyle(Boolean(checkboxFor(feature.id)?.checked)),
        onEachFeature: (feature, polygon) => {
          districtLayers.set(String(feature.id), polygon)
          polygon.bindTooltip(feature.properties?.name ?? '', { sticky: true })
          polygon.on('click', () => {
            // while drawing, the click bubbles to the map, which adds the point
            if (drawing) return
            const box = checkboxFor(feature.id)
            if (!box) return
            box.checked = !box.checked
            box.dispatchEvent(new Event('change', { bubbles: true }))
            chooseKind('districts')
            say(label(box.checked ? 'labelDistrictOn' : 'labelDistrictOff', { name: feature.properties?.name ?? '' }))
          })
        },
      }).addTo(map)
      if (layer.getLayers().length > 0) map.fitBounds(layer.getBounds(), { padding: [12, 12] })
    }
  } catch {
    // no districts on the map: the checkboxes still work
  }
  form.addEventListener('change', event => {
    const target = event.target
    if (target?.name === d.districtField) districtLayers.get(target.value)?.setStyle(districtStyle(target.checked))
  })

  // --- the drawn polygon ---------------------------------------------------------------------
  const vertexLayer = L.layerGroup().addTo(map)
  const polygonLayer = L.polygon([], { color: '#d12600', weight: 3, fillOpacity: 0.2 }).addTo(map)

  const round = n => Math.round(n * 1e6) / 1e6
  function writeTextarea() {
    if (points.length >= 3) {
      const ring = points.map(p => [round(p.lng), round(p.lat)])
      ring.push(ring[0])
      textarea.value = JSON.stringify({ type: 'Polygon', coordinates: [ring] })
    } else {
      textarea.value = ''
    }
    textarea.dispatchEvent(new Event('input', { bubbles: true }))
  }

  function redraw() {
    vertexLayer.clearLayers()
    for (const p of points) L.circleMarker(p, { radius: 5, color: '#d12600', fillOpacity: 1 }).addTo(vertexLayer)
    polygonLayer.setLatLngs(points)
  }

  function addPoint(latlng) {
    points.push(latlng)
    redraw()
    writeTextarea()
    chooseKind('area')
    say(pointsLabel())
  }

  // Show a polygon already in the textarea (a page re-rendered with errors, or pasted GeoJSON).
  function readTextarea() {
    try {
      const value = JSON.parse(textarea.value)
      const geometry = value.type === 'Feature' ? value.geometry : value
      if (geometry?.type !== 'Polygon' || !Array.isArray(geometry.coordinates?.[0])) return
      const ring = geometry.coordinates[0].map(([lng, lat]) => L.latLng(lat, lng))
      if (ring.length > 1 && ring[0].equals(ring[ring.length - 1])) ring.pop()
      points = ring
      redraw()
      if (points.length >= 3) map.fitBounds(polygonLayer.getBounds(), { padding: [24, 24] })
    } catch {
      // not JSON yet: the server explains what is wrong with it
    }
  }
  if (textarea.value.trim() !== '') readTextarea()
  textarea.addEventListener('change', readTextarea)

  const drawButton = button(d.labelDraw || 'Draw', 'secondary', () => {
    drawing = !drawing
    drawButton.textContent = drawing ? d.labelFinish : d.labelDraw
    drawButton.setAttribute('aria-pressed', String(drawing))
    mapElement.style.cursor = drawing ? 'crosshair' : ''
    say(drawing ? label('labelDrawing') : pointsLabel())
  })
  drawButton.setAttribute('aria-pressed', 'false')
  // Keyboard users pan the map with the arrow keys and put a point at its centre.
  button(d.labelCentre || 'Add point at centre', 'secondary', () => {
    if (!drawing) drawButton.click()
    addPoint(map.getCenter())
  })
  button(d.labelUndo || 'Undo', 'secondary', () => {
    points.pop()
    redraw()
    writeTextarea()
    say(pointsLabel())
  })
  button(d.labelClear || 'Clear', 'warning', () => {
    points = []
    redraw()
    writeTextarea()
    say(label('labelCleared'))
  })

  map.on('click', event => {
    if (drawing) addPoint(event.latlng)
  })
}
