import type { TenantContext } from '../src/platform/tenancy/tenant-service.js'
import { CookieJar, csrfFrom, type TestApp } from './app.js'

/** Path and query of an absolute or relative URL (inject() takes paths). */
export function pathOf(url: string): string {
  const u = new URL(url, 'http://yakuba.test')
  return u.pathname + u.search
}

/**
 * Drives the マイナンバーカード login through the real pages with inject(): portal → dev IdP card
 * choice → callback. Returns the jar and every response on the way for assertions.
 */
export async function loginWithCard(t: TestApp, tenant: TenantContext, cardId: string, jar = new CookieJar()) {
  const loginPage = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/login`, headers: { cookie: jar.header() } })
  jar.store(loginPage.headers['set-cookie'])
  const start = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/card`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(loginPage.body), return: `/${tenant.slug}/mypage` } })
  if (start.statusCode !== 303) throw new Error(`card login did not start: ${start.statusCode} ${start.body.slice(0, 300)}`)
  jar.store(start.headers['set-cookie'])
  const idpJar = new CookieJar()
  let location = String(start.headers.location)
  // Follow the IdP's redirects until it shows the card choice page.
  let page = await t.app.inject({ method: 'GET', url: pathOf(location), headers: { cookie: idpJar.header() } })
  idpJar.store(page.headers['set-cookie'])
  while (page.statusCode >= 300 && page.statusCode < 400) {
    location = String(page.headers.location)
    page = await t.app.inject({ method: 'GET', url: pathOf(location), headers: { cookie: idpJar.header() } })
    idpJar.store(page.headers['set-cookie'])
  }
  const action = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1]
  if (!action) throw new Error(`no card form on the IdP page: ${page.statusCode}`)
  let res = await t.app.inject({ method: 'POST', url: pathOf(action.replace(/&amp;/g, '&')), headers: { cookie: idpJar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ card: cardId }).toString() })
  idpJar.store(res.headers['set-cookie'])
  while (res.statusCode >= 300 && res.statusCode < 400 && !String(res.headers.location).includes('/auth/digital-auth/callback')) {
    res = await t.app.inject({ method: 'GET', url: pathOf(String(res.headers.location)), headers: { cookie: idpJar.header() } })
    idpJar.store(res.headers['set-cookie'])
  }
  const callbackUrl = pathOf(String(res.headers.location))
  const callback = await t.app.inject({ method: 'GET', url: callbackUrl, headers: { cookie: jar.header() } })
  jar.store(callback.headers['set-cookie'])
  return { jar, callback, callbackUrl }
}

/** Logs in by email magic link (the low-assurance login) through the real pages and the dev mailbox. */
export async function loginWithEmail(t: TestApp, tenant: TenantContext, email: string, jar = new CookieJar()) {
  const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/login` })
  jar.store(page.headers['set-cookie'])
  const request = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), email } })
  if (request.statusCode !== 303) throw new Error(`magic link not sent: ${request.statusCode}`)
  await t.platform.jobs.startWorkers()
  await t.platform.jobs.drain()
  const mailbox = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/dev/mail` })
  const escaped = email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const token = new RegExp(`${escaped}[\\s\\S]*?verify\\?token=([A-Za-z0-9_-]+)`).exec(mailbox.body)?.[1]
  if (!token) throw new Error('no magic link in the dev mailbox')
  const consume = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email/verify`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), token } })
  if (consume.statusCode !== 303) throw new Error(`magic link not accepted: ${consume.statusCode} ${consume.body.slice(0, 500)}`)
  jar.store(consume.headers['set-cookie'])
  return { jar }
}
