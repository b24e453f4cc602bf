import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../platform/platform.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import { setNotifyHub } from '../../../platform/notify/notify.js'
import { setNoticeSecretsKey } from './notice-dispatch.js'
import { createNotifyHub } from './notify-bridge.js'
import { startDeliveryPump as startDeliveryPumpLoop } from './delivery-pump.js'
import { postStatusCallback } from './status-callback.js'
import { finishEmergencyNotice } from './emergency-notice.js'

/**
 * The delivery engine: notices become one row per (notice, resident, channel), created set-based
 * and worked by the pump (claim in batches, send outside the transaction, record outcomes).
 * Other areas of the hub call only what this file exports.
 */
export { insertNotice, queueNoticeDeliveries, queueNoticeSlice, finishNoticeQueueing, cancelNoticeDeliveries, summariseNoticeProgress, type NewNotice, type NoticeProgress } from './notice-dispatch.js'
export { createEmergencyNotice, queueEmergencyDeliveries, countEmergencyTargets, districtSlices, finishEmergencyNotice, type EmergencyNoticeInput } from './emergency-notice.js'
export { wakeDeliveryPump } from './delivery-pump.js'
export { countDeliveryTargets, deliveryTargetsSql, type DeliveryTargetCount, type DeliveryTargetRule } from './delivery-targets.js'
export {
  runDeliveryPumpOnce,
  drainDeliveries,
  registerPeriodicTask,
  configureDeliveryTransports,
  resetDeliveryRateLimits,
  closeDeliveryTransports,
  type PeriodicTask,
  type DeliveryTransports,
  type PumpCycleResult,
} from './delivery-pump.js'
export { summariseDeliveryMetrics, type DeliveryMetrics, type ChannelMetrics } from './delivery-metrics.js'
export { recordProviderReceipt, type ProviderReceiptOutcome } from './provider-receipts.js'
export { postStatusCallback } from './status-callback.js'
export { inboxIdempotencyKey, NOTICE_MESSAGE_TEMPLATE } from './inbox-delivery.js'
export { createEmailTransport, type EmailTransport, type NoticeMail } from '../channels/email/email-transport.js'

/**
 * Delivery engine wiring: the key that protects status-callback tokens, and the notify port's
 * bridge, so that other modules' messages to residents go through the hub.
 */
export function registerDelivery(_app: FastifyInstance, platform: Platform, _surfaces: { public: boolean; staff: boolean }): void {
  installDeliveryEngine(platform)
}

/** Both the web app and a worker-only process (`yakuba worker`) need the engine installed. */
function installDeliveryEngine(platform: Platform): void {
  setNoticeSecretsKey(platform.config)
  setNotifyHub(createNotifyHub(platform.config))
}

/** The delivery pump loop, with the engine installed (a worker process builds no HTTP app). */
export function startDeliveryPump(platform: Platform): { stop(): Promise<void> } {
  installDeliveryEngine(platform)
  return startDeliveryPumpLoop(platform)
}

export const deliveryJobs: JobDefinition[] = [postStatusCallback, finishEmergencyNotice] as unknown as JobDefinition[]
