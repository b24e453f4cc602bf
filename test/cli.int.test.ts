import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dropTestDatabase, newTestDatabaseUrl, TEST_DB } from './app.js'

const dataDir = mkdtempSync(join(tmpdir(), 'yakuba-cli-'))
const databaseUrl = TEST_DB === 'postgres' ? newTestDatabaseUrl('yakuba_cli') : undefined

function yakuba(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env },
    timeout: 120_000,
  })
  return { code: result.status, out: `${result.stdout}${result.stderr}` }
}

// Each test spawns the CLI several times (tsx compiling the whole app on a cold cache under a
// loaded CI machine takes tens of seconds), so the tests get longer than the default minute.
describe(`yakuba CLI (${TEST_DB})`, { timeout: 240_000 }, () => {
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true })
    await dropTestDatabase(databaseUrl)
  })

  it('migrates, reports migration status with checksums, and is idempotent', () => {
    const first = yakuba(['migrate'])
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/applied: 0001|no pending migrations/)
    const status = yakuba(['migrate', '--status'])
    expect(status.code).toBe(0)
    expect(status.out).toMatch(/0001\s+applied\s+platform_core/)
    expect(yakuba(['migrate']).out).toContain('no pending migrations')
  })

  it('creates a municipality and refuses an invalid 地方公共団体コード with a clear message', () => {
    const createSample = (lgCode: string) => yakuba(['create-tenant', '--slug', 'sample', '--name', 'サンプル町', '--name-en', 'Sample Town', '--lg-code', lgCode])
    const bad = createSample('011001')
    expect(bad.code).toBe(2)
    expect(bad.out).toContain('--lg-code')
    const good = createSample('011002')
    expect(good.code).toBe(0)
    expect(good.out).toContain('created サンプル町 (011002)')
    const again = createSample('011002')
    expect(again.code).toBe(2)
    expect(again.out).toContain('すでに登録されています')
  })

  it('creates a staff account with a one-time password, and checks the role', () => {
    const bad = yakuba(['create-staff', '--tenant', 'sample', '--email', 'a@example.jp', '--name', '管理 太郎', '--role', 'king'])
    expect(bad.code).toBe(2)
    expect(bad.out).toContain('--role must be one of')
    const good = yakuba(['create-staff', '--tenant', 'sample', '--email', 'admin@example.jp', '--name', '管理 太郎', '--role', 'administrator'])
    expect(good.code).toBe(0)
    expect(good.out).toMatch(/initial password \(shown once\): \S{12,}/)
  })

  it('verifies the audit chain of every municipality', () => {
    const result = yakuba(['audit', 'verify'])
    expect(result.code).toBe(0)
    expect(result.out).toMatch(/sample: ok \(\d+ entries\)/)
  })

  it('explains wrong arguments and wrong configuration', () => {
    const unknown = yakuba(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.out).toContain('unknown command: frobnicate')
    const option = yakuba(['create-tenant', '--colour', 'red'])
    expect(option.code).toBe(2)
    const config = yakuba(['migrate'], { PORT: 'eighty' })
    expect(config.code).toBe(78)
    expect(config.out).toContain('PORT')
  })
})
