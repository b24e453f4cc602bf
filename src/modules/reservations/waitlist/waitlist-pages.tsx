/** Resident pages of the waitlist: my entries, joining a full slot, a claim link and its refusals. */
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, CsrfField, ErrorSummary, NotificationBanner, SummaryList, Table, Tag, TextField, type TagTone } from '../../../platform/views/components/index.js'
import { APPLICANT_NAME_KEYS } from '../booking/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import type { LocalizedText, WaitlistEntry, WaitlistEntryStatus } from '../reservation-tables.js'
import { tokyoDate, tokyoTime } from '../reservation-time.js'
import type { ResidentEntryRow, SlotPlace } from './waitlist-repository.js'
import type { ClaimView, JoinContext } from './waitlist-service.js'

export function localized(names: LocalizedText | Partial<LocalizedText> | undefined, locale: PageContext['locale']): string {
  if (!names) return ''
  return (locale === 'en' ? names.en : locale === 'ja-easy' ? names['ja-easy'] : undefined) ?? names.ja ?? ''
}

function placeName(ctx: PageContext, facilityNames: LocalizedText, resourceNames: LocalizedText): string {
  return [localized(facilityNames, ctx.locale), localized(resourceNames, ctx.locale)].filter(Boolean).join(' ')
}

function slotTime(startsAt: Date, endsAt: Date): string {
  return `${tokyoDate(startsAt)} ${tokyoTime(startsAt)}–${tokyoTime(endsAt)}`
}

function placeRows(ctx: PageContext, place: SlotPlace, extra: { key: string; value: string }[] = []) {
  const { t } = ctx
  return [
    { key: t('reservations.waitlist.place'), value: placeName(ctx, place.facilityNames, place.resource.names) },
    { key: t('reservations.waitlist.when'), value: slotTime(place.slot.startsAt, place.slot.endsAt) },
    ...extra,
  ]
}

/** What a row's status says: its own status, or 受付終了 once the slot has started. */
type ShownStatus = WaitlistEntryStatus | 'offered-held' | 'offered-broadcast'

function shownStatus(entry: WaitlistEntry, slotStartsAt: Date, now: Date): ShownStatus {
  if ((entry.status === 'waiting' || entry.status === 'offered') && slotStartsAt.getTime() <= now.getTime()) return 'closed'
  if (entry.status === 'offered') return entry.heldSeats > 0 ? 'offered-held' : 'offered-broadcast'
  return entry.status
}

const TONES: Record<ShownStatus, TagTone> = {
  waiting: 'blue',
  offered: 'yellow',
  'offered-held': 'yellow',
  'offered-broadcast': 'yellow',
  claimed: 'green',
  expired: 'grey',
  withdrawn: 'grey',
  closed: 'grey',
}

export function MyWaitlistPage({ ctx, slug, rows, now, done }: { ctx: PageContext; slug: string; rows: ResidentEntryRow[]; now: Date; done?: 'joined' | 'withdrawn' }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('reservations.waitlist.mine.title')}>
      <h1>{t('reservations.waitlist.mine.title')}</h1>
      {done && (
        <NotificationBanner variant="success" title={t(`reservations.waitlist.done.${done}.title`)}>
          <p>{t(`reservations.waitlist.done.${done}.body`)}</p>
        </NotificationBanner>
      )}
      <p>{t('reservations.waitlist.mine.lead')}</p>
      {rows.length === 0 ? (
        <p>{t('reservations.waitlist.mine.none')}</p>
      ) : (
        <Table
          caption={t('reservations.waitlist.mine.caption')}
          head={[t('reservations.waitlist.place'), t('reservations.waitlist.when'), t('reservations.waitlist.partySize'), t('reservations.waitlist.status'), t('reservations.waitlist.actions')]}
          firstCellIsHeader
          numericColumns={[2]}
          rows={rows.map(row => {
            const shown = shownStatus(row.entry, row.slot.startsAt, now)
            const name = placeName(ctx, row.facilityNames, row.resourceNames)
            const isActive = shown === 'waiting' || shown === 'offered-held' || shown === 'offered-broadcast'
            return [
              name,
              slotTime(row.slot.startsAt, row.slot.endsAt),
              t('reservations.waitlist.people', { count: row.entry.partySize }),
              <>
                <Tag tone={TONES[shown]}>{t(`reservations.waitlist.status.${shown}`)}</Tag>
                {shown === 'waiting' && <p>{t('reservations.waitlist.mine.ahead', { count: row.ahead })}</p>}
                {(shown === 'offered-held' || shown === 'offered-broadcast') && row.entry.offerExpiresAt && (
                  <p>{t('reservations.waitlist.mine.offerUntil', { until: formatDateTime(row.entry.offerExpiresAt, ctx.locale) })}</p>
                )}
              </>,
              <>
                {shown === 'claimed' && row.entry.claimedReservationId && <a href={`/${slug}/reservations/my/${row.entry.claimedReservationId}`}>{t('reservations.waitlist.mine.openBooking')}</a>}
                {isActive && (
                  <form method="post" action={`/${slug}/reservations/waitlist/${row.entry.id}/withdraw`} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <Button variant="secondary">
                      {t('reservations.waitlist.withdraw')}
                      <span class="visually-hidden"> {`${name} ${slotTime(row.slot.startsAt, row.slot.endsAt)}`}</span>
                    </Button>
                  </form>
                )}
              </>,
            ]
          })}
        />
      )}
      <ul class="list-plain">
        <li>
          <a href={`/${slug}/reservations/my`}>{t('reservations.waitlist.links.myBookings')}</a>
        </li>
        <li>
          <a href={`/${slug}/reservations`}>{t('reservations.waitlist.links.search')}</a>
        </li>
      </ul>
    </Layout>
  )
}

export interface JoinForm {
  partySize: string
  error?: string
  applicantName?: string
  nameError?: string
}

export function JoinWaitlistPage({ ctx, slug, join, maxPartySize, form, needsName }: { ctx: PageContext; slug: string; join: JoinContext; maxPartySize: number; form: JoinForm; needsName: boolean }) {
  const { t } = ctx
  const { place } = join
  const slotPage = `/${slug}/reservations/slots/${place.slot.id}`
  const mode = place.resource.waitlistMode === 'broadcast' ? 'broadcast' : 'sequential'
  const errors = [...(form.nameError ? [{ field: 'applicantName', message: form.nameError }] : []), ...(form.error ? [{ field: 'partySize', message: form.error }] : [])]
  return (
    <Layout ctx={ctx} title={t('reservations.waitlist.join.title')}>
      <ErrorSummary title={t('reservations.waitlist.errorSummary')} errors={errors} />
      <h1>{t('reservations.waitlist.join.title')}</h1>
      <SummaryList
        rows={placeRows(ctx, place, [
          { key: t('reservations.waitlist.seats'), value: join.isFull ? t('reservations.full') : t('reservations.seatsLeft', { count: place.slot.remaining }) },
          { key: t('reservations.waitlist.waitingCount'), value: t('reservations.waitlist.people', { count: join.waitingCount }) },
        ])}
      />
      {!join.isOffered ? (
        <p>{t('reservations.waitlist.join.notOffered')}</p>
      ) : join.existing ? (
        <NotificationBanner title={t('reservations.waitlist.join.alreadyTitle')}>
          <p>
            <a href={`/${slug}/reservations/waitlist`}>{t('reservations.waitlist.join.alreadyLink')}</a>
          </p>
        </NotificationBanner>
      ) : join.hasBooking ? (
        <p>
          {t('reservations.waitlist.errors.alreadyBooked')} <a href={`/${slug}/reservations/my`}>{t('reservations.waitlist.links.myBookings')}</a>
        </p>
      ) : !join.isFull ? (
        <p>
          {t('reservations.waitlist.errors.seatsOpen')} <a href={slotPage}>{t('reservations.waitlist.join.toSlot')}</a>
        </p>
      ) : (
        <>
          <p>{t(`reservations.waitlist.join.how.${mode}`, { minutes: place.resource.offerMinutes })}</p>
          <form method="post" action={`/${slug}/reservations/slots/${place.slot.id}/waitlist`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            {needsName && (
              <TextField name="applicantName" label={t(APPLICANT_NAME_KEYS.label)} hint={t(APPLICANT_NAME_KEYS.hint)} autocomplete="name" value={form.applicantName ?? ''} error={form.nameError} required />
            )}
            {maxPartySize > 1 ? (
              <TextField
                name="partySize"
                type="number"
                inputmode="numeric"
                width="5"
                label={t('reservations.waitlist.partySize')}
                hint={t('reservations.waitlist.join.partySizeHint', { max: maxPartySize })}
                value={form.partySize}
                error={form.error}
              />
            ) : (
              <input type="hidden" name="partySize" value="1" />
            )}
            <Button>{t('reservations.waitlist.join.submit')}</Button>
          </form>
        </>
      )}
      <p>
        <a href={slotPage}>{t('reservations.waitlist.join.back')}</a>
      </p>
    </Layout>
  )
}

export function ClaimPage({ ctx, slug, token, view }: { ctx: PageContext; slug: string; token: string; view: Extract<ClaimView, { state: 'claimable' }> }) {
  const { t } = ctx
  const { entry, place } = view
  const isHeld = entry.heldSeats > 0
  return (
    <Layout ctx={ctx} title={t('reservations.waitlist.claim.title')}>
      <h1>{t('reservations.waitlist.claim.title')}</h1>
      <p>{isHeld ? t('reservations.waitlist.claim.held') : t('reservations.waitlist.claim.broadcast')}</p>
      <SummaryList
        rows={placeRows(ctx, place, [
          { key: t('reservations.waitlist.partySize'), value: t('reservations.waitlist.people', { count: entry.partySize }) },
          { key: t('reservations.waitlist.claim.until'), value: entry.offerExpiresAt ? formatDateTime(entry.offerExpiresAt, ctx.locale) : '' },
        ])}
      />
      <p>{t('reservations.waitlist.claim.next')}</p>
      <form method="post" action={`/${slug}/reservations/waitlist/claim/${token}`}>
        <CsrfField token={ctx.csrfToken} />
        <Button>{t('reservations.waitlist.claim.submit')}</Button>
      </form>
      <h2>{t('reservations.waitlist.claim.declineTitle')}</h2>
      <p>{isHeld ? t('reservations.waitlist.claim.declineHeld') : t('reservations.waitlist.claim.declineBroadcast')}</p>
      <form method="post" action={`/${slug}/reservations/waitlist/${entry.id}/withdraw`}>
        <CsrfField token={ctx.csrfToken} />
        <Button variant="secondary">{t('reservations.waitlist.claim.decline')}</Button>
      </form>
    </Layout>
  )
}

export type ClaimProblem = Exclude<ClaimView['state'], 'claimable'> | 'taken'

/** HTTP status of each refusal: a link that is not yours 403, unknown 404, taken 409, used up 410. */
export const CLAIM_PROBLEM_STATUS: Record<ClaimProblem, number> = { unknown: 404, foreign: 403, taken: 409, used: 410, expired: 410, withdrawn: 410 }

export function ClaimProblemPage({ ctx, slug, problem, view }: { ctx: PageContext; slug: string; problem: ClaimProblem; view?: ClaimView }) {
  const { t } = ctx
  const title = t(`reservations.waitlist.claimProblem.${problem}.title`)
  const reservationId = view?.entry?.claimedReservationId
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{t(`reservations.waitlist.claimProblem.${problem}.body`)}</p>
      {view?.place && <SummaryList rows={placeRows(ctx, view.place)} />}
      <ul class="list-plain">
        {problem === 'used' && reservationId && (
          <li>
            <a href={`/${slug}/reservations/my/${reservationId}`}>{t('reservations.waitlist.mine.openBooking')}</a>
          </li>
        )}
        <li>
          <a href={`/${slug}/reservations/waitlist`}>{t('reservations.waitlist.links.myWaitlist')}</a>
        </li>
        <li>
          <a href={`/${slug}/reservations/my`}>{t('reservations.waitlist.links.myBookings')}</a>
        </li>
      </ul>
    </Layout>
  )
}

