import type { Locale, Translate } from '../i18n/i18n.js'
import type { TenantContext } from '../tenancy/tenant-service.js'
import type { Session } from '../db/schema.js'
import type { Permission, RoleAssignment } from '../auth/permissions.js'
import type { Child } from 'hono/jsx'
import type { ApiKeyScope } from '../auth/api-keys/api-key-format.js'
import type { ApiKeyPrincipal } from '../auth/api-keys/api-key-service.js'

/** Who may call a route. Every route declares one (checked at startup and by a test). */
export type AuthRequirement =
  /** anyone */
  | 'public'
  /** a logged-in resident of the tenant in the path */
  | 'resident'
  /** staff between password and MFA (enrolment or code entry) */
  | 'staff-login'
  /** staff with a complete MFA session; add `permission` for finer checks */
  | 'staff'
  /** a live API key of the tenant in the path holding `scope` (see auth/api-keys/api-key-auth.ts) */
  | 'api-key'

export interface StaffPrincipal {
  id: string
  email: string
  displayName: string
  assignments: RoleAssignment[]
  permissions: Set<Permission>
}

export interface ResidentPrincipal {
  id: string
  displayName: string
  assurance: 'low' | 'high'
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRequirement
    permission?: Permission
    /** false only for endpoints that authenticate otherwise (webhooks, OIDC provider, API keys) */
    csrf?: boolean
    /** the scope an `auth: 'api-key'` route requires */
    scope?: ApiKeyScope
  }
  interface FastifyRequest {
    tenant?: TenantContext
    locale: Locale
    t: Translate
    residentSession?: Session
    resident?: ResidentPrincipal
    staffSession?: Session
    staff?: StaffPrincipal
    /** the API key of an `auth: 'api-key'` route, once authenticated */
    apiKey?: ApiKeyPrincipal
    csrfToken: string
  }
  interface FastifyReply {
    /** Renders a JSX page as text/html (status 200 unless given). */
    html(node: Child, status?: number): Promise<FastifyReply>
  }
}
