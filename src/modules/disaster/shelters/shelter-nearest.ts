/** The nearest open shelters, for the emergency page, the public map and the postal-code search. */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { distanceMetres, shownStatus, totalsOf } from './shelter-rules.js'
import { sheltersDb, type ShelterNames, type ShelterStatus } from './shelter-tables.js'

export interface NearShelter {
  id: string
  code: string
  names: ShelterNames
  address: string
  latitude: number | null
  longitude: number | null
  /** as residents see it: an open shelter at capacity is 'full' */
  status: ShelterStatus
  capacity: number | null
  evacuees: number
  distanceMetres: number | null
}

/**
 * Open shelters (status open or full) of the tenant. With `near`, places with room come first,
 * nearest first, then the full ones, nearest first; places without a location come last. Without
 * `near`, by Japanese name. Runs inside the caller's tenant transaction (RLS applies).
 */
export async function findNearestOpenShelters(trx: Transaction<Database>, tenantId: string, near: { latitude: number; longitude: number } | null, limit: number): Promise<NearShelter[]> {
  const rows = await sheltersDb(trx)
    .selectFrom('shelters')
    .select(['id', 'code', 'names', 'address', 'latitude', 'longitude', 'status', 'capacity', 'registeredEvacuees', 'registeredHouseholds', 'manualEvacuees', 'manualHouseholds'])
    .where('tenantId', '=', tenantId)
    .where('status', 'in', ['open', 'full'])
    .execute()
  const shelters: NearShelter[] = rows.map(row => {
    const { evacuees } = totalsOf(row)
    const distance = near && row.latitude !== null && row.longitude !== null ? distanceMetres(near, { latitude: row.latitude, longitude: row.longitude }) : null
    return { id: row.id, code: row.code, names: row.names, address: row.address, latitude: row.latitude, longitude: row.longitude, status: shownStatus(row.status, evacuees, row.capacity), capacity: row.capacity, evacuees, distanceMetres: distance }
  })
  const byName = (a: NearShelter, b: NearShelter) => a.names.ja.localeCompare(b.names.ja, 'ja') || a.code.localeCompare(b.code)
  if (near) {
    const rank = (s: NearShelter) => (s.distanceMetres === null ? 2 : s.status === 'full' ? 1 : 0)
    shelters.sort((a, b) => rank(a) - rank(b) || (a.distanceMetres ?? 0) - (b.distanceMetres ?? 0) || byName(a, b))
  } else {
    shelters.sort(byName)
  }
  return shelters.slice(0, Math.max(0, Math.floor(limit)))
}
