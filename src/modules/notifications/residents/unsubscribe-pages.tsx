/**
 * Pages behind an email's unsubscribe link. They work from any mail client's built-in browser:
 * no login, no JavaScript; the confirmation form posts to the same one-click URL.
 */
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, NotificationBanner } from '../../../platform/views/components/index.js'

export function UnsubscribeConfirmPage({ ctx, action, topicName }: { ctx: PageContext; action: string; topicName?: string }) {
  const { t } = ctx
  const title = t('notifications.residents.unsubscribe.title')
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{topicName ? t('notifications.residents.unsubscribe.leadTopic', { topic: topicName }) : t('notifications.residents.unsubscribe.leadAll')}</p>
      <p>{t('notifications.residents.unsubscribe.otherChannels')}</p>
      <form method="post" action={action}>
        {/* The same body mail providers send for RFC 8058 one-click; the signed URL is the authority. */}
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <Button>{t('notifications.residents.unsubscribe.confirm')}</Button>
      </form>
    </Layout>
  )
}

export function UnsubscribedPage({ ctx, settingsHref, topicName }: { ctx: PageContext; settingsHref: string; topicName?: string }) {
  const { t } = ctx
  const title = t('notifications.residents.unsubscribe.doneTitle')
  return (
    <Layout ctx={ctx} title={title}>
      <NotificationBanner title={title} variant="success">
        <p>{topicName ? t('notifications.residents.unsubscribe.doneTopic', { topic: topicName }) : t('notifications.residents.unsubscribe.doneAll')}</p>
      </NotificationBanner>
      <h1>{title}</h1>
      <p>
        <a href={settingsHref}>{t('notifications.residents.unsubscribe.manage')}</a>
      </p>
    </Layout>
  )
}

export function UnsubscribeInvalidPage({ ctx, settingsHref }: { ctx: PageContext; settingsHref: string }) {
  const { t } = ctx
  const title = t('notifications.residents.unsubscribe.invalidTitle')
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{t('notifications.residents.unsubscribe.invalid')}</p>
      <p>
        <a href={settingsHref}>{t('notifications.residents.unsubscribe.manage')}</a>
      </p>
    </Layout>
  )
}
