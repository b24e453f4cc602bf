/**
 * Disaster mode and alerts (災害モード・避難情報) — the module's only public surface. Disaster and
 * training mode, evacuation information with revisions sent through the notifications hub, CAP 1.2
 * and Atom, shelters (import, status, check-in, map, open data), IoT sensors (MQTT and HTTP
 * ingestion, thresholds, dashboard) and hazard map layers. See README.md.
 */
import type { FastifyInstance } from 'fastify'
import type { Transaction } from 'kysely'
import type { Platform } from '../../platform/platform.js'
import type { Database } from '../../platform/db/schema.js'
import { registerCatalog } from '../../platform/i18n/i18n.js'
import type { JobDefinition } from '../../platform/jobs/define-job.js'
import type { DisasterSurfaces } from './disaster-deps.js'
import { disasterCatalog } from './disaster-catalog.js'
import { alertJobs, alertLoops, alertsCatalog, registerAlerts, seedAlertsDemo } from './alerts/index.js'
import { registerShelters, seedSheltersDemo, shelterJobs, shelterLoops, sheltersCatalog } from './shelters/index.js'
import { registerSensors, seedSensorsDemo, sensorJobs, sensorLoops, sensorsCatalog } from './sensors/index.js'
import { hazardMapJobs, hazardMapLoops, mapsCatalog, registerHazardMaps, seedHazardMapsDemo } from './maps/index.js'

let isCatalogRegistered = false

/** Registers every disaster route this listener serves. */
export function registerDisaster(app: FastifyInstance, platform: Platform, surfaces: Partial<DisasterSurfaces> = {}): void {
  if (!isCatalogRegistered) {
    for (const catalog of [disasterCatalog, alertsCatalog, sheltersCatalog, sensorsCatalog, mapsCatalog]) registerCatalog(catalog)
    isCatalogRegistered = true
  }
  const on = { public: surfaces.public !== false, staff: surfaces.staff !== false }
  registerAlerts(app, platform, on)
  registerShelters(app, platform, on)
  registerSensors(app, platform, on)
  registerHazardMaps(app, platform, on)
}

/** Jobs of the disaster module (listed in src/jobs.ts). */
export const disasterJobs: JobDefinition[] = [...alertJobs, ...shelterJobs, ...sensorJobs, ...hazardMapJobs]

/** Long-running loops (the MQTT subscriber, the offline watch …), started beside the job workers. */
export const disasterLoops: ((platform: Platform) => { stop(): Promise<void> })[] = [...alertLoops, ...shelterLoops, ...sensorLoops, ...hazardMapLoops]

/** Demo data for デモ市: shelters, sensors, hazard layers, then evacuation information. */
export async function seedDisasterDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await seedSheltersDemo(trx, tenantId)
  await seedSensorsDemo(trx, tenantId)
  await seedHazardMapsDemo(trx, tenantId)
  await seedAlertsDemo(trx, tenantId)
}

export type { DisasterSurfaces } from './disaster-deps.js'
export { disasterCatalog } from './disaster-catalog.js'
export { lgCodeCheckDigit, MAX_SHELTER_CSV_ROWS, readShelterCsv, SHELTER_HAZARDS, type ShelterCsvFormat, type ShelterCsvNote, type ShelterCsvReport, type ShelterHazard, type ShelterRow } from './shelters/shelter-csv.js'
export { SHELTER_CSV_COLUMNS, shelterGeoJson, writeShelterCsv, type ShelterFeatureCollection, type ShelterMunicipality } from './shelters/shelter-open-data.js'
export { CAP_NAMESPACE, capDateTime, checkCapAlert, encodeCapAlert, xmlText } from './cap/cap-document.js'
export type { CapAlert, CapArea, CapCategory, CapCertainty, CapInfo, CapMsgType, CapPoint, CapReference, CapResponseType, CapSeverity, CapStatus, CapUrgency, CapValue } from './cap/cap-document.js'
export { CAP_LANGUAGE, EVACUATION_LEVELS, HAZARDS, HAZARD_CATEGORY, categoriesOf, evacuationCapProfile, type EvacuationCapProfile, type EvacuationLevel, type Hazard } from './cap/cap-evacuation.js'
export { isAlertingChange, isSensorOffline, MAX_CLOCK_AHEAD_MS, MAX_READING_BYTES, nextSensorLevel, parseReading, SENSOR_LEVELS, sensorTopic, thresholdProblems, type ReadingProblem, type SensorLevel, type SensorRange, type SensorThresholds } from './sensors/sensor-rules.js'
