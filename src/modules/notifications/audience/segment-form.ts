/**
 * The no-code segment form: districts, age bands, languages, household with children, up to
 * three answers given in earlier procedures, and an optional area (GeoJSON, drawn on the map by
 * the enhancement). Pure: posted values in, a validated definition or problems per input out.
 */
import { NOTICE_LANGUAGES } from '../notification-tables.js'
import { boundedText, list, text, type FormProblem, type FormValues } from './audience-form-values.js'
import type { GeometryProblem } from './district-geometry.js'
import { AGE_BANDS, ageBandKeyOf, ageRangeOf, MAX_ANSWER_CONDITIONS, parseSegmentDefinition, type AgeBandKey, type AreaIssueParams, type SegmentDefinition, type SegmentDefinitionInput } from './segment-definition.js'

export const MAX_SEGMENT_NAME = 100
/** Characters of pasted GeoJSON accepted for an area (a drawn area is far smaller). */
export const MAX_AREA_TEXT = 500_000

export const answerFields = (n: number) => ({ procedure: `answer${n}Procedure`, field: `answer${n}Field`, value: `answer${n}Value` })

export type SegmentFormResult =
  | { ok: true; name: string; definition: SegmentDefinition }
  | { ok: false; problems: FormProblem[]; areaProblems: GeometryProblem[] }

/** Reads the posted segment form. `districtIds` are the tenant's: others are refused as unknown. */
export function readSegmentForm(form: FormValues, knownDistrictIds: ReadonlySet<string>): SegmentFormResult {
  const problems: FormProblem[] = []
  const name = boundedText(form, 'name', problems, { max: MAX_SEGMENT_NAME, required: true, singleLine: true })
  const input: SegmentDefinitionInput = {}

  const districtIds = list(form, 'districtIds')
  if (districtIds.some(id => !knownDistrictIds.has(id))) problems.push({ field: 'districtIds', key: 'audience.segments.problems.unknownDistrict' })
  if (districtIds.length > 0) input.districtIds = districtIds

  const bandKeys = list(form, 'ageBands')
  const known = new Set<string>(AGE_BANDS.map(b => b.key))
  if (bandKeys.some(k => !known.has(k))) problems.push({ field: 'ageBands', key: 'audience.form.chooseFromList' })
  else if (bandKeys.length > 0) input.ageBands = AGE_BANDS.filter(b => bandKeys.includes(b.key)).map(b => ageRangeOf(b.key))

  const languages = list(form, 'languages')
  if (languages.some(l => !(NOTICE_LANGUAGES as readonly string[]).includes(l))) problems.push({ field: 'languages', key: 'audience.form.chooseFromList' })
  else if (languages.length > 0) input.languages = languages as SegmentDefinitionInput['languages']

  const children = text(form, 'householdHasChildren')
  if (children === 'yes' || children === 'no') input.householdHasChildren = children === 'yes'
  else if (children !== '' && children !== 'any') problems.push({ field: 'householdHasChildren', key: 'audience.form.chooseFromList' })

  const answers: NonNullable<SegmentDefinitionInput['answers']> = []
  for (let n = 1; n <= MAX_ANSWER_CONDITIONS; n++) {
    const names = answerFields(n)
    const row = { procedureSlug: text(form, names.procedure), fieldKey: text(form, names.field).normalize('NFKC'), equals: text(form, names.value) }
    const filled = [row.procedureSlug, row.fieldKey, row.equals].filter(Boolean).length
    if (filled === 0) continue
    if (filled < 3) {
      const missing = !row.procedureSlug ? names.procedure : !row.fieldKey ? names.field : names.value
      problems.push({ field: missing, key: 'audience.segments.problems.answerIncomplete', params: { n } })
      continue
    }
    answers.push(row)
  }
  if (answers.length > 0) input.answers = answers

  const areaText = text(form, 'area')
  if (areaText) {
    if (areaText.length > MAX_AREA_TEXT) problems.push({ field: 'area', key: 'audience.segments.problems.areaTooLarge' })
    else {
      try {
        const value: unknown = JSON.parse(areaText)
        // a Feature (what map tools export) is taken for its geometry
        input.area = typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Feature' ? (value as { geometry?: unknown }).geometry : value
      } catch {
        problems.push({ field: 'area', key: 'audience.segments.problems.areaJson' })
      }
    }
  }

  const areaProblems: GeometryProblem[] = []
  const parsed = parseSegmentDefinition(input)
  if (!parsed.ok) {
    for (const issue of parsed.issues) {
      const [head, index, leaf] = issue.path
      if (head === 'area') {
        areaProblems.push(...((issue as { params?: AreaIssueParams }).params?.problems ?? []))
        problems.push({ field: 'area', key: 'audience.segments.problems.areaInvalid' })
      } else if (head === 'answers' && typeof index === 'number') {
        const names = answerFields(index + 1)
        const field = leaf === 'procedureSlug' ? names.procedure : leaf === 'fieldKey' ? names.field : names.value
        problems.push({ field, key: `audience.segments.problems.${issue.message === 'procedureSlug' || issue.message === 'fieldKey' ? issue.message : 'answerValue'}`, params: { n: index + 1 } })
      } else if (issue.message === 'noCondition') {
        // a condition was given but refused above: that problem is the one to fix
        if (!problems.some(p => p.field !== 'name')) problems.push({ field: 'conditions', key: 'audience.segments.problems.noCondition' })
      } else if (typeof head === 'string') {
        problems.push({ field: head, key: 'audience.form.chooseFromList' })
      }
    }
  }
  if (problems.length > 0 || !parsed.ok) return { ok: false, problems: dedupe(problems), areaProblems }
  return { ok: true, name, definition: parsed.definition }
}

function dedupe(problems: FormProblem[]): FormProblem[] {
  const seen = new Set<string>()
  return problems.filter(p => {
    const id = `${p.field}|${p.key}`
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}

/** Form values showing a stored segment. */
export function segmentFormValues(name: string, definition: SegmentDefinition): FormValues {
  const values: FormValues = {
    name,
    districtIds: definition.districtIds ?? [],
    ageBands: (definition.ageBands ?? []).map(ageBandKeyOf).filter((k): k is AgeBandKey => k !== undefined),
    languages: definition.languages ?? [],
    householdHasChildren: definition.householdHasChildren === undefined ? 'any' : definition.householdHasChildren ? 'yes' : 'no',
    area: definition.area ? JSON.stringify(definition.area) : '',
  }
  ;(definition.answers ?? []).forEach((answer, index) => {
    const names = answerFields(index + 1)
    values[names.procedure] = answer.procedureSlug
    values[names.field] = answer.fieldKey
    values[names.value] = answer.equals
  })
  return values
}
