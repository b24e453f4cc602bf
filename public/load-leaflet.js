// Loads Leaflet (and its stylesheet) once for the page's map scripts: the area picker, the
// district, shelter and sensor maps. Resolves with window.L; rejects when Leaflet is not served,
// and the page then stays what it is without JavaScript.
export function loadLeaflet(base = '/static/vendor/leaflet/') {
  if (window.L) return Promise.resolve(window.L)
  if (!document.querySelector(`link[href="${base}leaflet.css"]`)) {
    const css = document.createElement('link')
    css.rel = 'stylesheet'
    css.href = `${base}leaflet.css`
    document.head.append(css)
  }
  return new Promise((resolve, reject) => {
    const script = document.createElement('script')
    script.src = `${base}leaflet.js`
    script.onload = () => (window.L ? resolve(window.L) : reject(new Error('Leaflet did not load')))
    script.onerror = () => reject(new Error('Leaflet did not load'))
    document.head.append(script)
  })
}
