// Progressive enhancement of the public shelter page (/:tenant/shelters): a Leaflet map above the
// table with a marker per shelter (colour *and* a letter: 開 open, 満 full, 閉 closed, plus the
// evacuee count), the published hazard layers with their legend colours, live refresh from the
// status JSON, and "shelters near me" from the browser's location. Without JavaScript, or when
// Leaflet does not load, the page stays the table and the postal-code search. All visible text
// comes from data-* attributes; Leaflet styles through the DOM, which the CSP allows.

import { loadLeaflet } from './load-leaflet.js'

const LEAFLET = '/static/vendor/leaflet/'
const STATUS = { open: { colour: '#1d7a3a', letter: '開' }, full: { colour: '#c8102e', letter: '満' }, closed: { colour: '#5c5c5c', letter: '閉' } }

const fill = (template, params) => (template || '').replace(/\{(\w+)\}/g, (m, key) => (key in params ? String(params[key]) : m))
const nameIn = (names, locale) => (names && ((locale === 'en' && names.en) || (locale === 'ja-easy' && names['ja-easy']) || names.ja)) || ''

function occupancyOf(d, p) {
  return p.capacity ? fill(d.labelOccupancy, { count: p.evacuees, capacity: p.capacity, percent: Math.round((p.evacuees / p.capacity) * 100) }) : fill(d.labelPeople, { count: p.evacuees })
}

async function showMap(container) {
  const d = container.dataset
  let L
  try {
    L = await loadLeaflet(LEAFLET)
  } catch {
    return
  }
  container.hidden = false
  container.style.height = '28rem'
  container.style.maxHeight = '70vh'
  container.style.marginBlock = '1rem'
  container.style.border = '1px solid #666'
  const map = L.map(container, { scrollWheelZoom: false, keyboard: true })
  const link = document.createElement('a')
  link.href = d.attributionUrl
  link.textContent = d.attribution
  L.tileLayer(d.tileUrl, { maxZoom: 18, minZoom: 5, attribution: link.outerHTML }).addTo(map)
  map.setView([35.681, 139.767], 14)

  // hazard layers, under the markers
  try {
    const response = await fetch(d.layersUrl, { headers: { accept: 'application/json' } })
    if (response.ok) {
      const { layers } = await response.json()
      for (const layer of layers) {
        const geo = await fetch(layer.url, { headers: { accept: 'application/geo+json' } })
        if (!geo.ok) continue
        L.geoJSON(await geo.json(), {
          style: () => ({ color: layer.colour, weight: 3, fillOpacity: 0.25 }),
          pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 6, color: layer.colour, fillOpacity: 0.8 }),
          onEachFeature: (feature, shape) => shape.bindTooltip(document.createTextNode(nameIn(layer.names, d.locale)), { sticky: true }),
        }).addTo(map)
      }
    }
  } catch {
    // the layer table on the page still describes them
  }

  const markers = new Map()
  let fitted = false
  async function refresh() {
    const response = await fetch(d.statusUrl, { headers: { accept: 'application/geo+json' }, cache: 'no-store' })
    if (!response.ok) return
    const collection = await response.json()
    const bounds = []
    for (const feature of collection.features) {
      const p = feature.properties
      const [lon, lat] = feature.geometry.coordinates
      const status = STATUS[p.status] ? p.status : 'closed'
      const name = nameIn(p.names, d.locale) || p.name
      const statusLabel = d[`label${status[0].toUpperCase()}${status.slice(1)}`]
      // the marker shows the status letter and the evacuee count; the accessible name starts with
      // exactly that visible text (WCAG 2.5.3 label in name), then says it in full
      const visible = `${STATUS[status].letter}${status === 'closed' ? '' : ` ${Number(p.evacuees)}`}`
      const html = visible
      const text = `${visible} ${name} — ${statusLabel} ${status === 'closed' ? '' : occupancyOf(d, p)}`.trim()
      let marker = markers.get(p.shelterId)
      const icon = L.divIcon({ className: `shelter-marker shelter-marker--${status}`, html, iconSize: [40, 40], iconAnchor: [20, 20] })
      if (!marker) {
        marker = L.marker([lat, lon], { icon, title: text, alt: text, keyboard: true }).addTo(map)
        markers.set(p.shelterId, marker)
      } else {
        marker.setIcon(icon)
        marker.options.title = text
      }
      const element = marker.getElement()
      if (element) {
        element.setAttribute('title', text)
        element.setAttribute('aria-label', text)
        element.setAttribute('data-shelter-marker', p.shelterId)
        Object.assign(element.style, { background: STATUS[status].colour, color: '#fff', border: '2px solid #fff', borderRadius: '50%', textAlign: 'center', fontWeight: 'bold', fontSize: '12px', lineHeight: '16px', paddingTop: '3px', boxShadow: '0 0 0 1px #000' })
      }
      const popup = document.createElement('div')
      const title = document.createElement('strong')
      title.textContent = name
      const line = document.createElement('p')
      line.textContent = `${statusLabel} ${status === 'closed' ? '' : occupancyOf(d, p)}`
      const households = document.createElement('p')
      households.textContent = status === 'closed' ? p.address : `${fill(d.labelHouseholds, { count: p.households })} · ${p.address}`
      popup.append(title, line, households)
      marker.bindPopup(popup)
      bounds.push([lat, lon])
    }
    if (!fitted && bounds.length > 0) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16, animate: false })
      fitted = true
    }
  }
  await refresh()
  // for tests and scripts: the markers are drawn and the view is settled
  container.dataset.ready = 'true'
  const seconds = Number(d.refreshSeconds) || 0
  if (seconds > 0) setInterval(() => void refresh().catch(() => undefined), seconds * 1000)
}

function setUpNearby(root) {
  if (!navigator.geolocation) return
  const d = root.dataset
  const result = root.querySelector('[data-nearby-result]')
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'button button--secondary'
  button.textContent = d.label
  root.prepend(button)
  button.addEventListener('click', () => {
    result.textContent = d.locating
    navigator.geolocation.getCurrentPosition(
      async position => {
        const url = `${d.url}?lat=${position.coords.latitude.toFixed(5)}&lon=${position.coords.longitude.toFixed(5)}`
        const response = await fetch(url, { headers: { accept: 'application/json' } })
        if (!response.ok) {
          result.textContent = d.failed
          return
        }
        const { shelters } = await response.json()
        result.textContent = ''
        const heading = document.createElement('h2')
        heading.textContent = d.title
        const list = document.createElement('ol')
        for (const s of shelters) {
          const item = document.createElement('li')
          const distance = s.distanceMetres === null ? '' : s.distanceMetres < 1000 ? ` · ${s.distanceMetres} m` : ` · ${(s.distanceMetres / 1000).toFixed(1)} km`
          item.textContent = `${s.names.ja}${distance} · ${s.address}`
          list.append(item)
        }
        if (shelters.length === 0) result.textContent = d.none
        else result.append(heading, list)
      },
      () => (result.textContent = d.failed),
      { timeout: 10000, maximumAge: 60000 },
    )
  })
}

const container = document.querySelector('[data-shelter-map]')
if (container) void showMap(container)
const nearby = document.querySelector('[data-shelter-nearby]')
if (nearby) setUpNearby(nearby)
