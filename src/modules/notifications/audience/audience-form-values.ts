/**
 * Reading posted forms on the audience pages: the platform's form readers
 * (platform/http/form-values.ts) with this area's catalog keys. Pure.
 */
import { boundedText as readBoundedText, type FormProblem, type FormValues } from '../../../platform/http/form-values.js'

export { formValuesOf, list, text, type FormProblem, type FormValues } from '../../../platform/http/form-values.js'

/** A free text of at most `max` characters; '' when empty and optional. */
export function boundedText(form: FormValues, name: string, problems: FormProblem[], options: { max: number; required?: boolean; singleLine?: boolean }): string {
  return readBoundedText(form, name, problems, { ...options, keyPrefix: 'audience.form.' })
}
