#!/usr/bin/env node
// Runs every test tier: unit, integration on PGlite, integration on PostgreSQL, e2e in Chromium.
// With CI=true a missing PostgreSQL or Chromium fails the run; elsewhere those tiers are skipped
// with a loud message. Ends with one line "N passed, N failed" summed over the tiers.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'

const isCI = process.env.CI === 'true'
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const pgUrl = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
const only = process.argv.slice(2)

function canConnect(host, port) {
  return new Promise(resolve => {
    const socket = net.connect({ host, port: Number(port), timeout: 2000 })
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => { socket.destroy(); resolve(false) })
  })
}

function loud(message) {
  const bar = '!'.repeat(78)
  console.warn(`\n${bar}\n!! ${message}\n${bar}\n`)
}

mkdirSync('.tmp', { recursive: true })
spawnSync(process.execPath, ['scripts/copy-assets.mjs'], { stdio: 'inherit' })

const tiers = [
  { name: 'unit', project: 'unit', env: {} },
  { name: 'integration (PGlite)', project: 'int', env: { TEST_DB: 'pglite' } },
  { name: 'integration (PostgreSQL)', project: 'int', env: { TEST_DB: 'postgres' }, needs: 'postgres' },
  { name: 'e2e (Chromium)', project: 'e2e', env: { TEST_DB: 'pglite' }, needs: 'chromium' },
].filter(t => only.length === 0 || only.includes(t.project) || only.includes(t.env.TEST_DB ?? ''))

// Static checks first: types and lint (a type error is a failed run, not a warning).
if (only.length === 0 || only.includes('check')) {
  console.log('\n=== static checks (tsc, eslint) ===')
  for (const [cmd, args] of [['npx', ['tsc', '--noEmit']], ['npx', ['eslint', '.']]]) {
    const r = spawnSync(cmd, args, { stdio: 'inherit' })
    if (r.status !== 0) { console.error(`${cmd} ${args.join(' ')} failed`); process.exitCode = 1 }
  }
}

const hasPostgres = await canConnect(pgUrl.hostname, pgUrl.port || 5432)
const hasChromium = existsSync(chromium)
let passed = 0
let failed = 0
let failedTiers = []

for (const tier of tiers) {
  if (tier.needs === 'postgres' && !hasPostgres) {
    if (isCI) { console.error(`PostgreSQL is not reachable at ${pgUrl.host}: required in CI`); failedTiers.push(tier.name); failed++; continue }
    loud(`SKIPPING ${tier.name}: PostgreSQL is not reachable at ${pgUrl.host}`)
    continue
  }
  if (tier.needs === 'chromium' && !hasChromium) {
    if (isCI) { console.error(`Chromium is not installed at ${chromium}: required in CI`); failedTiers.push(tier.name); failed++; continue }
    loud(`SKIPPING ${tier.name}: Chromium is not installed at ${chromium} (apt-get install chromium)`)
    continue
  }
  console.log(`\n=== ${tier.name} ===`)
  const report = `.tmp/vitest-${tier.project}-${tier.env.TEST_DB ?? 'none'}.json`
  rmSync(report, { force: true })
  const result = spawnSync('npx', ['vitest', 'run', '--project', tier.project, '--reporter=default', '--reporter=json', `--outputFile=${report}`], {
    stdio: 'inherit',
    env: { ...process.env, ...tier.env },
  })
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'))
    passed += json.numPassedTests ?? 0
    failed += json.numFailedTests ?? 0
    if ((json.numTotalTests ?? 0) === 0) { console.error(`${tier.name} ran no test`); failedTiers.push(tier.name) }
  }
  if (result.status !== 0) failedTiers.push(tier.name)
}

if (failedTiers.length) console.error(`\nFailed tiers: ${[...new Set(failedTiers)].join(', ')}`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failedTiers.length || process.exitCode ? 1 : 0)
