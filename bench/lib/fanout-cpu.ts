import { readdirSync, readFileSync } from 'node:fs'

/**
 * CPU accounting for the `fanout` benchmark's phases (Linux /proc; NaN elsewhere): how much of
 * the machine this benchmark's PostgreSQL backends, this process and the providers' child used,
 * and how much went to other work. On a shared 2-core machine the figures of a phase are only as
 * good as the machine was quiet; the benchmark says so when it was not.
 */

const BACKGROUND = /: (checkpointer|background writer|walwriter|autovacuum worker)/

/** Busy CPU seconds of the whole machine so far. */
function readMachineBusySeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    const [user, nice, system, , , irq, softirq, steal] = fields
    return (user + nice + system + irq + softirq + steal) / 100 // USER_HZ
  } catch {
    return NaN
  }
}

/**
 * CPU seconds so far of PostgreSQL processes serving `database` (a backend's title names it) and
 * of the server's background writers (checkpointer, WAL writer…), which write what we insert.
 */
function readPostgresSeconds(database: string): Map<number, number> {
  const found = new Map<number, number>()
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter(name => /^\d+$/.test(name))
  } catch {
    return found
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      if (!stat.includes('(postgres)')) continue
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
      if (!title.includes(` ${database} `) && !BACKGROUND.test(title)) continue
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      found.set(Number(pid), (Number(fields[11]) + Number(fields[12])) / 100)
    } catch {
      // the process ended meanwhile
    }
  }
  return found
}

export interface CpuSnapshot {
  at: number
  machine: number
  postgres: Map<number, number>
  self: NodeJS.CpuUsage
  sinks: { user: number; system: number }
}

export interface CpuShares {
  /** CPU seconds of this database's backends and the server's background writers. */
  postgresSeconds: number
  /** Percent of one core over the window. */
  postgres: number
  bench: number
  providers: number
  other: number
}

export async function takeCpuSnapshot(database: string, sinksCpu: () => Promise<{ user: number; system: number }>): Promise<CpuSnapshot> {
  return { at: performance.now(), machine: readMachineBusySeconds(), postgres: readPostgresSeconds(database), self: process.cpuUsage(), sinks: await sinksCpu() }
}

/** CPU used since `before`, as percent of one core each. */
export async function measureCpuSince(before: CpuSnapshot, database: string, sinksCpu: () => Promise<{ user: number; system: number }>): Promise<CpuShares> {
  const after = await takeCpuSnapshot(database, sinksCpu)
  const seconds = (after.at - before.at) / 1000
  const pct = (cpuSeconds: number) => (100 * cpuSeconds) / seconds
  let postgresSeconds = 0
  for (const [pid, s] of after.postgres) postgresSeconds += s - (before.postgres.get(pid) ?? 0)
  const bench = pct((after.self.user - before.self.user + after.self.system - before.self.system) / 1e6)
  const providers = pct((after.sinks.user - before.sinks.user + after.sinks.system - before.sinks.system) / 1e6)
  const postgres = pct(postgresSeconds)
  const machine = pct(after.machine - before.machine)
  return { postgresSeconds, postgres, bench, providers, other: Math.max(0, machine - postgres - bench - providers) }
}

export function formatCpuShares(shares: CpuShares): string {
  const f = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} %` : 'n/a')
  return `CPU (% of one core): PostgreSQL ${f(shares.postgres)} (${shares.postgresSeconds.toFixed(1)} s), engine process ${f(shares.bench)}, providers ${f(shares.providers)}, other work ${f(shares.other)}`
}
