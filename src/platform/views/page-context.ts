import type { FastifyRequest } from 'fastify'
import type { Locale, Translate } from '../i18n/i18n.js'
import type { TenantContext } from '../tenancy/tenant-service.js'
import type { ResidentPrincipal, StaffPrincipal } from '../http/types.js'

/** What every page needs from the request: language, tenant, who is logged in, CSRF token. */
export interface PageContext {
  t: Translate
  locale: Locale
  tenant?: TenantContext
  resident?: ResidentPrincipal
  staff?: StaffPrincipal
  csrfToken: string
  /** path + query of the current page, for the language switcher's return */
  currentPath: string
}

export function pageContext(req: FastifyRequest, overrides: { csrfToken?: string } = {}): PageContext {
  return {
    t: req.t,
    locale: req.locale,
    tenant: req.tenant,
    resident: req.resident,
    staff: req.staff,
    // read lazily: only pages that render a form issue a CSRF cookie
    get csrfToken() {
      return overrides.csrfToken ?? req.csrfToken
    },
    currentPath: req.url,
  }
}
