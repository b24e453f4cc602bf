/**
 * Reads a districts file: a GeoJSON FeatureCollection whose features carry `code`, `name` and
 * optionally `name_en` / `name_easy` (やさしい日本語) in their properties, and a Polygon or
 * MultiPolygon boundary. Either every feature is sound and the districts come back ready to
 * store, or every problem comes back located (feature N, its code, ring, position) so staff can
 * fix the file in one go. Pure: no database.
 */
import type { LocalizedNames } from '../notification-tables.js'
import { validateGeometry, type AreaGeometry, type Bbox, type GeometryProblem, type GeometryProblemCode } from './district-geometry.js'

export interface ImportedDistrict {
  /** 1-based position in the file (the import keeps this order) */
  feature: number
  code: string
  names: LocalizedNames
  geometry: AreaGeometry
  bbox: Bbox
}

export type DistrictFileProblemCode =
  | 'json'
  | 'notFeatureCollection'
  | 'noFeatures'
  | 'tooManyFeatures'
  | 'tooManyPositions'
  | 'notFeature'
  | 'missingCode'
  | 'badCode'
  | 'missingName'
  | 'badName'
  | 'duplicateCode'

/** One problem, located: `feature` is 1-based; ring/polygon/position come from the geometry check. */
export interface DistrictProblem extends Omit<GeometryProblem, 'code'> {
  code: DistrictFileProblemCode | GeometryProblemCode
  feature?: number
  /** the feature's district code when it has a readable one */
  districtCode?: string
  /** duplicateCode: the feature that used the code first */
  firstFeature?: number
  /** json: where the syntax error is (1-based) */
  line?: number
  column?: number
  /** the property at fault (badName: name / name_en / name_easy) */
  property?: string
  max?: number
}

export type DistrictFileResult = { ok: true; districts: ImportedDistrict[] } | { ok: false; problems: DistrictProblem[] }

export const MAX_DISTRICT_FEATURES = 5_000
export const MAX_DISTRICT_POSITIONS = 2_000_000
export const MAX_DISTRICT_CODE_LENGTH = 40
export const MAX_DISTRICT_NAME_LENGTH = 100
/** Problems listed for one file: the first ones are what staff fix first. */
const MAX_PROBLEMS = 200

// control characters, and the bidi overrides used to disguise text
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

/** Parses and checks a districts file (UTF-8 text, BOM allowed). */
export function parseDistrictsGeoJson(text: string): DistrictFileResult {
  const source = text.replace(/^\uFEFF/, '')
  let root: unknown
  try {
    root = JSON.parse(source)
  } catch (error) {
    return { ok: false, problems: [{ code: 'json', ...locateJsonError(source, error) }] }
  }
  if (typeof root !== 'object' || root === null || (root as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray((root as { features?: unknown }).features)) {
    return { ok: false, problems: [{ code: 'notFeatureCollection' }] }
  }
  const features = (root as { features: unknown[] }).features
  if (features.length === 0) return { ok: false, problems: [{ code: 'noFeatures' }] }
  if (features.length > MAX_DISTRICT_FEATURES) return { ok: false, problems: [{ code: 'tooManyFeatures', max: MAX_DISTRICT_FEATURES }] }

  const problems: DistrictProblem[] = []
  const districts: ImportedDistrict[] = []
  const firstByCode = new Map<string, number>()
  let positions = 0
  features.forEach((value, index) => {
    const feature = index + 1
    if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== 'Feature') {
      problems.push({ code: 'notFeature', feature })
      return
    }
    const properties = (value as { properties?: unknown }).properties
    const props = typeof properties === 'object' && properties !== null && !Array.isArray(properties) ? (properties as Record<string, unknown>) : {}
    const code = readCode(props.code)
    const at = { feature, ...(code.ok ? { districtCode: code.value } : {}) }
    if (!code.ok) problems.push({ code: code.problem, feature, max: MAX_DISTRICT_CODE_LENGTH })
    else if (firstByCode.has(code.value)) problems.push({ code: 'duplicateCode', ...at, firstFeature: firstByCode.get(code.value) })
    else firstByCode.set(code.value, feature)

    const names: LocalizedNames = { ja: '' }
    for (const [property, language] of [['name', 'ja'], ['name_easy', 'ja-easy'], ['name_en', 'en']] as const) {
      const name = props[property]
      if (name === undefined || name === null || (typeof name === 'string' && name.trim() === '')) {
        if (property === 'name') problems.push({ code: 'missingName', ...at, property })
        continue
      }
      if (typeof name !== 'string' || name.trim().length > MAX_DISTRICT_NAME_LENGTH || CONTROL.test(name)) {
        problems.push({ code: 'badName', ...at, property, max: MAX_DISTRICT_NAME_LENGTH })
        continue
      }
      names[language] = name.normalize('NFC').trim()
    }

    const checked = validateGeometry((value as { geometry?: unknown }).geometry)
    if (!checked.ok) {
      for (const problem of checked.problems) problems.push({ ...problem, ...at })
      return
    }
    positions += checked.positions
    if (code.ok && names.ja) districts.push({ feature, code: code.value, names, geometry: checked.geometry, bbox: checked.bbox })
  })
  if (positions > MAX_DISTRICT_POSITIONS) problems.push({ code: 'tooManyPositions', max: MAX_DISTRICT_POSITIONS })
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) }
  return { ok: true, districts }
}

/** A district code: a string (or a whole number, as 町丁目 codes often are) of 1–40 characters. */
function readCode(value: unknown): { ok: true; value: string } | { ok: false; problem: 'missingCode' | 'badCode' } {
  if (value === undefined || value === null || value === '') return { ok: false, problem: 'missingCode' }
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.normalize('NFKC').trim() : undefined
  if (text === undefined || text === '' || text.length > MAX_DISTRICT_CODE_LENGTH || CONTROL.test(text)) return { ok: false, problem: text === '' ? 'missingCode' : 'badCode' }
  return { ok: true, value: text }
}

/** Line and column (1-based) of a JSON syntax error. */
function locateJsonError(source: string, error: unknown): { line?: number; column?: number } {
  // V8 gives a position for some errors only ("Unexpected token" has none): scan for it then
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '')
  const offset = match ? Number(match[1]) : findJsonErrorOffset(source)
  if (offset === undefined) return {}
  const before = source.slice(0, Math.min(offset, source.length))
  const line = before.split('\n').length
  return { line, column: before.length - before.lastIndexOf('\n') }
}

/**
 * Offset of the first character where `source` stops being JSON (a small recursive-descent
 * scanner, iterative over containers so deep nesting cannot overflow the stack).
 */
export function findJsonErrorOffset(source: string): number | undefined {
  let i = 0
  const skipSpace = () => {
    while (i < source.length && ' \t\n\r'.includes(source[i])) i++
  }
  const scanValue = (): boolean => {
    const c = source[i]
    if (c === '"') {
      i++
      while (i < source.length && source[i] !== '"') {
        if (source.charCodeAt(i) < 0x20) return false
        i += source[i] === '\\' ? 2 : 1
      }
      if (i >= source.length) return false
      i++
      return true
    }
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(source.slice(i, i + 400))
    if (!literal) return false
    i += literal[0].length
    return true
  }
  // each open container: 'a' array or 'o' object
  const stack: string[] = []
  skipSpace()
  for (;;) {
    // expecting a value (or, in an object, a key first)
    if (source[i] === '[' || source[i] === '{') {
      stack.push(source[i] === '[' ? 'a' : 'o')
      i++
      skipSpace()
      if (source[i] === (stack[stack.length - 1] === 'a' ? ']' : '}')) {
        stack.pop()
        i++
      } else {
        if (stack[stack.length - 1] === 'o') {
          if (source[i] !== '"' || !scanValue()) return i
          skipSpace()
          if (source[i] !== ':') return i
          i++
          skipSpace()
        }
        continue
      }
    } else if (!scanValue()) {
      return i
    }
    // after a value: close containers or go on to the next member
    for (;;) {
      skipSpace()
      if (stack.length === 0) return i < source.length ? i : undefined
      const kind = stack[stack.length - 1]
      if (source[i] === (kind === 'a' ? ']' : '}')) {
        stack.pop()
        i++
        continue
      }
      if (source[i] !== ',') return i
      i++
      skipSpace()
      if (kind === 'o') {
        if (source[i] !== '"' || !scanValue()) return i
        skipSpace()
        if (source[i] !== ':') return i
        i++
        skipSpace()
      }
      break
    }
  }
}
