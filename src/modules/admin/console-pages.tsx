import type { PageContext } from '../../platform/views/page-context.js'
import type { Permission } from '../../platform/auth/permissions.js'
import { ConsolePage, departmentLabel, roleLabel } from './admin-views.js'
import type { ConsoleRole } from './console-service.js'

/** What the console offers, each shown only to staff whose roles grant it. */
const CARDS: { path: string; key: string; permission?: Permission }[] = [
  { path: '/applications', key: 'applications', permission: 'procedures.process' },
  { path: '/counter', key: 'counter', permission: 'procedures.process' },
  { path: '/procedures', key: 'procedures', permission: 'procedures.manage' },
  { path: '/notifications', key: 'notifications', permission: 'notifications.send' },
  { path: '/disaster', key: 'disaster', permission: 'disaster.operate' },
  { path: '/residents', key: 'residents', permission: 'residents.read-basic-info' },
  { path: '/admin/departments', key: 'departments', permission: 'admin.departments' },
  { path: '/admin/staff', key: 'staff', permission: 'admin.staff' },
  { path: '/admin/audit', key: 'audit', permission: 'audit.read' },
  { path: '/sessions', key: 'sessions' },
]

export function ConsoleHomePage({ ctx, displayName, roles }: { ctx: PageContext; displayName: string; roles: ConsoleRole[] }) {
  const { t } = ctx
  const base = `/${ctx.tenant?.slug}/staff`
  const permissions = ctx.staff?.permissions ?? new Set<Permission>()
  return (
    <ConsolePage ctx={ctx} title={t('admin.home.title')}>
      <h1>{t('admin.home.greeting', { name: displayName })}</h1>
      <h2>{t('admin.home.rolesHeading')}</h2>
      {roles.length === 0 ? (
        <p>{t('admin.home.noRoles')}</p>
      ) : (
        <ul>
          {roles.map(r => (
            <li>
              {t('admin.staff.assignment', {
                role: roleLabel(t, r.role),
                scope: r.department ? departmentLabel(ctx, r.department) : t('admin.staff.wholeMunicipality'),
              })}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('admin.home.tasksHeading')}</h2>
      <ul class="card-list">
        {CARDS.filter(card => !card.permission || permissions.has(card.permission)).map(card => (
          <li class="card">
            <h3 class="card__title">
              <a href={`${base}${card.path}`}>{t(`admin.home.cards.${card.key}.title`)}</a>
            </h3>
            <p class="card__description">{t(`admin.home.cards.${card.key}.description`)}</p>
          </li>
        ))}
      </ul>
    </ConsolePage>
  )
}
