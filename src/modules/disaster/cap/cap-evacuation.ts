/**
 * How Japanese evacuation information (避難情報, the 警戒レベル of the Cabinet Office guidelines)
 * maps onto CAP 1.2 fields. Our choice, documented here and in the module README, since neither
 * CAP nor the guidelines define it:
 *
 * | level | 避難情報 | responseType | urgency | severity | certainty |
 * |---|---|---|---|---|---|
 * | 3 | 高齢者等避難 | Prepare, Evacuate | Expected | Severe | Likely |
 * | 4 | 避難指示 | Evacuate | Immediate | Severe | Likely |
 * | 5 | 緊急安全確保 | Shelter | Immediate | Extreme | Observed |
 * | 解除 (Cancel) | — | AllClear | Past | Minor | Observed |
 *
 * Level 5 is "Shelter": by then leaving may itself be dangerous, and residents are told to take
 * the safest action where they are (垂直避難).
 */
import type { CapCategory, CapCertainty, CapResponseType, CapSeverity, CapUrgency } from './cap-document.js'

export const EVACUATION_LEVELS = [3, 4, 5] as const
export type EvacuationLevel = (typeof EVACUATION_LEVELS)[number]

export const HAZARDS = ['flood', 'landslide', 'storm-surge', 'tsunami', 'earthquake', 'fire', 'volcano'] as const
export type Hazard = (typeof HAZARDS)[number]

/** CAP category of each hazard: water from the sky or the sea is meteorological, the ground geophysical. */
export const HAZARD_CATEGORY: Record<Hazard, CapCategory> = {
  flood: 'Met',
  landslide: 'Geo',
  'storm-surge': 'Met',
  tsunami: 'Geo',
  earthquake: 'Geo',
  fire: 'Fire',
  volcano: 'Geo',
}

/** RFC 3066 tags of the three resident languages (やさしい日本語 as a private-use subtag). */
export const CAP_LANGUAGE = { ja: 'ja-JP', 'ja-easy': 'ja-JP-x-easy', en: 'en-US' } as const

export interface EvacuationCapProfile {
  responseTypes: CapResponseType[]
  urgency: CapUrgency
  severity: CapSeverity
  certainty: CapCertainty
}

/** The CAP fields of an evacuation level, or of its cancellation (解除). */
export function evacuationCapProfile(level: EvacuationLevel, isCancel = false): EvacuationCapProfile {
  if (isCancel) return { responseTypes: ['AllClear'], urgency: 'Past', severity: 'Minor', certainty: 'Observed' }
  switch (level) {
    case 3:
      return { responseTypes: ['Prepare', 'Evacuate'], urgency: 'Expected', severity: 'Severe', certainty: 'Likely' }
    case 4:
      return { responseTypes: ['Evacuate'], urgency: 'Immediate', severity: 'Severe', certainty: 'Likely' }
    case 5:
      return { responseTypes: ['Shelter'], urgency: 'Immediate', severity: 'Extreme', certainty: 'Observed' }
  }
}

/** The categories of an alert for several hazards, each once, in the order of HAZARDS. */
export function categoriesOf(hazards: readonly Hazard[]): CapCategory[] {
  const categories = HAZARDS.filter(hazard => hazards.includes(hazard)).map(hazard => HAZARD_CATEGORY[hazard])
  return [...new Set(categories)]
}
