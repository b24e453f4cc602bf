import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/platform/config.js'
import { createPlatform } from '../src/platform/platform.js'
import { ensurePostgresDatabase } from '../src/platform/db/database.js'
import { seedDemo } from '../src/platform/cli/seed-demo.js'
import { allJobs } from '../src/jobs.js'
import { createTestApp, dropTestDatabase, newTestDatabaseUrl, TEST_DB, type TestApp } from './app.js'
import { createTestTenant } from './factories.js'

describe(`deployment shapes (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  it('serves the staff console only on the staff listener when the surfaces are split (三層分離)', async () => {
    const tenant = await createTestTenant(t.platform)
    const publicApp = await buildApp(t.platform, { surface: 'public' })
    const staffApp = await buildApp(t.platform, { surface: 'staff' })
    try {
      expect((await publicApp.inject({ method: 'GET', url: `/${tenant.slug}` })).statusCode).toBe(200)
      expect((await publicApp.inject({ method: 'GET', url: `/${tenant.slug}/staff/login` })).statusCode).toBe(404)
      expect((await staffApp.inject({ method: 'GET', url: `/${tenant.slug}/staff/login` })).statusCode).toBe(200)
      expect((await staffApp.inject({ method: 'GET', url: `/${tenant.slug}/login` })).statusCode).toBe(404)
    } finally {
      await publicApp.close()
      await staffApp.close()
    }
  })
})

describe(`restarting keeps the data (${TEST_DB})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'yakuba-restart-'))
  let databaseUrl: string | undefined
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true })
    await dropTestDatabase(databaseUrl)
  })

  it('creates, migrates and seeds on first start, and finds everything again on the second', async () => {
    if (TEST_DB === 'postgres') {
      databaseUrl = newTestDatabaseUrl('yakuba_restart')
      await ensurePostgresDatabase(databaseUrl)
    }
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) })
    const first = await createPlatform(config, { jobs: allJobs, migrate: true })
    const seeded = await first.database.withOwner(db => seedDemo(db, config))
    expect(seeded.created).toBe(true)
    await first.close()

    const second = await createPlatform(config, { jobs: allJobs, migrate: true })
    try {
      const again = await second.database.withOwner(db => seedDemo(db, config))
      expect(again.created).toBe(false)
      expect(again.credentials.staff.find(s => s.role === 'administrator')?.totpSecret).toBe(seeded.credentials.staff.find(s => s.role === 'administrator')?.totpSecret)
      expect((await second.tenants.listTenants()).map(x => x.slug)).toContain('demo')
    } finally {
      await second.close()
    }
  })
})
