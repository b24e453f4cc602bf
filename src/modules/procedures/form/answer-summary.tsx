/**
 * Answers shown read-only: the resident's check-your-answers page (with change links), the
 * application page, the staff detail and the counter confirmation screen all use this.
 */
import type { Locale, Translate } from '../../../platform/i18n/i18n.js'
import { SummaryList, type SummaryListRow } from '../../../platform/views/components/summary-list.js'
import { formatWareki } from '../../../jp/wareki.js'
import { formatPostalCode } from '../../../jp/postal.js'
import { formatPhoneNumber } from '../../../jp/phone.js'
import type { FormDefinition, SimpleField, Field } from './form-definition.js'
import type { AddressValue, AnswerValue, Answers, FileValue, GroupItem, PersonNameValue } from './form-answers.js'
import { visiblePages, visibleElements } from './form-conditions.js'
import { localize } from './localize.js'

/** One answer as text in the reader's language ('' when unanswered). */
export function formatAnswer(field: SimpleField, value: AnswerValue | undefined, locale: Locale, t: Translate): string {
  if (value === undefined || value === null || value === '') return ''
  switch (field.type) {
    case 'personName': {
      const v = value as PersonNameValue
      const kana = [v.familyNameKana, v.givenNameKana].filter(Boolean).join(' ')
      return `${[v.familyName, v.givenName].filter(Boolean).join(' ')}${kana ? `（${kana}）` : ''}`
    }
    case 'address': {
      const v = value as AddressValue
      return `〒${formatPostalCode(v.postalCode) ?? v.postalCode} ${[v.prefecture, v.city, v.town, v.street, v.building].filter(Boolean).join('')}`
    }
    case 'date':
      return typeof value === 'string' ? `${formatWareki(value)}（${value}）` : ''
    case 'phone':
      return typeof value === 'string' ? (formatPhoneNumber(value) ?? value) : ''
    case 'number':
      return `${String(value)}${field.unit ? ` ${localize(field.unit, locale)}` : ''}`
    case 'singleChoice':
    case 'select':
      return localize(field.options.find(o => o.value === value)?.label, locale) || String(value)
    case 'multipleChoice':
      return (Array.isArray(value) ? (value as string[]) : []).map(v => localize(field.options.find(o => o.value === v)?.label, locale) || v).join('、')
    case 'agreement':
      return value === true ? t('procedures.answers.agreed') : ''
    case 'file': {
      const v = value as FileValue
      return v.name
    }
    case 'myNumber':
      // Only the masked form ever reaches a page.
      return typeof value === 'string' ? `${'*'.repeat(8)}${value.slice(-4)}` : ''
    default:
      return String(value)
  }
}

export interface AnswerRowsOptions {
  /** Link for 変更 (change) next to each answer; omit for read-only views. */
  changeHref?: (pageId: string, fieldId: string) => string
  /** Render a file answer as a link (staff detail, the resident's own application). */
  fileHref?: (file: FileValue) => string
}

/** Rows of visible answered (or required) fields in page order. */
export function answerRows(form: FormDefinition, answers: Answers, locale: Locale, t: Translate, options: AnswerRowsOptions = {}): SummaryListRow[] {
  const rows: SummaryListRow[] = []
  const earlier: Answers = {}
  const change = (pageId: string, fieldId: string, label: string) =>
    options.changeHref ? { href: options.changeHref(pageId, fieldId), label: t('procedures.answers.change'), visuallyHiddenContext: label } : undefined
  for (const page of visiblePages(form, answers)) {
    for (const element of visibleElements(page, earlier, answers)) {
      if (element.type === 'heading' || element.type === 'paragraph') continue
      const value = answers[element.id]
      if (value !== undefined) earlier[element.id] = value
      const label = localize(element.label, locale)
      if (element.type === 'repeatingGroup') {
        const items = (Array.isArray(value) ? value : []) as GroupItem[]
        const text = items.length === 0 ? t('procedures.answers.none') : undefined
        rows.push({ key: label, value: text ?? <GroupValue group={element} items={items} locale={locale} t={t} />, action: change(page.id, element.id, label) })
        continue
      }
      const shown = formatAnswer(element, value, locale, t)
      const node = element.type === 'file' && value && options.fileHref ? <a href={options.fileHref(value as FileValue)}>{shown}</a> : shown || t('procedures.answers.notAnswered')
      rows.push({ key: label, value: node, action: change(page.id, element.id, label) })
    }
  }
  return rows
}

function GroupValue({ group, items, locale, t }: { group: Extract<Field, { type: 'repeatingGroup' }>; items: GroupItem[]; locale: Locale; t: Translate }) {
  return (
    <ol class="answer-group">
      {items.map(item => (
        <li>
          {group.fields
            .map(member => {
              const text = formatAnswer(member, item[member.id], locale, t)
              return text ? `${localize(member.label, locale)}: ${text}` : ''
            })
            .filter(Boolean)
            .join(' / ')}
        </li>
      ))}
    </ol>
  )
}

export function AnswerSummary(props: { form: FormDefinition; answers: Answers; locale: Locale; t: Translate } & AnswerRowsOptions) {
  return <SummaryList rows={answerRows(props.form, props.answers, props.locale, props.t, props)} />
}
