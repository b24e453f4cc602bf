import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[]
  samples: number[]
  timeDeltas: number[]
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function where(url: string): string {
  if (!url) return '(native)'
  const path = url.startsWith('file://') ? fileURLToPath(url) : url
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)
  if (pkg) return pkg[1]
  if (path.startsWith(ROOT)) return path.slice(ROOT.length)
  if (path.startsWith('node:')) return path.split('/')[0]
  return path
}

function group(url: string): string {
  const w = where(url)
  if (w.startsWith('src/')) return w.split('/').slice(0, 3).join('/')
  return w
}

export interface ProfileSummary {
  totalMs: number
  idleMs: number
  gcMs: number
  selfByFunction: { name: string; ms: number }[]
  selfByGroup: { name: string; ms: number }[]
  /** Time with the function anywhere on the stack (each function counted once per sample). */
  inclusiveByFunction: { name: string; ms: number }[]
}

/** Aggregates a profile's samples into self time per function and per package / source folder. */
export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map(n => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const label = (id: number) => {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame
    // tsx emits each TypeScript module on one line: the column tells its functions apart
    return `${functionName || '(anonymous)'} ${where(url)}${url ? `:${lineNumber + 1}${lineNumber === 0 ? `:${columnNumber + 1}` : ''}` : ''}`
  }
  const self = new Map<string, number>()
  const groups = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let total = 0
  let idle = 0
  let gc = 0
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000
    total += dt
    const name = byId.get(id)!.callFrame.functionName
    if (name === '(idle)') {
      idle += dt
      return
    }
    if (name === '(garbage collector)') gc += dt
    const l = label(id)
    self.set(l, (self.get(l) ?? 0) + dt)
    const g = group(byId.get(id)!.callFrame.url)
    groups.set(g, (groups.get(g) ?? 0) + dt)
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(cur)
      if (seen.has(k) || k.startsWith('(root)')) continue
      seen.add(k)
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt)
    }
  })
  const topOf = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms }))
  return { totalMs: total, idleMs: idle, gcMs: gc, selfByFunction: topOf(self), selfByGroup: topOf(groups), inclusiveByFunction: topOf(inclusive) }
}

export function formatProfileSummary(s: ProfileSummary): string {
  const busy = s.totalMs - s.idleMs
  const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1).padStart(5)}%`
  const lines = [`profile: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy (percentages are of busy time), GC ${pct(s.gcMs)}`]
  lines.push('', 'self time by package / source folder:')
  for (const r of s.selfByGroup) lines.push(`  ${pct(r.ms)}  ${r.name}`)
  lines.push('', 'self time by function:')
  for (const r of s.selfByFunction) lines.push(`  ${pct(r.ms)}  ${r.name}`)
  lines.push('', 'inclusive time by function (on the stack):')
  for (const r of s.inclusiveByFunction) lines.push(`  ${pct(r.ms)}  ${r.name}`)
  return lines.join('\n')
}
