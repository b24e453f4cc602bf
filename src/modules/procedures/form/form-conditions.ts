/**
 * Conditional logic: which pages and fields a resident sees, given the answers so far.
 * Hidden fields are never required and their answers are dropped before storing.
 */
import type { Condition, FormDefinition, FormElement, FormPage } from './form-definition.js'
import type { AnswerValue, Answers } from './form-answers.js'

/** True when the answers satisfy the condition. A missing answer matches only `answered: false`. */
export function evaluateCondition(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every(c => evaluateCondition(c, answers))
  if ('any' in condition) return condition.any.some(c => evaluateCondition(c, answers))
  if ('not' in condition) return !evaluateCondition(condition.not, answers)
  const value = answers[condition.field]
  if ('answered' in condition) return isAnswered(value) === condition.answered
  if (!isAnswered(value)) return false
  if ('equals' in condition) return scalarEquals(value, condition.equals)
  if ('notEquals' in condition) return !scalarEquals(value, condition.notEquals)
  if ('includes' in condition) return Array.isArray(value) ? (value as unknown[]).includes(condition.includes) : value === condition.includes
  if ('greaterThan' in condition) return typeof value === 'number' && value > condition.greaterThan
  return typeof value === 'number' && value < condition.lessThan
}

function scalarEquals(value: AnswerValue, expected: string | number | boolean): boolean {
  const accepted: unknown[] = equivalentValues(expected)
  if (Array.isArray(value)) return (value as unknown[]).length === 1 && accepted.includes((value as unknown[])[0])
  return accepted.includes(value)
}

/**
 * The answers `equals` matches. Numbers typed in a builder may arrive as strings ('2' vs 2), so a
 * number also matches its string and back — exactly these values, which the JSON Schema's `enum`
 * repeats (form-json-schema.ts), so both sides agree on when a field is shown.
 */
export function equivalentValues(value: string | number | boolean): (string | number | boolean)[] {
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return [value, Number(value)]
  if (typeof value === 'number') return [value, String(value)]
  return [value]
}

export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined || value === null || value === '' || value === false) return false
  if (Array.isArray(value)) return value.length > 0
  return true
}

/** Pages shown for these answers, in order. A page's condition sees only answers from earlier pages. */
export function visiblePages(form: FormDefinition, answers: Answers): FormPage[] {
  const shown: FormPage[] = []
  const earlier: Answers = {}
  for (const page of form.pages) {
    if (!page.showIf || evaluateCondition(page.showIf, earlier)) {
      shown.push(page)
      for (const element of visibleElements(page, earlier, answers)) {
        if (element.id in answers) earlier[element.id] = answers[element.id] as AnswerValue
      }
    }
  }
  return shown
}

/**
 * Elements of a page shown for these answers. `earlier` holds answers from previous pages;
 * conditions may also refer to fields earlier on the same page (`answers`).
 */
export function visibleElements(page: FormPage, earlier: Answers, answers: Answers): FormElement[] {
  const known: Answers = { ...earlier }
  const shown: FormElement[] = []
  for (const element of page.elements) {
    if (!element.showIf || evaluateCondition(element.showIf, known)) {
      shown.push(element)
      if (element.id in answers) known[element.id] = answers[element.id] as AnswerValue
    }
  }
  return shown
}

/** The answers that count: those of visible fields on visible pages. */
export function pruneHiddenAnswers(form: FormDefinition, answers: Answers): Answers {
  const kept: Answers = {}
  const earlier: Answers = {}
  for (const page of form.pages) {
    if (page.showIf && !evaluateCondition(page.showIf, earlier)) continue
    for (const element of visibleElements(page, earlier, answers)) {
      if (element.id in answers) {
        kept[element.id] = answers[element.id] as AnswerValue
        earlier[element.id] = answers[element.id] as AnswerValue
      }
    }
  }
  return kept
}
