/**
 * Staff routes of the garbage calendars (auth 'staff', permission notifications.manage): the
 * overview, CSV uploads (multipart; CSRF is checked before the file is read), settings, CSV
 * downloads and the category editor. Forms post-redirect-get; problems re-render with 422.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { toIsoDate } from '../../../jp/calendar-date.js'
import { unauthenticated } from '../../../platform/errors.js'
import { readMultipartForm } from '../../../platform/files/index.js'
import { isUuid } from '../../../platform/http/params.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import type { Platform } from '../../../platform/platform.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { HolidayPolicySchema, nextCollections } from './garbage-rules.js'
import { calendarTypes, holidayPolicies, labelDistricts } from './garbage-calendar-view.js'
import { exportGarbageRulesCsv, exportSortingDictionaryCsv } from './garbage-csv-export.js'
import { importDictionaryFile, importRulesFile, updateCalendarSettings, type StaffActor } from './garbage-import-service.js'
import { findCategory, findCurrentCalendar, listCategories, listDistricts, listSortingEntries, summariseSortingEntries, updateCategory } from './garbage-repository.js'
import { CategoryEditPage, GarbageOverviewPage, type CategoryFormValues, type OverviewProps } from './garbage-staff-pages.js'
import type { GarbageCategory } from './garbage-tables.js'
import type { GarbageCsvError } from './garbage-csv.js'

const config = { auth: 'staff', permission: 'notifications.manage' } as const
const BASE = '/:tenant/staff/notifications/garbage'
const PREVIEW_COUNT = 6
const DONE = ['rules-imported', 'dictionary-imported', 'settings-saved', 'category-saved'] as const

function staffActor(req: FastifyRequest): StaffActor {
  const tenant = tenantOf(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenantId: tenant.id, staffId: req.staff.id, requestId: req.id }
}

function doneNotice(req: FastifyRequest): string | undefined {
  const done = (req.query as Record<string, unknown> | undefined)?.done
  return typeof done === 'string' && (DONE as readonly string[]).includes(done) ? req.t(`notifications.garbage.staff.done.${done}`) : undefined
}

const CategorySchema = z.object({
  nameEasy: z.string().trim().max(50, 'notifications.garbage.staff.invalid.tooLong50'),
  nameEn: z.string().trim().max(50, 'notifications.garbage.staff.invalid.tooLong50'),
  descriptionJa: z.string().trim().max(500, 'notifications.garbage.staff.invalid.tooLong500'),
  descriptionEasy: z.string().trim().max(500, 'notifications.garbage.staff.invalid.tooLong500'),
  descriptionEn: z.string().trim().max(500, 'notifications.garbage.staff.invalid.tooLong500'),
  colour: z.string().trim().toLowerCase().regex(/^(#[0-9a-f]{6})?$/, 'notifications.garbage.staff.invalid.colour'),
  linkUrl: z.string().trim().max(500, 'notifications.garbage.staff.invalid.tooLong500').regex(/^((\/[^/\s][^\s]*)|(https:\/\/[^\s]+))?$/, 'notifications.garbage.staff.invalid.link'),
})

function text(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value : ''
}

function categoryValues(category: GarbageCategory): CategoryFormValues {
  return {
    nameEasy: category.names['ja-easy'] ?? '',
    nameEn: category.names.en ?? '',
    descriptionJa: category.descriptions.ja ?? '',
    descriptionEasy: category.descriptions['ja-easy'] ?? '',
    descriptionEn: category.descriptions.en ?? '',
    colour: category.colour ?? '',
    linkUrl: category.linkUrl ?? '',
  }
}

function csvReply(reply: FastifyReply, fileName: string, body: string) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(body)
}

export function registerGarbageStaffRoutes(app: FastifyInstance, platform: Platform) {
  const { db } = platform.database

  async function renderOverview(req: FastifyRequest, reply: FastifyReply, extra: Partial<OverviewProps> = {}, status = 200) {
    const actor = staffActor(req)
    const data = await withTenant(db, actor.tenantId, async trx => ({
      stored: await findCurrentCalendar(trx, actor.tenantId),
      districts: await listDistricts(trx, actor.tenantId),
      categories: await listCategories(trx, actor.tenantId),
      dictionary: await summariseSortingEntries(trx, actor.tenantId),
    }))
    const today = toIsoDate(new Date())
    const calendar = data.stored?.calendar
    const labels = calendar ? labelDistricts(calendar, data.districts, req.locale) : []
    const knownCodes = new Set(data.districts.map(district => district.code))
    const ctx = pageContext(req)
    return reply.header('cache-control', 'no-store').html(
      <GarbageOverviewPage
        ctx={ctx}
        notice={status === 200 ? doneNotice(req) : undefined}
        calendar={data.stored && calendar ? { version: data.stored.version, createdAt: data.stored.createdAt, change: data.stored.change, ruleCount: calendar.rules.length, exceptionCount: calendar.exceptions.length, yearEndClosure: calendar.yearEndClosure } : undefined}
        previews={calendar ? labels.map(district => ({ district, next: nextCollections(calendar, district.code, today, PREVIEW_COUNT) })) : []}
        unknownDistrictCodes={data.districts.length > 0 ? labels.filter(label => !knownCodes.has(label.code)).map(label => label.code) : []}
        hasDistricts={data.districts.length > 0}
        types={calendar ? calendarTypes(calendar) : []}
        policies={calendar ? holidayPolicies(calendar) : new Map()}
        categories={data.categories}
        dictionary={data.dictionary}
        {...extra}
      />,
      status,
    )
  }

  app.get(BASE, { config }, async (req, reply) => renderOverview(req, reply))

  async function upload(req: FastifyRequest, reply: FastifyReply, kind: 'rules' | 'dictionary') {
    const actor = staffActor(req)
    const file = readMultipartForm(req).files.find(part => part.field === 'file')
    const outcome = kind === 'rules' ? await importRulesFile(db, actor, file?.content) : await importDictionaryFile(db, actor, file?.content)
    if (outcome.ok) return reply.redirect(`/${tenantOf(req).slug}/staff/notifications/garbage?done=${kind === 'rules' ? 'rules-imported' : 'dictionary-imported'}`, 303)
    const errors: GarbageCsvError[] = outcome.errors
    return renderOverview(req, reply, kind === 'rules' ? { rulesErrors: errors } : { dictionaryErrors: errors }, 422)
  }

  app.post(`${BASE}/rules`, { config }, async (req, reply) => upload(req, reply, 'rules'))
  app.post(`${BASE}/dictionary`, { config }, async (req, reply) => upload(req, reply, 'dictionary'))

  app.post(`${BASE}/settings`, { config }, async (req, reply) => {
    const actor = staffActor(req)
    const body = (req.body ?? {}) as Record<string, unknown>
    const stored = await withTenant(db, actor.tenantId, trx => findCurrentCalendar(trx, actor.tenantId))
    const types = stored ? calendarTypes(stored.calendar) : []
    const errors: Record<string, string> = {}
    const closure = z.enum(['dec-29', 'dec-31']).safeParse(body.yearEndClosure)
    if (!closure.success) errors.yearEndClosure = req.t('notifications.garbage.staff.invalid.closure')
    const policies: Record<string, z.infer<typeof HolidayPolicySchema>> = {}
    const raw: Record<string, string> = {}
    types.forEach((type, index) => {
      const value = body[`policy.${type}`]
      if (value === undefined) return
      raw[type] = typeof value === 'string' ? value : ''
      const parsed = HolidayPolicySchema.safeParse(value)
      if (parsed.success) policies[type] = parsed.data
      else errors[`policy-${index}`] = req.t('notifications.garbage.staff.invalid.policy', { type })
    })
    if (!closure.success || Object.keys(errors).length > 0) {
      return renderOverview(req, reply, { settingsErrors: errors, settingsValues: { yearEndClosure: typeof body.yearEndClosure === 'string' ? body.yearEndClosure : undefined, policies: raw } }, 422)
    }
    const outcome = await updateCalendarSettings(db, actor, { yearEndClosure: closure.data, holidayPolicies: policies })
    if (!outcome.ok) return renderOverview(req, reply, { settingsErrors: { yearEndClosure: req.t('notifications.garbage.staff.invalid.noCalendar') } }, 422)
    return reply.redirect(`/${tenantOf(req).slug}/staff/notifications/garbage?done=settings-saved`, 303)
  })

  app.get(`${BASE}/rules.csv`, { config }, async (req, reply) => {
    const actor = staffActor(req)
    const stored = await withTenant(db, actor.tenantId, trx => findCurrentCalendar(trx, actor.tenantId))
    if (!stored) return reply.callNotFound()
    return csvReply(reply, `garbage-rules-v${stored.version}.csv`, exportGarbageRulesCsv(stored.calendar))
  })

  app.get(`${BASE}/dictionary.csv`, { config }, async (req, reply) => {
    const actor = staffActor(req)
    const entries = await withTenant(db, actor.tenantId, trx => listSortingEntries(trx, actor.tenantId))
    return csvReply(reply, 'garbage-dictionary.csv', exportSortingDictionaryCsv(entries))
  })

  async function loadCategory(req: FastifyRequest): Promise<GarbageCategory | undefined> {
    const actor = staffActor(req)
    const { id } = req.params as { id: string }
    if (!isUuid(id)) return undefined
    return withTenant(db, actor.tenantId, trx => findCategory(trx, actor.tenantId, id.toLowerCase()))
  }

  app.get(`${BASE}/categories/:id`, { config }, async (req, reply) => {
    const category = await loadCategory(req)
    if (!category) return reply.callNotFound()
    return reply.header('cache-control', 'no-store').html(<CategoryEditPage ctx={pageContext(req)} category={category} values={categoryValues(category)} />)
  })

  app.post(`${BASE}/categories/:id`, { config }, async (req, reply) => {
    const actor = staffActor(req)
    const category = await loadCategory(req)
    if (!category) return reply.callNotFound()
    const values: CategoryFormValues = {
      nameEasy: text(req.body, 'nameEasy'),
      nameEn: text(req.body, 'nameEn'),
      descriptionJa: text(req.body, 'descriptionJa'),
      descriptionEasy: text(req.body, 'descriptionEasy'),
      descriptionEn: text(req.body, 'descriptionEn'),
      colour: text(req.body, 'colour'),
      linkUrl: text(req.body, 'linkUrl'),
    }
    const parsed = CategorySchema.safeParse(values)
    if (!parsed.success) {
      const errors = Object.fromEntries(parsed.error.issues.map(issue => [String(issue.path[0]), req.t(issue.message)]))
      return reply.html(<CategoryEditPage ctx={pageContext(req)} category={category} values={values} errors={errors} />, 422)
    }
    const input = parsed.data
    const optional = (value: string) => (value === '' ? undefined : value)
    await withTenant(db, actor.tenantId, async trx => {
      await updateCategory(trx, actor.tenantId, category.id, {
        names: { 'ja-easy': optional(input.nameEasy), en: optional(input.nameEn) },
        descriptions: { ja: optional(input.descriptionJa), 'ja-easy': optional(input.descriptionEasy), en: optional(input.descriptionEn) },
        colour: input.colour === '' ? null : input.colour,
        linkUrl: input.linkUrl === '' ? null : input.linkUrl,
      })
      await recordAudit(trx, actor.tenantId, { actor: { type: 'staff', id: actor.staffId }, action: 'notifications.garbage-category-update', subjectType: 'garbage_category', subjectId: category.id, requestId: actor.requestId })
    })
    return reply.redirect(`/${tenantOf(req).slug}/staff/notifications/garbage?done=category-saved`, 303)
  })
}
