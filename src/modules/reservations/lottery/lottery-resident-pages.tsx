/**
 * Resident and public pages of the lottery area: open lotteries, one lottery with its slots (entry
 * links, the resident's own entries, results), the entry form, the resident's entries, and the
 * public verification of a published draw.
 */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, CsrfField, ErrorSummary, NotificationBanner, Radios, Select, SummaryList, Table, TextField } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import type { LocalizedText, Lottery, Resource, Slot } from '../reservation-tables.js'
import { APPLICANT_NAME_KEYS } from '../booking/index.js'
import type { EntryFormValues, FieldProblems } from './lottery-form.js'
import type { GroupChoice, LotteryListRow, LotterySlotRow, ResidentEntryRow } from './lottery-repository.js'
import type { LotteryVerification } from './lottery-verification.js'
import { EntryStateTag, localized, LotteryStatusTag, periodLabel, residentEntryState, slotLabel } from './lottery-views.js'

export const publicLotteriesPath = (ctx: PageContext) => `/${ctx.tenant?.slug}/reservations/lotteries`

function ResidentLotteryLayout({ ctx, title, children, notice, errors = [], crumbs = [] }: { ctx: PageContext; title: string; children: Child; notice?: string; errors?: { field: string; message: string }[]; crumbs?: { href: string; label: string }[] }) {
  const { t } = ctx
  const base = `/${ctx.tenant?.slug}/reservations`
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('common.errorPrefix')} ${title}` : title}>
      <nav class="breadcrumbs" aria-label={t('reservations.lottery.breadcrumbs')}>
        <ol>
          <li>
            <a href={base}>{t('reservations.title')}</a>
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

/** Where a lottery stands for someone who might apply, in one sentence. */
export function lotteryPhase(lottery: Pick<Lottery, 'status' | 'applicationsOpenAt' | 'applicationsCloseAt'>, now: Date): 'upcoming' | 'accepting' | 'closed' | 'drawn' | 'published' | 'secondRound' | 'cancelled' {
  switch (lottery.status) {
    case 'open':
      if (now.getTime() < lottery.applicationsOpenAt.getTime()) return 'upcoming'
      return now.getTime() < lottery.applicationsCloseAt.getTime() ? 'accepting' : 'closed'
    case 'closed':
      return 'closed'
    case 'drawn':
      return 'drawn'
    case 'published':
      return 'published'
    case 'second_round':
      return 'secondRound'
    case 'cancelled':
      return 'cancelled'
  }
}

function PhaseText({ ctx, lottery, now }: { ctx: PageContext; lottery: Lottery; now: Date }) {
  const { t, locale } = ctx
  const phase = lotteryPhase(lottery, now)
  return (
    <p>
      {t(`reservations.lottery.phase.${phase}`, {
        opens: formatDateTime(lottery.applicationsOpenAt, locale),
        closes: formatDateTime(lottery.applicationsCloseAt, locale),
        deadline: lottery.confirmDeadlineAt ? formatDateTime(lottery.confirmDeadlineAt, locale) : '',
      })}
    </p>
  )
}

/** 抽選の申込み: lotteries taking applications, coming up, and with results. */
export function LotteryIndexPage({ ctx, lotteries, now }: { ctx: PageContext; lotteries: LotteryListRow[]; now: Date }) {
  const { t, locale } = ctx
  const base = publicLotteriesPath(ctx)
  return (
    <ResidentLotteryLayout ctx={ctx} title={t('reservations.lottery.public.indexTitle')}>
      <h1>{t('reservations.lottery.public.indexTitle')}</h1>
      <p class="lead">{t('reservations.lottery.public.indexLead')}</p>
      {ctx.resident && (
        <p>
          <a href={`${base}/my`}>{t('reservations.lottery.public.myEntriesLink')}</a>
        </p>
      )}
      {lotteries.length === 0 ? (
        <p>{t('reservations.lottery.public.none')}</p>
      ) : (
        <ul class="card-list">
          {lotteries.map(lottery => (
            <li class="card">
              <h2 class="card__title">
                <a href={`${base}/${lottery.id}`}>{localized(lottery.titles, locale)}</a>
              </h2>
              <p>
                <LotteryStatusTag t={t} status={lottery.status} /> {localized(lottery.resourceNames, locale)} ・ {periodLabel(t, lottery.slotsFrom, lottery.slotsUntil)}
              </p>
              <PhaseText ctx={ctx} lottery={lottery} now={now} />
            </li>
          ))}
        </ul>
      )}
    </ResidentLotteryLayout>
  )
}

export interface LotteryDetailProps {
  ctx: PageContext
  lottery: Lottery
  resource: Resource
  slots: LotterySlotRow[]
  myEntries: ResidentEntryRow[]
  now: Date
  notice?: string
}

/** One lottery: what it is, when, its slots with the number of entries, and the resident's entries. */
export function LotteryDetailPage({ ctx, lottery, resource, slots, myEntries, now, notice }: LotteryDetailProps) {
  const { t, locale } = ctx
  const base = publicLotteriesPath(ctx)
  const title = localized(lottery.titles, locale)
  const phase = lotteryPhase(lottery, now)
  const isAccepting = phase === 'accepting'
  const myLiveSlots = new Set(myEntries.filter(entry => entry.status !== 'withdrawn').map(entry => entry.slotId))
  const loginHref = `/${ctx.tenant?.slug}/login?return=${encodeURIComponent(`${base}/${lottery.id}`)}`
  const slotAction = (slot: LotterySlotRow): Child => {
    if (phase === 'secondRound') {
      return slot.status === 'open' && slot.remaining > 0 && slot.startsAt.getTime() > now.getTime() ? (
        <a href={`/${ctx.tenant?.slug}/reservations/slots/${slot.id}`}>
          {t('reservations.lottery.public.bookFirstCome')}
          <span class="visually-hidden"> {slotLabel(t, slot)}</span>
        </a>
      ) : (
        t('reservations.full')
      )
    }
    if (!isAccepting || slot.status !== 'open') return '—'
    if (myLiveSlots.has(slot.id)) return t('reservations.lottery.public.alreadyEntered')
    return (
      <a href={`${base}/${lottery.id}/slots/${slot.id}/entry`}>
        {t('reservations.lottery.public.enter')}
        <span class="visually-hidden"> {slotLabel(t, slot)}</span>
      </a>
    )
  }
  return (
    <ResidentLotteryLayout ctx={ctx} title={title} notice={notice} crumbs={[{ href: base, label: t('reservations.lottery.public.indexTitle') }]}>
      <h1>{title}</h1>
      <PhaseText ctx={ctx} lottery={lottery} now={now} />
      <SummaryList
        rows={[
          { key: t('reservations.lottery.field.resource'), value: localized(resource.names, locale) },
          { key: t('reservations.lottery.field.slots'), value: periodLabel(t, lottery.slotsFrom, lottery.slotsUntil) },
          { key: t('reservations.lottery.field.applications'), value: `${formatDateTime(lottery.applicationsOpenAt, locale)} – ${formatDateTime(lottery.applicationsCloseAt, locale)}` },
          { key: t('reservations.lottery.field.maxEntries'), value: t('reservations.lottery.entriesUpTo', { count: lottery.maxEntriesPerApplicant }) },
          { key: t('reservations.lottery.field.confirmHours'), value: t('reservations.lottery.public.confirmWithin', { hours: lottery.confirmHours }) },
        ]}
      />
      {(phase === 'published' || phase === 'secondRound') && (
        <p>
          <a href={`${base}/${lottery.id}/verify`}>{t('reservations.lottery.verifyLink')}</a>
        </p>
      )}

      {ctx.resident ? (
        <>
          <h2>{t('reservations.lottery.public.myEntriesHeading')}</h2>
          {myEntries.length === 0 ? <p>{t('reservations.lottery.public.noEntriesYet')}</p> : <MyEntriesTable ctx={ctx} entries={myEntries} now={now} returnTo="lottery" />}
        </>
      ) : (
        (isAccepting || phase === 'upcoming') && (
          <p>
            {t('reservations.lottery.public.loginToEnter')} <a href={loginHref}>{t('reservations.lottery.public.loginLink')}</a>
          </p>
        )
      )}

      <h2>{t('reservations.lottery.public.slotsHeading')}</h2>
      <Table
        caption={t('reservations.lottery.public.slotsCaption', { title })}
        head={[t('reservations.lottery.field.slot'), t('reservations.lottery.field.capacity'), t('reservations.lottery.field.entryCount'), t('reservations.lottery.field.action')]}
        numericColumns={[1, 2]}
        firstCellIsHeader
        rows={slots.map(slot => [slotLabel(t, slot), String(slot.capacity), String(slot.entryCount), slotAction(slot)])}
      />
    </ResidentLotteryLayout>
  )
}

/** The resident's entries, with the withdraw button while applications are open and the link to a win's booking. */
function MyEntriesTable({ ctx, entries, now, returnTo }: { ctx: PageContext; entries: ResidentEntryRow[]; now: Date; returnTo: 'lottery' | 'my' }) {
  const { t, locale } = ctx
  const base = publicLotteriesPath(ctx)
  const action = (entry: ResidentEntryRow): Child => {
    const state = residentEntryState(entry, entry.lotteryStatus)
    if (state.key === 'wonToConfirm' || state.key === 'confirmed') {
      return entry.reservationId ? (
        <a href={`/${ctx.tenant?.slug}/reservations/my/${entry.reservationId}`}>
          {t(state.key === 'wonToConfirm' ? 'reservations.lottery.public.confirmWin' : 'reservations.lottery.public.viewBooking')}
          <span class="visually-hidden"> {slotLabel(t, { startsAt: entry.slotStartsAt, endsAt: entry.slotEndsAt })}</span>
        </a>
      ) : (
        '—'
      )
    }
    if (entry.status === 'entered' && entry.lotteryStatus === 'open' && now.getTime() < entry.applicationsCloseAt.getTime()) {
      return (
        <form method="post" action={`${base}/${entry.lotteryId}/entries/${entry.id}/withdraw`} class="inline-form">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="return" value={returnTo} />
          <button type="submit" class="link-button">
            {t('reservations.lottery.public.withdraw')}
            <span class="visually-hidden"> {slotLabel(t, { startsAt: entry.slotStartsAt, endsAt: entry.slotEndsAt })}</span>
          </button>
        </form>
      )
    }
    return '—'
  }
  const showLottery = returnTo === 'my'
  return (
    <Table
      caption={t('reservations.lottery.public.myEntriesCaption')}
      head={[
        ...(showLottery ? [t('reservations.lottery.field.title')] : []),
        t('reservations.lottery.field.slot'),
        t('reservations.lottery.field.partySize'),
        t('reservations.lottery.field.status'),
        t('reservations.lottery.field.entryId'),
        t('reservations.lottery.field.action'),
      ]}
      rows={entries.map(entry => [
        ...(showLottery ? [<a href={`${base}/${entry.lotteryId}`}>{`${localized(entry.lotteryTitles, locale)}(${localized(entry.resourceNames, locale)})`}</a>] : []),
        <>
          {slotLabel(t, { startsAt: entry.slotStartsAt, endsAt: entry.slotEndsAt })}
          {entry.groupName && <span class="muted"> {t('reservations.lottery.public.forGroup', { group: entry.groupName })}</span>}
        </>,
        String(entry.partySize),
        <>
          <EntryStateTag t={t} state={residentEntryState(entry, entry.lotteryStatus)} />
          {residentEntryState(entry, entry.lotteryStatus).key === 'wonToConfirm' && entry.confirmDeadlineAt && <span> {t('reservations.lottery.public.confirmBy', { deadline: formatDateTime(entry.confirmDeadlineAt, locale) })}</span>}
        </>,
        <code>{entry.id.slice(0, 8)}</code>,
        action(entry),
      ])}
    />
  )
}

/** わたしの抽選申込み */
export function MyEntriesPage({ ctx, entries, now, notice }: { ctx: PageContext; entries: ResidentEntryRow[]; now: Date; notice?: string }) {
  const { t } = ctx
  const base = publicLotteriesPath(ctx)
  return (
    <ResidentLotteryLayout ctx={ctx} title={t('reservations.lottery.public.myTitle')} notice={notice} crumbs={[{ href: base, label: t('reservations.lottery.public.indexTitle') }]}>
      <h1>{t('reservations.lottery.public.myTitle')}</h1>
      <p class="lead">{t('reservations.lottery.public.myLead')}</p>
      {entries.length === 0 ? (
        <p>
          {t('reservations.lottery.public.noEntriesYet')} <a href={base}>{t('reservations.lottery.public.indexTitle')}</a>
        </p>
      ) : (
        <MyEntriesTable ctx={ctx} entries={entries} now={now} returnTo="my" />
      )}
      <p>
        <a href={`/${ctx.tenant?.slug}/reservations/my`}>{t('reservations.lottery.public.myReservationsLink')}</a>
      </p>
    </ResidentLotteryLayout>
  )
}

export interface EntryFormProps {
  ctx: PageContext
  lottery: Lottery
  resource: Resource
  slot: Slot
  purposes: { code: string; names: LocalizedText }[]
  groups: GroupChoice[]
  maxParty: number
  /** the account has no name (an email login): the form asks for 氏名 */
  needsName: boolean
  values: EntryFormValues
  problems?: FieldProblems
  /** a refusal of the whole entry (limit reached, window closed…), shown in the error summary */
  refusal?: string
}

/** 抽選に申し込む: one slot, party size, purpose, and for whom (the resident or one of their groups). */
export function EntryFormPage({ ctx, lottery, resource, slot, purposes, groups, maxParty, needsName, values, problems = {}, refusal }: EntryFormProps) {
  const { t, locale } = ctx
  const base = publicLotteriesPath(ctx)
  const title = t('reservations.lottery.public.entryTitle')
  const error = (field: string) => (problems[field] ? t(problems[field]) : undefined)
  const errors = [
    ...(refusal ? [{ field: 'entry-form', message: refusal }] : []),
    ...['applicantName', 'partySize', 'purpose', 'groupId'].filter(field => problems[field]).map(field => ({ field, message: t(problems[field]) })),
  ]
  const common = { errorPrefix: t('common.errorPrefix'), requiredLabel: t('common.required') }
  const allowedPurposes = purposes.filter(purpose => resource.purposes.length === 0 || resource.purposes.includes(purpose.code))
  return (
    <ResidentLotteryLayout
      ctx={ctx}
      title={title}
      errors={errors}
      crumbs={[
        { href: base, label: t('reservations.lottery.public.indexTitle') },
        { href: `${base}/${lottery.id}`, label: localized(lottery.titles, locale) },
      ]}
    >
      <h1>{title}</h1>
      <SummaryList
        rows={[
          { key: t('reservations.lottery.field.title'), value: localized(lottery.titles, locale) },
          { key: t('reservations.lottery.field.resource'), value: localized(resource.names, locale) },
          { key: t('reservations.lottery.field.slot'), value: slotLabel(t, slot) },
          { key: t('reservations.lottery.field.applications'), value: t('reservations.lottery.public.closesAt', { closes: formatDateTime(lottery.applicationsCloseAt, locale) }) },
        ]}
      />
      <p>{t('reservations.lottery.public.entryLead', { count: lottery.maxEntriesPerApplicant })}</p>
      <form id="entry-form" method="post" action={`${base}/${lottery.id}/slots/${slot.id}/entry`} novalidate tabindex={-1}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="idempotencyKey" value={values.idempotencyKey} />
        {needsName && (
          <TextField name="applicantName" label={t(APPLICANT_NAME_KEYS.label)} hint={t(APPLICANT_NAME_KEYS.hint)} autocomplete="name" value={values.applicantName} error={error('applicantName')} required {...common} />
        )}
        <TextField
          name="partySize"
          label={t('reservations.lottery.field.partySize')}
          hint={t('reservations.lottery.public.partyHint', { max: maxParty })}
          value={values.partySize}
          error={error('partySize')}
          inputmode="numeric"
          width="5"
          required
          {...common}
        />
        {allowedPurposes.length > 0 && (
          <Select
            name="purpose"
            label={t('reservations.lottery.field.purpose')}
            value={values.purpose}
            error={error('purpose')}
            options={[{ value: '', label: t('reservations.lottery.public.noPurpose') }, ...allowedPurposes.map(purpose => ({ value: purpose.code, label: localized(purpose.names, locale) }))]}
            {...common}
          />
        )}
        {groups.length > 0 && (
          <Radios
            name="groupId"
            legend={t('reservations.lottery.field.applicantKind')}
            hint={t('reservations.lottery.public.groupHint')}
            value={values.groupId}
            error={error('groupId')}
            errorPrefix={common.errorPrefix}
            options={[{ value: '', label: t('reservations.lottery.public.asMyself') }, ...groups.map(group => ({ value: group.id, label: t('reservations.lottery.public.asGroup', { group: group.name }) }))]}
          />
        )}
        <div class="button-group">
          <Button>{t('reservations.lottery.public.submitEntry')}</Button>
          <ButtonLink href={`${base}/${lottery.id}`} variant="link">
            {t('common.back')}
          </ButtonLink>
        </div>
      </form>
    </ResidentLotteryLayout>
  )
}

/** 抽選結果の検証: the seed, the algorithm, and every slot's order recomputed next to what was stored. */
export function VerifyPage({ ctx, verification }: { ctx: PageContext; verification: LotteryVerification }) {
  const { t, locale } = ctx
  const base = publicLotteriesPath(ctx)
  const { lottery } = verification
  const title = t('reservations.lottery.verify.title')
  const lotteryTitle = localized(lottery.titles, locale)
  const crumbs = [
    { href: base, label: t('reservations.lottery.public.indexTitle') },
    { href: `${base}/${lottery.id}`, label: lotteryTitle },
  ]
  if (!verification.isAvailable) {
    return (
      <ResidentLotteryLayout ctx={ctx} title={title} crumbs={crumbs}>
        <h1>{title}</h1>
        <p>{t('reservations.lottery.verify.notYet', { title: lotteryTitle })}</p>
      </ResidentLotteryLayout>
    )
  }
  const mark = (ok: boolean) => (ok ? t('reservations.lottery.verify.ok') : t('reservations.lottery.verify.ng'))
  return (
    <ResidentLotteryLayout ctx={ctx} title={title} crumbs={crumbs}>
      <h1>{title}</h1>
      <p class="lead">{t('reservations.lottery.verify.lead', { title: lotteryTitle })}</p>
      <NotificationBanner title={verification.isMatch ? t('reservations.lottery.verify.matchTitle') : t('reservations.lottery.verify.mismatchTitle')} titleId="verify-result">
        <p>{verification.isMatch ? t('reservations.lottery.verify.matchText') : t('reservations.lottery.verify.mismatchText')}</p>
      </NotificationBanner>
      <SummaryList
        rows={[
          { key: t('reservations.lottery.verify.algorithm'), value: <code>{verification.algorithm}</code> },
          { key: t('reservations.lottery.verify.seed'), value: <code>{verification.seed}</code> },
          { key: t('reservations.lottery.verify.auditSeed'), value: <>{verification.auditSeed ? <code>{verification.auditSeed}</code> : t('reservations.lottery.verify.noAudit')} ({mark(verification.isSeedRecorded)})</> },
          { key: t('reservations.lottery.field.drawnAt'), value: lottery.drawnAt ? formatDateTime(lottery.drawnAt, locale) : '—' },
        ]}
      />
      <h2>{t('reservations.lottery.verify.howHeading')}</h2>
      <p>{t('reservations.lottery.verify.how')}</p>
      <pre>
        <code>{`printf '%s' '<${t('reservations.lottery.field.entryId')}>' | openssl dgst -sha256 -mac HMAC -macopt hexkey:${verification.seed}`}</code>
      </pre>
      <h2>{t('reservations.lottery.verify.slotsHeading')}</h2>
      {verification.slots
        .filter(slot => slot.entries.length > 0)
        .map(slot => (
          <Table
            caption={t('reservations.lottery.verify.slotCaption', { slot: slotLabel(t, slot.slot), seats: slot.seatsAtDraw ?? '—', result: mark(slot.isMatch) })}
            captionId={`verify-${slot.slot.id}`}
            head={[t('reservations.lottery.field.rank'), t('reservations.lottery.field.entryId'), t('reservations.lottery.verify.key'), t('reservations.lottery.verify.storedResult'), t('reservations.lottery.verify.recomputedResult'), t('reservations.lottery.verify.check')]}
            numericColumns={[0]}
            rows={slot.entries.map(entry => [
              String(entry.recomputedRank),
              <code>{entry.entryId}</code>,
              <code>{entry.key.slice(0, 16)}…</code>,
              `${entry.storedRank} ・ ${entry.isStoredWinner ? t('reservations.lottery.verify.winner') : t('reservations.lottery.verify.loser')}`,
              `${entry.recomputedRank} ・ ${entry.isRecomputedWinner ? t('reservations.lottery.verify.winner') : t('reservations.lottery.verify.loser')}`,
              mark(entry.isMatch),
            ])}
          />
        ))}
    </ResidentLotteryLayout>
  )
}
