import { translator, type Locale } from '../../../../platform/i18n/i18n.js'
import type { NoticeLanguage } from '../../notification-tables.js'
import type { LineMessage } from './line-client.js'

/**
 * What the official account answers on its own: a welcome on follow, and a helpful link for a
 * message or a menu postback. Nothing a resident writes is stored; the text is only read here to
 * pick the answer. Safety comes first: a message about a disaster gets the disaster answer even
 * when it also mentions garbage.
 */

export type LineReplyTopic = 'disaster' | 'garbage' | 'procedures' | 'settings' | 'link' | 'help'

const KEYWORDS: [Exclude<LineReplyTopic, 'help'>, RegExp][] = [
  ['disaster', /防災|避難|災害|地震|津波|台風|大雨|洪水|土砂|警報|火事|ひなん|さいがい|ぼうさい|disaster|evacuat|shelter|emergenc|earthquake|typhoon|tsunami|flood/],
  ['garbage', /ごみ|ゴミ|粗大|分別|資源|収集|リサイクル|garbage|trash|rubbish|recycl|waste|gomi/],
  ['procedures', /手続|申請|届出|届け出|証明書|てつづき|しんせい|procedure|application|certificate/],
  ['settings', /設定|配信停止|通知|停止|せってい|setting|unsubscribe|notification|stop/],
  ['link', /連携|れんけい|link/],
]

/** The answer a text message gets (NFKC-normalised, case-insensitive). */
export function classifyLineText(text: string): LineReplyTopic {
  const normalised = text.normalize('NFKC').toLowerCase()
  return KEYWORDS.find(([, pattern]) => pattern.test(normalised))?.[0] ?? 'help'
}

/** The answer a postback (rich menu or button) asks for; undefined for one we do not know. */
export function classifyLinePostback(data: string): LineReplyTopic | undefined {
  const action = new URLSearchParams(data).get('action')
  switch (action) {
    case 'link':
      return 'link'
    case 'settings':
      return 'settings'
    default:
      return undefined
  }
}

/**
 * The UI locale to answer in: the linked resident's language (Japanese stays Japanese, every
 * other language gets English when the municipality offers it); for someone we do not know, the
 * municipality's first language — or English for a message written without any Japanese.
 */
export function chooseReplyLocale(input: { residentLanguage?: NoticeLanguage; text?: string; tenantLanguages: readonly Locale[] }): Locale {
  const offered = input.tenantLanguages.length > 0 ? input.tenantLanguages : (['ja'] as const)
  const pick = (wanted: Locale): Locale => (offered.includes(wanted) ? wanted : offered[0])
  if (input.residentLanguage === 'ja' || input.residentLanguage === 'ja-easy') return pick(input.residentLanguage)
  if (input.residentLanguage) return pick('en')
  if (input.text !== undefined && input.text.trim() !== '' && !/[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/.test(input.text)) return pick('en')
  return offered[0]
}

export interface ReplyPlace {
  publicUrl: string
  slug: string
  municipality: string
  municipalityEn: string
  /** phone number or a page, shown in the help answer */
  contact?: string
}

function urls(place: ReplyPlace) {
  const base = `${place.publicUrl.replace(/\/+$/, '')}/${place.slug}`
  return {
    portal: base,
    garbage: `${base}/garbage`,
    procedures: `${base}/procedures`,
    settings: `${base}/notifications/settings`,
    link: `${base}/notifications/line`,
  }
}

const text = (value: string): LineMessage => ({ type: 'text', text: value.slice(0, 5000) })

export function composeLineReply(topic: LineReplyTopic, locale: Locale, place: ReplyPlace): LineMessage[] {
  const t = translator(locale)
  const to = urls(place)
  switch (topic) {
    case 'disaster':
      return [text(t('line.reply.disaster', { url: to.portal }))]
    case 'garbage':
      return [text(t('line.reply.garbage', { url: to.garbage }))]
    case 'procedures':
      return [text(t('line.reply.procedures', { url: to.procedures }))]
    case 'settings':
      return [text(t('line.reply.settings', { url: to.settings }))]
    case 'link':
      return [text(t('line.reply.link', { url: to.link }))]
    case 'help':
      return [text(t('line.reply.help', { garbageUrl: to.garbage, proceduresUrl: to.procedures, settingsUrl: to.settings, contact: place.contact || to.portal }))]
  }
}

/** The follow answer: an invitation to link for someone we do not know, a welcome back for a resident. */
export function composeLineWelcome(isLinked: boolean, locale: Locale, place: ReplyPlace): LineMessage[] {
  const t = translator(locale)
  const to = urls(place)
  const municipality = locale === 'en' ? place.municipalityEn : place.municipality
  return [text(isLinked ? t('line.reply.welcomeBack', { municipality, settingsUrl: to.settings }) : t('line.reply.welcome', { municipality, linkUrl: to.link }))]
}
