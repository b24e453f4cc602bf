// Enhancements of the notification settings page (通知の設定), loaded only there:
//  (a) web push: register /sw.js, subscribe with the site's VAPID key and send the subscription
//      to the server (CSRF token from the page), or unsubscribe;
//  (b) "use my current location": fill the latitude and longitude fields from the device.
// The page works without this file: push then says it needs JavaScript, and the district is
// chosen from the list. All text comes from data-* attributes (translated by the server).

function keyBytes(base64url) {
  const padded = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/')
  const raw = atob(padded)
  const bytes = new Uint8Array(raw.length)
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i)
  return bytes
}

function isSameKey(buffer, base64url) {
  if (!buffer) return false
  const a = new Uint8Array(buffer)
  const b = keyBytes(base64url)
  return a.length === b.length && a.every((v, i) => v === b[i])
}

function settingsUrlWith(notice) {
  const url = new URL(window.location.href)
  url.search = `?notice=${notice}`
  url.hash = 'channels-title'
  return url.toString()
}

async function setUpPush(root) {
  const d = root.dataset
  const status = root.querySelector('[data-push-status]')
  const subscribe = root.querySelector('[data-push-subscribe]')
  const unsubscribe = root.querySelector('[data-push-unsubscribe]')
  const say = text => {
    status.textContent = text
  }
  root.querySelector('[data-push-needs-js]').hidden = true
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window) || !window.isSecureContext) {
    say(d.pushUnsupported)
    return
  }
  root.querySelector('[data-push-lead]').hidden = false
  let registration
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' })
    registration = await navigator.serviceWorker.ready
  } catch {
    say(d.pushFailed)
    return
  }
  const headers = { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': d.pushCsrf }
  const refresh = async () => {
    const current = await registration.pushManager.getSubscription()
    subscribe.hidden = Boolean(current)
    unsubscribe.hidden = !current
  }
  await refresh()

  subscribe.addEventListener('click', async () => {
    subscribe.disabled = true
    say(d.pushWorking)
    try {
      if ((await Notification.requestPermission()) !== 'granted') {
        say(d.pushDenied)
        return
      }
      let current = await registration.pushManager.getSubscription()
      // A subscription made with another server key cannot receive our messages.
      if (current && !isSameKey(current.options.applicationServerKey, d.pushKey)) {
        await current.unsubscribe()
        current = null
      }
      current = current || (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(d.pushKey) }))
      const response = await fetch(d.pushUrl, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(current.toJSON()) })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      say(d.pushSubscribed)
      window.location.assign(settingsUrlWith('push-on'))
    } catch {
      say(d.pushFailed)
    } finally {
      subscribe.disabled = false
      await refresh()
    }
  })

  unsubscribe.addEventListener('click', async () => {
    unsubscribe.disabled = true
    say(d.pushWorking)
    try {
      const current = await registration.pushManager.getSubscription()
      if (current) {
        const response = await fetch(d.pushUrl, { method: 'DELETE', headers, credentials: 'same-origin', body: JSON.stringify({ endpoint: current.endpoint }) })
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        await current.unsubscribe()
      }
      say(d.pushUnsubscribed)
      window.location.assign(settingsUrlWith('push-off'))
    } catch {
      say(d.pushFailed)
    } finally {
      unsubscribe.disabled = false
      await refresh()
    }
  })
}

function setUpLocation() {
  const button = document.querySelector('[data-use-location]')
  const lat = document.getElementById('homeLat')
  const lng = document.getElementById('homeLng')
  if (!button || !lat || !lng || !('geolocation' in navigator)) return
  const status = document.querySelector('[data-location-status]')
  const needsJs = document.querySelector('[data-location-needs-js]')
  if (needsJs) needsJs.hidden = true
  button.hidden = false
  const say = text => {
    if (status) status.textContent = text
  }
  button.addEventListener('click', () => {
    button.disabled = true
    say(button.dataset.locationWorking)
    navigator.geolocation.getCurrentPosition(
      position => {
        lat.value = position.coords.latitude.toFixed(6)
        lng.value = position.coords.longitude.toFixed(6)
        button.disabled = false
        say(button.dataset.locationDone)
      },
      () => {
        button.disabled = false
        say(button.dataset.locationFailed)
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 10 * 60 * 1000 },
    )
  })
}

const pushRoot = document.getElementById('push-settings')
if (pushRoot) setUpPush(pushRoot)
setUpLocation()
