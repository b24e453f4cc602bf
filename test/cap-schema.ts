/** xmllint (libxml2) against the OASIS CAP 1.2 schema: a real validator, not ours. Needs Debian's libxml2-utils. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const XSD = resolve(import.meta.dirname, 'fixtures/CAP-v1.2.xsd')
let dir: string | undefined
let fileNumber = 0

function fileOf(xml: string, prefix: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'yakuba-cap-'))
  const file = join(dir, `${prefix}-${++fileNumber}.xml`)
  writeFileSync(file, xml)
  return file
}

export function validateCap(xml: string): { ok: boolean; output: string } {
  const run = spawnSync('xmllint', ['--noout', '--schema', XSD, fileOf(xml, 'alert')], { encoding: 'utf8' })
  if (run.error) throw new Error(`xmllint is needed for these tests (Debian: apt-get install libxml2-utils): ${run.error.message}`)
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` }
}

/** The text xmllint prints for an XPath expression over the document. */
export function capXpath(xml: string, expression: string): string {
  const run = spawnSync('xmllint', ['--xpath', expression, fileOf(xml, 'read')], { encoding: 'utf8' })
  // xmllint ends what it prints with a newline of its own
  return run.stdout.replace(/\n$/, '')
}

export function removeCapFiles(): void {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
}
