import type { Locale, Translate } from '../i18n/i18n.js'
import type { TenantContext } from '../tenancy/tenant-service.js'
import type { Session } from '../db/schema.js'
import type { Permission, RoleAssignment } from '../auth/permissions.js'
import type { Child } from 'hono/jsx'

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
    /** false only for endpoints that authenticate otherwise (webhooks, OIDC provider) */
    csrf?: boolean
  }
  interface FastifyRequest {
    tenant?: TenantContext
    locale: Locale
    t: Translate
    residentSession?: Session
    resident?: ResidentPrincipal
    staffSession?: Session
    staff?: StaffPrincipal
    csrfToken: string
  }
  interface FastifyReply {
    /** Renders a JSX page as text/html (status 200 unless given). */
    html(node: Child, status?: number): Promise<FastifyReply>
  }
}
