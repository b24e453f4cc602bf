/**
 * Rules of the shelters area, pure: the status shown (a full shelter is full even before staff
 * say so), occupancy levels for the map, head counts, distances, and the Lアラート-style status.
 */
import type { ShelterStatus } from './shelter-tables.js'

export interface ShelterCounts {
  registeredEvacuees: number
  registeredHouseholds: number
  manualEvacuees: number
  manualHouseholds: number
}

/** People and households present: those checked in plus staff's head count of the others. */
export function totalsOf(counts: ShelterCounts): { evacuees: number; households: number } {
  return { evacuees: counts.registeredEvacuees + counts.manualEvacuees, households: counts.registeredHouseholds + counts.manualHouseholds }
}

/**
 * The status residents see: what staff set, except that an open shelter whose evacuees reach its
 * capacity shows as full (staff may still check people in: nobody is turned away by software).
 */
export function shownStatus(status: ShelterStatus, evacuees: number, capacity: number | null): ShelterStatus {
  if (status === 'open' && capacity !== null && capacity > 0 && evacuees >= capacity) return 'full'
  return status
}

export type OccupancyLevel = 'unknown' | 'low' | 'medium' | 'high' | 'full'

/** How full a place is: below 50 %, below 80 %, below 100 %, full; unknown without a capacity. */
export function occupancyOf(evacuees: number, capacity: number | null): { level: OccupancyLevel; percent: number | null } {
  if (capacity === null || capacity <= 0) return { level: 'unknown', percent: null }
  const percent = Math.round((evacuees / capacity) * 100)
  const level: OccupancyLevel = evacuees >= capacity ? 'full' : percent >= 80 ? 'high' : percent >= 50 ? 'medium' : 'low'
  return { level, percent }
}

/** Counts after a check-in of a household of `size`. */
export function countsAfterCheckIn(counts: ShelterCounts, size: number): ShelterCounts {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('household size must be a positive integer')
  return { ...counts, registeredEvacuees: counts.registeredEvacuees + size, registeredHouseholds: counts.registeredHouseholds + 1 }
}

/** Counts after a check-out; never below zero (a count repaired by hand stays consistent). */
export function countsAfterCheckOut(counts: ShelterCounts, size: number): ShelterCounts {
  return { ...counts, registeredEvacuees: Math.max(0, counts.registeredEvacuees - size), registeredHouseholds: Math.max(0, counts.registeredHouseholds - 1) }
}

const EARTH_RADIUS_METRES = 6_371_008.8

/** Great-circle distance (haversine) in metres, rounded to the metre. */
export function distanceMetres(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = (degrees: number) => (degrees * Math.PI) / 180
  const dLat = rad(b.latitude - a.latitude)
  const dLon = rad(b.longitude - a.longitude)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2
  return Math.round(2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h))))
}

/** A point the browser or a query sent, when it is a real WGS 84 point in or near Japan. */
export function parsePoint(latitude: unknown, longitude: unknown): { latitude: number; longitude: number } | undefined {
  const lat = typeof latitude === 'string' && latitude.trim() !== '' ? Number(latitude) : NaN
  const lon = typeof longitude === 'string' && longitude.trim() !== '' ? Number(longitude) : NaN
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return undefined
  if (lat < 20 || lat > 46 || lon < 122 || lon > 154) return undefined
  return { latitude: lat, longitude: lon }
}

/** Lアラート 避難所情報's 開設状況: 開設 (open or full), 未開設 (never opened), 閉鎖 (closed after opening). */
export type LalertOpening = '開設' | '未開設' | '閉鎖'

export function lalertOpeningOf(status: ShelterStatus, openedAt: Date | null): LalertOpening {
  if (status !== 'closed') return '開設'
  return openedAt ? '閉鎖' : '未開設'
}

/** A distance as residents read it: "850 m", "1.2 km". */
export function formatDistance(metres: number): string {
  return metres < 1000 ? `${metres} m` : `${(metres / 1000).toFixed(1)} km`
}
