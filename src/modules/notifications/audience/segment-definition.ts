/**
 * A segment (保存した配信対象): conditions on residents' attributes and location, stored as JSON in
 * segments.definition and turned into SQL by segment-sql.ts. Conditions of different kinds all
 * apply (AND); the choices within one kind are alternatives (OR): 中央一丁目 or 中央二丁目, and
 * 65–74 or 75+. Every answer condition must hold.
 */
import { z } from 'zod'
import { NOTICE_LANGUAGES } from '../notification-tables.js'
import { validateGeometry, type AreaGeometry, type GeometryProblem } from './district-geometry.js'

/** The age bands staff choose from (age in whole years on the day of sending, Asia/Tokyo). */
export const AGE_BANDS = [
  { key: '0-17', min: 0, max: 17 },
  { key: '18-39', min: 18, max: 39 },
  { key: '40-64', min: 40, max: 64 },
  { key: '65-74', min: 65, max: 74 },
  { key: '75+', min: 75 },
] as const
export type AgeBandKey = (typeof AGE_BANDS)[number]['key']

export const MAX_SEGMENT_DISTRICTS = 500
export const MAX_ANSWER_CONDITIONS = 3
export const MAX_AREA_POSITIONS = 10_000

const AgeRangeSchema = z
  .strictObject({ min: z.int().min(0).max(150), max: z.int().min(0).max(150).optional() })
  .refine(range => range.max === undefined || range.min <= range.max, { message: 'ageRangeOrder' })

/** 前の手続きでの回答: the resident's submitted application to `procedureSlug` answered `fieldKey` = `equals`. */
const AnswerConditionSchema = z.strictObject({
  procedureSlug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, { message: 'procedureSlug' }),
  fieldKey: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/, { message: 'fieldKey' }),
  equals: z.string().trim().min(1, { message: 'answerValue' }).max(200, { message: 'answerValue' }),
})
export type AnswerCondition = z.infer<typeof AnswerConditionSchema>

/** Problems of the area found by validateGeometry, kept on the issue so pages can list them. */
export interface AreaIssueParams {
  problems: GeometryProblem[]
}

const AreaSchema = z.unknown().transform((value, ctx): AreaGeometry => {
  const checked = validateGeometry(value)
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', message: 'invalidArea', params: { problems: checked.problems } satisfies AreaIssueParams })
    return z.NEVER
  }
  if (checked.positions > MAX_AREA_POSITIONS) {
    ctx.addIssue({ code: 'custom', message: 'invalidArea', params: { problems: [{ code: 'tooManyPositions' }] } satisfies AreaIssueParams })
    return z.NEVER
  }
  return checked.geometry
})

export const SegmentDefinitionSchema = z
  .strictObject({
    districtIds: z.array(z.uuid()).min(1).max(MAX_SEGMENT_DISTRICTS).optional(),
    ageBands: z.array(AgeRangeSchema).min(1).max(AGE_BANDS.length).optional(),
    languages: z.array(z.enum(NOTICE_LANGUAGES)).min(1).optional(),
    householdHasChildren: z.boolean().optional(),
    answers: z.array(AnswerConditionSchema).min(1).max(MAX_ANSWER_CONDITIONS).optional(),
    area: AreaSchema.optional(),
  })
  .refine(d => Object.values(d).some(value => value !== undefined), { message: 'noCondition' })

export type SegmentDefinitionInput = z.input<typeof SegmentDefinitionSchema>
export type SegmentDefinition = z.output<typeof SegmentDefinitionSchema>

/** Parses a definition (from a form, the API or the database). */
export function parseSegmentDefinition(value: unknown): { ok: true; definition: SegmentDefinition } | { ok: false; issues: z.core.$ZodIssue[] } {
  const parsed = SegmentDefinitionSchema.safeParse(value)
  return parsed.success ? { ok: true, definition: parsed.data } : { ok: false, issues: parsed.error.issues }
}

/** The standard band a stored range is, if it is one (the form shows those as checkboxes). */
export function ageBandKeyOf(range: { min: number; max?: number }): AgeBandKey | undefined {
  return AGE_BANDS.find(band => band.min === range.min && ('max' in band ? band.max === range.max : range.max === undefined))?.key
}

export function ageRangeOf(key: AgeBandKey): { min: number; max?: number } {
  const band = AGE_BANDS.find(b => b.key === key)
  if (!band) throw new Error(`unknown age band ${key}`)
  return 'max' in band ? { min: band.min, max: band.max } : { min: band.min }
}
