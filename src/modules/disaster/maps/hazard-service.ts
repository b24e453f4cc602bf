/** Hazard-map layers: SQL and the staff writes (upload, publish, unpublish, delete), each audited. */
import type { Transaction } from 'kysely'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import type { Database } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { forbidden, notFound } from '../../../platform/errors.js'
import type { StaffPrincipal } from '../../../platform/http/types.js'
import type { Platform } from '../../../platform/platform.js'
import type { LayerCollection } from './hazard-geojson.js'
import { mapsDb, type HazardLayer, type HazardLayerSummary, type LayerColour, type LayerKind, type LayerTexts } from './hazard-tables.js'

const SUMMARY = ['tenantId', 'id', 'kind', 'names', 'descriptions', 'colour', 'featureCount', 'geometryTypes', 'bbox', 'isPublished', 'publishedAt', 'createdBy', 'createdAt', 'updatedAt'] as const

export const layerNotFound = () => notFound('DISASTER.HAZARD_LAYER_NOT_FOUND')

export async function listLayers(trx: Transaction<Database>, tenantId: string, options: { publishedOnly: boolean }): Promise<HazardLayerSummary[]> {
  let query = mapsDb(trx).selectFrom('hazardMapLayers').select(SUMMARY).where('tenantId', '=', tenantId)
  if (options.publishedOnly) query = query.where('isPublished', '=', true)
  return query.orderBy('kind').orderBy('createdAt').execute()
}

export async function findLayer(trx: Transaction<Database>, tenantId: string, id: string, options: { publishedOnly: boolean }): Promise<HazardLayer | undefined> {
  let query = mapsDb(trx).selectFrom('hazardMapLayers').selectAll().where('tenantId', '=', tenantId).where('id', '=', id)
  if (options.publishedOnly) query = query.where('isPublished', '=', true)
  return query.executeTakeFirst()
}

export interface NewLayer {
  kind: LayerKind
  names: LayerTexts
  descriptions: Partial<LayerTexts>
  colour: LayerColour
  collection: LayerCollection
  featureCount: number
  geometryTypes: string[]
  bbox: [number, number, number, number]
  isPublished: boolean
}

/** Stores a layer (the demo seed calls this without a staff actor). */
export async function insertLayer(trx: Transaction<Database>, tenantId: string, layer: NewLayer, createdBy: string | null): Promise<string> {
  const row = await mapsDb(trx)
    .insertInto('hazardMapLayers')
    .values({
      tenantId,
      kind: layer.kind,
      names: JSON.stringify(layer.names),
      descriptions: JSON.stringify(layer.descriptions),
      colour: layer.colour,
      geojson: JSON.stringify(layer.collection),
      featureCount: layer.featureCount,
      geometryTypes: layer.geometryTypes,
      bbox: layer.bbox,
      isPublished: layer.isPublished,
      publishedAt: layer.isPublished ? new Date() : null,
      createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

interface Actor {
  tenantId: string
  staff: StaffPrincipal
  requestId: string
}

function requireManage(actor: Actor) {
  if (!actor.staff.permissions.has('disaster.manage')) throw forbidden('AUTH.PERMISSION_DENIED')
}

export async function uploadLayer(platform: Platform, actor: Actor, layer: NewLayer): Promise<string> {
  requireManage(actor)
  return withTenant(platform.database.db, actor.tenantId, async trx => {
    const id = await insertLayer(trx, actor.tenantId, layer, actor.staff.id)
    await recordAudit(trx, actor.tenantId, { actor: { type: 'staff', id: actor.staff.id }, action: 'disaster.maps.upload', subjectType: 'hazard_map_layer', subjectId: id, details: { kind: layer.kind, features: layer.featureCount, published: layer.isPublished }, requestId: actor.requestId })
    return id
  })
}

export async function setLayerPublished(platform: Platform, actor: Actor, id: string, isPublished: boolean): Promise<void> {
  requireManage(actor)
  await withTenant(platform.database.db, actor.tenantId, async trx => {
    const updated = await mapsDb(trx)
      .updateTable('hazardMapLayers')
      .set({ isPublished, publishedAt: isPublished ? new Date() : null, updatedAt: new Date() })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst()
    if (!updated) throw layerNotFound()
    await recordAudit(trx, actor.tenantId, { actor: { type: 'staff', id: actor.staff.id }, action: isPublished ? 'disaster.maps.publish' : 'disaster.maps.unpublish', subjectType: 'hazard_map_layer', subjectId: id, requestId: actor.requestId })
  })
}

export async function deleteLayer(platform: Platform, actor: Actor, id: string): Promise<void> {
  requireManage(actor)
  await withTenant(platform.database.db, actor.tenantId, async trx => {
    const deleted = await mapsDb(trx).deleteFrom('hazardMapLayers').where('tenantId', '=', actor.tenantId).where('id', '=', id).returning('id').executeTakeFirst()
    if (!deleted) throw layerNotFound()
    await recordAudit(trx, actor.tenantId, { actor: { type: 'staff', id: actor.staff.id }, action: 'disaster.maps.delete', subjectType: 'hazard_map_layer', subjectId: id, requestId: actor.requestId })
  })
}
