// Shelter check-in page (/:tenant/staff/disaster/shelters/:id/check-in): reads the resident's
// pass QR code (it holds the code SP1-…) with the camera where the browser has BarcodeDetector and
// a camera, and fills in the code field. Progressive enhancement only: without this file (or on
// browsers without BarcodeDetector) typing the code does everything. All text comes from data-*.
const root = document.querySelector('[data-shelter-pass-scanner]')

/** The pass holds the code itself. */
const codeFrom = value => value.trim()

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
  const input = form?.querySelector('input[name="pass"]')
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
    await video.play().catch(() => undefined)
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
