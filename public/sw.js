// Yakuba service worker: shows the web push notifications the notifications hub sends.
// Served from the site root (/sw.js, scope "/") so that one registration covers every
// municipality's pages. Registered by /static/push-subscribe.js on the notification settings page.
// Payload (JSON, encrypted in transit): { "title": "…", "body": "…", "url": "/demo/inbox/…" }.

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()))

function readPayload(data) {
  if (!data) return {}
  try {
    const parsed = data.json()
    return parsed && typeof parsed === 'object' ? parsed : {}
  } catch {
    return { body: data.text() }
  }
}

self.addEventListener('push', event => {
  const payload = readPayload(event.data)
  const title = typeof payload.title === 'string' && payload.title ? payload.title : 'お知らせ'
  const url = typeof payload.url === 'string' && payload.url ? payload.url : '/'
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof payload.body === 'string' ? payload.body : '',
      data: { url },
      // One notification per link: a repeated or updated notice replaces the earlier one.
      tag: url,
    }),
  )
})

self.addEventListener('notificationclick', event => {
  event.notification.close()
  let target
  try {
    target = new URL(event.notification.data && event.notification.data.url ? event.notification.data.url : '/', self.location.origin)
  } catch {
    target = new URL('/', self.location.origin)
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') target = new URL('/', self.location.origin)
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(windows => {
      for (const client of windows) if (client.url === target.href && 'focus' in client) return client.focus()
      return self.clients.openWindow(target.href)
    }),
  )
})

// When the browser rotates a subscription, the old endpoint answers 410 and the hub drops it;
// the resident turns push on again from the settings page (a new subscription needs their session).
