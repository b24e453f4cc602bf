import { describe, expect, it } from 'vitest'
import { ageBandKeyOf, parseSegmentDefinition } from './segment-definition.js'
import { readSegmentForm, segmentFormValues } from './segment-form.js'
import { MARUNOUCHI_1, NIHONBASHI_BOW_TIE } from './testdata/districts.js'

const CHUO_1 = '0b6f2a0e-4c41-4f4e-9f0a-3f1d2c3b4a51'
const CHUO_2 = '7c1d9e22-8a55-4b7e-8c66-2d9b0f1e3a72'

describe('SegmentDefinitionSchema', () => {
  it('accepts districts, age ranges, languages, children, answers and an area together', () => {
    const parsed = parseSegmentDefinition({
      districtIds: [CHUO_1],
      ageBands: [{ min: 65, max: 74 }, { min: 75 }],
      languages: ['ja-easy', 'vi'],
      householdHasChildren: true,
      answers: [{ procedureSlug: 'jidou-teate', fieldKey: 'childCount', equals: '2' }],
      area: MARUNOUCHI_1,
    })
    expect(parsed.ok).toBe(true)
  })

  it('refuses a definition without any condition (that would be everyone)', () => {
    expect(parseSegmentDefinition({})).toMatchObject({ ok: false, issues: [{ message: 'noCondition' }] })
  })

  it('refuses unknown keys, languages outside the list and district ids that are not uuids', () => {
    expect(parseSegmentDefinition({ languages: ['ja'], everyone: true }).ok).toBe(false)
    expect(parseSegmentDefinition({ languages: ['fr'] }).ok).toBe(false)
    expect(parseSegmentDefinition({ districtIds: ['chuo-1'] }).ok).toBe(false)
  })

  it('refuses an age range whose end comes before its start', () => {
    expect(parseSegmentDefinition({ ageBands: [{ min: 40, max: 18 }] })).toMatchObject({ ok: false, issues: [{ message: 'ageRangeOrder' }] })
  })

  it('refuses a self-intersecting area and keeps the located geometry problems on the issue', () => {
    const parsed = parseSegmentDefinition({ area: NIHONBASHI_BOW_TIE })
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.issues[0]).toMatchObject({ path: ['area'], message: 'invalidArea', params: { problems: [{ code: 'selfIntersection', ring: 0 }] } })
  })

  it('maps stored ranges back to the standard bands', () => {
    expect(ageBandKeyOf({ min: 75 })).toBe('75+')
    expect(ageBandKeyOf({ min: 65, max: 74 })).toBe('65-74')
    expect(ageBandKeyOf({ min: 65 })).toBeUndefined()
  })
})

describe('readSegmentForm', () => {
  const known = new Set([CHUO_1, CHUO_2])

  it('turns ticked boxes into a definition: 65歳以上 in two districts', () => {
    const result = readSegmentForm({ name: ' 65歳以上(中央) ', districtIds: [CHUO_1, CHUO_2], ageBands: ['65-74', '75+'], householdHasChildren: 'any' }, known)
    expect(result).toEqual({ ok: true, name: '65歳以上(中央)', definition: { districtIds: [CHUO_1, CHUO_2], ageBands: [{ min: 65, max: 74 }, { min: 75 }] } })
  })

  it('reads answer rows, skipping empty ones and pointing at the missing part of a half-filled one', () => {
    const result = readSegmentForm({ name: '児童手当', answer1Procedure: 'jidou-teate', answer1Field: 'childCount', answer1Value: '2', answer2Procedure: 'sodai-gomi', answer2Field: '', answer2Value: 'はい' }, known)
    expect(result).toMatchObject({ ok: false, problems: [{ field: 'answer2Field', key: 'audience.segments.problems.answerIncomplete', params: { n: 2 } }] })
  })

  it('refuses a district of another municipality', () => {
    const result = readSegmentForm({ name: 'x', districtIds: ['11111111-1111-4111-8111-111111111111'] }, known)
    expect(result).toMatchObject({ ok: false, problems: [{ field: 'districtIds', key: 'audience.segments.problems.unknownDistrict' }] })
  })

  it('asks for a name and at least one condition', () => {
    const result = readSegmentForm({ name: '', householdHasChildren: 'any' }, known)
    expect(result).toMatchObject({ ok: false, problems: [{ field: 'name', key: 'audience.form.required' }, { field: 'conditions', key: 'audience.segments.problems.noCondition' }] })
  })

  it('takes an area pasted as a Feature, and lists the problems of a bow-tie area', () => {
    const feature = JSON.stringify({ type: 'Feature', properties: {}, geometry: MARUNOUCHI_1 })
    expect(readSegmentForm({ name: '丸の内', area: feature }, known)).toMatchObject({ ok: true, definition: { area: MARUNOUCHI_1 } })
    const bad = readSegmentForm({ name: '日本橋', area: JSON.stringify(NIHONBASHI_BOW_TIE) }, known)
    expect(bad).toMatchObject({ ok: false, problems: [{ field: 'area', key: 'audience.segments.problems.areaInvalid' }], areaProblems: [{ code: 'selfIntersection' }] })
    expect(readSegmentForm({ name: 'x', area: '{"type": "Polygon",' }, known)).toMatchObject({ ok: false, problems: [{ field: 'area', key: 'audience.segments.problems.areaJson' }] })
  })

  it('shows a stored definition back in the form as it was entered', () => {
    const values = segmentFormValues('高齢者', { districtIds: [CHUO_1], ageBands: [{ min: 75 }], householdHasChildren: false, answers: [{ procedureSlug: 'jidou-teate', fieldKey: 'childCount', equals: '2' }] })
    expect(values).toMatchObject({ name: '高齢者', districtIds: [CHUO_1], ageBands: ['75+'], householdHasChildren: 'no', answer1Procedure: 'jidou-teate', answer1Field: 'childCount', answer1Value: '2' })
    expect(readSegmentForm(values, known)).toMatchObject({ ok: true, definition: { districtIds: [CHUO_1], ageBands: [{ min: 75 }], householdHasChildren: false } })
  })
})
