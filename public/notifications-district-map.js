// Progressive enhancement of the staff districts page (/:tenant/staff/notifications/districts):
// draws the districts' boundaries on a Leaflet map above the table. Without JavaScript, or when
// Leaflet is not served at /static/vendor/leaflet/, the page stays a table — nothing depends on
// the map. Leaflet sets styles through the DOM (allowed by the CSP); it is the same copy the
// compose page's area picker loads (public/vendor/leaflet/: leaflet.js, leaflet.css, images/).

import { loadLeaflet } from './load-leaflet.js'

const LEAFLET = '/static/vendor/leaflet/'

const escapeHtml = text => String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

/** The district's name in the page's language, falling back to Japanese. */
function nameOf(properties, locale) {
  if (locale === 'en' && properties.name_en) return properties.name_en
  if (locale === 'ja-easy' && properties.name_easy) return properties.name_easy
  return properties.name
}

async function showDistrictMap(container) {
  const response = await fetch(container.dataset.districtMap, { credentials: 'same-origin', headers: { accept: 'application/geo+json' } })
  if (!response.ok) return
  const collection = await response.json()
  if (!Array.isArray(collection.features) || collection.features.length === 0) return
  const L = await loadLeaflet(LEAFLET)

  container.hidden = false
  container.style.height = '24rem'
  container.style.marginBlock = '1rem'
  const map = L.map(container, { scrollWheelZoom: false })
  L.tileLayer(container.dataset.tileUrl, {
    maxZoom: 18,
    // Leaflet renders the attribution as HTML
    attribution: `<a href="${escapeHtml(container.dataset.attributionUrl)}">${escapeHtml(container.dataset.attribution)}</a>`,
  }).addTo(map)
  const locale = container.dataset.locale
  const layer = L.geoJSON(collection, {
    style: () => ({ color: '#00693e', weight: 2, fillOpacity: 0.12 }),
    onEachFeature: (feature, polygon) => {
      // bindTooltip inserts the text as HTML: give it a text node, never the name as markup
      polygon.bindTooltip(document.createTextNode(`${nameOf(feature.properties, locale)} (${feature.properties.code})`), { sticky: true })
    },
  }).addTo(map)
  map.fitBounds(layer.getBounds(), { padding: [16, 16] })
}

const container = document.querySelector('[data-district-map]')
if (container) {
  showDistrictMap(container).catch(() => {
    // no map (Leaflet missing, offline tiles, old browser): the table below says it all
    container.hidden = true
  })
}
