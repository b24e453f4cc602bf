import type pg from 'pg'

/**
 * The `fanout` benchmark's synthetic city: residents, their notification profiles across the
 * districts, and their channel addresses, generated set-based in PostgreSQL (a million residents
 * in well under a minute; none of this is measured).
 *
 * Shares are drawn per resident from independent hashes (`hashint8extended(n, seed)`), so the
 * channels a resident holds are not correlated with each other or with the district. The mix
 * (per mille of residents):
 *
 * | what | share |
 * |---|---|
 * | LINE linked, following (verified `U` + 32 hex) | 550 |
 * | LINE removed (unfollowed) — must not be sent to | 15 |
 * | email verified | 600 |
 * | email added but never verified — must not be sent to | 30 |
 * | SMS verified (E.164 mobile number) | 80 |
 * | web push, one browser | 120, of which 20 with a second browser |
 * | a notification profile with a district (else defaults, no district) | 970 |
 * | quiet hours 22:00–07:00 (a critical notice ignores them) | 150 |
 * | daily digest (a critical notice ignores it) | 100 |
 *
 * Languages: ja 80 %, やさしい日本語 6 %, en 5 %, zh-Hans 3 %, ko 2 %, vi 2 %, pt 1 %, tl 1 %.
 */

export interface PopulationOptions {
  tenantId: string
  residents: number
  districts: number
  /** Base URL of the fake push service; each subscription is `<base>/<id>`. */
  pushEndpointBase: string
  /** A real P-256 public key and auth secret (base64url), so that payload encryption works. */
  pushKeys: { p256dh: string; auth: string }
}

/** What a critical all-city notice must create, computed from the generated rows (not the engine's SQL). */
export interface ExpectedDeliveries {
  residents: number
  byChannel: { inbox: number; email: number; line: number; sms: number; push: number }
  total: number
}

/** A per-mille draw for resident `n` and a named property (each property its own seed). */
const draw = (seed: number) => `mod(abs(hashint8extended(p.n::bigint, ${seed})), 1000)`

const SEED = { line: 11, email: 12, sms: 13, push: 14, pushSecond: 15, profile: 16, quiet: 17, digest: 18, language: 19, district: 20 } as const

/**
 * Generates the city as the owner (a superuser connection: row-level security does not apply,
 * which is why `app.tenant_id` is still set, for any policy that would). Runs in one transaction.
 */
export async function generatePopulation(client: pg.ClientBase, options: PopulationOptions, progress: (message: string) => void): Promise<ExpectedDeliveries> {
  const t = options.tenantId
  const step = async (label: string, text: string, values: unknown[] = []) => {
    const started = performance.now()
    const result = await client.query(text, values)
    progress(`  ${label}: ${result.rowCount ?? 0} rows, ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  await client.query('BEGIN')
  try {
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [t])
    await step(
      'districts',
      `INSERT INTO districts (tenant_id, code, names, sort_order)
       SELECT $1, 'd' || lpad(g::text, 3, '0'), jsonb_build_object('ja', '第' || g || '地区', 'ja-easy', 'だい' || g || 'ちく', 'en', 'District ' || g), g
       FROM generate_series(1, $2::int) g`,
      [t, options.districts],
    )
    await client.query(`CREATE TEMP TABLE bench_people (n int PRIMARY KEY, id uuid NOT NULL, language text NOT NULL) ON COMMIT DROP`)
    await step(
      'people',
      `INSERT INTO bench_people (n, id, language)
       SELECT p.n, gen_random_uuid(), CASE
           WHEN ${draw(SEED.language)} < 800 THEN 'ja' WHEN ${draw(SEED.language)} < 860 THEN 'ja-easy'
           WHEN ${draw(SEED.language)} < 910 THEN 'en' WHEN ${draw(SEED.language)} < 940 THEN 'zh-Hans'
           WHEN ${draw(SEED.language)} < 960 THEN 'ko' WHEN ${draw(SEED.language)} < 980 THEN 'vi'
           WHEN ${draw(SEED.language)} < 990 THEN 'pt' ELSE 'tl' END
       FROM generate_series(1, $1::int) AS p(n)`,
      [options.residents],
    )
    // The login email (residents.email) is the verified email channel's address, as when a
    // resident signs up by email and then adds it as a channel.
    await step(
      'residents',
      `INSERT INTO residents (tenant_id, id, email, email_verified_at, display_name, locale, created_at, updated_at)
       SELECT $1, p.id,
         CASE WHEN ${draw(SEED.email)} < 600 THEN 'resident' || p.n || '@mail.example.jp' END,
         CASE WHEN ${draw(SEED.email)} < 600 THEN now() - interval '30 days' END,
         '住民' || p.n,
         CASE WHEN p.language IN ('ja', 'ja-easy', 'en') THEN p.language ELSE 'en' END,
         now() - interval '60 days', now() - interval '60 days'
       FROM bench_people p`,
      [t],
    )
    await step(
      'profiles',
      `INSERT INTO resident_notification_profiles (tenant_id, resident_id, language, district_id, quiet_start, quiet_end, wants_digest)
       SELECT $1, p.id, p.language, d.id,
         CASE WHEN ${draw(SEED.quiet)} < 150 THEN time '22:00' END,
         CASE WHEN ${draw(SEED.quiet)} < 150 THEN time '07:00' END,
         ${draw(SEED.digest)} < 100
       FROM bench_people p
       JOIN districts d ON d.tenant_id = $1 AND d.sort_order = 1 + mod(abs(hashint8extended(p.n::bigint, ${SEED.district})), $2::int)
       WHERE ${draw(SEED.profile)} < 970`,
      [t, options.districts],
    )
    const channel = (label: string, select: string, values: unknown[] = []) =>
      step(
        label,
        `INSERT INTO resident_channels (tenant_id, resident_id, channel, address, details, verified_at, removed_at, removed_reason, created_at, updated_at)
         ${select}`,
        [t, ...values],
      )
    await channel(
      'LINE channels',
      `SELECT $1, p.id, 'line', 'U' || md5('line:' || p.n), '{}', now() - interval '20 days',
         CASE WHEN ${draw(SEED.line)} >= 550 THEN now() - interval '2 days' END,
         CASE WHEN ${draw(SEED.line)} >= 550 THEN 'unfollow' END,
         now() - interval '20 days', now()
       FROM bench_people p WHERE ${draw(SEED.line)} < 565`,
    )
    await channel(
      'email channels',
      `SELECT $1, p.id, 'email', 'resident' || p.n || '@mail.example.jp', '{}',
         CASE WHEN ${draw(SEED.email)} < 600 THEN now() - interval '30 days' END, NULL, NULL,
         now() - interval '30 days', now()
       FROM bench_people p WHERE ${draw(SEED.email)} < 630`,
    )
    await channel(
      'SMS channels',
      `SELECT $1, p.id, 'sms', '+8190' || lpad(p.n::text, 8, '0'), '{}', now() - interval '10 days', NULL, NULL, now() - interval '10 days', now()
       FROM bench_people p WHERE ${draw(SEED.sms)} < 80`,
    )
    await channel(
      'push subscriptions',
      `SELECT $1, p.id, 'push', $2 || '/' || md5('push:' || p.n || ':' || b.k), jsonb_build_object('p256dh', $3::text, 'auth', $4::text),
         now() - interval '5 days', NULL, NULL, now() - interval '5 days', now()
       FROM bench_people p CROSS JOIN generate_series(1, 2) AS b(k)
       WHERE ${draw(SEED.push)} < 120 AND (b.k = 1 OR ${draw(SEED.pushSecond)} < 167)`,
      [options.pushEndpointBase, options.pushKeys.p256dh, options.pushKeys.auth],
    )
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
  // Statistics as an established city's database has them (autovacuum would get there too).
  const started = performance.now()
  await client.query('VACUUM ANALYZE residents, resident_notification_profiles, resident_channels, districts')
  progress(`  VACUUM ANALYZE: ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return countExpectedDeliveries(client, options.tenantId)
}

/**
 * Every resident gets the inbox, plus each channel they hold verified and not removed (once,
 * however many browsers they push to): what a critical notice to everyone must create.
 */
export async function countExpectedDeliveries(client: pg.ClientBase, tenantId: string): Promise<ExpectedDeliveries> {
  const residents = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM residents WHERE tenant_id = $1', [tenantId])).rows[0]?.n ?? 0)
  const { rows } = await client.query<{ channel: 'email' | 'line' | 'sms' | 'push'; n: string }>(
    `SELECT channel, count(DISTINCT resident_id) AS n FROM resident_channels
     WHERE tenant_id = $1 AND verified_at IS NOT NULL AND removed_at IS NULL GROUP BY channel`,
    [tenantId],
  )
  const byChannel = { inbox: residents, email: 0, line: 0, sms: 0, push: 0 }
  for (const row of rows) byChannel[row.channel] = Number(row.n)
  return { residents, byChannel, total: Object.values(byChannel).reduce((a, b) => a + b, 0) }
}
