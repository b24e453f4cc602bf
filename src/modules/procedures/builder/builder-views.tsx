/**
 * Pieces every builder page shares: the staff console shell, inputs for a text in three
 * languages, the condition editor, and turning problems into field errors and an error summary.
 */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { StaffNav } from '../../../platform/views/staff-nav.js'
import { Details, ErrorSummary, NotificationBanner, Radios, Select, TextArea, TextField } from '../../../platform/views/components/index.js'
import type { Condition, Field, LocalizedText } from '../form/form-definition.js'
import { localize } from '../form/localize.js'
import { conditionRowCount, conditionToRows, CONDITION_OPERATORS, type FormProblem, type FormValues, inputForPath } from './builder-form-values.js'
import { describeLocation, translateProblem, type DocumentProblem } from './builder-problems.js'
import { valueOf, type FieldErrors, type SummaryItem } from '../../../platform/http/form-values.js'

export { valueOf, valuesOf, type FieldErrors, type SummaryItem } from '../../../platform/http/form-values.js'

/** Id of the main form on each builder page: the summary links problems that have no single input here. */
export const FORM_ID = 'builder-form'

export function builderBase(ctx: PageContext): string {
  return `/${ctx.tenant?.slug}/staff/procedures`
}

/** Staff console chrome of every builder page. */
export function BuilderPage({ ctx, title, children, notice, errors = [] }: { ctx: PageContext; title: string; children: Child; notice?: string; errors?: SummaryItem[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('builder.errorTitlePrefix')}${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      <ErrorSummary title={t('builder.errorSummary')} errors={errors} />
      {notice && (
        <NotificationBanner title={t('builder.done')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      )}
      {children}
    </Layout>
  )
}

export { BackLink } from '../../../platform/views/components/index.js'


/**
 * A text in three languages as one group: Japanese (required when `required`), やさしい日本語 and
 * English (optional; residents reading those languages see the Japanese where they are empty).
 */
export function LocalizedInputs(props: { ctx: PageContext; prefix: string; legend: string; hint?: string; values: FormValues; errors: FieldErrors; multiline?: boolean; required?: boolean }) {
  const { ctx, prefix, values, errors, multiline, required } = props
  const { t } = ctx
  const input = (suffix: 'Ja' | 'Easy' | 'En', label: string) => {
    const name = `${prefix}${suffix}`
    const common = { name, label, error: errors[name], errorPrefix: t('builder.errorPrefix'), value: valueOf(values, name) }
    const isRequired = required && suffix === 'Ja'
    return multiline ? (
      <TextArea {...common} rows={3} required={isRequired} requiredLabel={t('builder.form.requiredMark')} />
    ) : (
      <TextField {...common} required={isRequired} requiredLabel={t('builder.form.requiredMark')} autocomplete="off" />
    )
  }
  return (
    <div class="field">
      <fieldset class="fieldset builder-languages">
        <legend class="fieldset__legend">{props.legend}</legend>
        {props.hint ? <p class="field__hint">{props.hint}</p> : null}
        {input('Ja', t('builder.languages.ja'))}
        {input('Easy', t('builder.languages.easy'))}
        {input('En', t('builder.languages.en'))}
      </fieldset>
    </div>
  )
}

/** A field's label for lists and selects: `氏名 (applicantName)`. */
export function fieldName(field: { id: string; label: LocalizedText }, ctx: PageContext): string {
  return `${localize(field.label, ctx.locale)} (${field.id})`
}

/**
 * The condition editor: always / all / any of up to ten rows of [earlier field] [operator]
 * [value]. A condition too deep for rows is shown as JSON and kept unless replaced.
 */
export function ConditionEditor(props: { ctx: PageContext; legend: string; hint?: string; values: FormValues; errors: FieldErrors; candidates: readonly Field[]; current: Condition | undefined; required?: boolean }) {
  const { ctx, values, errors, candidates } = props
  const { t } = ctx
  const prefix = t('builder.errorPrefix')
  const mode = valueOf(values, 'conditionMode') || 'always'
  const isKept = props.current !== undefined && conditionToRows(props.current).mode === 'keep'
  const rowCount = Math.max(Number(valueOf(values, 'conditionRows')) || 0, conditionRowCount([]))
  const modes = [
    ...(props.required ? [] : [{ value: 'always', label: t('builder.condition.always') }]),
    { value: 'all', label: t('builder.condition.all') },
    { value: 'any', label: t('builder.condition.any') },
    ...(isKept ? [{ value: 'keep', label: t('builder.condition.keep'), hint: <pre class="builder-json">{JSON.stringify(props.current, null, 2)}</pre> }] : []),
  ]
  const choiceFields = candidates.filter(f => 'options' in f || f.type === 'agreement')
  return (
    <div class="builder-condition">
      <Radios name="conditionMode" legend={props.legend} hint={props.hint} value={mode} options={modes} error={errors.conditionMode} errorPrefix={prefix} />
      {candidates.length === 0 ? (
        <p class="field__hint">{t('builder.condition.noCandidates')}</p>
      ) : (
        <>
          <input type="hidden" name="conditionRows" value={String(rowCount)} />
          {Array.from({ length: rowCount }, (_, i) => {
            const n = i + 1
            return (
              <div class="field">
                <fieldset class="fieldset builder-condition__row">
                  <legend class="fieldset__legend">{t('builder.condition.row', { n })}</legend>
                  <Select
                    name={`condition${n}Field`}
                    label={t('builder.condition.field')}
                    value={valueOf(values, `condition${n}Field`)}
                    options={[{ value: '', label: t('builder.condition.noField') }, ...candidates.map(f => ({ value: f.id, label: fieldName(f, ctx) }))]}
                    error={errors[`condition${n}Field`]}
                    errorPrefix={prefix}
                  />
                  <Select
                    name={`condition${n}Operator`}
                    label={t('builder.condition.operator')}
                    value={valueOf(values, `condition${n}Operator`) || 'equals'}
                    options={CONDITION_OPERATORS.map(o => ({ value: o, label: t(`builder.condition.operators.${o}`) }))}
                    error={errors[`condition${n}Operator`]}
                    errorPrefix={prefix}
                  />
                  <TextField name={`condition${n}Value`} label={t('builder.condition.value')} hint={t('builder.condition.valueHint')} value={valueOf(values, `condition${n}Value`)} error={errors[`condition${n}Value`]} errorPrefix={prefix} width="20" autocomplete="off" />
                </fieldset>
              </div>
            )
          })}
          {choiceFields.length > 0 ? (
            <Details summary={t('builder.condition.valuesHeading')}>
              <dl class="builder-values">
                {choiceFields.map(f => (
                  <>
                    <dt>{fieldName(f, ctx)}</dt>
                    <dd>{'options' in f ? f.options.map(o => `${o.value} = ${localize(o.label, ctx.locale)}`).join('、') : t('builder.condition.agreementValues')}</dd>
                  </>
                ))}
              </dl>
            </Details>
          ) : null}
        </>
      )}
    </div>
  )
}

/**
 * Problems as field errors (first per input) and error summary items. A document problem goes
 * to the input its path names (relative to `base`) when that input is on the page (`inputs`),
 * else to the form as a whole with its location spelled out.
 */
export function collectErrors(
  ctx: PageContext,
  formProblems: readonly FormProblem[],
  documentProblems: readonly DocumentProblem[],
  options: { base?: (string | number)[]; aliases?: Record<string, string>; inputs?: readonly string[]; source?: unknown; general?: string } = {},
): { fields: FieldErrors; summary: SummaryItem[] } {
  const { t } = ctx
  const fields: FieldErrors = {}
  const summary: SummaryItem[] = []
  for (const problem of formProblems) {
    const message = t(problem.key, problem.params)
    if (fields[problem.field] === undefined) fields[problem.field] = message
    summary.push({ field: problem.field, message })
  }
  for (const problem of documentProblems) {
    const input = options.base ? inputForPath(problem.path, options.base, options.aliases) : ''
    const message = translateProblem(problem, t)
    if (input && (!options.inputs || options.inputs.includes(input))) {
      if (fields[input] === undefined) fields[input] = message
      summary.push({ field: input, message })
    } else {
      const where = problem.path.length > 0 ? `${describeLocation(problem.path, options.source, t)}: ` : ''
      summary.push({ field: options.general ?? FORM_ID, message: `${where}${message}` })
    }
  }
  return { fields, summary }
}

/** A condition in words: `「使いみち」が「その他」のとき`, rows joined with かつ / または. */
export function describeCondition(condition: Condition | undefined, fields: readonly Field[], ctx: PageContext): string {
  const { t } = ctx
  if (!condition) return ''
  const { mode, rows } = conditionToRows(condition)
  if (mode === 'keep') return t('builder.conditionText.complex')
  const phrases = rows.map(row => {
    const field = fields.find(f => f.id === row.field)
    const option = field && 'options' in field ? field.options.find(o => o.value === row.value) : undefined
    const value = option ? localize(option.label, ctx.locale) : row.value
    return t(`builder.conditionText.${row.operator}`, { field: field ? localize(field.label, ctx.locale) : row.field, value })
  })
  return t('builder.conditionText.when', { conditions: phrases.join(t(mode === 'any' ? 'builder.conditionText.or' : 'builder.conditionText.and')) })
}

/** One yes/no checkbox (`name=yes` when ticked) with its own label: no fieldset needed. */
export function SingleCheckbox({ name, label, hint, checked }: { name: string; label: string; hint?: string; checked: boolean }) {
  return (
    <div class="field">
      <div class="checkboxes">
        <div class="checkboxes__item">
          <input class="checkboxes__input" type="checkbox" id={name} name={name} value="yes" checked={checked || undefined} aria-describedby={hint ? `${name}-hint` : undefined} />
          <label class="checkboxes__label" for={name}>
            {label}
          </label>
          {hint ? (
            <div id={`${name}-hint`} class="field__hint checkboxes__hint">
              {hint}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  )
}
