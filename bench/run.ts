import { readdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { BenchUsageError } from './lib/usage-error.js'

/**
 * `npm run bench -- <name> [options]` runs the exported `run(args)` of `bench/<name>.ts`.
 * Benchmarks are not tests (ARCHITECTURE.md §7): they print their figures and end with a
 * single-line JSON. Helpers live in `bench/lib/` and are not benchmarks.
 */
export interface Benchmark {
  /** One line for the list printed by `npm run bench`. */
  description?: string
  run(args: string[]): Promise<void>
}

const BENCH_DIR = fileURLToPath(new URL('./', import.meta.url))

function benchmarkNames(): string[] {
  return readdirSync(BENCH_DIR, { withFileTypes: true })
    .filter(e => e.isFile() && /^[a-z0-9][a-z0-9-]*\.ts$/.test(e.name) && e.name !== 'run.ts' && !e.name.endsWith('.d.ts'))
    .map(e => e.name.slice(0, -'.ts'.length))
    .sort()
}

async function load(name: string): Promise<Benchmark> {
  const mod = (await import(pathToFileURL(`${BENCH_DIR}${name}.ts`).href)) as Partial<Benchmark>
  if (typeof mod.run !== 'function') throw new Error(`bench/${name}.ts exports no run()`)
  return mod as Benchmark
}

async function usage(message?: string): Promise<never> {
  if (message) console.error(`bench: ${message}\n`)
  console.error('Usage: npm run bench -- <name> [options]\n\nBenchmarks:')
  for (const name of benchmarkNames()) {
    const description = await load(name).then(
      b => b.description ?? '',
      () => '(does not load)',
    )
    console.error(`  ${name.padEnd(12)} ${description}`)
  }
  process.exit(2)
}

const [name, ...args] = process.argv.slice(2)
if (!name || name === '--help' || name === 'help') await usage()
else if (!benchmarkNames().includes(name)) await usage(`unknown benchmark: ${name}`)
else {
  const bench = await load(name)
  try {
    await bench.run(args)
  } catch (error) {
    if (error instanceof BenchUsageError) {
      console.error(`bench ${name}: ${error.message}`)
      process.exit(2)
    }
    console.error(`\nbench ${name} FAILED: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
  // Servers are children that have been stopped; nothing should keep us alive, but be explicit.
  process.exit(process.exitCode ?? 0)
}
