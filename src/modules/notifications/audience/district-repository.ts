/** SQL of districts (地区): list, import (insert or replace by code), point lookup, delete. */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { notificationsDb, type LocalizedNames } from '../notification-tables.js'
import type { AreaGeometry, Bbox } from './district-geometry.js'
import type { ImportedDistrict } from './district-geojson.js'

/** A district as the pages, the compose area picker and the map show it. */
export interface DistrictView {
  id: string
  code: string
  names: LocalizedNames
  geometry: AreaGeometry | null
  /** [minLng, minLat, maxLng, maxLat], null without a boundary */
  bbox: Bbox | null
  sortOrder: number
}

function selectDistricts(trx: Transaction<Database>, tenantId: string) {
  return notificationsDb(trx)
    .selectFrom('districts')
    .select(['id', 'code', 'names', 'geometry', 'minLng', 'minLat', 'maxLng', 'maxLat', 'sortOrder'])
    .where('tenantId', '=', tenantId)
}

type DistrictRow = Awaited<ReturnType<ReturnType<typeof selectDistricts>['executeTakeFirstOrThrow']>>

function toView(row: DistrictRow): DistrictView {
  return {
    id: row.id,
    code: row.code,
    names: row.names,
    geometry: (row.geometry as AreaGeometry | null) ?? null,
    bbox: row.minLng === null || row.minLat === null || row.maxLng === null || row.maxLat === null ? null : [row.minLng, row.minLat, row.maxLng, row.maxLat],
    sortOrder: row.sortOrder,
  }
}

/** A district without its boundary: what pages that only name districts need. */
export type DistrictLabel = Omit<DistrictView, 'geometry'>

/**
 * The tenant's districts without their boundaries (no polygon is read or parsed): for pages under
 * load — the disaster emergency page — that list and name districts.
 */
export async function listDistrictLabels(trx: Transaction<Database>, tenantId: string): Promise<DistrictLabel[]> {
  const rows = await notificationsDb(trx)
    .selectFrom('districts')
    .select(['id', 'code', 'names', 'minLng', 'minLat', 'maxLng', 'maxLat', 'sortOrder'])
    .where('tenantId', '=', tenantId)
    .orderBy('sortOrder')
    .orderBy('code')
    .execute()
  return rows.map(row => ({
    id: row.id,
    code: row.code,
    names: row.names,
    bbox: row.minLng === null || row.minLat === null || row.maxLng === null || row.maxLat === null ? null : [row.minLng, row.minLat, row.maxLng, row.maxLat],
    sortOrder: row.sortOrder,
  }))
}

/** The tenant's districts in their file order (sort_order), then by code. A city has at most a few hundred. */
export async function listDistricts(trx: Transaction<Database>, tenantId: string): Promise<DistrictView[]> {
  const rows = await selectDistricts(trx, tenantId).orderBy('sortOrder').orderBy('code').execute()
  return rows.map(toView)
}

export async function findDistrict(trx: Transaction<Database>, tenantId: string, id: string): Promise<DistrictView | undefined> {
  const row = await selectDistricts(trx, tenantId).where('id', '=', id).executeTakeFirst()
  return row && toView(row)
}

/** Residents who registered each district (a count, no personal data). */
export async function countResidentsByDistrict(trx: Transaction<Database>, tenantId: string): Promise<Map<string, number>> {
  const rows = await notificationsDb(trx)
    .selectFrom('residentNotificationProfiles')
    .select(['districtId', eb => eb.fn.countAll<string>().as('count')])
    .where('tenantId', '=', tenantId)
    .where('districtId', 'is not', null)
    .groupBy('districtId')
    .execute()
  return new Map(rows.map(row => [row.districtId as string, Number(row.count)]))
}

/** Rows per INSERT: a boundary can have thousands of positions, so statements stay moderate. */
const BATCH = 200

/**
 * Inserts new codes and replaces the names, boundary and order of existing ones. Districts not in
 * the file stay as they are (residents and calendars refer to them). Returns how many were added
 * and how many replaced.
 */
export async function upsertDistricts(trx: Transaction<Database>, tenantId: string, districts: readonly ImportedDistrict[]): Promise<{ added: number; replaced: number }> {
  const db = notificationsDb(trx)
  const existing = new Set((await db.selectFrom('districts').select('code').where('tenantId', '=', tenantId).execute()).map(r => r.code))
  for (let start = 0; start < districts.length; start += BATCH) {
    const rows = districts.slice(start, start + BATCH).map(d => ({
      tenantId,
      code: d.code,
      names: JSON.stringify(d.names),
      geometry: JSON.stringify(d.geometry),
      minLng: d.bbox[0],
      minLat: d.bbox[1],
      maxLng: d.bbox[2],
      maxLat: d.bbox[3],
      sortOrder: d.feature,
    }))
    await db
      .insertInto('districts')
      .values(rows)
      .onConflict(oc =>
        oc.columns(['tenantId', 'code']).doUpdateSet(eb => ({
          names: eb.ref('excluded.names'),
          geometry: eb.ref('excluded.geometry'),
          minLng: eb.ref('excluded.minLng'),
          minLat: eb.ref('excluded.minLat'),
          maxLng: eb.ref('excluded.maxLng'),
          maxLat: eb.ref('excluded.maxLat'),
          sortOrder: eb.ref('excluded.sortOrder'),
          updatedAt: new Date(),
        })),
      )
      .execute()
  }
  const replaced = districts.filter(d => existing.has(d.code)).length
  return { added: districts.length - replaced, replaced }
}

/**
 * The district whose boundary contains the point (latitude, longitude), if any: bounding boxes
 * first, then point-in-polygon in SQL. Where boundaries overlap, the first in the list wins.
 */
export async function districtForPoint(trx: Transaction<Database>, tenantId: string, lat: number, lng: number): Promise<string | undefined> {
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || lat < -90 || lat > 90 || lng < -180 || lng > 180) return undefined
  const result = await sql<{ id: string }>`
    SELECT d.id FROM districts d
    WHERE d.tenant_id = ${tenantId} AND d.geometry IS NOT NULL
      AND d.min_lng <= ${lng} AND d.max_lng >= ${lng} AND d.min_lat <= ${lat} AND d.max_lat >= ${lat}
      AND notifications_point_in_geometry(${lng}::double precision, ${lat}::double precision, d.geometry)
    ORDER BY d.sort_order, d.code
    LIMIT 1`.execute(trx)
  return result.rows[0]?.id
}


/** Residents and notices that point at a district (a district in use is not deleted). */
export async function countDistrictUsage(trx: Transaction<Database>, tenantId: string, id: string): Promise<{ residents: number }> {
  const row = await notificationsDb(trx)
    .selectFrom('residentNotificationProfiles')
    .select(eb => eb.fn.countAll<string>().as('count'))
    .where('tenantId', '=', tenantId)
    .where('districtId', '=', id)
    .executeTakeFirst()
  return { residents: Number(row?.count ?? 0) }
}

export async function deleteDistrict(trx: Transaction<Database>, tenantId: string, id: string): Promise<boolean> {
  const result = await notificationsDb(trx).deleteFrom('districts').where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

/**
 * The district a resident registered (the one district audiences reach them by) and their home
 * location if they gave one — for pages that show "your district" (the disaster emergency page).
 */
export async function findResidentPlace(trx: Transaction<Database>, tenantId: string, residentId: string): Promise<{ districtId: string | null; home: { latitude: number; longitude: number } | null }> {
  const row = await notificationsDb(trx)
    .selectFrom('residentNotificationProfiles')
    .select(['districtId', 'homeLat', 'homeLng'])
    .where('tenantId', '=', tenantId)
    .where('residentId', '=', residentId)
    .executeTakeFirst()
  if (!row) return { districtId: null, home: null }
  return { districtId: row.districtId, home: row.homeLat !== null && row.homeLng !== null ? { latitude: row.homeLat, longitude: row.homeLng } : null }
}
