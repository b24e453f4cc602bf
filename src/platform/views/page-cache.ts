import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Child } from 'hono/jsx'
import { randomToken } from '../crypto.js'
import { pageContext, type PageContext } from './page-context.js'

/**
 * Rendered-page cache for anonymous visitors. Server-side JSX costs ~250 µs a page; the portal
 * home and login pages are the same for every anonymous visitor of a tenant in one language, so
 * they are rendered once and served from memory (bench/README.md has the figures). The CSRF
 * token is the only per-visitor part: a placeholder is rendered and replaced on the way out.
 *
 * Entries hang off the tenant object, which the tenant service replaces when it re-reads the
 * tenant (≤ 30 s), so settings changes reach cached pages on the same schedule.
 */
const CSRF_PLACEHOLDER = `yakuba-csrf-${randomToken(12)}`
const MAX_ENTRIES_PER_TENANT = 200
const NO_TENANT = {}

const cache = new WeakMap<object, Map<string, string>>()

function isAnonymous(req: FastifyRequest) {
  return !req.residentSession && !req.staffSession
}

export async function sendAnonymousPage(req: FastifyRequest, reply: FastifyReply, build: (ctx: PageContext) => Child, status = 200): Promise<FastifyReply> {
  if (!isAnonymous(req)) return reply.html(build(pageContext(req)), status)
  const owner = req.tenant ?? NO_TENANT
  let pages = cache.get(owner)
  if (!pages) {
    pages = new Map()
    cache.set(owner, pages)
  }
  const key = `${req.locale}|${status}|${req.url}`
  let html = pages.get(key)
  if (html === undefined) {
    const node = build(pageContext(req, { csrfToken: CSRF_PLACEHOLDER }))
    html = `<!DOCTYPE html>${await (node as { toString(): string | Promise<string> }).toString()}`
    if (pages.size >= MAX_ENTRIES_PER_TENANT) pages.clear() // arbitrary query strings must not grow memory
    pages.set(key, html)
  }
  const body = html.includes(CSRF_PLACEHOLDER) ? html.replaceAll(CSRF_PLACEHOLDER, req.csrfToken) : html
  return reply.status(status).type('text/html; charset=utf-8').send(Buffer.from(body))
}
