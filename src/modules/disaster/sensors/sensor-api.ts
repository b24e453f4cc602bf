/**
 * `POST /api/v1/{tenant}/sensors/{sensorCode}/readings`: the HTTP ingestion of the sensors, with
 * the sensor's own key. The body is read as text here (not by Fastify's JSON parser) so that a
 * malformed payload is a counted 422 like any other bad reading, not an uncounted 400.
 */
import type { FastifyInstance, FastifySchema } from 'fastify'
import { sendProblem } from '../../../platform/http/api-requests.js'
import { json, problem, problemWithErrors } from '../../../platform/http/openapi-parts.js'
import { disasterTenant } from '../disaster-deps.js'
import type { Platform } from '../../../platform/platform.js'
import { ingestReadings } from './sensor-ingest.js'
import { bearerToken, MAX_BATCH_BYTES, MAX_BATCH_READINGS } from './sensor-ingest-rules.js'
import { MAX_CLOCK_AHEAD_MS } from './sensor-rules.js'

const READING = {
  type: 'object',
  required: ['value'],
  properties: {
    value: { type: 'number', description: 'In the sensor’s unit; outside its plausible range it is refused as `absurd`.' },
    at: { type: 'string', format: 'date-time', description: `When it was measured, with an offset (\`+09:00\` or \`Z\`); default: arrival. At most ${MAX_CLOCK_AHEAD_MS / 60_000} minutes ahead, at most 7 days old.` },
  },
}

export const ingestReadingsOperation = {
  description: [
    'Readings of one sensor (water level, rainfall…), one (`{"value": 3.42, "at": "…"}`) or a batch (`{"readings": [ … ]}`, at most ' + MAX_BATCH_READINGS + ').',
    'Authenticated by the sensor’s own key (`Authorization: Bearer yks_…`, issued on the staff console, shown once), not by a municipality API key.',
    'Idempotent per (sensor, `at`): a re-sent reading is counted in `duplicates` and changes nothing.',
    'A batch with any bad reading stores none of them: the answer lists each bad reading with its reason, and the sensor’s refusal counters go up.',
    'A wrong, revoked or missing key is 401 whether or not the sensor exists; a valid key of another sensor of the municipality is 404, whether or not the named sensor exists. So a caller without a key learns nothing about which sensors exist.',
    'Rate-limited per sensor.',
  ].join(' '),
  security: [],
  parameters: [{ name: 'Authorization', in: 'header', required: true, description: '`Bearer yks_<43 characters>`', schema: { type: 'string' } }],
  requestBody: { required: true, content: json({ oneOf: [READING, { type: 'object', required: ['readings'], properties: { readings: { type: 'array', minItems: 1, maxItems: MAX_BATCH_READINGS, items: READING } } }] }) },
  responses: {
    '201': {
      description: 'Stored (at least one new reading)',
      content: json({
        type: 'object',
        properties: {
          accepted: { type: 'integer', description: 'New readings stored' },
          duplicates: { type: 'integer', description: 'Readings already stored (same time)' },
          level: { type: 'string', enum: ['normal', 'caution', 'warning', 'danger'], description: 'The sensor’s level after these readings (平常 / 注意 / 警戒 / 危険)' },
        },
      }),
    },
    '200': { description: 'Every reading was already stored (a re-send)', content: json({ type: 'object' }) },
    '401': problem('No key, or not a live key of this municipality (`DISASTER.SENSOR_KEY_INVALID`, with `WWW-Authenticate: Bearer`).'),
    '404': problem('The key is not this sensor’s (`DISASTER.SENSOR_NOT_FOUND`).'),
    '413': problem(`A body over ${MAX_BATCH_BYTES / 1024} KiB.`),
    '415': problem('Not application/json.'),
    '422': problem('Malformed JSON, no readings, too many, or bad readings (`DISASTER.SENSOR_READINGS_REFUSED`); `path` is `readings.N` or `(body)`.', problemWithErrors('`path` names the reading (`readings.3`) or `(body)`; `code` is the reason: malformed, noValue, notANumber, absurd, badTime, future, tooOld, tooLarge, tooMany, noReadings.')),
    '429': problem('Too many calls for this sensor this minute; see Retry-After.'),
  },
}

export function registerSensorApi(app: FastifyInstance, platform: Platform): void {
  void app.register(async scope => {
    // The body arrives as text and is read by the shared ingestion (HTTP and MQTT alike).
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_BATCH_BYTES }, (_req, body, done) => done(null, body))
    scope.post(
      '/api/v1/:tenant/sensors/:sensorCode/readings',
      {
        config: {
          auth: 'public',
          csrf: false,
          rateLimit: {
            max: platform.config.SENSOR_INGEST_RATE_PER_MINUTE,
            timeWindow: 60_000,
            keyGenerator: req => {
              const params = req.params as { tenant?: string; sensorCode?: string }
              return `sensor:${params.tenant ?? ''}:${params.sensorCode ?? ''}`
            },
          },
        },
        bodyLimit: MAX_BATCH_BYTES,
        schema: { summary: 'Send sensor readings (センサー観測値)', tags: ['disaster'], operation: ingestReadingsOperation } as FastifySchema,
      },
      async (req, reply) => {
        const tenant = disasterTenant(req)
        const { sensorCode } = req.params as { sensorCode: string }
        const outcome = await ingestReadings(platform, {
          tenant,
          sensor: { code: sensorCode.toLowerCase() },
          key: bearerToken(req.headers.authorization),
          payload: typeof req.body === 'string' ? req.body : '',
          via: 'http',
          receivedAt: new Date(),
        })
        switch (outcome.kind) {
          case 'unauthorized':
            reply.header('www-authenticate', 'Bearer')
            return sendProblem(req, reply, 401, 'DISASTER.SENSOR_KEY_INVALID', 'sensors.api.keyInvalid')
          case 'notFound':
            return sendProblem(req, reply, 404, 'DISASTER.SENSOR_NOT_FOUND', 'sensors.api.notFound')
          case 'rejected':
            return sendProblem(
              req,
              reply,
              422,
              'DISASTER.SENSOR_READINGS_REFUSED',
              'sensors.api.refused',
              outcome.problems.map(p => ({ path: p.index < 0 ? '(body)' : `readings.${p.index}`, code: p.problem, message: req.t(`sensors.rejection.${p.problem}`) })),
            )
          case 'stored':
            return reply.status(outcome.accepted > 0 ? 201 : 200).header('cache-control', 'no-store').send({ accepted: outcome.accepted, duplicates: outcome.duplicates, level: outcome.level })
        }
      },
    )
  })
}
