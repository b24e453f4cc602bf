import type { FastifyInstance } from 'fastify'
import { withTenant } from '../db/tenant-context.js'
import { tenantOf } from '../http/pipeline.js'
import type { Platform } from '../platform.js'
import { Layout } from '../views/layout.js'
import { pageContext } from '../views/page-context.js'
import { formatDateTime } from '../views/format.js'

/**
 * Development mail viewer: mails are not sent anywhere without SMTP_URL, so they are listed here.
 * Registered only when DEV_MAILBOX is on (never by default in production).
 */
export function registerDevMailRoutes(app: FastifyInstance, platform: Platform) {
  app.get('/:tenant/dev/mail', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const mails = await withTenant(platform.database.db, tenant.id, trx =>
      trx.selectFrom('mailLog').selectAll().where('tenantId', '=', tenant.id).orderBy('createdAt', 'desc').limit(50).execute(),
    )
    const ctx = pageContext(req)
    return reply.header('cache-control', 'no-store').html(
      <Layout ctx={ctx} title={req.t('mail.title')}>
        <h1>{req.t('mail.title')}</h1>
        <p>{req.t('mail.lead')}</p>
        {mails.length === 0 && <p>{req.t('mail.empty')}</p>}
        {mails.map(mail => (
          <article class="mail" aria-labelledby={`mail-${mail.id}`}>
            <h2 id={`mail-${mail.id}`}>{mail.subject}</h2>
            <dl class="summary-list">
              <div class="summary-list__row"><dt>{req.t('mail.to')}</dt><dd>{mail.toAddress}</dd></div>
              <div class="summary-list__row"><dt>{req.t('mail.status')}</dt><dd>{mail.status}</dd></div>
              <div class="summary-list__row"><dt>{req.t('mail.sentAt')}</dt><dd>{mail.sentAt ? formatDateTime(mail.sentAt, ctx.locale) : '—'}</dd></div>
            </dl>
            <pre class="mail__body">{mail.textBody ?? ''}</pre>
          </article>
        ))}
      </Layout>,
    )
  })
}
