/**
 * Problems of a districts file or a drawn area in words: where (feature, polygon, ring, position,
 * line) and what, translated. Positions and counts are shown 1-based.
 */
import type { Translate } from '../../../platform/i18n/i18n.js'
import type { GeometryProblem } from './district-geometry.js'
import type { DistrictProblem } from './district-geojson.js'

/** "2番目の多角形・1番目の穴・5番目の座標" for a problem inside a geometry. */
export function describeGeometryLocation(problem: Omit<GeometryProblem, 'code'>, t: Translate): string[] {
  const parts: string[] = []
  if (problem.polygon !== undefined) parts.push(t('audience.where.polygon', { n: problem.polygon + 1 }))
  if (problem.ring !== undefined) parts.push(ringName(problem.ring, t))
  if (problem.position !== undefined) parts.push(t('audience.where.position', { n: problem.position + 1 }))
  return parts
}

function ringName(ring: number, t: Translate): string {
  return ring === 0 ? t('audience.where.outerRing') : t('audience.where.hole', { n: ring })
}

/** What is wrong, without where. */
export function describeProblemMessage(problem: DistrictProblem | GeometryProblem, t: Translate): string {
  const base = `audience.problems.${problem.code}`
  const near = problem.near ? t('audience.where.near', { lat: problem.near[1].toFixed(5), lng: problem.near[0].toFixed(5) }) : ''
  switch (problem.code) {
    case 'selfIntersection':
      return t(base, { first: (problem.edges?.[0] ?? 0) + 1, second: (problem.edges?.[1] ?? 0) + 1 }) + near
    case 'ringsCross':
      return t(base, { other: ringName(problem.otherRing ?? 0, t) }) + near
    case 'notPolygon':
      return t(base, { type: problem.type ?? '' })
    case 'duplicateCode':
      return t(base, { first: 'firstFeature' in problem ? (problem.firstFeature ?? 0) : 0 })
    case 'badName':
      return t(base, { property: 'property' in problem ? (problem.property ?? 'name') : 'name', max: 'max' in problem ? (problem.max ?? 0) : 0 })
    default:
      return t(base, { max: 'max' in problem ? (problem.max ?? 0) : 0 }) + near
  }
}

/** "3番目の地区(コード chuo-1)・外周" — empty for a problem of the whole file. */
export function describeDistrictProblemLocation(problem: DistrictProblem, t: Translate): string {
  const parts: string[] = []
  if (problem.code === 'json' && problem.line !== undefined) parts.push(t('audience.where.line', { line: problem.line, column: problem.column ?? 1 }))
  if (problem.feature !== undefined) parts.push(problem.districtCode ? t('audience.where.featureCode', { n: problem.feature, code: problem.districtCode }) : t('audience.where.feature', { n: problem.feature }))
  parts.push(...describeGeometryLocation(problem, t))
  return parts.join(t('audience.where.separator'))
}

/** The whole problem as one sentence for an error list. */
export function describeDistrictProblem(problem: DistrictProblem, t: Translate): string {
  const where = describeDistrictProblemLocation(problem, t)
  return where ? `${where}: ${describeProblemMessage(problem, t)}` : describeProblemMessage(problem, t)
}

/** A problem of a drawn or pasted area as one sentence. */
export function describeAreaProblem(problem: GeometryProblem, t: Translate): string {
  const where = describeGeometryLocation(problem, t).join(t('audience.where.separator'))
  return where ? `${where}: ${describeProblemMessage(problem, t)}` : describeProblemMessage(problem, t)
}
