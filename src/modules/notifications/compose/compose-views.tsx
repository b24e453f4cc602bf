/** Chrome and small pieces shared by the compose, progress and metrics pages. */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { StaffNav } from '../../../platform/views/staff-nav.js'
import { ErrorSummary, NotificationBanner, Tag, type TagTone } from '../../../platform/views/components/index.js'
import type { Translate } from '../../../platform/i18n/i18n.js'
import type { DeliveryChannel, DeliveryStatus, NoticeLanguage, NoticePriority, NoticeStatus } from '../notification-tables.js'
import type { FormErrors } from './compose-errors.js'

export function notificationsBase(ctx: PageContext): string {
  return `/${ctx.tenant?.slug}/staff/notifications`
}

export type NotificationsSection = 'overview' | 'new' | 'metrics'

/** Staff console chrome of the hub's pages: navigation, page-level messages. */
export function NotificationsPage({ ctx, title, children, notice, errors = [], section }: {
  ctx: PageContext
  title: string
  children: Child
  /** A success message (after a redirect). */
  notice?: string
  errors?: { field: string; message: string }[]
  section?: NotificationsSection
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('compose.errorTitlePrefix')}${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      <div class="console">
        <NotificationsNav ctx={ctx} current={section} />
        <div class="console__main">
          <ErrorSummary title={t('common.errorSummary')} errors={errors} />
          {notice && (
            <NotificationBanner title={t('compose.done')} variant="success">
              <p>{notice}</p>
            </NotificationBanner>
          )}
          {children}
        </div>
      </div>
    </Layout>
  )
}

/** The hub's own pages, then the setup pages (built by the other areas) for those who manage them. */
function NotificationsNav({ ctx, current }: { ctx: PageContext; current?: NotificationsSection }) {
  const base = notificationsBase(ctx)
  const canManage = ctx.staff?.permissions.has('notifications.manage') ?? false
  const items: { id: string; href: string; label: string }[] = [
    { id: 'overview', href: base, label: ctx.t('compose.nav.overview') },
    { id: 'new', href: `${base}/new`, label: ctx.t('compose.nav.new') },
    { id: 'metrics', href: `${base}/metrics`, label: ctx.t('compose.nav.metrics') },
    ...(canManage ? SETUP_PAGES.map(page => ({ id: page, href: `${base}/${page}`, label: ctx.t(`compose.setup.${page}.title`) })) : []),
  ]
  return (
    <nav class="console__nav" aria-label={ctx.t('compose.nav.label')}>
      <ul>
        {items.map(item => (
          <li>
            <a href={item.href} aria-current={item.id === current ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/** Setup pages of the hub, under /:tenant/staff/notifications/<page>. */
export const SETUP_PAGES = ['topics', 'segments', 'districts', 'templates', 'garbage', 'line'] as const

const STATUS_TONES: Record<NoticeStatus, TagTone> = {
  draft: 'grey',
  pending_approval: 'yellow',
  scheduled: 'blue',
  sending: 'blue',
  completed: 'green',
  cancelled: 'grey',
  rejected: 'red',
}

/** A notice's state as a tag: its text carries the meaning, the tone only reinforces it. */
export function NoticeStatusTag({ t, status }: { t: Translate; status: NoticeStatus }) {
  return <Tag tone={STATUS_TONES[status]}>{t(`compose.status.${status}`)}</Tag>
}

export function PriorityLabel({ t, priority }: { t: Translate; priority: NoticePriority }) {
  return priority === 'critical' ? <Tag tone="red">{t('compose.priority.critical')}</Tag> : <span>{t('compose.priority.normal')}</span>
}

export const channelLabel = (t: Translate, channel: DeliveryChannel) => t(`compose.channels.${channel}`)
export const deliveryStatusLabel = (t: Translate, status: DeliveryStatus) => t(`compose.deliveryStatus.${status}`)
export const languageLabel = (t: Translate, language: NoticeLanguage) => t(`compose.languages.${language}`)

/** Translated form errors in page order, for the ErrorSummary. */
export function summaryItems(t: Translate, errors: FormErrors, order: readonly string[]): { field: string; message: string }[] {
  const fields = [...order.filter(field => errors[field]), ...Object.keys(errors).filter(field => !order.includes(field))]
  return fields.map(field => ({ field, message: t(errors[field].key, errors[field].params) }))
}

/** Field name → translated message, for the fields themselves. */
export function translateErrors(t: Translate, errors: FormErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, t(message.key, message.params)]))
}

/** Text with its line breaks kept, without CSS: one line per <br>. */
export function MultilineText({ text }: { text: string }) {
  const lines = text.split('\n')
  return (
    <>
      {lines.map((line, index) => (
        <>
          {line}
          {index < lines.length - 1 ? <br /> : null}
        </>
      ))}
    </>
  )
}

/** "3分前" — how long ago something happened, in the largest whole unit. */
export function formatElapsed(t: Translate, from: Date, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000))
  if (seconds < 60) return t('compose.elapsed.seconds', { n: seconds })
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return t('compose.elapsed.minutes', { n: minutes })
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return t('compose.elapsed.hours', { n: hours, m: minutes % 60 })
  return t('compose.elapsed.days', { n: Math.floor(hours / 24) })
}

const numberFormat = new Intl.NumberFormat('ja-JP')
export const formatCount = (n: number) => numberFormat.format(n)
