/**
 * Disaster — maps area: hazard and information maps: GeoJSON layers uploaded by staff (hazard areas, evacuation routes, hydrants, snow-removal status) shown on the public map with legends and text alternatives. Public surface for the module's index.ts. See ../README.md.
 */
import type { FastifyInstance } from 'fastify'
import type { Transaction } from 'kysely'
import type { Platform } from '../../../platform/platform.js'
import type { Database } from '../../../platform/db/schema.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { DisasterSurfaces } from '../disaster-deps.js'
import { mapsCatalog } from './maps-catalog.js'
import { registerHazardMapRoutes } from './hazard-routes.js'
import { seedHazardLayers } from './hazard-demo.js'
import { listLayers } from './hazard-service.js'
import { LAYER_COLOURS, type HazardLayerSummary } from './hazard-tables.js'

export { mapsCatalog }
export { checkHazardLayer, MAX_LAYER_BYTES, type LayerProblem, type LayerResult } from './hazard-geojson.js'
export { LAYER_COLOURS, LAYER_KINDS, type LayerColour, type LayerKind, type LayerTexts, type HazardLayerSummary } from './hazard-tables.js'
export { layerText } from './hazard-pages.js'

/** Path of the staff layer list (for links from the shelters pages). */
export const HAZARD_MAPS_STAFF_PATH = '/staff/disaster/hazard-maps'

/** Published layers without geometry (the public map's legend and text alternative), with their colour. */
export async function listPublishedHazardLayers(trx: Transaction<Database>, tenantId: string): Promise<(HazardLayerSummary & { colourHex: string })[]> {
  const layers = await listLayers(trx, tenantId, { publishedOnly: true })
  return layers.map(layer => ({ ...layer, colourHex: LAYER_COLOURS[layer.colour] }))
}

/** Jobs of this area (listed by the module's index.ts). */
export const hazardMapJobs: JobDefinition[] = []

/** Long-running loops of this area (started beside the job workers). */
export const hazardMapLoops: ((platform: Platform) => { stop(): Promise<void> })[] = []

export function registerHazardMaps(app: FastifyInstance, platform: Platform, on: DisasterSurfaces): void {
  registerHazardMapRoutes(app, platform, on)
}

/** Demo data of this area for デモ市. */
export async function seedHazardMapsDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await seedHazardLayers(trx, tenantId)
}
