/**
 * The texts of evacuation information: templates per level and hazard (and for 解除) in 日本語, やさしい日本語
 * and English, filled with the hazards, the districts and the municipality; and the notice each
 * revision becomes in the notifications hub. Pure.
 */
import { translator, type Locale } from '../../../platform/i18n/i18n.js'
import type { NoticeContent } from '../../notifications/index.js'
import type { CapMsgType } from '../cap/cap-document.js'
import type { EvacuationLevel, Hazard } from '../cap/cap-evacuation.js'
import { HAZARDS } from '../cap/cap-evacuation.js'
import { ALERT_LANGUAGES, type AlertLanguage, type AlertText, type AlertTexts } from './alert-tables.js'

export interface TemplateInput {
  msgType: CapMsgType
  level: EvacuationLevel
  hazards: readonly Hazard[]
  /** district names per language, in the order to show */
  districtNames: readonly Partial<Record<AlertLanguage, string>>[]
  municipality: { ja: string; en: string }
}

export const MAX_HEADLINE = 160
export const MAX_DESCRIPTION = 2000
export const MAX_INSTRUCTION = 2000

const name = (names: Partial<Record<AlertLanguage, string>>, language: AlertLanguage): string => names[language] || names.ja || ''

/** The level's name in a language: 避難指示, ひなん して ください, Evacuation order. */
export function levelName(level: EvacuationLevel, language: Locale): string {
  return translator(language)(`disaster.level.${level}`)
}

/** Hazards joined in a language, in the order of HAZARDS. */
export function hazardNames(hazards: readonly Hazard[], language: Locale): string {
  const t = translator(language)
  return HAZARDS.filter(hazard => hazards.includes(hazard))
    .map(hazard => t(`disaster.hazard.${hazard}`))
    .join(t('disaster.listSeparator'))
}

/** Default texts for a new alert, an update (the level's texts again) or a cancellation. */
export function templateTexts(input: TemplateInput): AlertTexts {
  const texts = {} as AlertTexts
  for (const language of ALERT_LANGUAGES) {
    const t = translator(language)
    const params = {
      level: input.level,
      levelName: levelName(input.level, language),
      hazards: hazardNames(input.hazards, language),
      districts: input.districtNames.map(names => name(names, language)).join(t('disaster.listSeparator')),
      municipality: language === 'en' ? input.municipality.en : input.municipality.ja,
    }
    texts[language] =
      input.msgType === 'Cancel'
        ? { headline: t('disaster.template.cancelHeadline', params), description: t('disaster.template.cancelDescription', params), instruction: t('disaster.template.cancelInstruction', params) }
        : {
            headline: t('disaster.template.headline', params),
            description: t(`disaster.template.description.${input.level}`, params),
            // the level's instruction, then what to do for each hazard
            instruction: [t(`disaster.template.instruction.${input.level}`, params), ...HAZARDS.filter(h => input.hazards.includes(h)).map(h => t(`disaster.template.advice.${h}`))].join('\n'),
          }
  }
  return texts
}

export type TextProblem = { language: AlertLanguage; field: keyof AlertText; code: 'required' | 'tooLong'; max?: number }

/** Every language needs a headline and a description (the instruction may be empty); lengths are bounded. */
export function checkTexts(texts: AlertTexts): TextProblem[] {
  const problems: TextProblem[] = []
  const limits: Record<keyof AlertText, number> = { headline: MAX_HEADLINE, description: MAX_DESCRIPTION, instruction: MAX_INSTRUCTION }
  for (const language of ALERT_LANGUAGES) {
    const text = texts[language]
    for (const field of ['headline', 'description', 'instruction'] as const) {
      const value = text?.[field] ?? ''
      if (field !== 'instruction' && value.trim() === '') problems.push({ language, field, code: 'required' })
      else if (value.length > limits[field]) problems.push({ language, field, code: 'tooLong', max: limits[field] })
    }
  }
  return problems
}

/**
 * The notice residents receive: the headline as the subject, description and instruction as the
 * body, a short SMS with the link, and the same per language.
 */
export function noticeContentOf(texts: AlertTexts, detailsUrl: string): NoticeContent {
  const content: NoticeContent = {}
  for (const language of ALERT_LANGUAGES) {
    const text = texts[language]
    const t = translator(language)
    const body = [text.description, text.instruction].filter(part => part.trim() !== '').join('\n\n')
    content[language] = { subject: text.headline, body, sms: `${text.headline} ${t('disaster.template.smsSuffix', { url: detailsUrl })}`, push: text.headline }
  }
  return content
}
