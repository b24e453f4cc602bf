/**
 * Disaster mode and alerts (issue 6) — started: the CAP 1.2 encoder, the shelter CSV reader and
 * writers (CSV, GeoJSON) and the sensor rules exist so far; no tables, routes or pages yet.
 * README.md says what is built and what is not.
 */
export { disasterCatalog } from './disaster-catalog.js'
export { lgCodeCheckDigit, MAX_SHELTER_CSV_ROWS, readShelterCsv, SHELTER_HAZARDS, type ShelterCsvFormat, type ShelterCsvNote, type ShelterCsvReport, type ShelterHazard, type ShelterRow } from './shelters/shelter-csv.js'
export { SHELTER_CSV_COLUMNS, shelterGeoJson, writeShelterCsv, type ShelterFeatureCollection, type ShelterMunicipality } from './shelters/shelter-open-data.js'
export { CAP_NAMESPACE, capDateTime, checkCapAlert, encodeCapAlert, xmlText } from './cap/cap-document.js'
export type { CapAlert, CapArea, CapCategory, CapCertainty, CapInfo, CapMsgType, CapPoint, CapReference, CapResponseType, CapSeverity, CapStatus, CapUrgency, CapValue } from './cap/cap-document.js'
export { CAP_LANGUAGE, EVACUATION_LEVELS, HAZARDS, HAZARD_CATEGORY, categoriesOf, evacuationCapProfile, type EvacuationCapProfile, type EvacuationLevel, type Hazard } from './cap/cap-evacuation.js'
export { isAlertingChange, isSensorOffline, MAX_CLOCK_AHEAD_MS, MAX_READING_BYTES, nextSensorLevel, parseReading, SENSOR_LEVELS, sensorTopic, thresholdProblems, type ReadingProblem, type SensorLevel, type SensorRange, type SensorThresholds } from './sensors/sensor-rules.js'
