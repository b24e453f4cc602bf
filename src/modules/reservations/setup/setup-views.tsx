/** Pieces the setup pages share: the staff console shell with the setup area's navigation, names in the reader's language, form helpers. */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { StaffNav } from '../../../platform/views/staff-nav.js'
import { ErrorSummary, NotificationBanner, TextArea, TextField } from '../../../platform/views/components/index.js'
import type { LocalizedText } from '../reservation-tables.js'
import { UI_LANGUAGES, type FormProblem, type FormValues } from './setup-form-values.js'
import { collectFormErrors, valueOf, type FieldErrors, type SummaryItem } from '../../../platform/http/form-values.js'

export { valueOf, valuesOf, type FieldErrors, type SummaryItem } from '../../../platform/http/form-values.js'

export const SETUP_SECTIONS = ['index', 'facilities', 'purposes', 'exemptions', 'closures', 'templates', 'groups'] as const
export type SetupSection = (typeof SETUP_SECTIONS)[number]

export function setupBase(ctx: PageContext): string {
  return `/${ctx.tenant?.slug}/staff/reservations/setup`
}

const sectionPath = (section: SetupSection) => (section === 'index' ? '' : `/${section}`)

/** Staff console chrome of every setup page, with links between the setup sections. */
export function SetupPage({ ctx, title, section, children, notice, errors = [] }: { ctx: PageContext; title: string; section: SetupSection; children: Child; notice?: string; errors?: SummaryItem[] }) {
  const { t } = ctx
  const base = setupBase(ctx)
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('reservations.setup.errorTitlePrefix')}${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      <nav aria-label={t('reservations.setup.nav.label')}>
        <ul class="list-plain builder-inline-list">
          {SETUP_SECTIONS.map(item => (
            <li>
              <a href={`${base}${sectionPath(item)}`} aria-current={item === section ? 'page' : undefined}>
                {t(`reservations.setup.nav.${item}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <ErrorSummary title={t('reservations.setup.errorSummary')} errors={errors} />
      {notice ? (
        <NotificationBanner title={t('reservations.setup.done')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      ) : null}
      {children}
    </Layout>
  )
}

export { BackLink } from '../../../platform/views/components/index.js'

/** A name in the reader's language, falling back to Japanese. */
export function localName(names: Partial<LocalizedText>, locale: string): string {
  return names[locale as keyof LocalizedText] ?? names.ja ?? ''
}


/** Problems as field errors (first per field) and the error summary's items. */
export function collectErrors(ctx: PageContext, problems: readonly FormProblem[]): { fields: FieldErrors; summary: SummaryItem[] } {
  return collectFormErrors(ctx.t, problems)
}

/** Props a form page needs to show its fields. */
export interface FormState {
  values: FormValues
  errors: FieldErrors
}

/** A text input wired to the form state (label from the catalog). */
export function Field({ ctx, state, name, label, hint, required, width, type, inputmode }: { ctx: PageContext; state: FormState; name: string; label: string; hint?: string; required?: boolean; width?: '20' | '10' | '5'; type?: 'text' | 'number' | 'tel' | 'date' | 'time'; inputmode?: 'numeric' | 'decimal' | 'text' | 'tel' }) {
  const inputType = type === 'date' || type === 'time' ? 'text' : type
  return (
    <TextField
      name={name}
      label={label}
      hint={hint}
      value={valueOf(state.values, name)}
      error={state.errors[name]}
      errorPrefix={ctx.t('reservations.setup.errorPrefix')}
      required={required}
      requiredLabel={ctx.t('reservations.setup.form.requiredMark')}
      width={width}
      type={inputType}
      inputmode={inputmode ?? (type === 'number' ? 'numeric' : undefined)}
      autocomplete="off"
    />
  )
}

/** Texts in 日本語 (required when asked), やさしい日本語 and English. */
export function LocalizedFields({ ctx, state, prefix, label, required, multiline }: { ctx: PageContext; state: FormState; prefix: string; label: string; required?: boolean; multiline?: boolean }) {
  const { t } = ctx
  return (
    <fieldset class="fieldset">
      <legend class="fieldset__legend">{label}</legend>
      {UI_LANGUAGES.map(language => {
        const name = `${prefix}-${language}`
        const fieldLabel = `${label}(${t(`reservations.setup.language.${language}`)})${required && language === 'ja' ? '' : t('reservations.setup.form.optional')}`
        return multiline ? (
          <TextArea name={name} label={fieldLabel} value={valueOf(state.values, name)} error={state.errors[name]} errorPrefix={t('reservations.setup.errorPrefix')} rows={2} />
        ) : (
          <TextField
            name={name}
            label={fieldLabel}
            value={valueOf(state.values, name)}
            error={state.errors[name]}
            errorPrefix={t('reservations.setup.errorPrefix')}
            required={required && language === 'ja'}
            requiredLabel={t('reservations.setup.form.requiredMark')}
            autocomplete="off"
          />
        )
      })}
    </fieldset>
  )
}

/** 'HH:MM:SS' → 'HH:MM'. */
export const shortTime = (time: string): string => time.slice(0, 5)

/** Weekday numbers as 月・水・金 in the reader's language. */
export function weekdayList(ctx: PageContext, weekdays: readonly number[]): string {
  const order = [1, 2, 3, 4, 5, 6, 0]
  return order.filter(day => weekdays.includes(day)).map(day => ctx.t(`reservations.weekday.${day}`)).join(ctx.locale === 'en' ? ', ' : '・')
}

export const yen = (ctx: PageContext, amount: number): string => ctx.t('reservations.yen', { amount: amount.toLocaleString('ja-JP') })

/** The weekday options of a checkbox group, Monday first. */
export const weekdayOptions = (ctx: PageContext) => [1, 2, 3, 4, 5, 6, 0].map(day => ({ value: String(day), label: ctx.t(`reservations.weekday.${day}`) }))
