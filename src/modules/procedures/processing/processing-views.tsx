import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { StaffNav } from '../../../platform/views/staff-nav.js'
import { ErrorSummary, NotificationBanner, Tag, type TagTone } from '../../../platform/views/components/index.js'
import type { Translate } from '../../../platform/i18n/i18n.js'
import type { ApplicationStatus, PaymentState } from '../procedure-tables.js'

export function applicationsBase(ctx: PageContext): string {
  return `/${ctx.tenant?.slug}/staff/applications`
}

/** Staff console chrome for every processing page: staff header and navigation, page-level messages. */
export function ProcessingPage({ ctx, title, children, notice, errors = [], section }: {
  ctx: PageContext
  title: string
  children: Child
  notice?: string
  errors?: { field: string; message: string }[]
  /** Shows the processing sub-navigation with this entry current. */
  section?: 'inbox' | 'approvals' | 'delegations' | 'export'
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('processing.errorTitlePrefix')}${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      {section ? (
        <div class="console">
          <ProcessingNav ctx={ctx} current={section} />
          <div class="console__main">
            <PageMessages ctx={ctx} notice={notice} errors={errors} />
            {children}
          </div>
        </div>
      ) : (
        <>
          <PageMessages ctx={ctx} notice={notice} errors={errors} />
          {children}
        </>
      )}
    </Layout>
  )
}

function PageMessages({ ctx, notice, errors }: { ctx: PageContext; notice?: string; errors: { field: string; message: string }[] }) {
  return (
    <>
      <ErrorSummary title={ctx.t('common.errorSummary')} errors={errors} />
      {notice && (
        <NotificationBanner title={ctx.t('processing.done')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      )}
    </>
  )
}

function ProcessingNav({ ctx, current }: { ctx: PageContext; current: 'inbox' | 'approvals' | 'delegations' | 'export' }) {
  const base = applicationsBase(ctx)
  const items = [
    { id: 'inbox', href: base, label: ctx.t('processing.nav.inbox') },
    { id: 'approvals', href: `${base}/approvals`, label: ctx.t('processing.nav.approvals') },
    { id: 'delegations', href: `${base}/delegations`, label: ctx.t('processing.nav.delegations') },
    { id: 'export', href: `${base}/export`, label: ctx.t('processing.nav.export') },
  ] as const
  return (
    <nav class="console__nav" aria-label={ctx.t('processing.nav.label')}>
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

const STATUS_TONES: Record<ApplicationStatus, TagTone> = {
  draft: 'grey',
  submitted: 'blue',
  in_review: 'yellow',
  correction_requested: 'grey',
  pending_approval: 'yellow',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'grey',
}

/** The status as a tag: its text carries the meaning, the tone only reinforces it. */
export function StatusTag({ t, status }: { t: Translate; status: ApplicationStatus }) {
  return <Tag tone={STATUS_TONES[status]}>{t(`processing.status.${status}`)}</Tag>
}

const PAYMENT_TONES: Record<PaymentState, TagTone> = { none: 'grey', due: 'red', paid: 'green', refunded: 'grey', waived: 'blue' }

export function PaymentTag({ t, state }: { t: Translate; state: PaymentState }) {
  if (state === 'none') return <span>{t('processing.payment.none')}</span>
  return <Tag tone={PAYMENT_TONES[state]}>{t(`processing.payment.${state}`)}</Tag>
}

/** Success message for a `?done=` flag; unknown flags show nothing. */
export function doneNotice(t: Translate, done: string | undefined, allowed: readonly string[]): string | undefined {
  return done && allowed.includes(done) ? t(`processing.doneMessages.${done}`) : undefined
}

/** The ErrorSummary's items in the order the fields appear on the page (messages already translated). */
export function summaryItems(errors: Record<string, string>, order: readonly string[]): { field: string; message: string }[] {
  const known = order.filter(field => errors[field] !== undefined).map(field => ({ field, message: errors[field] }))
  const rest = Object.keys(errors)
    .filter(field => !order.includes(field))
    .map(field => ({ field, message: errors[field] }))
  return [...known, ...rest]
}

/** Catalog keys by field → translated messages (`key:100` passes `{ max: 100 }`). */
export function translateErrors(t: Translate, errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => {
      const [key, max] = message.split(':')
      return [field, max === undefined ? t(key) : t(key, { max: Number(max) })]
    }),
  )
}
