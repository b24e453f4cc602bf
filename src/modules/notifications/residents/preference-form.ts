/**
 * Reading the 通知の設定 form: raw urlencoded fields → typed settings, or per-field problems
 * (message keys, translated by the page). Pure: what is offered (topics, channels, districts)
 * comes in as arguments, so the rules are unit-tested without a database.
 */
import { EXTERNAL_CHANNELS, NOTICE_LANGUAGES, type DeliveryChannel, type ExternalChannel, type GarbageReminder, type NoticeLanguage } from '../notification-tables.js'

/** The column default of resident_notification_profiles.channel_order: LINE first, as most residents read it. */
export const DEFAULT_CHANNEL_ORDER: readonly ExternalChannel[] = ['line', 'email', 'sms', 'push']

export const GARBAGE_REMINDERS: readonly GarbageReminder[] = ['none', 'evening-before', 'same-morning']

/** Names of the notice languages in their own script (shown as is in every UI language). */
export const NOTICE_LANGUAGE_NAMES: Record<NoticeLanguage, { name: string; htmlLang: string }> = {
  ja: { name: '日本語', htmlLang: 'ja' },
  'ja-easy': { name: 'やさしい日本語', htmlLang: 'ja' },
  en: { name: 'English', htmlLang: 'en' },
  'zh-Hans': { name: '中文(简体)', htmlLang: 'zh-Hans' },
  'zh-Hant': { name: '中文(繁體)', htmlLang: 'zh-Hant' },
  ko: { name: '한국어', htmlLang: 'ko' },
  vi: { name: 'Tiếng Việt', htmlLang: 'vi' },
  pt: { name: 'Português', htmlLang: 'pt' },
  tl: { name: 'Tagalog', htmlLang: 'tl' },
  ne: { name: 'नेपाली', htmlLang: 'ne' },
  id: { name: 'Bahasa Indonesia', htmlLang: 'id' },
}

export type RawForm = Record<string, string | string[] | undefined>

export interface SettingsOffer {
  topicIds: string[]
  /** channels the resident may choose per topic (inbox and their verified channels) */
  channels: DeliveryChannel[]
  districtIds: string[]
}

export interface SettingsInput {
  language: NoticeLanguage
  districtId: string | null
  /** a location to set (the district is then derived from it), null to clear, undefined to keep */
  home: { lat: number; lng: number } | null | undefined
  quietStart: string | null
  quietEnd: string | null
  wantsDigest: boolean
  garbageReminder: GarbageReminder
  householdHasChildren: boolean | null
  allowsAnswerTargeting: boolean
  channelOrder: ExternalChannel[]
  /** topicId → the channels ticked among those offered */
  subscriptions: Map<string, DeliveryChannel[]>
}

/** field id → message key (and params) */
export type FormProblems = Record<string, { key: string; params?: Record<string, string | number> }>

export type SettingsParse = { ok: true; input: SettingsInput } | { ok: false; problems: FormProblems }

function one(form: RawForm, name: string): string {
  const value = form[name]
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first.trim().slice(0, 200) : ''
}

function many(form: RawForm, name: string): string[] {
  const value = form[name]
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string').slice(0, 20)
}

/** 'HH:MM' (also 'H:MM', full-width digits, '：'); undefined when not a time of day. */
export function parseLocalTime(input: string): string | undefined {
  const text = input.replace(/[０-９：]/g, ch => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
  const match = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(text)
  if (!match) return undefined
  const hours = Number(match[1])
  const minutes = Number(match[2])
  if (hours > 23 || minutes > 59) return undefined
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`
}

function parseCoordinate(input: string, limit: number): number | undefined | null {
  if (input === '') return null
  const text = input.replace(/[０-９．－]/g, ch => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
  if (!/^-?\d{1,3}(\.\d{1,10})?$/.test(text)) return undefined
  const value = Number(text)
  return Math.abs(value) <= limit ? value : undefined
}

export function topicFieldName(topicId: string): string {
  return `topic-${topicId}`
}

export function orderFieldName(channel: ExternalChannel): string {
  return `order-${channel}`
}

export function parseSettingsForm(form: RawForm, offer: SettingsOffer): SettingsParse {
  const problems: FormProblems = {}

  const languageText = one(form, 'language')
  const language = (NOTICE_LANGUAGES as readonly string[]).includes(languageText) ? (languageText as NoticeLanguage) : undefined
  if (!language) problems.language = { key: 'notifications.residents.errors.languageRequired' }

  const districtText = one(form, 'districtId')
  let districtId: string | null = null
  if (districtText !== '') {
    if (offer.districtIds.includes(districtText)) districtId = districtText
    else problems.districtId = { key: 'notifications.residents.errors.districtUnknown' }
  }

  let home: SettingsInput['home']
  if (one(form, 'clearLocation') === 'yes') home = null
  else {
    const lat = parseCoordinate(one(form, 'homeLat'), 90)
    const lng = parseCoordinate(one(form, 'homeLng'), 180)
    if (lat === undefined) problems.homeLat = { key: 'notifications.residents.errors.latitudeInvalid' }
    if (lng === undefined) problems.homeLng = { key: 'notifications.residents.errors.longitudeInvalid' }
    if (typeof lat === 'number' && typeof lng === 'number') home = { lat, lng }
    else if (lat === null && typeof lng === 'number') problems.homeLat = { key: 'notifications.residents.errors.latitudeInvalid' }
    else if (lng === null && typeof lat === 'number') problems.homeLng = { key: 'notifications.residents.errors.longitudeInvalid' }
  }

  const startText = one(form, 'quietStart')
  const endText = one(form, 'quietEnd')
  let quietStart: string | null = null
  let quietEnd: string | null = null
  if (startText !== '' || endText !== '') {
    const start = parseLocalTime(startText)
    const end = parseLocalTime(endText)
    if (!start) problems.quietStart = { key: startText === '' ? 'notifications.residents.errors.quietBoth' : 'notifications.residents.errors.timeInvalid' }
    if (!end) problems.quietEnd = { key: endText === '' ? 'notifications.residents.errors.quietBoth' : 'notifications.residents.errors.timeInvalid' }
    if (start && end && start === end) problems.quietEnd = { key: 'notifications.residents.errors.quietSame' }
    quietStart = start ?? null
    quietEnd = end ?? null
  }

  const digestText = one(form, 'wantsDigest')
  if (digestText !== 'yes' && digestText !== 'no') problems.wantsDigest = { key: 'notifications.residents.errors.chooseOne' }

  const garbageText = one(form, 'garbageReminder')
  const garbageReminder = GARBAGE_REMINDERS.find(g => g === garbageText)
  if (!garbageReminder) problems.garbageReminder = { key: 'notifications.residents.errors.chooseOne' }

  const childrenText = one(form, 'householdHasChildren')
  let householdHasChildren: boolean | null = null
  if (childrenText === 'yes') householdHasChildren = true
  else if (childrenText === 'no') householdHasChildren = false
  else if (childrenText !== '' && childrenText !== 'unanswered') problems.householdHasChildren = { key: 'notifications.residents.errors.chooseOne' }

  const subscriptions = new Map<string, DeliveryChannel[]>()
  for (const topicId of offer.topicIds) {
    const ticked = many(form, topicFieldName(topicId))
    subscriptions.set(
      topicId,
      offer.channels.filter(c => ticked.includes(c)),
    )
  }

  // Channel order: each external channel a distinct position 1–4; unset positions keep the
  // default order after the chosen ones.
  const positions = new Map<ExternalChannel, number>()
  for (const channel of EXTERNAL_CHANNELS) {
    const text = one(form, orderFieldName(channel))
    if (text === '') continue
    const n = Number(text)
    if (!Number.isInteger(n) || n < 1 || n > EXTERNAL_CHANNELS.length) problems[orderFieldName(channel)] = { key: 'notifications.residents.errors.orderInvalid' }
    else positions.set(channel, n)
  }
  const taken = new Map<number, ExternalChannel>()
  for (const [channel, n] of positions) {
    if (taken.has(n)) problems[orderFieldName(channel)] = { key: 'notifications.residents.errors.orderDuplicate', params: { position: n } }
    taken.set(n, channel)
  }
  const channelOrder = [...DEFAULT_CHANNEL_ORDER].sort((a, b) => (positions.get(a) ?? 99) - (positions.get(b) ?? 99) || DEFAULT_CHANNEL_ORDER.indexOf(a) - DEFAULT_CHANNEL_ORDER.indexOf(b))

  if (Object.keys(problems).length > 0 || !language || !garbageReminder) return { ok: false, problems }
  return {
    ok: true,
    input: {
      language,
      districtId,
      home,
      quietStart,
      quietEnd,
      wantsDigest: digestText === 'yes',
      garbageReminder,
      householdHasChildren,
      allowsAnswerTargeting: one(form, 'allowsAnswerTargeting') === 'yes',
      channelOrder,
      subscriptions,
    },
  }
}
