import type pg from 'pg'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/platform/db/schema.js'
import { withTenant } from '../../src/platform/db/tenant-context.js'
import { upsertDistricts } from '../../src/modules/notifications/audience/district-repository.js'
import type { ImportedDistrict } from '../../src/modules/notifications/audience/district-geojson.js'
import type { Position } from '../../src/modules/notifications/audience/district-geometry.js'

/**
 * The `evacuation` benchmark's synthetic city: districts with boundaries (a grid of squares, each
 * ring with `vertices` positions, as a 町丁目 boundary file has), residents spread over them, and
 * their channels, generated set-based in PostgreSQL (none of this is measured).
 *
 * Shares are drawn per resident from independent hashes (`hashint8extended(n, seed)`), so the
 * channels a resident holds are not correlated with each other or with the district. Per mille:
 *
 * | what | share |
 * |---|---|
 * | LINE linked, following (verified `U` + 32 hex) | 600 |
 * | LINE removed (unfollowed) — must not be sent to | 30 |
 * | email verified | 300 |
 * | email added but never verified — must not be sent to | 20 |
 * | SMS verified (E.164 mobile number) | 50 |
 * | a notification profile with a district (else no profile: an order by district misses them) | 970 |
 * | quiet hours 22:00–07:00 (a critical notice ignores them) | 150 |
 *
 * Everyone has the inbox. Districts are not all the same size: a resident's district is drawn with
 * weights 1…3 (a town centre holds three times the people of an outlying district).
 * Languages: ja 85 %, やさしい日本語 5 %, en 10 %.
 */

export interface CityOptions {
  tenantId: string
  residents: number
  districts: number
  /** positions per boundary ring (before the closing one) */
  vertices: number
}

/** Columns of the grid (the city is about square). */
export function gridColumns(districts: number): number {
  return Math.ceil(Math.sqrt(districts))
}

/** District `g` (1-based) of the grid: a square about 900 m × 900 m near 35.6°N 139.4°E, its edges subdivided. */
export function gridDistrict(g: number, districts: number, vertices: number): ImportedDistrict {
  const columns = gridColumns(districts)
  const width = 0.01 // degrees of longitude (≈ 900 m here)
  const height = 0.008 // degrees of latitude (≈ 890 m)
  const x0 = 139.4 + ((g - 1) % columns) * width
  const y0 = 35.6 + Math.floor((g - 1) / columns) * height
  const perSide = Math.max(1, Math.floor(vertices / 4))
  const round = (n: number) => Math.round(n * 1e6) / 1e6
  const ring: Position[] = []
  for (let k = 0; k < perSide * 4; k++) {
    const t = (k % perSide) / perSide
    const side = Math.floor(k / perSide)
    const [x, y] = side === 0 ? [x0 + t * width, y0] : side === 1 ? [x0 + width, y0 + t * height] : side === 2 ? [x0 + width - t * width, y0 + height] : [x0, y0 + height - t * height]
    ring.push([round(x), round(y)])
  }
  ring.push([...(ring[0] as Position)])
  return {
    feature: g,
    code: `d${String(g).padStart(3, '0')}`,
    names: { ja: `第${g}地区`, 'ja-easy': `だい${g}ちく`, en: `District ${g}` },
    geometry: { type: 'Polygon', coordinates: [ring] },
    bbox: [round(x0), round(y0), round(x0 + width), round(y0 + height)],
  }
}

/** A per-mille draw for resident `n` and a named property (each property its own seed). */
const draw = (seed: number) => `mod(abs(hashint8extended(p.n::bigint, ${seed})), 1000)`

const SEED = { line: 31, email: 32, sms: 33, profile: 34, quiet: 35, language: 36, district: 37 } as const

/**
 * Districts through the hub's own import (`upsertDistricts`, app role), then residents, profiles
 * and channels as the owner (a superuser: row-level security does not apply; `app.tenant_id` is
 * set anyway), in one transaction, then VACUUM ANALYZE as an established database would have.
 */
export async function generateCity(db: Kysely<Database>, client: pg.ClientBase, options: CityOptions, progress: (message: string) => void): Promise<void> {
  const t = options.tenantId
  let started = performance.now()
  const districts = Array.from({ length: options.districts }, (_, i) => gridDistrict(i + 1, options.districts, options.vertices))
  await withTenant(db, t, trx => upsertDistricts(trx, t, districts))
  progress(`  districts: ${districts.length} with ${options.vertices}-position boundaries, ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const step = async (label: string, text: string, values: unknown[] = []) => {
    started = performance.now()
    const result = await client.query(text, values)
    progress(`  ${label}: ${result.rowCount ?? 0} rows, ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  await client.query('BEGIN')
  try {
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [t])
    // District weights 1, 2, 3, 1, 2, 3…: one slot per unit of weight, a resident draws a slot.
    await client.query(`CREATE TEMP TABLE bench_district_slots (slot int PRIMARY KEY, id uuid NOT NULL) ON COMMIT DROP`)
    await client.query(
      `INSERT INTO bench_district_slots (slot, id)
       SELECT row_number() OVER (ORDER BY d.sort_order, k) - 1, d.id
       FROM districts d CROSS JOIN generate_series(1, 3) k
       WHERE d.tenant_id = $1 AND k <= 1 + mod(d.sort_order, 3)`,
      [t],
    )
    const slots = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM bench_district_slots')).rows[0]?.n ?? 1)
    await client.query(`CREATE TEMP TABLE bench_people (n int PRIMARY KEY, id uuid NOT NULL, language text NOT NULL, district_id uuid NOT NULL) ON COMMIT DROP`)
    await step(
      'people',
      `INSERT INTO bench_people (n, id, language, district_id)
       SELECT p.n, gen_random_uuid(),
         CASE WHEN ${draw(SEED.language)} < 850 THEN 'ja' WHEN ${draw(SEED.language)} < 900 THEN 'ja-easy' ELSE 'en' END,
         s.id
       FROM generate_series(1, $1::int) AS p(n)
       JOIN bench_district_slots s ON s.slot = mod(abs(hashint8extended(p.n::bigint, ${SEED.district})), $2::bigint)`,
      [options.residents, slots],
    )
    await step(
      'residents',
      `INSERT INTO residents (tenant_id, id, email, email_verified_at, display_name, locale, created_at, updated_at)
       SELECT $1, p.id,
         CASE WHEN ${draw(SEED.email)} < 300 THEN 'resident' || p.n || '@mail.example.jp' END,
         CASE WHEN ${draw(SEED.email)} < 300 THEN now() - interval '30 days' END,
         '住民' || p.n, p.language, now() - interval '60 days', now() - interval '60 days'
       FROM bench_people p`,
      [t],
    )
    await step(
      'profiles',
      `INSERT INTO resident_notification_profiles (tenant_id, resident_id, language, district_id, quiet_start, quiet_end)
       SELECT $1, p.id, p.language, p.district_id,
         CASE WHEN ${draw(SEED.quiet)} < 150 THEN time '22:00' END,
         CASE WHEN ${draw(SEED.quiet)} < 150 THEN time '07:00' END
       FROM bench_people p WHERE ${draw(SEED.profile)} < 970`,
      [t],
    )
    const channel = (label: string, select: string) =>
      step(label, `INSERT INTO resident_channels (tenant_id, resident_id, channel, address, details, verified_at, removed_at, removed_reason, created_at, updated_at) ${select}`, [t])
    await channel(
      'LINE channels',
      `SELECT $1, p.id, 'line', 'U' || md5('line:' || p.n), '{}', now() - interval '20 days',
         CASE WHEN ${draw(SEED.line)} >= 600 THEN now() - interval '2 days' END,
         CASE WHEN ${draw(SEED.line)} >= 600 THEN 'unfollow' END,
         now() - interval '20 days', now()
       FROM bench_people p WHERE ${draw(SEED.line)} < 630`,
    )
    await channel(
      'email channels',
      `SELECT $1, p.id, 'email', 'resident' || p.n || '@mail.example.jp', '{}',
         CASE WHEN ${draw(SEED.email)} < 300 THEN now() - interval '30 days' END, NULL, NULL, now() - interval '30 days', now()
       FROM bench_people p WHERE ${draw(SEED.email)} < 320`,
    )
    await channel(
      'SMS channels',
      `SELECT $1, p.id, 'sms', '+8190' || lpad(p.n::text, 8, '0'), '{}', now() - interval '10 days', NULL, NULL, now() - interval '10 days', now()
       FROM bench_people p WHERE ${draw(SEED.sms)} < 50`,
    )
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
  started = performance.now()
  await client.query('VACUUM ANALYZE residents, resident_notification_profiles, resident_channels, districts')
  progress(`  VACUUM ANALYZE: ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

export interface DistrictPopulation {
  id: string
  sortOrder: number
  residents: number
}

/** Residents per district (by profile), in the districts' order. */
export async function districtPopulations(client: pg.ClientBase, tenantId: string): Promise<DistrictPopulation[]> {
  const { rows } = await client.query<{ id: string; sort_order: number; n: string }>(
    `SELECT d.id, d.sort_order, count(p.resident_id) AS n FROM districts d
     LEFT JOIN resident_notification_profiles p ON p.tenant_id = d.tenant_id AND p.district_id = d.id
     WHERE d.tenant_id = $1 GROUP BY d.id, d.sort_order ORDER BY d.sort_order`,
    [tenantId],
  )
  return rows.map(r => ({ id: r.id, sortOrder: r.sort_order, residents: Number(r.n) }))
}

/** The first districts of the grid (its southern rows: a river's flood plain) holding at least `share` of all residents. */
export function pickDistricts(populations: readonly DistrictPopulation[], totalResidents: number, share: number): DistrictPopulation[] {
  const picked: DistrictPopulation[] = []
  let held = 0
  for (const district of populations) {
    if (held >= totalResidents * share) break
    picked.push(district)
    held += district.residents
  }
  return picked
}

export type EvacuationChannel = 'inbox' | 'line' | 'email' | 'sms'
export type EvacuationCounts = Record<EvacuationChannel, number>

/** What a critical notice to these districts must create: the inbox of each resident there, and each verified, active channel. */
export async function expectedDeliveries(client: pg.ClientBase, tenantId: string, districtIds: readonly string[]): Promise<{ recipients: number; byChannel: EvacuationCounts; total: number }> {
  const { rows } = await client.query<{ channel: EvacuationChannel; n: string }>(
    `SELECT 'inbox' AS channel, count(*) AS n FROM resident_notification_profiles p WHERE p.tenant_id = $1 AND p.district_id = ANY($2::uuid[])
     UNION ALL
     SELECT rc.channel, count(*) FROM resident_channels rc
     JOIN resident_notification_profiles p ON p.tenant_id = rc.tenant_id AND p.resident_id = rc.resident_id
     WHERE rc.tenant_id = $1 AND p.district_id = ANY($2::uuid[]) AND rc.verified_at IS NOT NULL AND rc.removed_at IS NULL
     GROUP BY rc.channel`,
    [tenantId, districtIds],
  )
  const byChannel: EvacuationCounts = { inbox: 0, line: 0, email: 0, sms: 0 }
  for (const row of rows) byChannel[row.channel] = Number(row.n)
  return { recipients: byChannel.inbox, byChannel, total: Object.values(byChannel).reduce((a, b) => a + b, 0) }
}

/** The rows a notice made, per channel and status. */
export async function deliveriesByChannel(client: pg.ClientBase, tenantId: string, noticeId: string): Promise<Record<string, Record<string, number>>> {
  const { rows } = await client.query<{ channel: string; status: string; n: string }>(
    'SELECT channel, status, count(*) AS n FROM deliveries WHERE tenant_id = $1 AND notice_id = $2 GROUP BY channel, status',
    [tenantId, noticeId],
  )
  const out: Record<string, Record<string, number>> = {}
  for (const row of rows) (out[row.channel] ??= {})[row.status] = Number(row.n)
  return out
}
