/**
 * Garbage reminders: residents who chose 'evening-before' (19:00 the day before) or
 * 'same-morning' (06:30) get one notice per collection day of their district, through the
 * delivery engine. Planning runs every minute from the delivery pump; a reminder whose send time
 * passed less than an hour ago is still sent (catch-up after a short outage), older ones are
 * skipped. Each (district, day, slot) is claimed once in garbage_reminders_sent and the notice
 * carries the idempotency key `garbage:<district>:<date>:<slot>`, so a second run or a second
 * worker plans nothing twice.
 */
import { addCalendarDays, toIsoDate } from '../../../jp/calendar-date.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { Locale } from '../../../platform/i18n/i18n.js'
import type { Platform } from '../../../platform/platform.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { insertNotice, queueNoticeDeliveries, type PeriodicTask } from '../delivery/index.js'
import type { NoticeContent } from '../notification-tables.js'
import { collectionDays, reminderTimes, type GarbageCollection, type ReminderChoice } from './garbage-rules.js'
import { calendarDistrictCodes, categoryName, formatDay, pickLocalized, type CategoryLabel } from './garbage-calendar-view.js'
import { formatGarbageMessage } from './garbage-catalog.js'
import {
  claimReminder,
  findCurrentCalendar,
  findTopicId,
  listCategories,
  listDistricts,
  listPlannedReminders,
  listReminderRecipients,
  recordReminderNotice,
  reminderKey,
} from './garbage-repository.js'

const SLOTS: readonly ReminderChoice[] = ['evening-before', 'same-morning']
/** How late a reminder may still go out after its time (the planner was down or busy). */
export const REMINDER_CATCH_UP_MS = 60 * 60 * 1000
/** The topic whose channel preferences apply to garbage reminders, when the tenant defines it. */
export const GARBAGE_TOPIC_KEY = 'gomi'
const LANGUAGES: readonly Locale[] = ['ja', 'ja-easy', 'en']

export interface DueReminderSlot {
  /** the collection day 'YYYY-MM-DD' */
  date: string
  slot: ReminderChoice
  sendAt: Date
}

/** The (collection day, slot) pairs whose send time is in (now − 1 h, now]. */
export function listDueReminderSlots(now: Date): DueReminderSlot[] {
  const today = toIsoDate(now)
  const due: DueReminderSlot[] = []
  // A reminder's send time is at most a day before its collection day, so these days cover every
  // send time within the last hour whatever the configured times.
  for (const date of [addCalendarDays(today, -1), today, addCalendarDays(today, 1), addCalendarDays(today, 2)]) {
    for (const slot of SLOTS) {
      const [sendAt] = reminderTimes(date, slot)
      if (sendAt && sendAt.getTime() <= now.getTime() && sendAt.getTime() > now.getTime() - REMINDER_CATCH_UP_MS) due.push({ date, slot, sendAt })
    }
  }
  return due
}

export interface ReminderContentInput {
  slot: ReminderChoice
  date: string
  collections: readonly GarbageCollection[]
  categories: ReadonlyMap<string, CategoryLabel>
  /** the district's name per language */
  districtNames: Readonly<Partial<Record<Locale, string>>>
}

/** The notice texts in 日本語, やさしい日本語 and English: 「明日は 燃えるごみ の日です」. */
export function buildReminderContent(input: ReminderContentInput): NoticeContent {
  const content: NoticeContent = {}
  for (const locale of LANGUAGES) {
    const separator = locale === 'en' ? ', ' : '・'
    const types = input.collections.map(collection => categoryName(input.categories, collection.type, locale)).join(separator)
    const district = input.districtNames[locale] ?? input.districtNames.ja ?? ''
    const date = formatDay(input.date, locale)
    const when = input.slot === 'evening-before' ? 'tomorrow' : 'today'
    const subject = formatGarbageMessage(locale, `notifications.garbage.reminder.subject.${when}`, { types })
    const notes = input.collections
      .filter(collection => collection.note)
      .map(collection => `${categoryName(input.categories, collection.type, locale)}: ${collection.note ?? ''}`)
    const body = [
      formatGarbageMessage(locale, 'notifications.garbage.reminder.body', { date, district, types }),
      ...notes,
      formatGarbageMessage(locale, 'notifications.garbage.reminder.footer'),
    ].join('\n')
    content[locale] = { subject, body, push: formatGarbageMessage(locale, 'notifications.garbage.reminder.push', { date, district }) }
  }
  return content
}

interface PlannedWork {
  districtCode: string
  due: DueReminderSlot
  collections: GarbageCollection[]
}

/** Finds what is due and not yet planned (one short read transaction). */
async function findTenantWork(platform: Platform, tenant: TenantContext, slots: readonly DueReminderSlot[]) {
  return withTenant(platform.database.db, tenant.id, async trx => {
    const stored = await findCurrentCalendar(trx, tenant.id)
    if (!stored) return undefined
    const planned = await listPlannedReminders(trx, tenant.id, [...new Set(slots.map(slot => slot.date))])
    const work: PlannedWork[] = []
    for (const due of slots) {
      for (const districtCode of calendarDistrictCodes(stored.calendar)) {
        if (planned.has(reminderKey(districtCode, due.date, due.slot))) continue
        const collections = collectionDays(stored.calendar, districtCode, due.date, due.date)
        if (collections.length > 0) work.push({ districtCode, due, collections })
      }
    }
    if (work.length === 0) return undefined
    const [districts, categories, topicId] = await Promise.all([listDistricts(trx, tenant.id), listCategories(trx, tenant.id), findTopicId(trx, tenant.id, GARBAGE_TOPIC_KEY)])
    return { work, districts, categories: new Map(categories.map(category => [category.name, category])), topicId }
  })
}

/**
 * Plans one tenant's due reminders, each (district, day, slot) in its own short transaction:
 * the claim, the notice and its deliveries are written together or not at all.
 */
async function planTenantReminders(platform: Platform, tenant: TenantContext, slots: readonly DueReminderSlot[], now: Date): Promise<number> {
  const found = await findTenantWork(platform, tenant, slots)
  if (!found) return 0
  let planned = 0
  for (const { districtCode, due, collections } of found.work) {
    const district = found.districts.find(row => row.code === districtCode)
    const districtNames = Object.fromEntries(LANGUAGES.map(locale => [locale, pickLocalized(district?.names, locale, districtCode)]))
    const isNew = await withTenant(platform.database.db, tenant.id, async trx => {
      if (!(await claimReminder(trx, tenant.id, { districtCode, date: due.date, slot: due.slot, sendAt: due.sendAt }))) return false
      const residentIds = await listReminderRecipients(trx, tenant.id, districtCode, due.slot)
      // Nobody there chose this reminder: the claim alone records that the slot was handled.
      if (residentIds.length === 0) return false
      const { notice } = await insertNotice(
        trx,
        tenant.id,
        {
          kind: 'reminder',
          priority: 'normal',
          isDigestible: false,
          topicId: found.topicId ?? null,
          content: buildReminderContent({ slot: due.slot, date: due.date, collections, categories: found.categories, districtNames }),
          audience: { kind: 'residents', residentIds },
          linkUrl: `/${tenant.slug}/garbage/${encodeURIComponent(districtCode)}`,
          source: 'module',
          idempotencyKey: `garbage:${districtCode}:${due.date}:${due.slot}`,
          scheduledAt: now,
        },
        'scheduled',
      )
      await queueNoticeDeliveries(trx, tenant.id, notice.id, now)
      await recordReminderNotice(trx, tenant.id, { districtCode, date: due.date, slot: due.slot, noticeId: notice.id, recipientCount: residentIds.length })
      return true
    })
    if (isNew) planned++
  }
  return planned
}

/**
 * Plans, for every tenant, the garbage reminders due now (send time within the last hour) and
 * not planned yet. Returns how many notices it created. One tenant's failure is logged and does
 * not stop the others.
 */
export async function planGarbageReminders(platform: Platform, now: Date): Promise<number> {
  const slots = listDueReminderSlots(now)
  if (slots.length === 0) return 0
  const tenants = await platform.tenants.listTenants()
  let planned = 0
  for (const tenant of tenants) {
    try {
      planned += await planTenantReminders(platform, tenant, slots, now)
    } catch (error) {
      platform.logger.error({ err: error, tenantId: tenant.id }, 'garbage reminders could not be planned')
    }
  }
  return planned
}

/** Run by the delivery pump every minute (wired in notifications/index.ts). */
export const garbageReminderTask: PeriodicTask = {
  name: 'notifications.plan-garbage-reminders',
  everyMs: 60_000,
  async run(platform: Platform, now: Date): Promise<void> {
    await planGarbageReminders(platform, now)
  },
}
