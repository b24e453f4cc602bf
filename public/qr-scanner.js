// QR code reader for check-in pages (the reservations desk: a permit's URL with ?code=…; a
// shelter: a resident's pass code). Where the browser has BarcodeDetector and a camera it adds a
// button that reads the code with the camera, fills in the form's field and submits the form.
// Progressive enhancement only: without this file (or on browsers without BarcodeDetector) the
// typed code does everything. Markup: an element inside the form with
//   data-qr-scanner, data-field="<the input's name>", optional data-url-param="<query parameter
//   holding the code when the QR code is a URL>", the labels as data-* (start-label, stop-label,
//   scanning, read, failed, video-label), and a [data-scanner-status] live region.
const root = document.querySelector('[data-qr-scanner]')

/** The code inside what a QR code holds: a URL's parameter (data-url-param) or the text itself. */
function codeFrom(value) {
  const param = root.dataset.urlParam
  if (!param) return value.trim()
  try {
    return new URL(value).searchParams.get(param) ?? value.trim()
  } catch {
    return value.trim()
  }
}

async function canScan() {
  if (!root || !('BarcodeDetector' in window) || !navigator.mediaDevices?.getUserMedia) return false
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats()
    return formats.includes('qr_code')
  } catch {
    return false
  }
}

function setUp() {
  const d = root.dataset
  const form = root.closest('form')
  const input = form?.querySelector(`input[name="${CSS.escape(d.field ?? '')}"]`)
  const status = root.querySelector('[data-scanner-status]')
  if (!form || !input || !status) return
  const say = text => (status.textContent = text ?? '')

  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'button button--secondary'
  button.textContent = d.startLabel ?? ''
  root.prepend(button)

  let stream
  let video
  let timer
  const stop = () => {
    clearTimeout(timer)
    stream?.getTracks().forEach(track => track.stop())
    stream = undefined
    video?.remove()
    video = undefined
    button.textContent = d.startLabel ?? ''
  }

  async function start() {
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] })
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
    } catch {
      say(d.failed)
      return
    }
    video = document.createElement('video')
    video.setAttribute('playsinline', '')
    video.setAttribute('aria-label', d.videoLabel ?? '')
    video.muted = true
    video.width = 320
    video.srcObject = stream
    root.append(video)
    // not awaited: a camera that delivers no frame yet must not stop the button from working
    void video.play().catch(() => undefined)
    button.textContent = d.stopLabel ?? ''
    say(d.scanning)
    const look = async () => {
      if (!stream || !video) return
      try {
        const codes = await detector.detect(video)
        const value = codes.find(c => c.rawValue)?.rawValue
        if (value) {
          stop()
          input.value = codeFrom(value)
          say(d.read)
          form.requestSubmit()
          return
        }
      } catch {
        // a frame that could not be read: try the next one
      }
      timer = setTimeout(look, 250)
    }
    void look()
  }

  button.addEventListener('click', () => (stream ? stop() : void start()))
  window.addEventListener('pagehide', stop)
  root.hidden = false
}

void canScan().then(ok => ok && setUp())
