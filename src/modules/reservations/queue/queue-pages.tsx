/**
 * The waiting-room page. Works without JavaScript: the response carries a `Refresh` header (the
 * HTTP form of `<meta http-equiv="refresh">`, which the shared layout has no slot for) and the
 * page offers "今すぐ更新する" and a way to turn automatic updates off (WCAG 2.2.1). With
 * JavaScript, /static/reservations-queue.js shows a countdown to the next update.
 */
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { ButtonLink, SummaryList } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import type { LocalizedText } from '../reservation-tables.js'
import type { WaitingRoomView } from './queue-service.js'

export interface WaitingRoomLinks {
  /** this page with the same return, refresh on */
  refreshNow: string
  /** toggles automatic updates */
  toggleRefresh: string
  /** where an admitted visitor goes on to */
  onwards: string
  /** facility booking top */
  search: string
}

function localized(names: LocalizedText | undefined, locale: PageContext['locale']): string {
  if (!names) return ''
  return (locale === 'en' ? names.en : locale === 'ja-easy' ? names['ja-easy'] : undefined) ?? names.ja
}

function formatWait(ctx: PageContext, seconds: number): string {
  return seconds >= 60 ? ctx.t('reservations.queue.waitMinutes', { minutes: Math.ceil(seconds / 60) }) : ctx.t('reservations.queue.waitSeconds', { seconds })
}

export function WaitingRoomPage({ ctx, view, links, isRefreshOn }: { ctx: PageContext; view: WaitingRoomView; links: WaitingRoomLinks; isRefreshOn: boolean }) {
  const { t } = ctx
  const place = [localized(view.facilityNames, ctx.locale), localized(view.resource.names, ctx.locale)].filter(Boolean).join(' ')
  const refresh = view.state === 'admitted' ? undefined : view.refreshSeconds
  const title =
    view.state === 'before-opening'
      ? t('reservations.queue.beforeOpening.title')
      : view.state === 'waiting'
        ? t('reservations.queue.title')
        : view.ticket
          ? t('reservations.queue.admitted.title')
          : t('reservations.queue.noQueue.title')
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <SummaryList rows={[{ key: t('reservations.queue.placeLabel'), value: place }]} />
      {view.state === 'before-opening' && (
        <>
          <p>{t('reservations.queue.beforeOpening.body', { opensAt: formatDateTime(view.opensAt, ctx.locale) })}</p>
          <p>{refresh === undefined ? t('reservations.queue.beforeOpening.farAway') : t('reservations.queue.beforeOpening.fairness')}</p>
        </>
      )}
      {view.state === 'waiting' && (
        <>
          <p>{t('reservations.queue.waiting.lead')}</p>
          <SummaryList
            rows={[
              { key: t('reservations.queue.ticketNumber'), value: String(view.ticket.number) },
              { key: t('reservations.queue.peopleAhead'), value: t('reservations.queue.people', { count: view.peopleAhead }) },
              { key: t('reservations.queue.estimatedWait'), value: formatWait(ctx, view.waitSeconds) },
            ]}
          />
          <p>{t('reservations.queue.waiting.sameNumber')}</p>
        </>
      )}
      {view.state === 'admitted' && (
        <>
          {view.ticket && <SummaryList rows={[{ key: t('reservations.queue.ticketNumber'), value: String(view.ticket.number) }]} />}
          <p>{view.ticket ? t('reservations.queue.admitted.body') : t('reservations.queue.noQueue.body')}</p>
          <ButtonLink href={links.onwards}>{t('reservations.queue.continue')}</ButtonLink>
        </>
      )}
      {refresh !== undefined && (
        <div class="queue-refresh">
          <p>{isRefreshOn ? t('reservations.queue.refreshNote', { seconds: refresh }) : t('reservations.queue.refreshStopped')}</p>
          {isRefreshOn && <p class="muted" data-queue-countdown={String(refresh)} data-label={t('reservations.queue.countdown', { seconds: '{seconds}' })} hidden></p>}
          <p>
            <a href={links.refreshNow}>{t('reservations.queue.refreshNow')}</a>
          </p>
          <p>
            <a href={links.toggleRefresh}>{isRefreshOn ? t('reservations.queue.refreshOff') : t('reservations.queue.refreshOn')}</a>
          </p>
        </div>
      )}
      <p>
        <a href={links.search}>{t('reservations.queue.backToSearch')}</a>
      </p>
      {isRefreshOn && refresh !== undefined && <script src="/static/reservations-queue.js" type="module"></script>}
    </Layout>
  )
}
