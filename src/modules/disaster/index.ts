/**
 * Disaster mode and alerts (issue 6) — started: only the CAP 1.2 encoder exists so far (no tables,
 * routes or pages yet). See README.md for what is built and what is not.
 */
export { CAP_NAMESPACE, capDateTime, checkCapAlert, encodeCapAlert, xmlText } from './cap/cap-document.js'
export type { CapAlert, CapArea, CapCategory, CapCertainty, CapInfo, CapMsgType, CapPoint, CapReference, CapResponseType, CapSeverity, CapStatus, CapUrgency, CapValue } from './cap/cap-document.js'
export { CAP_LANGUAGE, EVACUATION_LEVELS, HAZARDS, HAZARD_CATEGORY, categoriesOf, evacuationCapProfile, type EvacuationCapProfile, type EvacuationLevel, type Hazard } from './cap/cap-evacuation.js'
