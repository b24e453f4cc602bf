import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../../platform/platform.js'
import { Layout } from '../../../../platform/views/layout.js'
import { pageContext } from '../../../../platform/views/page-context.js'
import { formatDateTime } from '../../../../platform/views/format.js'
import { Table } from '../../../../platform/views/components/index.js'
import { createInProcessFetch } from '../sms/in-process-fetch.js'
import { createFakePushService, type FakePushService } from './fake-push.js'
import { routePushInProcess } from './push-transport.js'

export const FAKE_PUSH_PREFIX = '/dev-push'

const mounted = new WeakMap<FastifyInstance, FakePushService>()

/** The fake push service mounted on this app, if any (tests create subscriptions and read messages). */
export function fakePushOf(app: FastifyInstance): FakePushService | undefined {
  return mounted.get(app)
}

/**
 * Serves the development push service under /dev-push: `POST /dev-push/endpoints` makes a
 * synthetic subscription, `POST /dev-push/endpoints/:id` is the push endpoint (RFC 8030),
 * `DELETE /dev-push/endpoints/:id` unsubscribes it, and `/dev-push` lists what arrived. Mounted
 * only with NOTIFY_CHANNELS=fake.
 */
export function mountFakePush(app: FastifyInstance, platform: Platform): FakePushService {
  const { config } = platform
  const fake = createFakePushService({ origin: new URL(config.publicUrl).origin, basePath: FAKE_PUSH_PREFIX })

  void app.register(async scope => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body))
    scope.route({
      method: ['POST', 'DELETE'],
      url: `${FAKE_PUSH_PREFIX}/endpoints*`,
      config: { auth: 'public', csrf: false, rateLimit: false },
      handler: async (req, reply) => {
        const path = req.url.split('?')[0].slice(FAKE_PUSH_PREFIX.length)
        const response = fake.handle({ method: req.method, path, headers: req.headers, body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0) })
        reply.status(response.status).headers(response.headers).header('cache-control', 'no-store')
        return response.status === 204 ? reply.send() : reply.send(JSON.stringify(response.body))
      },
    })
    scope.get(FAKE_PUSH_PREFIX, { config: { auth: 'public' } }, async (req, reply) => {
      const ctx = pageContext(req)
      const { t } = ctx
      const messages = [...fake.messages()].reverse().slice(0, 100)
      return reply.header('cache-control', 'no-store').html(
        <Layout ctx={ctx} title={t('notifications.dev.push.title')} area="root">
          <h1>{t('notifications.dev.push.title')}</h1>
          <p>{t('notifications.dev.push.lead')}</p>
          {messages.length === 0 ? (
            <p>{t('notifications.dev.empty')}</p>
          ) : (
            <Table
              caption={t('notifications.dev.push.caption')}
              head={[t('notifications.dev.receivedAt'), t('notifications.dev.push.endpoint'), t('notifications.dev.push.urgency'), t('notifications.dev.push.payload')]}
              rows={messages.map(m => [formatDateTime(m.receivedAt, ctx.locale), m.endpointId, `${m.urgency}${m.topic ? ` / ${m.topic}` : ''} / TTL ${m.ttl}`, <span class="pre-wrap">{m.plaintext ?? (m.decryptError ? `(${m.decryptError})` : t('notifications.dev.push.encrypted', { bytes: m.bytes }))}</span>])}
            />
          )}
        </Layout>,
      )
    })
  })

  routePushInProcess(config, createInProcessFetch(app))
  app.addHook('onClose', async () => {
    routePushInProcess(config, undefined)
  })
  mounted.set(app, fake)
  return fake
}
