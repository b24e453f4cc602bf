/**
 * The inbox filter: a GET form (works without JavaScript), parsed from the query string,
 * written back as a canonical query string for pagination links, saved filters and exports.
 */
import { z } from 'zod'
import { readDate } from '../form/form-answers.js'

export const INBOX_STATUS_FILTERS = ['open', 'all', 'submitted', 'in_review', 'correction_requested', 'pending_approval', 'approved', 'rejected', 'withdrawn'] as const
export type InboxStatusFilter = (typeof INBOX_STATUS_FILTERS)[number]
export const INBOX_SORTS = ['due', 'newest', 'oldest'] as const
export type InboxSort = (typeof INBOX_SORTS)[number]

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The names of the filter's fields, in the order they appear on the page and in query strings. */
export const FILTER_FIELDS = ['department', 'procedure', 'status', 'from', 'to', 'assignee', 'overdue', 'sort'] as const
type FilterField = (typeof FILTER_FIELDS)[number]

export interface InboxFilter {
  department: string
  procedure: string
  status: InboxStatusFilter
  /** 'YYYY-MM-DD' or '' */
  from: string
  to: string
  /** '', 'me', 'unassigned' or a staff id */
  assignee: string
  overdue: boolean
  sort: InboxSort
}

export const DEFAULT_FILTER: InboxFilter = { department: '', procedure: '', status: 'open', from: '', to: '', assignee: '', overdue: false, sort: 'due' }

const optionalUuid = z.string().refine(v => v === '' || UUID.test(v), { message: 'processing.filter.errors.invalid' }).transform(v => v.toLowerCase())
/** Dates from a date input, or typed (2025/4/1, 令和7年4月1日) where the browser has no picker. */
const optionalDate = z.string().transform((v, ctx) => {
  if (v.trim() === '') return ''
  const date = readDate(v)
  if (!date) {
    ctx.addIssue({ code: 'custom', message: 'processing.filter.errors.date' })
    return z.NEVER
  }
  return date
})

export const InboxFilterSchema = z
  .object({
    department: optionalUuid,
    procedure: optionalUuid,
    status: z.union([z.literal(''), z.enum(INBOX_STATUS_FILTERS)], { message: 'processing.filter.errors.invalid' }).transform(v => v || 'open'),
    from: optionalDate,
    to: optionalDate,
    assignee: z.string().refine(v => v === '' || v === 'me' || v === 'unassigned' || UUID.test(v), { message: 'processing.filter.errors.invalid' }).transform(v => v.toLowerCase()),
    overdue: z.union([z.literal(''), z.literal('1')], { message: 'processing.filter.errors.invalid' }).transform(v => v === '1'),
    sort: z.union([z.literal(''), z.enum(INBOX_SORTS)], { message: 'processing.filter.errors.invalid' }).transform(v => v || 'due'),
  })
  .superRefine((f, ctx) => {
    if (f.from && f.to && f.to < f.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'processing.filter.errors.toBeforeFrom' })
  })

/** The filter's fields from a query object as strings (repeated or missing parameters become ''). */
export function filterFields(query: unknown): Record<FilterField, string> {
  const source = typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {}
  const out = {} as Record<FilterField, string>
  for (const name of FILTER_FIELDS) {
    const value = source[name]
    out[name] = typeof value === 'string' ? value.slice(0, 100) : ''
  }
  return out
}

export type FilterParse = { ok: true; filter: InboxFilter } | { ok: false; raw: Record<FilterField, string>; errors: Record<string, string> }

/** Parses the inbox query; errors are catalog keys by field. */
export function parseInboxFilter(query: unknown): FilterParse {
  const raw = filterFields(query)
  const parsed = InboxFilterSchema.safeParse(raw)
  if (parsed.success) return { ok: true, filter: parsed.data }
  const errors: Record<string, string> = {}
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'status')
    errors[field] ??= issue.message.startsWith('processing.') ? issue.message : 'processing.filter.errors.invalid'
  }
  return { ok: false, raw, errors }
}

/** The canonical query string of a filter: only values that differ from the defaults, in a fixed order. */
export function filterQueryString(filter: InboxFilter, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams()
  for (const name of FILTER_FIELDS) {
    const value = filter[name]
    const fallback = DEFAULT_FILTER[name]
    if (value === fallback) continue
    params.set(name, typeof value === 'boolean' ? '1' : value)
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value))
  return params.toString()
}

/** The filter as the form shows it (strings). */
export function filterFormValues(filter: InboxFilter): Record<FilterField, string> {
  return { ...filter, overdue: filter.overdue ? '1' : '' }
}
