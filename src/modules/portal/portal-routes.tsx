import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../platform/platform.js'
import { pageContext } from '../../platform/views/page-context.js'
import { sendAnonymousPage } from '../../platform/views/page-cache.js'
import { LOCALE_COOKIE, isSecureCookie, tenantOf } from '../../platform/http/pipeline.js'
import { isLocale } from '../../platform/i18n/i18n.js'
import { lookupAddress, normalizePostalCode, formatPostalCode } from '../../jp/postal.js'
import { isSafeReturnPath, isUuid, pageNumber } from '../../platform/http/params.js'
import { createPortalService } from './portal-service.js'
import { ContactSchema, contactErrors } from './portal-schemas.js'
import { HomePage, InboxPage, MessagePage, MyPage, RootPage, type ContactFormValues } from './portal-pages.js'


const FORM_FIELDS = ['email', 'phone', 'postalCode', 'addressPrefecture', 'addressCity', 'addressTown', 'addressStreet'] as const

function formValues(body: unknown): ContactFormValues {
  const b = (body ?? {}) as Record<string, unknown>
  const pick = (k: string) => (typeof b[k] === 'string' ? (b[k] as string).slice(0, 300) : '')
  return Object.fromEntries(FORM_FIELDS.map(f => [f, pick(f)])) as unknown as ContactFormValues
}

/** The resident portal: municipality list, home, language, my page (profile, contact), inbox. */
export function registerPortalRoutes(app: FastifyInstance, platform: Platform) {
  const portal = createPortalService(platform.database.db)

  app.get('/', { config: { auth: 'public' } }, async (req, reply) => reply.html(<RootPage ctx={pageContext(req)} tenants={await platform.tenants.listTenants()} />))

  app.get('/:tenant', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    // 災害モード (or its drill): the home page is the emergency page until staff switch back.
    if (tenant.settings.disasterMode.state !== 'off' && tenant.settings.features.includes('disaster')) return reply.header('cache-control', 'no-store').redirect(`/${tenant.slug}/disaster`, 302)
    return sendAnonymousPage(req, reply, ctx => <HomePage ctx={ctx} tenant={tenant} />)
  })

  // The tenant's brand colour as a stylesheet (a strict CSP forbids inline styles).
  app.get('/:tenant/branding.css', { config: { auth: 'public' } }, async (req, reply) => {
    const colour = tenantOf(req).settings.brandColour
    return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(`:root{--brand-colour:${colour};}\n`)
  })

  // A plain link switches language (works without JS); the choice is kept in a cookie.
  app.get('/:tenant/language/:locale', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { locale } = req.params as { locale: string }
    if (!isLocale(locale) || !tenant.settings.languages.includes(locale)) return reply.callNotFound()
    reply.setCookie(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', httpOnly: true, secure: isSecureCookie(platform), maxAge: 365 * 24 * 3600 })
    const back = String((req.query as { return?: unknown }).return ?? '')
    const target = isSafeReturnPath(tenant.slug, back) ? back : `/${tenant.slug}`
    return reply.redirect(target.replace(/([?&])lang=[^&]*&?/, '$1').replace(/[?&]$/, ''), 303)
  })

  async function renderMyPage(req: Parameters<typeof pageContext>[0], form?: ContactFormValues, errors: Record<string, string> = {}, status = 200, postalStatus?: string) {
    const tenant = tenantOf(req)
    const residentId = req.resident!.id // auth: 'resident' guarantees it
    const profile = await portal.getProfile(tenant.id, residentId)
    const r = profile.resident
    const values: ContactFormValues = form ?? {
      email: r.email ?? '',
      phone: r.phone ?? '',
      postalCode: r.postalCode ? (formatPostalCode(r.postalCode) ?? r.postalCode) : '',
      addressPrefecture: r.addressPrefecture ?? '',
      addressCity: r.addressCity ?? '',
      addressTown: r.addressTown ?? '',
      addressStreet: r.addressStreet ?? '',
    }
    const notice = (req.query as { saved?: string }).saved ? req.t('portal.mypage.saved') : undefined
    return { node: <MyPage ctx={pageContext(req)} profile={{ basicInfo: profile.basicInfo, views: profile.views }} form={values} errors={errors} notice={status === 200 ? notice : undefined} postalStatus={postalStatus} />, status }
  }

  app.get('/:tenant/mypage', { config: { auth: 'resident' } }, async (req, reply) => {
    const { node, status } = await renderMyPage(req)
    return reply.header('cache-control', 'no-store').html(node, status)
  })

  app.post('/:tenant/mypage/contact', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const form = formValues(req.body)
    // Without JS, the lookup button posts the form back: fill the address from the postal code.
    if ((req.body as { postalLookup?: string } | undefined)?.postalLookup) {
      const postal = normalizePostalCode(form.postalCode)
      if (!postal) {
        const { node } = await renderMyPage(req, form, { postalCode: req.t('portal.mypage.invalidPostal') }, 422)
        return reply.html(node, 422)
      }
      const [address] = await lookupAddress(postal)
      if (address) Object.assign(form, { addressPrefecture: address.prefecture, addressCity: address.city, addressTown: address.town })
      const { node } = await renderMyPage(req, form, {}, 200, req.t(address ? 'portal.mypage.postalFound' : 'portal.mypage.postalNotFound'))
      return reply.html(node)
    }
    const parsed = ContactSchema.safeParse(form)
    if (!parsed.success) {
      const errors = Object.fromEntries(Object.entries(contactErrors(parsed.error)).map(([field, e]) => [field, req.t(e.key, e.params)]))
      const { node } = await renderMyPage(req, form, errors, 422)
      return reply.html(node, 422)
    }
    await portal.updateContact(tenant.id, req.resident!.id /* auth: 'resident' */, parsed.data)
    return reply.redirect(`/${tenant.slug}/mypage?saved=1`, 303)
  })

  app.get('/:tenant/inbox', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const page = pageNumber((req.query as { page?: unknown }).page)
    const result = await portal.listMessages(tenant.id, req.resident!.id /* auth: 'resident' */, page)
    return reply.header('cache-control', 'no-store').html(<InboxPage ctx={pageContext(req)} rows={result.rows} unread={result.unread} page={page} pageCount={result.pageCount} />)
  })

  app.get('/:tenant/inbox/:messageId', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { messageId } = req.params as { messageId: string }
    if (!isUuid(messageId)) return reply.callNotFound()
    const message = await portal.findMessage(tenant.id, req.resident!.id /* auth: 'resident' */, messageId)
    if (!message) return reply.callNotFound()
    return reply.header('cache-control', 'no-store').html(<MessagePage ctx={pageContext(req)} message={message} />)
  })
}
