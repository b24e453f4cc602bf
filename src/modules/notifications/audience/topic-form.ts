/**
 * The topic form: key, name and description per language (日本語 required; やさしい日本語 and
 * English shown beside it; other notice languages optional), and whether new residents are
 * subscribed by default. Pure: form values in, topic values or problems out.
 */
import { NOTICE_LANGUAGES, type LocalizedNames, type NoticeLanguage, type NotificationTopic } from '../notification-tables.js'
import { boundedText, list, text, type FormProblem, type FormValues } from './audience-form-values.js'
import type { TopicValues } from './topic-repository.js'

export const TOPIC_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/
export const MAX_TOPIC_NAME = 40
export const MAX_TOPIC_DESCRIPTION = 300
/** The languages every topic form shows; the rest sit in a "more languages" section. */
export const MAIN_LANGUAGES = ['ja', 'ja-easy', 'en'] as const satisfies readonly NoticeLanguage[]
export const OTHER_LANGUAGES = NOTICE_LANGUAGES.filter(l => !(MAIN_LANGUAGES as readonly string[]).includes(l))

export const nameField = (language: NoticeLanguage) => `name-${language}`
export const descriptionField = (language: NoticeLanguage) => `description-${language}`

export type TopicFormResult = { ok: true; values: TopicValues } | { ok: false; problems: FormProblem[] }

/** Reads the posted form; `isNew` asks for the key too (an existing topic keeps its key). */
export function readTopicForm(form: FormValues, isNew: boolean): TopicFormResult {
  const problems: FormProblem[] = []
  let key = ''
  if (isNew) {
    key = text(form, 'key').normalize('NFKC').toLowerCase()
    if (key === '') problems.push({ field: 'key', key: 'audience.form.required' })
    else if (!TOPIC_KEY_PATTERN.test(key)) problems.push({ field: 'key', key: 'audience.topics.keyPattern' })
  }
  const names: Partial<Record<NoticeLanguage, string>> = {}
  const descriptions: Partial<Record<NoticeLanguage, string>> = {}
  for (const language of NOTICE_LANGUAGES) {
    const name = boundedText(form, nameField(language), problems, { max: MAX_TOPIC_NAME, required: language === 'ja', singleLine: true })
    if (name) names[language] = name
    const description = boundedText(form, descriptionField(language), problems, { max: MAX_TOPIC_DESCRIPTION })
    if (description) descriptions[language] = description
  }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, values: { key, names: names as LocalizedNames, descriptions, isDefault: list(form, 'isDefault').includes('yes') } }
}

/** The form values showing a stored topic. */
export function topicFormValues(topic: NotificationTopic): FormValues {
  const values: FormValues = { key: topic.key, isDefault: topic.isDefault ? 'yes' : '' }
  for (const language of NOTICE_LANGUAGES) {
    values[nameField(language)] = topic.names[language] ?? ''
    values[descriptionField(language)] = topic.descriptions[language] ?? ''
  }
  return values
}
