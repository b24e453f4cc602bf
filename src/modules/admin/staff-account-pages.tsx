import type { PageContext } from '../../platform/views/page-context.js'
import { Button, ButtonLink, CsrfField, Pagination, Radios, Select, SummaryList, Table, Tag, TextField } from '../../platform/views/components/index.js'
import { STAFF_ROLES } from '../../platform/auth/permissions.js'
import { formatDateTime } from '../../platform/views/format.js'
import { errorSummaryItems, type FieldErrors } from './admin-forms.js'
import { isLocked, isRemovingOwnLastAdministratorRole } from './admin-rules.js'
import { ConsolePage, departmentLabel, roleLabel } from './admin-views.js'
import type { DepartmentRow } from './department-repository.js'
import type { RoleAssignmentRow } from './staff-account-repository.js'
import type { StaffAccountWithRoles } from './staff-account-service.js'

function base(ctx: PageContext) {
  return `/${ctx.tenant?.slug}/staff/admin/staff`
}

function paginationLabels(ctx: PageContext) {
  return { previous: ctx.t('common.previous'), next: ctx.t('common.next'), page: ctx.t('common.page'), nav: ctx.t('common.pagination') }
}

/** "担当職員(子育て支援課)" or "管理者(市区町村全体)". */
function assignmentLabel(ctx: PageContext, a: RoleAssignmentRow): string {
  const scope = a.departmentName === null ? ctx.t('admin.staff.wholeMunicipality') : departmentLabel(ctx, { name: a.departmentName, nameEn: a.departmentNameEn ?? '' })
  return ctx.t('admin.staff.assignment', { role: roleLabel(ctx.t, a.role), scope })
}

function StatusTag({ ctx, status }: { ctx: PageContext; status: 'active' | 'disabled' }) {
  return status === 'active' ? <Tag tone="green">{ctx.t('admin.staff.status.active')}</Tag> : <Tag tone="grey">{ctx.t('admin.staff.status.disabled')}</Tag>
}

function departmentOptions(ctx: PageContext, departments: DepartmentRow[]) {
  return [{ value: '', label: ctx.t('admin.staff.wholeMunicipality') }, ...departments.map(d => ({ value: d.id, label: `${departmentLabel(ctx, d)} (${d.code})` }))]
}

function roleOptions(ctx: PageContext) {
  return STAFF_ROLES.map(role => ({ value: role, label: roleLabel(ctx.t, role), hint: ctx.t(`admin.roleHints.${role}`) }))
}

export function StaffAccountsPage({ ctx, rows, page, pageCount, total, notice }: { ctx: PageContext; rows: StaffAccountWithRoles[]; page: number; pageCount: number; total: number; notice?: string }) {
  const { t } = ctx
  return (
    <ConsolePage ctx={ctx} title={t('admin.staff.title')} notice={notice}>
      <h1>{t('admin.staff.title')}</h1>
      <p>{t('admin.staff.lead', { count: total })}</p>
      <p>
        <ButtonLink href={`${base(ctx)}/new`}>{t('admin.staff.createLink')}</ButtonLink>
      </p>
      <Table
        caption={t('admin.staff.listCaption')}
        head={[t('admin.staff.displayName'), t('admin.staff.roles'), t('admin.staff.statusLabel'), t('admin.staff.mfa'), t('admin.staff.locked')]}
        firstCellIsHeader
        rows={rows.map(a => [
          <>
            <a href={`${base(ctx)}/${a.id}`}>{a.displayName}</a>
            <br />
            <span class="muted">{a.email}</span>
          </>,
          a.assignments.length === 0 ? (
            t('admin.staff.noRoles')
          ) : (
            <ul class="list-plain">
              {a.assignments.map(r => (
                <li>{assignmentLabel(ctx, r)}</li>
              ))}
            </ul>
          ),
          <StatusTag ctx={ctx} status={a.status} />,
          a.totpEnrolledAt ? t('admin.yes') : t('admin.no'),
          isLocked(a.lockedUntil) ? <Tag tone="red">{t('admin.staff.lockedYes')}</Tag> : t('admin.no'),
        ])}
      />
      <Pagination page={page} pageCount={pageCount} hrefFor={p => `${base(ctx)}?page=${p}`} labels={paginationLabels(ctx)} />
    </ConsolePage>
  )
}

export interface StaffAccountForm {
  email?: string
  displayName?: string
  role?: string
  departmentId?: string
}

export function NewStaffAccountPage({ ctx, departments, form = {}, errors = {} }: { ctx: PageContext; departments: DepartmentRow[]; form?: StaffAccountForm; errors?: FieldErrors }) {
  const { t } = ctx
  const prefix = t('common.errorPrefix')
  return (
    <ConsolePage ctx={ctx} title={t('admin.staff.newTitle')} errors={errorSummaryItems(errors, ['email', 'displayName', 'password', 'role', 'departmentId'])}>
      <p>
        <a href={base(ctx)} class="back-link">
          {t('admin.staff.back')}
        </a>
      </p>
      <h1>{t('admin.staff.newTitle')}</h1>
      <p>{t('admin.staff.newLead')}</p>
      <form method="post" action={`${base(ctx)}/new`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="email" type="email" label={t('admin.staff.email')} value={form.email} error={errors.email} errorPrefix={prefix} autocomplete="off" spellcheck={false} />
        <TextField name="displayName" label={t('admin.staff.displayName')} value={form.displayName} error={errors.displayName} errorPrefix={prefix} autocomplete="off" />
        <TextField name="password" type="password" label={t('admin.staff.password')} hint={t('admin.staff.passwordHint')} error={errors.password} errorPrefix={prefix} autocomplete="new-password" />
        <Radios name="role" legend={t('admin.staff.role')} options={roleOptions(ctx)} value={form.role} error={errors.role} errorPrefix={prefix} />
        <Select name="departmentId" label={t('admin.staff.department')} hint={t('admin.staff.departmentHint')} options={departmentOptions(ctx, departments)} value={form.departmentId} error={errors.departmentId} errorPrefix={prefix} />
        <Button variant="primary">{t('admin.staff.create')}</Button>
      </form>
    </ConsolePage>
  )
}

function ActionForm({ ctx, action, label, lead, variant = 'secondary' }: { ctx: PageContext; action: string; label: string; lead: string; variant?: 'secondary' | 'warning' }) {
  return (
    <form method="post" action={action} class="action-form">
      <CsrfField token={ctx.csrfToken} />
      <p>{lead}</p>
      <Button variant={variant}>{label}</Button>
    </form>
  )
}

export function StaffAccountPage({
  ctx,
  account,
  departments,
  form = {},
  errors = {},
  notice,
}: {
  ctx: PageContext
  account: StaffAccountWithRoles
  departments: DepartmentRow[]
  form?: StaffAccountForm
  /** add-role field errors, or `form` for a refused action */
  errors?: FieldErrors
  notice?: string
}) {
  const { t } = ctx
  const prefix = t('common.errorPrefix')
  const self = `${base(ctx)}/${account.id}`
  const locked = isLocked(account.lockedUntil)
  const isSelf = ctx.staff?.id === account.id
  return (
    <ConsolePage ctx={ctx} title={account.displayName} notice={notice} errors={errorSummaryItems(errors, ['form', 'role', 'departmentId'])}>
      <p>
        <a href={base(ctx)} class="back-link">
          {t('admin.staff.back')}
        </a>
      </p>
      <h1 id="form" tabindex={-1}>
        {account.displayName}
      </h1>
      <SummaryList
        rows={[
          { key: t('admin.staff.email'), value: account.email },
          { key: t('admin.staff.statusLabel'), value: <StatusTag ctx={ctx} status={account.status} /> },
          { key: t('admin.staff.mfa'), value: account.totpEnrolledAt ? t('admin.staff.mfaEnrolledAt', { at: formatDateTime(account.totpEnrolledAt, ctx.locale) }) : t('admin.staff.mfaNotEnrolled') },
          {
            key: t('admin.staff.locked'),
            value: locked && account.lockedUntil ? <Tag tone="red">{t('admin.staff.lockedUntil', { at: formatDateTime(account.lockedUntil, ctx.locale) })}</Tag> : t('admin.no'),
          },
          { key: t('admin.staff.lastLogin'), value: account.lastLoginAt ? formatDateTime(account.lastLoginAt, ctx.locale) : t('admin.staff.never') },
          { key: t('admin.staff.createdAt'), value: formatDateTime(account.createdAt, ctx.locale) },
        ]}
      />

      <h2>{t('admin.staff.rolesHeading')}</h2>
      {account.assignments.length === 0 ? (
        <p>{t('admin.staff.noRoles')}</p>
      ) : (
        <Table
          caption={t('admin.staff.rolesHeading')}
          head={[t('admin.staff.role'), t('admin.staff.department'), '']}
          rows={account.assignments.map(a => [
            roleLabel(t, a.role),
            a.departmentName === null ? t('admin.staff.wholeMunicipality') : departmentLabel(ctx, { name: a.departmentName, nameEn: a.departmentNameEn ?? '' }),
            // the service refuses this too; here the button is replaced by the reason
            ctx.staff && isRemovingOwnLastAdministratorRole(ctx.staff.id, account.id, account.assignments, a.id) ? (
              <span class="muted">{t('admin.staff.ownLastAdministratorNote')}</span>
            ) : (
            <form method="post" action={`${self}/roles/${a.id}/delete`} class="inline-form">
              <CsrfField token={ctx.csrfToken} />
              <Button variant="warning">
                {t('admin.staff.removeRole')}
                <span class="visually-hidden"> {assignmentLabel(ctx, a)}</span>
              </Button>
            </form>
            ),
          ])}
        />
      )}

      <h2>{t('admin.staff.addRoleHeading')}</h2>
      <form method="post" action={`${self}/roles`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Radios name="role" legend={t('admin.staff.role')} options={roleOptions(ctx)} value={form.role} error={errors.role} errorPrefix={prefix} />
        <Select name="departmentId" label={t('admin.staff.department')} hint={t('admin.staff.departmentHint')} options={departmentOptions(ctx, departments)} value={form.departmentId} error={errors.departmentId} errorPrefix={prefix} />
        <Button variant="primary">{t('admin.staff.addRole')}</Button>
      </form>

      <h2>{t('admin.staff.accountHeading')}</h2>
      {locked && <ActionForm ctx={ctx} action={`${self}/unlock`} label={t('admin.staff.unlock')} lead={t('admin.staff.unlockLead')} />}
      <ActionForm ctx={ctx} action={`${self}/reset-mfa`} label={t('admin.staff.resetMfa')} lead={t('admin.staff.resetMfaLead')} variant="warning" />
      {account.status === 'active' ? (
        !isSelf && <ActionForm ctx={ctx} action={`${self}/disable`} label={t('admin.staff.disable')} lead={t('admin.staff.disableLead')} variant="warning" />
      ) : (
        <ActionForm ctx={ctx} action={`${self}/enable`} label={t('admin.staff.enable')} lead={t('admin.staff.enableLead')} />
      )}
    </ConsolePage>
  )
}
