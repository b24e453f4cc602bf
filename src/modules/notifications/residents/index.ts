/**
 * Residents' side of the notifications hub: 通知の設定 (language, district or home location,
 * quiet hours, digest, garbage reminders, segment attributes with consent, topic × channel
 * preferences, failover order), channel addresses with one-time-code verification, web push
 * subscriptions and the service worker, the RFC 8058 email unsubscribe, and — in development —
 * the fake SMS provider (/dev-sms) and push service (/dev-push) with the SMS receipt webhook.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../platform/platform.js'
import { registerSettingsRoutes } from './settings-routes.js'
import { registerSmsReceiptRoutes } from '../channels/sms/sms-receipt-routes.js'
import { mountFakeSms } from '../channels/sms/fake-sms-routes.js'
import { mountFakePush } from '../channels/push/fake-push-routes.js'

const SERVICE_WORKER_PATH = fileURLToPath(new URL('../../../../public/sw.js', import.meta.url))

export { unsubscribeUrl, unsubscribeHeaders, createUnsubscribeToken, readUnsubscribeToken } from './unsubscribe-link.js'
export { createPreferenceService, offeredChannelsOf, type PreferenceService, type SettingsView } from './preference-service.js'
export { createChannelService, normalizeEmailAddress, type ChannelService } from './channel-service.js'

export function registerResidentPreferences(app: FastifyInstance, platform: Platform, surfaces: { public: boolean; staff: boolean }): void {
  if (!surfaces.public) return
  registerSettingsRoutes(app, platform)
  registerSmsReceiptRoutes(app, platform)

  // The service worker must be served from the root for a site-wide scope ("/"); /static/sw.js
  // could only control /static/. Read once: it is a static file.
  const serviceWorker = readFileSync(SERVICE_WORKER_PATH)
  app.get('/sw.js', { config: { auth: 'public' } }, async (_req, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('service-worker-allowed', '/')
      // Browsers check for a new worker at most daily anyway; no-cache makes updates prompt.
      .header('cache-control', 'no-cache')
      .send(serviceWorker),
  )

  if (platform.config.notifyChannels === 'fake') {
    mountFakeSms(app, platform)
    mountFakePush(app, platform)
  }
}
