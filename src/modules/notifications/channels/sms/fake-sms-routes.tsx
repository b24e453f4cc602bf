import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../../platform/platform.js'
import { Layout } from '../../../../platform/views/layout.js'
import { pageContext } from '../../../../platform/views/page-context.js'
import { formatDateTime } from '../../../../platform/views/format.js'
import { Table } from '../../../../platform/views/components/index.js'
import { createFakeSms, type DeliverReceipt, type FakeSms } from './fake-sms.js'
import { createInProcessFetch } from './in-process-fetch.js'
import { routeSmsInProcess } from './sms-transport.js'

export const FAKE_SMS_PREFIX = '/dev-sms'

const mounted = new WeakMap<FastifyInstance, FakeSms>()

/** The fake SMS provider mounted on this app, if any (tests read its messages and turn its knobs). */
export function fakeSmsOf(app: FastifyInstance): FakeSms | undefined {
  return mounted.get(app)
}

/**
 * Serves the fake SMS provider under /dev-sms: its API (/dev-sms/v1/messages) and a viewer page
 * (/dev-sms) listing what it received, like /dev/mail. Mounted only with NOTIFY_CHANNELS=fake
 * (never in production, which config refuses). The routes are the provider's: `auth: 'public'`,
 * no CSRF token and no Yakuba rate limit (the fake has its own).
 */
export function mountFakeSms(app: FastifyInstance, platform: Platform): FakeSms {
  const { config } = platform
  const inProcess = createInProcessFetch(app)
  const deliver: DeliverReceipt = async (url, body, headers) => {
    const send = url.startsWith(config.publicUrl) ? inProcess : (input: string, init: { method: string; headers: Record<string, string>; body?: string }) => fetch(input, init)
    const response = await send(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) })
    await response.body?.cancel().catch(() => undefined)
    return { status: response.status }
  }
  const fake = createFakeSms({
    apiKeys: config.smsApiKey ? [config.smsApiKey] : [],
    webhookSecret: config.smsWebhookSecret ?? '',
    deliver,
  })

  void app.register(async scope => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => done(null, body))
    scope.route({
      method: ['GET', 'POST'],
      url: `${FAKE_SMS_PREFIX}/v1/*`,
      config: { auth: 'public', csrf: false, rateLimit: false },
      handler: async (req, reply) => {
        const path = `/v1/${(req.params as { '*': string })['*']}`.split('?')[0]
        const response = fake.handle({ method: req.method, path, headers: req.headers, body: typeof req.body === 'string' ? req.body : '' })
        return reply.status(response.status).headers(response.headers).header('cache-control', 'no-store').send(JSON.stringify(response.body))
      },
    })
    scope.get(FAKE_SMS_PREFIX, { config: { auth: 'public' } }, async (req, reply) => {
      const ctx = pageContext(req)
      const { t } = ctx
      const messages = [...fake.messages()].reverse().slice(0, 100)
      return reply.header('cache-control', 'no-store').html(
        <Layout ctx={ctx} title={t('notifications.dev.sms.title')} area="root">
          <h1>{t('notifications.dev.sms.title')}</h1>
          <p>{t('notifications.dev.sms.lead')}</p>
          {messages.length === 0 ? (
            <p>{t('notifications.dev.empty')}</p>
          ) : (
            <Table
              caption={t('notifications.dev.sms.caption')}
              head={[t('notifications.dev.receivedAt'), t('notifications.dev.sms.to'), t('notifications.dev.sms.text'), t('notifications.dev.sms.segments'), t('notifications.dev.status')]}
              rows={messages.map(m => [formatDateTime(m.receivedAt, ctx.locale), m.to, <span class="pre-wrap">{m.text}</span>, String(m.segments), m.receipt ? `${m.status} (${m.receipt.lastHttpStatus ?? '—'})` : m.status])}
            />
          )}
        </Layout>,
      )
    })
  })

  routeSmsInProcess(config, inProcess)
  app.addHook('onClose', async () => {
    fake.close()
    routeSmsInProcess(config, undefined)
  })
  mounted.set(app, fake)
  return fake
}
