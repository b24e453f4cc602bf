import type { PageContext } from './page-context.js'
import type { Permission } from '../auth/permissions.js'
import { CsrfField } from './components/index.js'

/** Staff console navigation: each entry shows only for staff whose roles grant it. */
const ITEMS: { path: string; key: string; permission?: Permission }[] = [
  { path: '', key: 'staffNav.home' },
  { path: '/applications', key: 'staffNav.applications', permission: 'procedures.process' },
  { path: '/counter', key: 'staffNav.counter', permission: 'procedures.process' },
  { path: '/procedures', key: 'staffNav.procedures', permission: 'procedures.manage' },
  { path: '/notifications', key: 'staffNav.notifications', permission: 'notifications.send' },
  { path: '/reservations', key: 'staffNav.reservations', permission: 'reservations.operate' },
  { path: '/disaster', key: 'staffNav.disaster', permission: 'disaster.operate' },
  { path: '/residents', key: 'staffNav.residents', permission: 'residents.read-basic-info' },
  { path: '/admin/departments', key: 'staffNav.departments', permission: 'admin.departments' },
  { path: '/admin/staff', key: 'staffNav.staff', permission: 'admin.staff' },
  { path: '/admin/audit', key: 'staffNav.audit', permission: 'audit.read' },
  { path: '/payments', key: 'staffNav.payments', permission: 'payments.read' },
  { path: '/api-keys', key: 'staffNav.apiKeys', permission: 'admin.api-keys' },
  { path: '/sessions', key: 'staffNav.sessions' },
]

export function StaffNav({ ctx }: { ctx: PageContext }) {
  const base = `/${ctx.tenant?.slug}/staff`
  const permissions = ctx.staff?.permissions ?? new Set()
  return (
    <ul>
      {ITEMS.filter(item => !item.permission || permissions.has(item.permission)).map(item => (
        <li>
          <a href={`${base}${item.path}`} aria-current={ctx.currentPath.split('?')[0] === `${base}${item.path}` ? 'page' : undefined}>
            {ctx.t(item.key)}
          </a>
        </li>
      ))}
      <li>
        <form method="post" action={`${base}/logout`} class="inline-form">
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="link-button">{ctx.t('staffAuth.logout')}</button>
        </form>
      </li>
    </ul>
  )
}
