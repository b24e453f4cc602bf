import { Layout } from '../../../../platform/views/layout.js'
import type { PageContext } from '../../../../platform/views/page-context.js'
import { formatDateTime } from '../../../../platform/views/format.js'
import { Button, ButtonLink, CsrfField, NotificationBanner, Tag } from '../../../../platform/views/components/index.js'
import type { LineLinkProblem, LineLinkStatus } from './line-link-service.js'

/** Resident pages of LINE linking: the status page, and the page of a link that did not work. */

function base(ctx: PageContext) {
  return `/${ctx.tenant?.slug ?? ''}/notifications`
}

function municipalityOf(ctx: PageContext) {
  return ctx.locale === 'en' ? (ctx.tenant?.nameEn ?? '') : (ctx.tenant?.name ?? '')
}

export type LineAccountNotice = 'linked' | 'unlinked' | 'cancelled'

/** Where to add the official account as a friend, or how to find it. */
export interface AddFriend {
  url?: string
  displayName: string
}

function AddFriendPrompt({ ctx, addFriend }: { ctx: PageContext; addFriend?: AddFriend }) {
  if (!addFriend) return null
  return addFriend.url ? (
    <p>
      <ButtonLink href={addFriend.url}>{ctx.t('line.account.addFriend')}</ButtonLink>
    </p>
  ) : (
    <p>{ctx.t('line.account.addFriendSearch', { name: addFriend.displayName })}</p>
  )
}

export function LineAccountPage({ ctx, status, notice, addFriend }: { ctx: PageContext; status: LineLinkStatus; notice?: LineAccountNotice; addFriend?: AddFriend }) {
  const { t } = ctx
  const title = t('line.account.title')
  const noticeText = notice === 'linked' ? t('line.account.linkedDone') : notice === 'unlinked' ? t('line.account.unlinkedDone') : notice === 'cancelled' ? t('line.account.cancelled') : undefined
  return (
    <Layout ctx={ctx} title={title}>
      {noticeText && (
        <NotificationBanner title={t('line.account.doneTitle')} variant={notice === 'cancelled' ? 'info' : 'success'}>
          <p>{noticeText}</p>
        </NotificationBanner>
      )}
      <h1>{title}</h1>
      <p class="lead">{t('line.account.lead', { municipality: municipalityOf(ctx) })}</p>
      {status.linked ? (
        <section aria-labelledby="line-linked">
          <h2 id="line-linked">
            <Tag tone="green">{t('line.account.linkedHeading')}</Tag>
          </h2>
          <p>{t('line.account.linkedSince', { date: formatDateTime(status.linked.since, ctx.locale) })}</p>
          {status.linked.isFollowing ? (
            <p>{t('line.account.following')}</p>
          ) : (
            <div class="notification-banner notification-banner--info" role="region" aria-labelledby="line-add-friend">
              <h3 id="line-add-friend" class="notification-banner__title">
                {t('line.account.addFriend')}
              </h3>
              <div class="notification-banner__content">
                <p>{t('line.account.notFollowing')}</p>
                <AddFriendPrompt ctx={ctx} addFriend={addFriend} />
              </div>
            </div>
          )}
          <form method="post" action={`${base(ctx)}/line/unlink`}>
            <CsrfField token={ctx.csrfToken} />
            <p class="muted">{t('line.account.unlinkHint')}</p>
            <Button variant="warning">{t('line.account.unlinkButton')}</Button>
          </form>
        </section>
      ) : status.isAvailable ? (
        <>
          <p>{t('line.account.linkHint')}</p>
          <p>
            <ButtonLink href={`${base(ctx)}/line/link`}>{t('line.account.linkButton')}</ButtonLink>
          </p>
        </>
      ) : (
        <p>{t('line.account.unavailable')}</p>
      )}
      <p>
        <a href={`${base(ctx)}/settings`}>{t('line.account.settingsLink')}</a>
      </p>
    </Layout>
  )
}

const PROBLEM_KEYS: Record<Exclude<LineLinkProblem, 'denied'>, string> = {
  state: 'line.problem.state',
  rejected: 'line.problem.rejected',
  unavailable: 'line.problem.unavailable',
  'invalid-token': 'line.problem.invalidToken',
  taken: 'line.problem.taken',
}

export function LineLinkProblemPage({ ctx, problem }: { ctx: PageContext; problem: Exclude<LineLinkProblem, 'denied'> }) {
  const { t } = ctx
  const title = t('line.problem.title')
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{t(PROBLEM_KEYS[problem])}</p>
      <div class="button-group">
        {problem !== 'taken' && <ButtonLink href={`${base(ctx)}/line/link`}>{t('line.problem.retry')}</ButtonLink>}
        <ButtonLink href={`${base(ctx)}/line`} variant="secondary">
          {t('line.problem.back')}
        </ButtonLink>
      </div>
    </Layout>
  )
}
