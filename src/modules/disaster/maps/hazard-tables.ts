/** Kysely types of the maps area's table (migrations/0017_disaster_hazard_maps.sql). */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { LayerCollection } from './hazard-geojson.js'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json<T> = ColumnType<T, string, string>

export interface LayerTexts {
  ja: string
  'ja-easy'?: string
  en?: string
}

export const LAYER_KINDS = ['hazard-area', 'evacuation-route', 'hydrant', 'snow-removal', 'other'] as const
export type LayerKind = (typeof LAYER_KINDS)[number]

/**
 * The legend palette: dark enough for 3:1 non-text contrast on the light 地理院 map, and told
 * apart by name and by the legend's words (never by colour alone).
 */
export const LAYER_COLOURS = { blue: '#0055cc', red: '#c8102e', orange: '#b35900', green: '#1d7a3a', purple: '#6b3fa0', brown: '#7a4a1a', magenta: '#a3006b', teal: '#00707a' } as const
export type LayerColour = keyof typeof LAYER_COLOURS

export interface HazardMapLayersTable {
  tenantId: string
  id: Generated<string>
  kind: LayerKind
  names: Json<LayerTexts>
  descriptions: Json<Partial<LayerTexts>>
  colour: LayerColour
  geojson: Json<LayerCollection>
  featureCount: number
  geometryTypes: ColumnType<string[], string[] | undefined, string[]>
  bbox: ColumnType<number[], number[], number[]>
  isPublished: Generated<boolean>
  publishedAt: Date | null
  createdBy: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export type MapsDatabase = Database & { hazardMapLayers: HazardMapLayersTable }

export function mapsDb<T extends Kysely<Database> | Transaction<Database>>(executor: T): T extends Transaction<Database> ? Transaction<MapsDatabase> : Kysely<MapsDatabase> {
  return executor as never
}

export type HazardLayer = Selectable<HazardMapLayersTable>
/** A layer without its geometry (lists, legends). */
export type HazardLayerSummary = Omit<HazardLayer, 'geojson'>
