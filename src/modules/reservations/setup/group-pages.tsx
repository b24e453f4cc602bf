/** 団体登録: staff list and decision page; the resident's application form and their groups. */
import type { PageContext } from '../../../platform/views/page-context.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { Layout } from '../../../platform/views/layout.js'
import { Button, ButtonLink, Checkboxes, CsrfField, ErrorSummary, NotificationBanner, Select, SummaryList, Table, Tag, type TagTone } from '../../../platform/views/components/index.js'
import type { FeeExemption, GroupStatus, ReservationGroup } from '../reservation-tables.js'
import type { GroupRow } from './group-repository.js'
import { BackLink, Field, localName, SetupPage, setupBase, valueOf, valuesOf, type FormState, type SummaryItem } from './setup-views.js'

const STATUS_TONES: Record<GroupStatus, TagTone> = { pending: 'yellow', approved: 'green', rejected: 'red', suspended: 'grey' }
export const GROUP_STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const satisfies readonly GroupStatus[]

export const groupStatusTag = (ctx: PageContext, status: GroupStatus) => <Tag tone={STATUS_TONES[status]}>{ctx.t(`reservations.setup.groups.status.${status}`)}</Tag>

function exemptionName(ctx: PageContext, exemptions: readonly FeeExemption[], code: string | null): string {
  if (!code) return ctx.t('reservations.setup.groups.noExemption')
  const exemption = exemptions.find(e => e.code === code)
  return exemption ? `${localName(exemption.names, ctx.locale)}(${exemption.percentOff}%)` : code
}

export function GroupListPage({ ctx, groups, status, notice }: { ctx: PageContext; groups: GroupRow[]; status?: GroupStatus; notice?: string }) {
  const { t } = ctx
  const base = `${setupBase(ctx)}/groups`
  const title = t('reservations.setup.groups.title')
  return (
    <SetupPage ctx={ctx} title={title} section="groups" notice={notice}>
      <h1>{title}</h1>
      <p class="lead">{t('reservations.setup.groups.lead')}</p>
      <nav aria-label={t('reservations.setup.groups.filterLabel')}>
        <ul class="list-plain builder-inline-list">
          <li>
            <a href={base} aria-current={status === undefined ? 'page' : undefined}>
              {t('reservations.setup.groups.all')}
            </a>
          </li>
          {GROUP_STATUSES.map(s => (
            <li>
              <a href={`${base}?status=${s}`} aria-current={status === s ? 'page' : undefined}>
                {t(`reservations.setup.groups.status.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {groups.length === 0 ? (
        <p>{t('reservations.setup.groups.empty')}</p>
      ) : (
        <Table
          caption={status ? t('reservations.setup.groups.captionStatus', { status: t(`reservations.setup.groups.status.${status}`) }) : t('reservations.setup.groups.caption')}
          head={[t('reservations.setup.groups.name'), t('reservations.setup.groups.registrationNumber'), t('reservations.setup.groups.memberCount'), t('reservations.setup.groups.representative'), t('reservations.setup.groups.statusLabel'), t('reservations.setup.groups.appliedAt')]}
          firstCellIsHeader
          numericColumns={[2]}
          rows={groups.map(group => [<a href={`${base}/${group.id}`}>{group.name}</a>, <code>{group.registrationNumber}</code>, String(group.memberCount), group.representativeName ?? '', groupStatusTag(ctx, group.status), formatDateTime(group.createdAt, ctx.locale)])}
        />
      )}
    </SetupPage>
  )
}

export function GroupDetailPage({ ctx, group, exemptions, state, summary = [], notice }: { ctx: PageContext; group: GroupRow; exemptions: FeeExemption[]; state: FormState; summary?: SummaryItem[]; notice?: string }) {
  const { t } = ctx
  const base = `${setupBase(ctx)}/groups/${group.id}`
  const title = t('reservations.setup.groups.detailTitle', { name: group.name })
  const canApprove = group.status !== 'approved'
  return (
    <SetupPage ctx={ctx} title={title} section="groups" errors={summary} notice={notice}>
      <BackLink href={`${setupBase(ctx)}/groups`}>{t('reservations.setup.groups.back')}</BackLink>
      <h1>{title}</h1>
      <SummaryList
        rows={[
          { key: t('reservations.setup.groups.registrationNumber'), value: <code>{group.registrationNumber}</code> },
          { key: t('reservations.setup.groups.statusLabel'), value: groupStatusTag(ctx, group.status) },
          { key: t('reservations.setup.groups.representative'), value: group.representativeName ?? t('reservations.setup.groups.noRepresentative') },
          { key: t('reservations.setup.groups.memberCount'), value: String(group.memberCount) },
          { key: t('reservations.setup.groups.isResidentGroup'), value: group.isResidentGroup ? t('reservations.setup.yes') : t('reservations.setup.no') },
          { key: t('reservations.setup.groups.exemption'), value: exemptionName(ctx, exemptions, group.exemptionCode) },
          { key: t('reservations.setup.groups.priorityDays'), value: t('reservations.setup.groups.daysValue', { days: group.priorityDays }) },
          { key: t('reservations.setup.groups.maxActiveBookings'), value: String(group.maxActiveBookings) },
          { key: t('reservations.setup.groups.appliedAt'), value: formatDateTime(group.createdAt, ctx.locale) },
          ...(group.approvedAt ? [{ key: t('reservations.setup.groups.approvedAt'), value: formatDateTime(group.approvedAt, ctx.locale) }] : []),
        ]}
      />
      {canApprove ? (
        <>
          <h2>{t(group.status === 'pending' ? 'reservations.setup.groups.approveHeading' : 'reservations.setup.groups.reinstateHeading')}</h2>
          <form method="post" action={`${base}/approve`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <Field ctx={ctx} state={state} name="priorityDays" label={t('reservations.setup.groups.priorityDays')} hint={t('reservations.setup.groups.priorityDaysHint')} required type="number" width="5" />
            <Field ctx={ctx} state={state} name="maxActiveBookings" label={t('reservations.setup.groups.maxActiveBookings')} hint={t('reservations.setup.groups.maxActiveBookingsHint')} required type="number" width="5" />
            <Select name="exemptionCode" label={t('reservations.setup.groups.exemption')} options={[{ value: '', label: t('reservations.setup.groups.noExemption') }, ...exemptions.map(e => ({ value: e.code, label: exemptionName(ctx, exemptions, e.code) }))]} value={valueOf(state.values, 'exemptionCode')} error={state.errors.exemptionCode} />
            <Checkboxes name="isResidentGroup" legend={t('reservations.setup.groups.isResidentGroup')} options={[{ value: 'yes', label: t('reservations.setup.groups.isResidentGroupLabel') }]} values={valuesOf(state.values, 'isResidentGroup')} />
            <Button>{t('reservations.setup.groups.approve')}</Button>
          </form>
        </>
      ) : null}
      {group.status === 'pending' ? (
        <form method="post" action={`${base}/reject`}>
          <CsrfField token={ctx.csrfToken} />
          <Button variant="warning">{t('reservations.setup.groups.reject')}</Button>
        </form>
      ) : null}
      {group.status === 'approved' ? (
        <form method="post" action={`${base}/suspend`}>
          <CsrfField token={ctx.csrfToken} />
          <p>{t('reservations.setup.groups.suspendLead')}</p>
          <Button variant="warning">{t('reservations.setup.groups.suspend')}</Button>
        </form>
      ) : null}
    </SetupPage>
  )
}

/** The resident's groups, with a link to apply. */
export function MyGroupsPage({ ctx, groups, notice }: { ctx: PageContext; groups: ReservationGroup[]; notice?: string }) {
  const { t } = ctx
  const base = `/${ctx.tenant?.slug}/reservations`
  const title = t('reservations.setup.myGroups.title')
  return (
    <Layout ctx={ctx} title={title}>
      <BackLink href={base}>{t('reservations.setup.myGroups.back')}</BackLink>
      {notice ? (
        <NotificationBanner title={t('reservations.setup.done')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      ) : null}
      <h1>{title}</h1>
      <p class="lead">{t('reservations.setup.myGroups.lead')}</p>
      {groups.length === 0 ? (
        <p>{t('reservations.setup.myGroups.empty')}</p>
      ) : (
        <Table
          caption={title}
          head={[t('reservations.setup.groups.name'), t('reservations.setup.groups.registrationNumber'), t('reservations.setup.groups.statusLabel')]}
          firstCellIsHeader
          rows={groups.map(group => [group.name, <code>{group.registrationNumber}</code>, <>{groupStatusTag(ctx, group.status)} {group.status === 'pending' ? <span class="muted">{t('reservations.setup.myGroups.pendingNote')}</span> : null}</>])}
        />
      )}
      <ButtonLink href={`${base}/groups/new`}>{t('reservations.setup.myGroups.apply')}</ButtonLink>
    </Layout>
  )
}

export function GroupApplicationPage({ ctx, exemptions, state, summary = [] }: { ctx: PageContext; exemptions: FeeExemption[]; state: FormState; summary?: SummaryItem[] }) {
  const { t } = ctx
  const base = `/${ctx.tenant?.slug}/reservations/groups`
  const title = t('reservations.setup.groupApply.title')
  return (
    <Layout ctx={ctx} title={summary.length > 0 ? `${t('reservations.setup.errorTitlePrefix')}${title}` : title}>
      <BackLink href={base}>{t('reservations.setup.groupApply.back')}</BackLink>
      <ErrorSummary title={t('reservations.setup.errorSummary')} errors={summary} />
      <h1>{title}</h1>
      <p class="lead">{t('reservations.setup.groupApply.lead')}</p>
      <form method="post" action={`${base}/new`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field ctx={ctx} state={state} name="name" label={t('reservations.setup.groups.name')} required />
        <Field ctx={ctx} state={state} name="memberCount" label={t('reservations.setup.groups.memberCount')} hint={t('reservations.setup.groupApply.memberCountHint')} required type="number" width="5" />
        <Checkboxes name="isResidentGroup" legend={t('reservations.setup.groups.isResidentGroup')} options={[{ value: 'yes', label: t('reservations.setup.groups.isResidentGroupLabel') }]} values={valuesOf(state.values, 'isResidentGroup')} />
        <Select
          name="exemptionCode"
          label={t('reservations.setup.groupApply.exemption')}
          hint={t('reservations.setup.groupApply.exemptionHint')}
          options={[{ value: '', label: t('reservations.setup.groups.noExemption') }, ...exemptions.map(e => ({ value: e.code, label: localName(e.names, ctx.locale) }))]}
          value={valueOf(state.values, 'exemptionCode')}
          error={state.errors.exemptionCode}
        />
        <Checkboxes name="agree" legend={t('reservations.setup.groupApply.agreeLegend')} hint={t('reservations.setup.groupApply.agreeHint')} options={[{ value: 'yes', label: t('reservations.setup.groupApply.agree') }]} values={valuesOf(state.values, 'agree')} error={state.errors.agree} />
        <Button>{t('reservations.setup.groupApply.submit')}</Button>
      </form>
    </Layout>
  )
}
