/**
 * Staff-only parts of the answers view. The answers themselves are rendered by the procedures
 * module's AnswerSummary (form/answer-summary.tsx, the same rendering residents see); this adds
 * the My Number panel: the number masked behind an audited 表示 button.
 */
import type { PageContext } from '../../../platform/views/page-context.js'
import { CsrfField, SummaryList } from '../../../platform/views/components/index.js'
import type { Answers } from '../form/form-answers.js'
import { listFields, type FormDefinition } from '../form/form-definition.js'
import { localize } from '../form/localize.js'

export interface MyNumberPanelProps {
  ctx: PageContext
  form: FormDefinition
  answers: Answers
  /** `${base}/${applicationId}` */
  applicationPath: string
  mayRevealMyNumber: boolean
  /** digits revealed on this rendering, by field id (null: not stored or unreadable) */
  revealed: Record<string, string | null>
}

/** Nothing when the form has no answered My Number field. */
export function MyNumberPanel(props: MyNumberPanelProps) {
  const { ctx, form, answers } = props
  const { t } = ctx
  const fields = listFields(form).filter(f => f.type === 'myNumber' && typeof answers[f.id] === 'string')
  if (fields.length === 0) return null
  return (
    <section aria-labelledby="my-number-heading">
      <h3 id="my-number-heading">{t('processing.answers.myNumberHeading')}</h3>
      <p class="muted">{t('processing.answers.myNumberLead')}</p>
      <SummaryList
        rows={fields.map(field => {
          const masked = `${'*'.repeat(8)}${String(answers[field.id]).slice(-4)}`
          const label = localize(field.label, ctx.locale)
          if (field.id in props.revealed) {
            const digits = props.revealed[field.id]
            return {
              key: label,
              value: digits ? (
                <>
                  <span>{digits}</span>
                  <br />
                  <span class="muted">{t('processing.answers.myNumberRevealedNotice')}</span>
                </>
              ) : (
                t('processing.answers.myNumberUnavailable')
              ),
            }
          }
          return {
            key: label,
            value: (
              <>
                <span>{masked}</span>{' '}
                {props.mayRevealMyNumber ? (
                  <form method="post" action={`${props.applicationPath}/reveal-my-number`} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <input type="hidden" name="field" value={field.id} />
                    <button type="submit" class="link-button">
                      {t('processing.answers.reveal')}
                      <span class="visually-hidden"> {label}</span>
                    </button>
                  </form>
                ) : (
                  <span class="muted">{t('processing.answers.myNumberNotPermitted')}</span>
                )}
              </>
            ),
          }
        })}
      />
    </section>
  )
}

/** Text with its line breaks (no CSS needed: each line is followed by <br>). */
export function TextLines({ text }: { text: string }) {
  const lines = text.split('\n')
  return (
    <>
      {lines.map((line, i) => (
        <>
          {line}
          {i < lines.length - 1 && <br />}
        </>
      ))}
    </>
  )
}
