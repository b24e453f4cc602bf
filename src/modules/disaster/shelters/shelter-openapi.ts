/** OpenAPI description of GET /api/v1/{tenant}/shelters (merged into /api/v1/openapi.json). */
import { json, problem, type Schema } from '../../../platform/http/openapi-parts.js'
import { SHELTER_HAZARDS } from './shelter-csv.js'
import { SHELTER_NEEDS, SHELTER_STATUSES } from './shelter-tables.js'

const NAMES: Schema = { type: 'object', required: ['ja'], properties: { ja: { type: 'string' }, 'ja-easy': { type: 'string' }, en: { type: 'string' } } }

const SHELTER: Schema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    code: { type: 'string', description: 'The municipality’s number (NO / ID of the standard CSV) or GSI’s 共通ID.' },
    names: NAMES,
    address: { type: 'string' },
    latitude: { type: ['number', 'null'] },
    longitude: { type: ['number', 'null'] },
    isEmergencyPlace: { type: 'boolean', description: '指定緊急避難場所' },
    isShelter: { type: 'boolean', description: '指定避難所' },
    hazards: { type: 'array', items: { type: 'string', enum: [...SHELTER_HAZARDS] } },
    isAccessible: { type: 'boolean' },
    capacity: { type: ['integer', 'null'] },
    status: { type: 'string', enum: [...SHELTER_STATUSES], description: '`full` also when an open shelter’s evacuees reach its capacity.' },
    evacuees: { type: 'integer', description: 'People checked in plus staff’s head count of people not registered.' },
    households: { type: 'integer' },
    needs: { type: 'array', items: { type: 'string', enum: [...SHELTER_NEEDS] } },
    needsNote: { type: 'string' },
    openedAt: { type: ['string', 'null'], format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
}

export const sheltersApiOperation = {
  description: 'Every designated evacuation place and shelter of the municipality with its live status, read from the database at each call. Public (no key). The same data is open data at /{tenant}/shelters.csv, /{tenant}/shelters.geojson and /{tenant}/shelters/lalert.json.',
  parameters: [
    { name: 'hazard', in: 'query', required: false, description: 'Only places designated for this hazard.', schema: { type: 'string', enum: [...SHELTER_HAZARDS] } },
    { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: [...SHELTER_STATUSES] } },
  ],
  responses: {
    '200': { description: 'The shelters', content: json({ type: 'object', properties: { municipality: { type: 'object', properties: { name: { type: 'string' }, lgCode: { type: 'string' } } }, generatedAt: { type: 'string', format: 'date-time' }, shelters: { type: 'array', items: SHELTER } } }) },
    '400': problem('An unknown hazard or status.'),
    '404': problem('No such municipality, or it does not use the disaster module.'),
  },
}
