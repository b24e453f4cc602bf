/** Small pieces the builder's routes share: route config, path parameters, notices, texts for new elements. */
import type { FastifyRequest } from 'fastify'
import type { Translate } from '../../../platform/i18n/i18n.js'
import { japaneseText } from './builder-catalog.js'

export { japaneseText }
import type { ProcedureDocument } from '../form/form-definition.js'
import type { NewElementTexts } from './builder-edits.js'
import type { DocumentProblem } from './builder-problems.js'
import { describeLocation, translateProblem } from './builder-problems.js'
import type { SummaryItem } from './builder-views.js'

export const config = { auth: 'staff', permission: 'procedures.manage' } as const

export const BASE = '/:tenant/staff/procedures'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ID = /^[a-z][a-zA-Z0-9]{0,39}$/

export interface BuilderParams {
  id: string
  pageId: string
  elementId: string
  memberId: string
  itemId: string
  index: string
}

/**
 * The path parameters, checked: undefined when one is malformed (the route answers 404, the
 * database never sees a value it could not compare).
 */
export function builderParams(req: FastifyRequest): Partial<BuilderParams> | undefined {
  const params = req.params as Partial<BuilderParams>
  if (!params.id || !UUID.test(params.id)) return undefined
  for (const key of ['pageId', 'elementId', 'memberId', 'itemId'] as const) if (params[key] !== undefined && !ID.test(params[key])) return undefined
  if (params.index !== undefined && !/^\d{1,2}$/.test(params.index)) return undefined
  return params
}

export function queryValue(req: FastifyRequest, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value : undefined
}

const NOTICES = [
  'created', 'imported', 'settings-saved', 'page-added', 'page-saved', 'page-moved', 'page-deleted', 'element-added', 'element-saved',
  'element-moved', 'element-deleted', 'member-added', 'member-saved', 'member-moved', 'member-deleted', 'published', 'republished', 'archived',
  'fee-enabled', 'fee-saved', 'fee-removed', 'item-saved', 'item-deleted', 'exemption-saved', 'exemption-deleted',
] as const

/** The success message for `?done=` (unknown values show nothing). */
export function doneNotice(req: FastifyRequest): string | undefined {
  const done = queryValue(req, 'done')
  return done && (NOTICES as readonly string[]).includes(done) ? req.t(`builder.done.${done}`, { version: queryValue(req, 'version') ?? '' }) : undefined
}

/** Default texts of a new element of this type. */
export function newElementTexts(type: string): NewElementTexts {
  return {
    label: japaneseText(`builder.defaults.labels.${type}`),
    option: n => japaneseText('builder.defaults.option', { n }),
    agreement: japaneseText('builder.defaults.agreement'),
    itemLabel: japaneseText('builder.defaults.itemLabel'),
    memberLabel: japaneseText('builder.defaults.memberLabel'),
  }
}

/** The anchor on the builder page nearest to where a problem is (an element, a page, or the page list). */
export function anchorFor(path: readonly (string | number)[], doc: unknown): string {
  if (path[0] !== 'form' || path[1] !== 'pages' || typeof path[2] !== 'number') return 'pages'
  const page = (doc as ProcedureDocument | undefined)?.form?.pages?.[path[2]]
  if (!page) return 'pages'
  if (path[3] === 'elements' && typeof path[4] === 'number' && page.elements[path[4]]) return `element-${page.elements[path[4]].id}`
  return `page-${page.id}`
}

/** Problems on the builder page: each links to the element or page it is about. */
export function overviewSummary(t: Translate, problems: readonly DocumentProblem[], source: unknown, current: ProcedureDocument): SummaryItem[] {
  return problems.map(problem => {
    const where = problem.path.length > 0 ? `${describeLocation(problem.path, source, t)}: ` : ''
    const anchor = anchorFor(problem.path, source)
    // an element that only exists in the refused document has no anchor on the page
    const id = anchor.replace(/^(element|page)-/, '')
    const exists = anchor === 'pages' || current.form.pages.some(p => p.id === id || p.elements.some(e => e.id === id))
    return { field: exists ? anchor : 'pages', message: `${where}${translateProblem(problem, t)}` }
  })
}
