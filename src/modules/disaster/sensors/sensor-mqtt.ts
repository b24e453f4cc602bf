/**
 * The MQTT subscriber: reads `yakuba/{tenant}/sensors/{sensorId}` on MQTT_URL and hands each
 * message to the ingestion shared with HTTP. The sensor's key travels in the payload
 * (`{"value": 3.42, "at": "…", "key": "yks_…"}`), so the broker needs no per-sensor accounts;
 * broker ACLs (README) are a second fence, not the only one.
 *
 * Several workers share one subscription (`$share/<group>/…`, MQTT 5): each message is
 * processed once. Messages are processed one at a time in arrival order; nothing a publisher
 * sends can crash the loop — refusals are counted (per sensor when the sensor is known, in
 * this process's counters otherwise) and logged without payloads or keys. The connection
 * comes back with a growing delay (1 s … 60 s).
 */
import { randomBytes } from 'node:crypto'
import mqtt, { type MqttClient } from 'mqtt'
import { registerCatalog } from '../../../platform/i18n/i18n.js'
import type { Platform } from '../../../platform/platform.js'
import { ingestReadings } from './sensor-ingest.js'
import { readEnvelope } from './sensor-ingest-rules.js'
import { sensorTopic } from './sensor-rules.js'
import { sensorsCatalog } from './sensors-catalog.js'

export const SENSOR_TOPIC_FILTER = 'yakuba/+/sensors/+'
export const DEFAULT_SHARE_GROUP = 'yakuba-sensors'
/** Messages waiting beyond this are dropped and counted (a flood must not exhaust memory). */
export const MAX_PENDING_MESSAGES = 5_000

/** Refusals that cannot be pinned on a known sensor, since this process started. */
export type UnattributedReason = 'badTopic' | 'unknownTenant' | 'unknownSensor' | 'wrongKey' | 'malformed' | 'overloaded' | 'failed'
const unattributed = new Map<UnattributedReason, number>()

export function unattributedRejections(): Record<string, number> {
  return Object.fromEntries(unattributed)
}

function countUnattributed(platform: Platform, reason: UnattributedReason, context: { tenantSlug?: string }) {
  unattributed.set(reason, (unattributed.get(reason) ?? 0) + 1)
  platform.logger.warn({ reason, tenantSlug: context.tenantSlug }, 'sensor message refused')
}

/** Processes one message; exported for tests. Never throws. */
export async function handleSensorMessage(platform: Platform, topic: string, payload: Buffer, receivedAt: Date = new Date()): Promise<void> {
  try {
    const target = sensorTopic(topic)
    if (!target) return countUnattributed(platform, 'badTopic', {})
    const tenant = await platform.tenants.findTenantBySlug(target.tenantSlug)
    if (!tenant) return countUnattributed(platform, 'unknownTenant', { tenantSlug: target.tenantSlug })
    const envelope = readEnvelope(payload)
    const key = envelope.ok ? envelope.envelope.key : undefined
    const outcome = await ingestReadings(platform, { tenant, sensor: { id: target.sensorId }, key, payload, via: 'mqtt', receivedAt })
    switch (outcome.kind) {
      case 'unauthorized':
        // The sensor's own counter was raised when the topic named a known sensor.
        return countUnattributed(platform, envelope.ok ? 'wrongKey' : 'malformed', { tenantSlug: tenant.slug })
      case 'notFound':
        if (!outcome.isSensorKnown) countUnattributed(platform, 'unknownSensor', { tenantSlug: tenant.slug })
        return
      case 'rejected':
        platform.logger.warn({ tenantSlug: tenant.slug, sensorId: outcome.sensorId, problems: outcome.problems.slice(0, 5) }, 'sensor readings refused')
        return
      case 'stored':
        return
    }
  } catch (error) {
    unattributed.set('failed', (unattributed.get('failed') ?? 0) + 1)
    platform.logger.error({ err: error }, 'sensor message failed')
  }
}

export interface SensorSubscriberOptions {
  url?: string
  /** shared-subscription group; tests use their own so that no other subscriber takes their messages */
  group?: string
}

export interface SensorSubscriber {
  stop(): Promise<void>
  /** resolves once subscribed (tests) */
  ready: Promise<void>
  /** resolves when every message received so far is processed (tests) */
  idle(): Promise<void>
}

export function startSensorSubscriber(platform: Platform, options: SensorSubscriberOptions = {}): SensorSubscriber {
  registerCatalog(sensorsCatalog) // `yakuba worker` builds no HTTP app: the staff mails need the texts
  const url = options.url ?? platform.config.mqttUrl
  if (!url) {
    platform.logger.info('MQTT_URL is off: no sensor subscriber')
    return { stop: async () => undefined, ready: Promise.resolve(), idle: async () => undefined }
  }
  const group = options.group ?? DEFAULT_SHARE_GROUP
  let pending = 0
  let chain: Promise<void> = Promise.resolve()
  let markReady: () => void = () => undefined
  const ready = new Promise<void>(resolve => (markReady = resolve))
  let delay = 1_000
  const client: MqttClient = mqtt.connect(url, {
    clientId: `yakuba-${randomBytes(6).toString('hex')}`,
    protocolVersion: 5,
    clean: true,
    reconnectPeriod: delay,
    connectTimeout: 10_000,
  })
  client.on('connect', () => {
    delay = 1_000
    client.options.reconnectPeriod = delay
    client.subscribe(`$share/${group}/${SENSOR_TOPIC_FILTER}`, { qos: 1 }, error => {
      if (error) platform.logger.error({ err: error }, 'MQTT subscription failed')
      else {
        platform.logger.info({ group }, 'sensor subscriber listening')
        markReady()
      }
    })
  })
  client.on('close', () => {
    // Back off: 1 s, 2 s, 4 s … 60 s between attempts while the broker is away.
    delay = Math.min(delay * 2, 60_000)
    client.options.reconnectPeriod = delay
  })
  client.on('error', error => platform.logger.warn({ err: error }, 'MQTT connection problem'))
  client.on('message', (topic, payload) => {
    if (pending >= MAX_PENDING_MESSAGES) return countUnattributed(platform, 'overloaded', {})
    pending++
    const receivedAt = new Date()
    chain = chain.then(() => handleSensorMessage(platform, topic, payload, receivedAt)).finally(() => pending--)
  })
  return {
    ready,
    idle: () => chain,
    async stop() {
      await new Promise<void>(resolve => client.end(false, {}, () => resolve()))
      await chain
    },
  }
}
