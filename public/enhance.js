// Yakuba progressive enhancement. Every page works without this file; it only saves effort.
// Loaded as <script src="/static/enhance.js" type="module" defer>. All text comes from data-*.
const $ = id => id && document.getElementById(id)

// (a) Postal code → address. <input data-postal-lookup="/t/api/v1/postal-codes/"
// data-postal-prefecture|city|town="ids" data-postal-status="id" data-postal-found|not-found|failed>
const filled = new WeakMap() // field → the value we put there; a field the resident edited is left alone
const digitsOf = value =>
  value.replace(/[０-９]/g, c => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\-－ー‐―−]/g, '')

async function lookUpPostalCode(input) {
  const d = input.dataset
  const digits = digitsOf(input.value)
  if (!/^\d{7}$/.test(digits) || digits === input.yakubaLookedUp) return false
  input.yakubaLookedUp = digits
  const status = $(d.postalStatus)
  const say = text => status && (status.textContent = text)
  let addresses
  try {
    const response = await fetch(d.postalLookup + digits, { headers: { accept: 'application/json' } })
    if (digitsOf(input.value) !== digits) return true // the resident typed on; a newer lookup follows
    addresses = response.ok ? (await response.json()).addresses ?? [] : response.status === 404 ? [] : null
  } catch {
    addresses = null
  }
  if (!addresses) {
    input.yakubaLookedUp = undefined
    say(d.postalFailed)
    return true
  }
  if (!addresses.length) {
    say(d.postalNotFound)
    return true
  }
  const first = addresses[0]
  // One postal code can cover several towns: fill the town only when it is the same for all.
  const town = addresses.every(a => a.town === first.town) ? first.town : ''
  const parts = [
    [d.postalPrefecture, first.prefecture],
    [d.postalCity, first.city],
    [d.postalTown, town],
  ]
  for (const [id, value] of parts) {
    const field = $(id)
    if (field && (field.value === '' || field.value === filled.get(field))) {
      field.value = value
      filled.set(field, value)
    }
  }
  say((d.postalFound ?? '').replace('{address}', first.prefecture + first.city + town))
  return true
}

for (const input of document.querySelectorAll('input[data-postal-lookup]')) {
  input.addEventListener('input', () => void lookUpPostalCode(input))
  // With JavaScript the lookup button looks up in place instead of posting the form back.
  const button = input.closest('.postal-field')?.querySelector('button[name="postalLookup"]')
  button?.addEventListener('click', event => {
    if (/^\d{7}$/.test(digitsOf(input.value))) {
      event.preventDefault()
      input.yakubaLookedUp = undefined
      void lookUpPostalCode(input)
    }
  })
}

// (b) <form data-confirm="本当に取り消しますか？"> asks before submitting.
document.addEventListener('submit', event => {
  const message = event.target.dataset?.confirm
  if (message && !window.confirm(message)) event.preventDefault()
})

// (c) <button data-copy="text" data-copied-label="コピーしました" hidden> copies; shown only with JS.
for (const button of document.querySelectorAll('button[data-copy]')) {
  if (!navigator.clipboard) continue
  button.hidden = false
  button.addEventListener('click', async () => {
    const status = button.parentElement?.querySelector('[role="status"]')
    try {
      await navigator.clipboard.writeText(button.dataset.copy)
      if (status) status.textContent = button.dataset.copiedLabel ?? ''
    } catch {
      button.hidden = true // clipboard refused: the text is on the page to copy by hand
    }
  })
}

// (d) Focus the error summary where the browser ignored its autofocus.
const summary = document.querySelector('[data-error-summary]')
if (summary && (document.activeElement === document.body || !document.activeElement)) summary.focus()

// Waiting pages reload (not <meta refresh>: WCAG 2.2.1).
const reload = document.querySelector('[data-auto-reload]')
if (reload) setTimeout(() => location.reload(), Math.max(1000, Number(reload.dataset.autoReload) || 3000))
