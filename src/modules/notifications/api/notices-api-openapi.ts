/**
 * OpenAPI descriptions of the notices API (merged into /api/v1/openapi.json through each route's
 * `schema.operation`). Fastify does not validate with these: the routes check input with zod
 * after authentication, so a caller without a key always gets 401 first.
 */
import { DELIVERY_CHANNELS, NOTICE_LANGUAGES } from '../notification-tables.js'
import { MAX_DISTRICTS, MAX_PERSONALISATION_VALUES } from './notices-api-schemas.js'
import { AUTH_PROBLEMS, apiKeySecurity, json, problem, problemWithErrors, type Schema } from '../../../platform/http/openapi-parts.js'


const DELIVERY_STATES = ['created', 'sending', 'delivered', 'temporary_failure', 'permanent_failure', 'cancelled']
const NOTICE_STATES = ['draft', 'pending_approval', 'scheduled', 'sending', 'completed', 'cancelled', 'rejected']

const TEXTS: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['subject', 'body'],
  description: 'The texts of one language. `((name))` placeholders are filled from `personalisation`; every language must use the same placeholders.',
  properties: {
    subject: { type: 'string', maxLength: 200, description: 'One line: the email subject, inbox title, push title and LINE alt text.' },
    body: { type: 'string', maxLength: 10000, description: 'Inbox and email text; paragraphs separated by an empty line.' },
    sms: { type: 'string', description: 'SMS text (at most 10 messages: 670 characters of Japanese); default: the subject and the link.' },
    push: { type: 'string', maxLength: 120, description: 'Web push body; default: the subject.' },
    line: { type: 'string', maxLength: 5000, description: 'LINE text; default: the subject and the body.' },
    lineFlex: { type: 'object', description: 'LINE flex message contents: an object whose `type` is `bubble` or `carousel`.' },
  },
}

const CONTENT: Schema = {
  type: 'object',
  additionalProperties: false,
  description: 'Texts per language. `ja` is required; a resident reads their language, else やさしい日本語 (`ja-easy`), else Japanese.',
  required: ['ja'],
  properties: Object.fromEntries(NOTICE_LANGUAGES.map(language => [language, TEXTS])),
}

const AUDIENCE: Schema = {
  description: 'Who receives a broadcast: exactly one of these.',
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['everyone'], properties: { everyone: { const: true } } },
    { type: 'object', additionalProperties: false, required: ['topic'], properties: { topic: { type: 'string', description: 'Topic key (e.g. `bousai`): its subscribers on the channels they chose.' } } },
    { type: 'object', additionalProperties: false, required: ['segment'], properties: { segment: { type: 'string', format: 'uuid', description: 'A saved segment.' } } },
    { type: 'object', additionalProperties: false, required: ['districts'], properties: { districts: { type: 'array', minItems: 1, maxItems: MAX_DISTRICTS, items: { type: 'string' }, description: 'District codes (地区コード).' } } },
  ],
}

const CREATED: Schema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['sending', 'scheduled', 'pending_approval', ...NOTICE_STATES.filter(s => !['sending', 'scheduled', 'pending_approval'].includes(s))], description: 'On a replay: the notice’s status now.' },
    recipientCount: { type: ['integer', 'null'], description: 'Residents the notice is being sent to; null until its deliveries are created (scheduled or waiting for approval).' },
    scheduledAt: { type: ['string', 'null'], format: 'date-time' },
    links: { type: 'object', properties: { status: { type: 'string' } } },
  },
}

const COUNTS: Schema = { type: 'object', properties: Object.fromEntries(DELIVERY_STATES.map(state => [state, { type: 'integer' }])) }

const STATUS: Schema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: NOTICE_STATES },
    kind: { type: 'string', enum: ['broadcast', 'transactional'] },
    priority: { type: 'string', enum: ['normal', 'critical'] },
    template: { type: ['object', 'null'], properties: { key: { type: 'string' }, version: { type: 'integer' } } },
    recipientCount: { type: ['integer', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    scheduledAt: { type: ['string', 'null'], format: 'date-time' },
    approvedAt: { type: ['string', 'null'], format: 'date-time' },
    completedAt: { type: ['string', 'null'], format: 'date-time', description: 'Set once every delivery reached a final state.' },
    cancelledAt: { type: ['string', 'null'], format: 'date-time' },
    deliveries: {
      type: 'object',
      description: 'One delivery per resident and channel. `terminal` counts delivered, permanent_failure and cancelled.',
      properties: { total: { type: 'integer' }, terminal: { type: 'integer' }, byChannel: { type: 'object', properties: Object.fromEntries(DELIVERY_CHANNELS.map(channel => [channel, COUNTS])) } },
    },
  },
}

const PROBLEM_WITH_ERRORS = problemWithErrors('`path` is the body field (e.g. `personalisation.date`, `content.en.subject`).')
const security = apiKeySecurity

export const createNoticeOperation = {
  description: [
    'Sends a notice to one resident (`recipient`, transactional) or to an audience (`audience`, broadcast), from a template (`template`) or from texts (`content`). Needs `notices:write` and an `Idempotency-Key`: a retry with the same key and body returns the same notice (`Idempotent-Replayed: true`); the same key with another body is refused (422 `NOTIFICATIONS.IDEMPOTENCY_KEY_REUSED`).',
    'Residents receive it on the channels they chose (inbox, email, LINE, SMS, web push), in their language, respecting their preferences and quiet hours (a `critical` notice ignores topic preferences and quiet hours). An audience larger than the municipality’s approval threshold waits for a supervisor’s approval: the answer is then 202 with status `pending_approval`.',
    'With `statusCallback`, when every delivery has reached a final state the server POSTs `{ id, status, reference, recipientCount, completedAt, deliveries }` (`deliveries` as in GET /notices/{id}) to the URL with `Authorization: Bearer <bearerToken>`, retrying with backoff while the endpoint fails; a repeat carries the same body. Nothing is stored when the answer is an error.',
  ].join('\n\n'),
  ...security('notices:write'),
  parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, description: '8–200 visible ASCII characters chosen by the client (a UUID is typical), unique per notice.', schema: { type: 'string', minLength: 8, maxLength: 200 } }],
  requestBody: {
    required: true,
    content: json({
      type: 'object',
      additionalProperties: false,
      description: 'Exactly one of `template` and `content`, and exactly one of `recipient` and `audience`.',
      properties: {
        template: { type: 'object', additionalProperties: false, required: ['key'], properties: { key: { type: 'string' }, version: { type: 'integer', minimum: 1, description: 'Default: the current version.' } } },
        content: CONTENT,
        personalisation: { type: 'object', maxProperties: MAX_PERSONALISATION_VALUES, additionalProperties: { type: ['string', 'number'] }, description: 'Values of the `((placeholders))`, the same for every recipient. Every placeholder must have one.' },
        recipient: { type: 'object', additionalProperties: false, required: ['residentId'], properties: { residentId: { type: 'string', format: 'uuid' } } },
        audience: AUDIENCE,
        priority: { type: 'string', enum: ['normal', 'critical'], default: 'normal' },
        linkUrl: { type: 'string', description: 'An https URL or a path on this site (`/{tenant}/…`).' },
        scheduledAt: { type: 'string', format: 'date-time', description: 'Send later: from now up to one year ahead.' },
        statusCallback: {
          type: 'object',
          additionalProperties: false,
          required: ['url', 'bearerToken'],
          properties: { url: { type: 'string', description: 'https (http to 127.0.0.1 / localhost only outside production).' }, bearerToken: { type: 'string', minLength: 10, maxLength: 500, description: 'Stored encrypted; sent back as `Authorization: Bearer`.' } },
        },
      },
    }),
  },
  responses: {
    '201': { description: 'Created: being sent (or scheduled). `Location` is the status URL.', headers: { 'Idempotent-Replayed': { schema: { type: 'string', enum: ['true'] } }, Location: { schema: { type: 'string' } } }, content: json(CREATED) },
    '202': { description: 'Accepted: the audience is over the approval threshold; a supervisor approves it in the staff console.', headers: { Location: { schema: { type: 'string' } } }, content: json(CREATED) },
    '400': problem('The body is not a notice (`NOTIFICATIONS.INVALID_REQUEST`, with `errors`: e.g. both or neither of template/content, more than 200 districts) or the Idempotency-Key is missing (`NOTIFICATIONS.IDEMPOTENCY_KEY_REQUIRED`).', PROBLEM_WITH_ERRORS),
    '422': problem(
      '`NOTIFICATIONS.TEMPLATE_NOT_FOUND`, `NOTIFICATIONS.TEMPLATE_VERSION_NOT_FOUND`, `NOTIFICATIONS.CONTENT_INVALID`, `NOTIFICATIONS.PERSONALISATION_MISSING` (the missing placeholders in `errors`), `NOTIFICATIONS.RECIPIENT_NOT_FOUND`, `NOTIFICATIONS.AUDIENCE_NOT_FOUND`, `NOTIFICATIONS.SCHEDULE_IN_PAST`, `NOTIFICATIONS.SCHEDULE_TOO_FAR`, `NOTIFICATIONS.CALLBACK_URL_INVALID`, `NOTIFICATIONS.IDEMPOTENCY_KEY_REUSED`.',
      PROBLEM_WITH_ERRORS,
    ),
    ...AUTH_PROBLEMS,
  },
}

export const getNoticeOperation = {
  description: 'A notice created through this municipality’s API (with any of its keys — keys can be rotated): its status and its deliveries counted by channel and state. No texts or recipients. Needs `notices:read`.',
  ...security('notices:read'),
  responses: {
    '200': { description: 'The notice', content: json(STATUS) },
    '404': problem('No notice with this id was created through this municipality’s API.'),
    ...AUTH_PROBLEMS,
  },
}
