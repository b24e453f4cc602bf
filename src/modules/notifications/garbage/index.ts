/**
 * ごみ収集カレンダー core of the notifications hub: rules, CSV import, iCalendar feed and the
 * sorting dictionary search. Pure functions only; see README.md.
 */
export {
  collectionDays,
  nextCollections,
  reminderTimes,
  isGarbageClosureDay,
  GarbageCalendarSchema,
  GarbageRuleSchema,
  GarbageScheduleSchema,
  GarbageExceptionSchema,
  HolidayPolicySchema,
  ReminderSettingsSchema,
  type GarbageCalendar,
  type GarbageRule,
  type GarbageSchedule,
  type GarbageException,
  type GarbageCollection,
  type HolidayPolicy,
  type ReminderChoice,
  type ReminderSettings,
  type YearEndClosure,
} from './garbage-rules.js'
export {
  importGarbageRulesCsv,
  importSortingDictionaryCsv,
  decodeCsvBytes,
  RULES_CSV_COLUMNS,
  DICTIONARY_CSV_COLUMNS,
  type GarbageCsvError,
  type GarbageRulesImport,
  type SortingDictionaryImport,
  type CsvEncoding,
} from './garbage-csv.js'
export { buildGarbageIcal, garbageEventUid, escapeIcalText, foldIcalLine, unfoldIcal, type GarbageIcalInput } from './garbage-ical.js'
export { searchSortingDictionary, toSearchKey, type SortingEntry, type SortingMatch, type SortingMatchKind } from './garbage-dictionary.js'
export { planGarbageReminders, garbageReminderTask, listDueReminderSlots, buildReminderContent, GARBAGE_TOPIC_KEY, REMINDER_CATCH_UP_MS } from './garbage-reminders.js'
export { exportGarbageRulesCsv, exportSortingDictionaryCsv } from './garbage-csv-export.js'
export { findCurrentCalendar, type StoredCalendar } from './garbage-repository.js'
