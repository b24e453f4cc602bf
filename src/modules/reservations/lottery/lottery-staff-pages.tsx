/** Staff console pages of the lottery area: list, new lottery, one lottery with its entries and actions. */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { StaffNav } from '../../../platform/views/staff-nav.js'
import { Button, ButtonLink, CsrfField, DateField, ErrorSummary, NotificationBanner, Select, SummaryList, Table, TextField } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import type { Lottery, Resource } from '../reservation-tables.js'
import type { FieldProblems, LotteryFormValues } from './lottery-form.js'
import { LOTTERY_FORM_FIELDS } from './lottery-form.js'
import type { LotteryListRow, EntryRow, LotterySlotRow } from './lottery-repository.js'
import { localized, LotteryStatusTag, periodLabel, slotLabel, StaffEntryStatusTag } from './lottery-views.js'

export const staffLotteriesPath = (ctx: PageContext) => `/${ctx.tenant?.slug}/staff/reservations/lotteries`

function StaffLotteryLayout({ ctx, title, children, notice, errors = [], crumbs = [] }: { ctx: PageContext; title: string; children: Child; notice?: string; errors?: { field: string; message: string }[]; crumbs?: { href: string; label: string }[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('common.errorPrefix')} ${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      <nav class="breadcrumbs" aria-label={t('reservations.lottery.breadcrumbs')}>
        <ol>
          <li>
            <a href={`/${ctx.tenant?.slug}/staff/reservations`}>{t('staffNav.reservations')}</a>
          </li>
          {crumbs.map(crumb => (
            <li>
              <a href={crumb.href}>{crumb.label}</a>
            </li>
          ))}
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      <ErrorSummary title={t('common.errorSummary')} errors={errors} />
      {notice && (
        <NotificationBanner title={t('reservations.lottery.doneTitle')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      )}
      {children}
    </Layout>
  )
}

/** 抽選の一覧 */
export function StaffLotteryListPage({ ctx, lotteries }: { ctx: PageContext; lotteries: LotteryListRow[] }) {
  const { t, locale } = ctx
  const base = staffLotteriesPath(ctx)
  return (
    <StaffLotteryLayout ctx={ctx} title={t('reservations.lottery.staff.listTitle')}>
      <h1>{t('reservations.lottery.staff.listTitle')}</h1>
      <p class="lead">{t('reservations.lottery.staff.listLead')}</p>
      <p>
        <ButtonLink href={`${base}/new`}>{t('reservations.lottery.staff.newButton')}</ButtonLink>
      </p>
      {lotteries.length === 0 ? (
        <p>{t('reservations.lottery.staff.empty')}</p>
      ) : (
        <Table
          caption={t('reservations.lottery.staff.listCaption')}
          head={[t('reservations.lottery.field.title'), t('reservations.lottery.field.resource'), t('reservations.lottery.field.slots'), t('reservations.lottery.field.applications'), t('reservations.lottery.field.status'), t('reservations.lottery.field.entryCount')]}
          numericColumns={[5]}
          firstCellIsHeader
          rows={lotteries.map(lottery => [
            <a href={`${base}/${lottery.id}`}>{localized(lottery.titles, locale)}</a>,
            localized(lottery.resourceNames, locale),
            periodLabel(t, lottery.slotsFrom, lottery.slotsUntil),
            `${formatDateTime(lottery.applicationsOpenAt, locale)} – ${formatDateTime(lottery.applicationsCloseAt, locale)}`,
            <LotteryStatusTag t={t} status={lottery.status} />,
            String(lottery.entryCount),
          ])}
        />
      )}
    </StaffLotteryLayout>
  )
}

/** 新しい抽選: resource, slot dates, application window, limits. */
export function NewLotteryPage({ ctx, resources, values, problems = {} }: { ctx: PageContext; resources: Resource[]; values: LotteryFormValues; problems?: FieldProblems }) {
  const { t, locale } = ctx
  const base = staffLotteriesPath(ctx)
  const error = (field: string) => (problems[field] ? t(problems[field]) : undefined)
  const errors = LOTTERY_FORM_FIELDS.filter(field => problems[field]).map(field => ({ field, message: t(problems[field]) }))
  const common = { errorPrefix: t('common.errorPrefix'), requiredLabel: t('common.required') }
  return (
    <StaffLotteryLayout ctx={ctx} title={t('reservations.lottery.staff.newTitle')} errors={errors} crumbs={[{ href: base, label: t('reservations.lottery.staff.listTitle') }]}>
      <h1>{t('reservations.lottery.staff.newTitle')}</h1>
      <p class="lead">{t('reservations.lottery.staff.newLead')}</p>
      <form method="post" action={`${base}/new`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="titleJa" label={t('reservations.lottery.field.titleJa')} hint={t('reservations.lottery.hint.titleJa')} value={values.titleJa} error={error('titleJa')} required {...common} />
        <TextField name="titleEasy" label={t('reservations.lottery.field.titleEasy')} value={values.titleEasy} error={error('titleEasy')} {...common} />
        <TextField name="titleEn" label={t('reservations.lottery.field.titleEn')} value={values.titleEn} error={error('titleEn')} spellcheck {...common} />
        <Select
          name="resourceId"
          label={t('reservations.lottery.field.resource')}
          hint={t('reservations.lottery.hint.resource')}
          value={values.resourceId}
          error={error('resourceId')}
          required
          options={[
            { value: '', label: t('reservations.lottery.staff.chooseResource') },
            ...resources.map(resource => ({ value: resource.id, label: resource.bookingMode === 'lottery' ? t('reservations.lottery.staff.lotteryModeResource', { name: localized(resource.names, locale) }) : localized(resource.names, locale) })),
          ]}
          {...common}
        />
        <fieldset class="fieldset">
          <legend class="fieldset__legend">{t('reservations.lottery.field.slots')}</legend>
          <DateField name="slotsFrom" label={t('reservations.lottery.field.slotsFrom')} value={values.slotsFrom} error={error('slotsFrom')} required {...common} />
          <DateField name="slotsUntil" label={t('reservations.lottery.field.slotsUntil')} value={values.slotsUntil} error={error('slotsUntil')} required {...common} />
        </fieldset>
        <fieldset class="fieldset">
          <legend class="fieldset__legend">{t('reservations.lottery.field.applications')}</legend>
          <p class="field__hint">{t('reservations.lottery.hint.applications')}</p>
          <DateField name="opensOn" label={t('reservations.lottery.field.opensOn')} value={values.opensOn} error={error('opensOn')} required {...common} />
          <TextField name="opensAt" label={t('reservations.lottery.field.opensAt')} hint={t('reservations.lottery.hint.time')} value={values.opensAt} error={error('opensAt')} inputmode="numeric" width="5" required {...common} />
          <DateField name="closesOn" label={t('reservations.lottery.field.closesOn')} value={values.closesOn} error={error('closesOn')} required {...common} />
          <TextField name="closesAt" label={t('reservations.lottery.field.closesAt')} hint={t('reservations.lottery.hint.time')} value={values.closesAt} error={error('closesAt')} inputmode="numeric" width="5" required {...common} />
        </fieldset>
        <TextField name="maxEntries" label={t('reservations.lottery.field.maxEntries')} hint={t('reservations.lottery.hint.maxEntries')} value={values.maxEntries} error={error('maxEntries')} inputmode="numeric" width="5" required {...common} />
        <TextField name="confirmHours" label={t('reservations.lottery.field.confirmHours')} hint={t('reservations.lottery.hint.confirmHours')} value={values.confirmHours} error={error('confirmHours')} inputmode="numeric" width="5" required {...common} />
        <Button>{t('reservations.lottery.staff.createButton')}</Button>
      </form>
    </StaffLotteryLayout>
  )
}

function ActionForm({ ctx, lottery, action, label, hint, variant = 'primary' }: { ctx: PageContext; lottery: Lottery; action: string; label: string; hint: string; variant?: 'primary' | 'secondary' | 'warning' }) {
  return (
    <form method="post" action={`${staffLotteriesPath(ctx)}/${lottery.id}/${action}`}>
      <CsrfField token={ctx.csrfToken} />
      <p>{hint}</p>
      <Button variant={variant}>{label}</Button>
    </form>
  )
}

/** What staff may do next, by status. */
function LotteryActions({ ctx, lottery, now }: { ctx: PageContext; lottery: Lottery; now: Date }) {
  const { t, locale } = ctx
  switch (lottery.status) {
    case 'open': {
      const isPastClose = now.getTime() >= lottery.applicationsCloseAt.getTime()
      return (
        <>
          <ActionForm ctx={ctx} lottery={lottery} action="close" label={t('reservations.lottery.staff.action.close')} hint={t('reservations.lottery.staff.action.closeHint')} variant={isPastClose ? 'secondary' : 'warning'} />
          {isPastClose && <ActionForm ctx={ctx} lottery={lottery} action="draw" label={t('reservations.lottery.staff.action.draw')} hint={t('reservations.lottery.staff.action.drawHint')} />}
        </>
      )
    }
    case 'closed':
      return <ActionForm ctx={ctx} lottery={lottery} action="draw" label={t('reservations.lottery.staff.action.draw')} hint={t('reservations.lottery.staff.action.drawHint')} />
    case 'drawn':
      return <ActionForm ctx={ctx} lottery={lottery} action="publish" label={t('reservations.lottery.staff.action.publish')} hint={t('reservations.lottery.staff.action.publishHint', { hours: lottery.confirmHours })} />
    case 'published':
      return lottery.confirmDeadlineAt && now.getTime() >= lottery.confirmDeadlineAt.getTime() ? (
        <ActionForm ctx={ctx} lottery={lottery} action="second-round" label={t('reservations.lottery.staff.action.secondRound')} hint={t('reservations.lottery.staff.action.secondRoundHint')} />
      ) : (
        <p>{t('reservations.lottery.staff.action.waitingForDeadline', { deadline: lottery.confirmDeadlineAt ? formatDateTime(lottery.confirmDeadlineAt, locale) : '' })}</p>
      )
    case 'second_round':
      return <p>{t('reservations.lottery.staff.action.secondRoundOpen')}</p>
    case 'cancelled':
      return <p>{t('reservations.lottery.status.cancelled')}</p>
  }
}

/** One lottery: its settings, the action its status allows, its slots and every slot's entries. */
export function StaffLotteryDetailPage({ ctx, lottery, resource, slots, entries, now, notice }: { ctx: PageContext; lottery: Lottery; resource: Resource; slots: LotterySlotRow[]; entries: EntryRow[]; now: Date; notice?: string }) {
  const { t, locale } = ctx
  const base = staffLotteriesPath(ctx)
  const title = localized(lottery.titles, locale)
  const isDrawn = lottery.seed !== null
  const entriesOf = (slotId: string) => entries.filter(entry => entry.slotId === slotId)
  const winnersOf = (slotId: string) => entriesOf(slotId).filter(entry => entry.status === 'won' || entry.status === 'confirmed' || entry.status === 'released').length
  const when = (value: Date | null) => (value ? formatDateTime(value, locale) : t('reservations.lottery.notYet'))
  return (
    <StaffLotteryLayout ctx={ctx} title={title} notice={notice} crumbs={[{ href: base, label: t('reservations.lottery.staff.listTitle') }]}>
      <h1>{title}</h1>
      <SummaryList
        rows={[
          { key: t('reservations.lottery.field.status'), value: <LotteryStatusTag t={t} status={lottery.status} /> },
          { key: t('reservations.lottery.field.resource'), value: localized(resource.names, locale) },
          { key: t('reservations.lottery.field.slots'), value: `${periodLabel(t, lottery.slotsFrom, lottery.slotsUntil)} ${t('reservations.lottery.slotCount', { count: slots.length })}` },
          { key: t('reservations.lottery.field.applications'), value: `${formatDateTime(lottery.applicationsOpenAt, locale)} – ${formatDateTime(lottery.applicationsCloseAt, locale)}` },
          { key: t('reservations.lottery.field.maxEntries'), value: t('reservations.lottery.entriesUpTo', { count: lottery.maxEntriesPerApplicant }) },
          { key: t('reservations.lottery.field.confirmHours'), value: t('reservations.lottery.hours', { hours: lottery.confirmHours }) },
          { key: t('reservations.lottery.field.drawnAt'), value: when(lottery.drawnAt) },
          { key: t('reservations.lottery.field.seed'), value: lottery.seed ? <code>{lottery.seed}</code> : t('reservations.lottery.notYet') },
          { key: t('reservations.lottery.field.publishedAt'), value: when(lottery.publishedAt) },
          { key: t('reservations.lottery.field.confirmDeadline'), value: when(lottery.confirmDeadlineAt) },
          { key: t('reservations.lottery.field.secondRoundAt'), value: when(lottery.secondRoundAt) },
        ]}
      />
      <h2>{t('reservations.lottery.staff.actionsHeading')}</h2>
      <LotteryActions ctx={ctx} lottery={lottery} now={now} />
      {(lottery.status === 'published' || lottery.status === 'second_round') && (
        <p>
          <a href={`/${ctx.tenant?.slug}/reservations/lotteries/${lottery.id}/verify`}>{t('reservations.lottery.verifyLink')}</a>
        </p>
      )}

      <h2>{t('reservations.lottery.staff.slotsHeading')}</h2>
      <Table
        caption={t('reservations.lottery.staff.slotsCaption')}
        head={[t('reservations.lottery.field.slot'), t('reservations.lottery.field.capacity'), t('reservations.lottery.field.remaining'), t('reservations.lottery.field.entryCount'), t('reservations.lottery.field.winners')]}
        numericColumns={[1, 2, 3, 4]}
        firstCellIsHeader
        rows={slots.map(slot => [slotLabel(t, slot), String(slot.capacity), String(slot.remaining), String(slot.entryCount), isDrawn ? String(winnersOf(slot.id)) : '—'])}
      />

      <h2>{t('reservations.lottery.staff.entriesHeading')}</h2>
      {entries.length === 0 ? (
        <p>{t('reservations.lottery.staff.noEntries')}</p>
      ) : (
        slots
          .filter(slot => entriesOf(slot.id).length > 0)
          .map(slot => (
            <Table
              caption={t('reservations.lottery.staff.entriesCaption', { slot: slotLabel(t, slot) })}
              captionId={`entries-${slot.id}`}
              head={[t('reservations.lottery.field.rank'), t('reservations.lottery.field.applicant'), t('reservations.lottery.field.group'), t('reservations.lottery.field.partySize'), t('reservations.lottery.field.status'), t('reservations.lottery.field.reference')]}
              numericColumns={[0, 3]}
              rows={entriesOf(slot.id).map(entry => [
                entry.drawRank === null ? '—' : String(entry.drawRank),
                entry.residentName ?? t('reservations.lottery.deletedAccount'),
                entry.groupName ?? '—',
                String(entry.partySize),
                <StaffEntryStatusTag t={t} status={entry.status} />,
                entry.reservationReference ?? '—',
              ])}
            />
          ))
      )}
    </StaffLotteryLayout>
  )
}
