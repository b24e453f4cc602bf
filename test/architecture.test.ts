import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { allJobs } from '../src/jobs.js'
import { platformJobs } from '../src/platform/platform.js'

const ROOT = resolve(import.meta.dirname, '..')
const SRC = join(ROOT, 'src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
  })
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(m => m[1] ?? m[2])
}

describe('architecture', () => {
  it('lets modules reach other modules only through their index.ts', () => {
    const violations: string[] = []
    for (const file of sourceFiles(SRC)) {
      const from = relative(SRC, file)
      for (const spec of importsOf(file).filter(s => s.startsWith('.'))) {
        const target = relative(SRC, resolve(dirname(file), spec))
        const targetModule = /^modules\/([^/]+)\//.exec(target)?.[1]
        if (!targetModule) continue
        const ownModule = /^modules\/([^/]+)\//.exec(from)?.[1]
        if (ownModule === targetModule) continue
        if (target !== `modules/${targetModule}/index.js` && target !== `modules/${targetModule}/index.ts`) violations.push(`${from} → ${target}`)
      }
    }
    expect(violations).toEqual([])
  })

  it('keeps the platform free of imports from business modules (except the app and CLI wiring)', () => {
    const violations = sourceFiles(join(SRC, 'platform'))
      .flatMap(file => importsOf(file).filter(s => s.includes('/modules/')).map(s => `${relative(SRC, file)} → ${s}`))
    expect(violations).toEqual([])
  })

  it('reads process.env only in src/platform/config.ts', () => {
    const readers = sourceFiles(SRC).filter(f => readFileSync(f, 'utf8').includes('process.env')).map(f => relative(SRC, f))
    expect(readers).toEqual(['platform/config.ts'])
  })

  it('gives every job a module.verb-noun name, a payload schema and a handler, once', () => {
    const jobs = [...platformJobs, ...allJobs]
    const names = jobs.map(j => j.name)
    expect(new Set(names).size).toBe(names.length)
    for (const job of jobs) {
      expect(job.name).toMatch(/^[a-z]+\.[a-z]+(-[a-z]+)*$/)
      expect(typeof job.run).toBe('function')
      expect(typeof job.payload.parse).toBe('function')
    }
  })

  it('names every migration NNNN_module_change.sql in one ordered sequence', () => {
    const files = readdirSync(join(ROOT, 'migrations')).filter(f => f.endsWith('.sql')).sort()
    files.forEach((file, i) => expect(file).toMatch(new RegExp(`^${String(i + 1).padStart(4, '0')}_[a-z0-9]+_[a-z0-9_]+\\.sql$`)))
  })
})
