import { z } from 'zod'
import { normalizeText } from '../../jp/kana.js'
import { hasUnsafeCharacters } from './admin-forms.js'

/** `?q=`: part of a name (kanji or kana) or an email address. */
export const ResidentSearchSchema = z.object({
  q: z
    .string()
    .max(1000, { message: 'admin.form.tooLong:100' })
    .transform(normalizeText)
    .pipe(
      z
        .string()
        .max(100, { message: 'admin.form.tooLong:100' })
        .refine(v => !hasUnsafeCharacters(v), { message: 'admin.form.invalidCharacters' }),
    ),
})
