/**
 * OpenAPI descriptions of the procedures API (merged into /api/v1/openapi.json through the
 * route's `schema.operation`). Fastify does not validate with these: the routes check input
 * with zod after authentication, so an unauthenticated caller always gets 401 first.
 */
import { CATEGORIES, IDENTITY_LEVELS, LIFE_EVENTS } from '../form/form-definition.js'
import { AUTH_PROBLEMS, apiKeySecurity, json, problem, problemWithErrors, type Schema } from '../../../platform/http/openapi-parts.js'


const TEXTS: Schema = {
  type: 'object',
  description: 'The text in 日本語 (ja), やさしい日本語 (ja-easy) and English (en); missing translations repeat the Japanese.',
  required: ['ja', 'ja-easy', 'en'],
  properties: { ja: { type: 'string' }, 'ja-easy': { type: 'string' }, en: { type: 'string' } },
}

const FEE_SUMMARY: Schema = {
  type: ['object', 'null'],
  description: 'The fee rules (the server calculates the amount from the answers), or null when the procedure is free.',
  properties: {
    timing: { type: 'string', enum: ['on-submission', 'after-approval'] },
    methods: { type: 'array', items: { type: 'string', enum: ['online', 'pay-easy', 'counter'] } },
    items: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, label: TEXTS, unitYen: { type: 'integer' }, quantityField: { type: ['string', 'null'], description: 'The number field that multiplies the unit price.' } } },
    },
    exemptions: { type: 'array', items: { type: 'object', properties: { label: TEXTS, items: { type: ['array', 'null'], items: { type: 'string' } } } } },
  },
}

const SUMMARY_PROPERTIES: Schema = {
  slug: { type: 'string' },
  version: { type: 'integer', description: 'The published version; send it back with a submission.' },
  title: TEXTS,
  summary: TEXTS,
  category: { type: 'string', enum: [...CATEGORIES] },
  lifeEvents: { type: 'array', items: { type: 'string', enum: [...LIFE_EVENTS] } },
  identityLevel: { type: 'string', enum: [...IDENTITY_LEVELS] },
  channels: { type: 'object', properties: { online: { type: 'boolean' }, post: { type: 'boolean' }, counter: { type: 'boolean' } } },
  fee: FEE_SUMMARY,
  processingDays: { type: 'integer', description: 'Standard processing time (標準処理期間) in business days.' },
  acceptingApplications: { type: 'boolean' },
}

const PROCEDURE_SUMMARY: Schema = { type: 'object', properties: SUMMARY_PROPERTIES }

const PROCEDURE_DETAIL: Schema = {
  type: 'object',
  properties: {
    ...SUMMARY_PROPERTIES,
    eligibility: TEXTS,
    requirements: TEXTS,
    publication: { type: 'object', properties: { opensAt: { type: ['string', 'null'], format: 'date-time' }, closesAt: { type: ['string', 'null'], format: 'date-time' } } },
    publishedAt: { type: 'string', format: 'date-time' },
    jsonSchema: { type: 'object', description: 'JSON Schema (draft 2020-12) that `answers` must satisfy; conditions are if/then.' },
    uiSchema: { type: 'object', description: 'Pages with their elements in order: widget, label, hint, options, conditions (showIf), in every language.' },
  },
}

const FEE: Schema = {
  type: 'object',
  properties: {
    totalYen: { type: 'integer' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: { itemId: { type: 'string' }, label: TEXTS, unitYen: { type: 'integer' }, quantity: { type: 'integer' }, amountYen: { type: 'integer' }, exemptedBy: { oneOf: [TEXTS, { type: 'null' }] } },
      },
    },
  },
}

const SUBMISSION: Schema = {
  type: 'object',
  properties: {
    receiptNumber: { type: 'string', description: '受付番号, e.g. K7M4-PQ9X-2C' },
    status: { type: 'string', const: 'submitted' },
    procedure: { type: 'object', properties: { slug: { type: 'string' }, version: { type: 'integer' } } },
    submittedAt: { type: 'string', format: 'date-time' },
    dueAt: { type: ['string', 'null'], format: 'date-time' },
    fee: { allOf: [FEE, { type: 'object', properties: { paymentRequired: { type: 'boolean' }, methods: { type: 'array', items: { type: 'string' } } } }] },
    links: { type: 'object', properties: { status: { type: 'string' } } },
  },
}

const STATUS_ENUM = ['submitted', 'in_review', 'correction_requested', 'pending_approval', 'approved', 'rejected', 'withdrawn']

const APPLICATION_STATUS: Schema = {
  type: 'object',
  properties: {
    receiptNumber: { type: 'string' },
    procedure: { type: 'object', properties: { slug: { type: 'string' }, version: { type: 'integer' }, title: TEXTS } },
    status: { type: 'string', enum: STATUS_ENUM },
    submittedAt: { type: ['string', 'null'], format: 'date-time' },
    decidedAt: { type: ['string', 'null'], format: 'date-time' },
    fee: { allOf: [FEE, { type: 'object', properties: { paymentState: { type: 'string', enum: ['none', 'due', 'paid', 'refunded', 'waived'] } } }] },
    history: {
      type: 'array',
      description: 'Status changes with the messages the applicant may see (差戻し and decision reasons); staff notes are never included.',
      items: { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, status: { type: 'string', enum: STATUS_ENUM }, message: { type: ['string', 'null'] } } },
    },
  },
}

const PROBLEM_WITH_ERRORS = problemWithErrors('`path` is the answer (dotted, `[i]` for repeated items) or body field.')
const security = apiKeySecurity

export const listProceduresOperation = {
  description: 'The published procedures of the municipality. Needs an API key with the scope `procedures:read`.',
  ...security('procedures:read'),
  parameters: [
    { name: 'q', in: 'query', required: false, description: 'Search words (title, summary, keywords; kana-insensitive).', schema: { type: 'string', maxLength: 100 } },
    { name: 'category', in: 'query', required: false, schema: { type: 'string', enum: [...CATEGORIES] } },
    { name: 'lifeEvent', in: 'query', required: false, schema: { type: 'string', enum: [...LIFE_EVENTS] } },
  ],
  responses: {
    '200': { description: 'The catalogue', content: json({ type: 'object', properties: { procedures: { type: 'array', items: PROCEDURE_SUMMARY } } }) },
    '400': problem('An unknown category or life event, or a search phrase over 100 characters.', PROBLEM_WITH_ERRORS),
    ...AUTH_PROBLEMS,
  },
}

export const getProcedureOperation = {
  description: 'One published procedure with the JSON Schema of its answers and the UI schema to render its form. Needs `procedures:read`.',
  ...security('procedures:read'),
  responses: {
    '200': { description: 'The procedure and its form', content: json(PROCEDURE_DETAIL) },
    '404': problem('No published procedure with this slug.'),
    ...AUTH_PROBLEMS,
  },
}

export const submitApplicationOperation = {
  description:
    'Submits an application from complete answers. Needs `applications:write` and an `Idempotency-Key`: a retry with the same key and body returns the first response (with `Idempotent-Replayed: true`). Nothing is stored when the answer is an error.',
  ...security('applications:write'),
  parameters: [
    { name: 'Idempotency-Key', in: 'header', required: true, description: '8–200 visible ASCII characters chosen by the client (a UUID is typical), unique per submission.', schema: { type: 'string', minLength: 8, maxLength: 200 } },
  ],
  requestBody: {
    required: true,
    content: json({
      type: 'object',
      additionalProperties: false,
      required: ['procedure', 'answers'],
      properties: {
        procedure: { type: 'string', description: 'The procedure slug.' },
        version: { type: 'integer', minimum: 1, description: 'The version the form was rendered from; refused with 409 when it is no longer the published one.' },
        answers: { type: 'object', description: 'Answers by field id, as the procedure’s jsonSchema describes.' },
        applicant: { type: 'object', additionalProperties: false, properties: { email: { type: 'string', format: 'email' }, name: { type: 'string', maxLength: 100 } } },
      },
    }),
  },
  responses: {
    '201': {
      description: 'Submitted (or replayed: header `Idempotent-Replayed: true`). `Location` is the status URL.',
      headers: { 'Idempotent-Replayed': { schema: { type: 'string', enum: ['true'] } }, Location: { schema: { type: 'string' } } },
      content: json(SUBMISSION),
    },
    '400': problem('The body is not an application (`PROCEDURES.INVALID_REQUEST`, with `errors`) or the Idempotency-Key is missing or malformed (`PROCEDURES.IDEMPOTENCY_KEY_REQUIRED`).', PROBLEM_WITH_ERRORS),
    '404': problem('No published procedure with this slug.'),
    '409': problem('`PROCEDURES.VERSION_MISMATCH`: the version is not the published one; fetch the procedure again. `PROCEDURES.CLOSED`: not open for applications.'),
    '422': problem('`PROCEDURES.ANSWERS_INVALID` (with `errors`), or `PROCEDURES.IDEMPOTENCY_KEY_REUSED`: the key was used for a different body.', PROBLEM_WITH_ERRORS),
    ...AUTH_PROBLEMS,
  },
}

export const getApplicationOperation = {
  description: 'The status, history, fee and payment state of an application sent with the same API key (others are 404). Needs `applications:read`.',
  ...security('applications:read'),
  responses: {
    '200': { description: 'The application', content: json(APPLICATION_STATUS) },
    '404': problem('No application with this 受付番号 was sent with this key.'),
    ...AUTH_PROBLEMS,
  },
}
