/**
 * Problems with a procedure document in the staff member's language. Zod issues and the
 * integrity checks (checkFormIntegrity, whose messages are English sentences for developers)
 * become catalog keys with parameters; the location is described with page and element ids.
 */
import type { z } from 'zod'
import type { Translate } from '../../../platform/i18n/i18n.js'
import { FIELD_TYPES } from '../form/form-definition.js'

/** One problem: a catalog key, its parameters and where in the document it is. */
export interface DocumentProblem {
  key: string
  path: (string | number)[]
  params?: Record<string, string | number>
}

type Issue = z.core.$ZodIssue

const INTEGRITY_MESSAGES: [RegExp, string, (m: RegExpExecArray) => Record<string, string>][] = [
  [/^duplicate page id (.+)$/, 'builder.problems.duplicatePageId', m => ({ id: m[1] })],
  [/^duplicate id (.+) in group$/, 'builder.problems.duplicateMemberId', m => ({ id: m[1] })],
  [/^duplicate id (.+)$/, 'builder.problems.duplicateId', m => ({ id: m[1] })],
  [/^condition refers to (.+), which is not an earlier answerable field$/, 'builder.problems.conditionRef', m => ({ field: m[1] })],
  [/^a My Number field needs/, 'builder.problems.myNumberNotAllowed', () => ({})],
  [/^a repeating group cannot hold a (.+) field$/, 'builder.problems.groupMemberType', m => ({ type: m[1] })],
  [/^conditions inside a repeating group/, 'builder.problems.groupCondition', () => ({})],
  [/^minItems is larger than maxItems$/, 'builder.problems.minItemsAboveMax', () => ({})],
  [/^min is larger than max$/, 'builder.problems.minAboveMax', () => ({})],
  [/^minLength is larger than maxLength$/, 'builder.problems.minLengthAboveMax', () => ({})],
  [/^the pattern is not a valid, safe regular expression$/, 'builder.problems.unsafePattern', () => ({})],
  [/^option values must be unique$/, 'builder.problems.duplicateOptions', () => ({})],
  [/^fee quantity field (.+) must be a number field$/, 'builder.problems.quantityField', m => ({ field: m[1] })],
  [/^unknown fee item (.+)$/, 'builder.problems.unknownFeeItem', m => ({ id: m[1] })],
]

const ELEMENT_TYPES = [...FIELD_TYPES, 'heading', 'paragraph']

function fromIssue(issue: Issue): DocumentProblem {
  const path = issue.path.map(p => (typeof p === 'number' ? p : String(p)))
  const last = path[path.length - 1]
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message) ? { key: 'builder.problems.missing', path } : { key: 'builder.problems.invalidType', path, params: { expected: issue.expected } }
    case 'too_small': {
      const min = Number(issue.minimum)
      if (issue.origin === 'string') return min === 1 ? { key: 'builder.problems.empty', path } : { key: 'builder.problems.tooShort', path, params: { min } }
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'builder.problems.tooFew', path, params: { min } }
      return { key: 'builder.problems.tooSmall', path, params: { min } }
    }
    case 'too_big': {
      const max = Number(issue.maximum)
      if (issue.origin === 'string') return { key: 'builder.problems.tooLong', path, params: { max } }
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'builder.problems.tooMany', path, params: { max } }
      return { key: 'builder.problems.tooBig', path, params: { max } }
    }
    case 'invalid_format':
      return { key: 'builder.problems.format', path }
    case 'invalid_value':
      return { key: 'builder.problems.invalidValue', path, params: { values: issue.values.map(v => String(v)).join(' / ') } }
    case 'unrecognized_keys':
      return { key: 'builder.problems.unknownKeys', path, params: { keys: issue.keys.join(', ') } }
    case 'invalid_union':
      return last === 'type' ? { key: 'builder.problems.unknownType', path, params: { types: ELEMENT_TYPES.join(', ') } } : { key: 'builder.problems.invalidShape', path }
    case 'custom': {
      for (const [pattern, key, params] of INTEGRITY_MESSAGES) {
        const match = pattern.exec(issue.message)
        if (match) return { key, path, params: params(match) }
      }
      return { key: 'builder.problems.other', path, params: { message: issue.message } }
    }
    default:
      return { key: 'builder.problems.other', path, params: { message: issue.message } }
  }
}

/** Zod issues of ProcedureDocumentSchema as problems (at most 50, as an import shows them). */
export function problemsFromIssues(issues: readonly Issue[]): DocumentProblem[] {
  return issues.slice(0, 50).map(fromIssue)
}

export function translateProblem(problem: DocumentProblem, t: Translate): string {
  return t(problem.key, problem.params)
}

function child(node: unknown, key: string | number): unknown {
  if (node === null || typeof node !== 'object') return undefined
  return (node as Record<string | number, unknown>)[key]
}

function idOf(node: unknown): string {
  const id = child(node, 'id')
  return typeof id === 'string' ? id : '?'
}

/**
 * Where a problem is, for people: `2ページ目(request) › 3番目の項目(copies) › type`. `source`
 * is the document as submitted (it may be malformed), used only to name pages and elements.
 */
export function describeLocation(path: readonly (string | number)[], source: unknown, t: Translate): string {
  const parts: string[] = []
  let node = source
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]
    const next = path[i + 1]
    const indexed = (key: string) => segment === key && typeof next === 'number'
    if (segment === 'form' && path[i + 1] === 'pages' && typeof path[i + 2] === 'number') {
      node = child(child(child(node, 'form'), 'pages'), path[i + 2])
      parts.push(t('builder.location.page', { n: Number(path[i + 2]) + 1, id: idOf(node) }))
      i += 2
    } else if (indexed('elements')) {
      node = child(child(node, 'elements'), next)
      parts.push(t('builder.location.element', { n: Number(next) + 1, id: idOf(node) }))
      i += 1
    } else if (indexed('fields')) {
      node = child(child(node, 'fields'), next)
      parts.push(t('builder.location.member', { n: Number(next) + 1, id: idOf(node) }))
      i += 1
    } else if (segment === 'fee' && (path[i + 1] === 'items' || path[i + 1] === 'exemptions') && typeof path[i + 2] === 'number') {
      const list = String(path[i + 1])
      node = child(child(child(node, 'fee'), list), path[i + 2])
      parts.push(t(list === 'items' ? 'builder.location.feeItem' : 'builder.location.exemption', { n: Number(path[i + 2]) + 1, id: idOf(node) }))
      i += 2
    } else {
      node = child(node, segment)
      parts.push(String(segment))
    }
  }
  return parts.length > 0 ? parts.join(' › ') : t('builder.location.document')
}
