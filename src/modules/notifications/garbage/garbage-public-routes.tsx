/**
 * Public garbage routes (auth 'public'): the district chooser, a district's calendar page, its
 * iCalendar feed (`/:tenant/garbage/:districtCode.ics`), the sorting dictionary search and the
 * pages' stylesheet.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { toIsoDate } from '../../../jp/calendar-date.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import type { Platform } from '../../../platform/platform.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { notFound } from '../../../platform/errors.js'
import { parseMonth, type DistrictLabel } from './garbage-calendar-view.js'
import { DistrictCalendarPage, GarbageLandingPage } from './garbage-public-pages.js'
import { SortingSearchPage } from './garbage-search-page.js'
import { buildDistrictCalendar, buildDistrictFeed, findResidentDistrictCode, loadPublicCalendar, searchDictionary, type PublicCalendar } from './garbage-public-service.js'
import { buildGarbageStylesheet } from './garbage-styles.js'
import type { StoredCalendar } from './garbage-repository.js'

const config = { auth: 'public' } as const
const MAX_QUERY_LENGTH = 100
const ICS_SUFFIX = '.ics'

function queryValue(req: FastifyRequest, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value : undefined
}

const districtNotFound = () => notFound('NOTIFICATIONS.GARBAGE_DISTRICT_NOT_FOUND')

function findDistrict(data: PublicCalendar, code: string): (PublicCalendar & { stored: StoredCalendar }) | undefined {
  if (!data.stored || !data.districts.some(district => district.code === code)) return undefined
  return data as PublicCalendar & { stored: StoredCalendar }
}

/** Whether the client's cached copy (If-None-Match, else If-Modified-Since) is still current. */
function isNotModified(req: FastifyRequest, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = req.headers['if-none-match']
  if (ifNoneMatch !== undefined) return ifNoneMatch.split(',').some(tag => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')
  const ifModifiedSince = req.headers['if-modified-since']
  if (!ifModifiedSince) return false
  const since = Date.parse(ifModifiedSince)
  return !Number.isNaN(since) && lastModified.getTime() <= since
}

/** The pages' stylesheet; served on the staff listener too (its pages use it). */
export function registerGarbageStylesheet(app: FastifyInstance, platform: Platform) {
  app.get('/:tenant/garbage/garbage.css', { config }, async (req, reply) => {
    const tenant = tenantOf(req)
    const data = await loadPublicCalendar(platform.database.db, tenant.id, req.locale)
    const categories = [...data.categories.values()].flatMap(category => (category.id ? [{ id: category.id, colour: category.colour }] : []))
    return reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(buildGarbageStylesheet(categories))
  })
}

export function registerGarbagePublicRoutes(app: FastifyInstance, platform: Platform) {
  const { db } = platform.database

  app.get('/:tenant/garbage', { config }, async (req, reply) => {
    const tenant = tenantOf(req)
    const data = await loadPublicCalendar(db, tenant.id, req.locale)
    const chosen = queryValue(req, 'district')
    // The chooser is a GET form: a chosen district goes straight to its calendar.
    if (chosen !== undefined && data.districts.some(district => district.code === chosen)) return reply.redirect(`/${tenant.slug}/garbage/${encodeURIComponent(chosen)}`, 303)
    // `selected` only preselects (the "change district" link); else the resident's own district.
    const selected = queryValue(req, 'selected') ?? (req.resident ? await findResidentDistrictCode(db, tenant.id, req.resident.id) : undefined)
    return reply.html(<GarbageLandingPage ctx={pageContext(req)} districts={data.districts} selected={selected} hasCalendar={data.stored !== undefined && data.districts.length > 0} />)
  })

  app.get('/:tenant/garbage/search', { config }, async (req, reply) => {
    const tenant = tenantOf(req)
    const query = (queryValue(req, 'q') ?? '').normalize('NFKC').trim().slice(0, MAX_QUERY_LENGTH)
    const found = await searchDictionary(db, tenant.id, query)
    return reply.html(<SortingSearchPage ctx={pageContext(req)} query={query} {...found} />)
  })

  app.get('/:tenant/garbage/:district', { config }, async (req, reply) => {
    const tenant = tenantOf(req)
    const raw = (req.params as { district: string }).district
    if (raw.endsWith(ICS_SUFFIX)) return sendFeed(req, reply, raw.slice(0, -ICS_SUFFIX.length))
    const data = await loadPublicCalendar(db, tenant.id, req.locale)
    const found = findDistrict(data, raw)
    const district = data.districts.find(row => row.code === raw)
    if (!found || !district) throw districtNotFound()
    const today = toIsoDate(new Date())
    const month = parseMonth(queryValue(req, 'month')) ?? { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) }
    const view = buildDistrictCalendar(found, district, { today, ...month })
    const feedPath = `/${tenant.slug}/garbage/${encodeURIComponent(district.code)}${ICS_SUFFIX}`
    const feedUrl = `${platform.config.publicUrl}${feedPath}`
    return reply.html(<DistrictCalendarPage ctx={pageContext(req)} {...view} feedUrl={feedUrl} webcalUrl={feedUrl.replace(/^https?:/, 'webcal:')} />)
  })

  async function sendFeed(req: FastifyRequest, reply: FastifyReply, code: string) {
    const tenant = tenantOf(req)
    const data = await loadPublicCalendar(db, tenant.id, req.locale)
    const found = findDistrict(data, code)
    const district: DistrictLabel | undefined = data.districts.find(row => row.code === code)
    if (!found || !district) throw districtNotFound()
    const feed = buildDistrictFeed(found, tenant, district, { today: toIsoDate(new Date()), locale: req.locale, t: req.t })
    reply
      .header('etag', feed.etag)
      .header('last-modified', feed.lastModified.toUTCString())
      // Calendar apps poll; an hour is fresh enough for a calendar that changes a few times a year.
      .header('cache-control', 'public, max-age=3600')
      .header('vary', 'Accept-Language, Cookie')
    if (isNotModified(req, feed.etag, feed.lastModified)) return reply.status(304).send()
    const fileName = `garbage-${district.code}.ics`
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `inline; filename="garbage.ics"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .send(feed.body)
  }
}
