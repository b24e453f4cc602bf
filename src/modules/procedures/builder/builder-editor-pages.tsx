/** Editors of the procedure settings, of one page, and of one element (or group member). */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, Checkboxes, CsrfField, Radios, Select, Table, TextArea, TextField } from '../../../platform/views/components/index.js'
import { CATEGORIES, IDENTITY_LEVELS, LIFE_EVENTS, PREFILL_SOURCES, UPLOAD_MEDIA_TYPES, type Field, type FormElement, type ProcedureDocument } from '../form/form-definition.js'
import { localize } from '../form/localize.js'
import type { FormValues } from './builder-form-values.js'
import type { DepartmentOption } from './builder-repository.js'
import { CHANNELS } from './builder-settings-form.js'
import { ActionButton } from './builder-overview-page.js'
import { BackLink, BuilderPage, builderBase, ConditionEditor, FORM_ID, LocalizedInputs, SingleCheckbox, valueOf, valuesOf, type FieldErrors, type SummaryItem } from './builder-views.js'

interface EditorProps {
  ctx: PageContext
  procedureId: string
  document: ProcedureDocument
  values: FormValues
  errors?: FieldErrors
  summary?: SummaryItem[]
  notice?: string
}

const Checkbox = SingleCheckbox

// ---------------------------------------------------------------------------------------------
// settings

export function SettingsPage({ ctx, procedureId, document, values, errors = {}, summary = [], departments, notice }: EditorProps & { departments: DepartmentOption[] }) {
  const { t } = ctx
  const base = `${builderBase(ctx)}/${procedureId}`
  const prefix = t('builder.errorPrefix')
  const common = (name: string) => ({ name, value: valueOf(values, name), error: errors[name], errorPrefix: prefix })
  const departmentCode = valueOf(values, 'departmentCode')
  const departmentOptions = [
    { value: '', label: t('builder.settings.noDepartment') },
    ...departments.map(d => ({ value: d.code, label: `${ctx.locale === 'en' && d.nameEn ? d.nameEn : d.name} (${d.code})` })),
    ...(departmentCode && !departments.some(d => d.code === departmentCode) ? [{ value: departmentCode, label: t('builder.settings.unknownDepartment', { code: departmentCode }) }] : []),
  ]
  return (
    <BuilderPage ctx={ctx} title={t('builder.settings.title')} errors={summary} notice={notice}>
      <BackLink href={base}>{t('builder.backToBuilder')}</BackLink>
      <p class="page-caption">{localize(document.title, ctx.locale)}</p>
      <h1>{t('builder.settings.title')}</h1>
      <form method="post" action={`${base}/settings`} id={FORM_ID} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <h2>{t('builder.settings.basicsHeading')}</h2>
        <LocalizedInputs ctx={ctx} prefix="title" legend={t('builder.settings.procedureTitle')} values={values} errors={errors} required />
        <TextField {...common('slug')} label={t('builder.settings.slug')} hint={t('builder.settings.slugHint')} width="20" spellcheck={false} autocomplete="off" required requiredLabel={t('builder.form.requiredMark')} />
        <LocalizedInputs ctx={ctx} prefix="summary" legend={t('builder.settings.summary')} values={values} errors={errors} multiline required />
        <Select {...common('category')} label={t('builder.settings.category')} options={CATEGORIES.map(c => ({ value: c, label: t(`builder.categories.${c}`) }))} />
        <Checkboxes name="lifeEvents" legend={t('builder.settings.lifeEvents')} hint={t('builder.settings.lifeEventsHint')} values={valuesOf(values, 'lifeEvents')} error={errors.lifeEvents} errorPrefix={prefix} options={LIFE_EVENTS.map(e => ({ value: e, label: t(`builder.lifeEvents.${e}`) }))} />
        <TextField {...common('keywords')} label={t('builder.settings.keywords')} hint={t('builder.settings.keywordsHint')} autocomplete="off" />

        <h2>{t('builder.settings.guidanceHeading')}</h2>
        <LocalizedInputs ctx={ctx} prefix="eligibility" legend={t('builder.settings.eligibility')} values={values} errors={errors} multiline required />
        <LocalizedInputs ctx={ctx} prefix="requirements" legend={t('builder.settings.requirements')} values={values} errors={errors} multiline required />
        <TextField {...common('processingDays')} label={t('builder.settings.processingDays')} hint={t('builder.settings.processingDaysHint')} inputmode="numeric" width="5" />

        <h2>{t('builder.settings.receptionHeading')}</h2>
        <Radios name="identityLevel" legend={t('builder.settings.identityLevel')} value={valueOf(values, 'identityLevel')} error={errors.identityLevel} errorPrefix={prefix} options={IDENTITY_LEVELS.map(l => ({ value: l, label: t(`builder.identityLevels.${l}`), hint: t(`builder.identityLevelHints.${l}`) }))} />
        <Checkboxes name="channels" legend={t('builder.settings.channels')} values={valuesOf(values, 'channels')} error={errors.channels} errorPrefix={prefix} options={CHANNELS.map(c => ({ value: c, label: t(`builder.channels.${c}`) }))} />
        <Select {...common('departmentCode')} label={t('builder.settings.department')} hint={t('builder.settings.departmentHint')} options={departmentOptions} />
        <Select {...common('approvalSteps')} label={t('builder.settings.approvalSteps')} hint={t('builder.settings.approvalStepsHint')} options={[0, 1, 2, 3, 4, 5].map(n => ({ value: String(n), label: t('builder.overview.steps', { steps: n }) }))} />
        <TextField {...common('maxApplications')} label={t('builder.settings.maxApplications')} hint={t('builder.settings.quotaHint')} inputmode="numeric" width="10" />
        <TextField {...common('maxPerResident')} label={t('builder.settings.maxPerResident')} hint={t('builder.settings.quotaHint')} inputmode="numeric" width="5" />
        <TextField {...common('opensOn')} label={t('builder.settings.opensOn')} hint={t('builder.settings.dateHint')} width="10" autocomplete="off" />
        <TextField {...common('closesOn')} label={t('builder.settings.closesOn')} hint={t('builder.settings.dateHint')} width="10" autocomplete="off" />

        <h2 id="my-number">{t('builder.settings.myNumberHeading')}</h2>
        <p>{t('builder.settings.myNumberLead')}</p>
        <Checkboxes name="myNumberAllowed" legend={t('builder.settings.myNumberAllowed')} values={valueOf(values, 'myNumberAllowed') === 'yes' ? ['yes'] : []} error={errors.myNumberAllowed} errorPrefix={prefix} options={[{ value: 'yes', label: t('builder.settings.myNumberAllowedOption') }]} />
        <TextField {...common('legalBasis')} label={t('builder.settings.legalBasis')} hint={t('builder.settings.legalBasisHint')} autocomplete="off" />

        <h2>{t('builder.settings.declarationHeading')}</h2>
        <LocalizedInputs ctx={ctx} prefix="declaration" legend={t('builder.settings.declaration')} hint={t('builder.settings.declarationHint')} values={values} errors={errors} multiline required />
        <Button>{t('builder.actions.save')}</Button>
      </form>
    </BuilderPage>
  )
}

// ---------------------------------------------------------------------------------------------
// page

export function PageEditorPage({ ctx, procedureId, document, values, errors = {}, summary = [], pageId, candidates }: EditorProps & { pageId: string; candidates: readonly Field[] }) {
  const { t } = ctx
  const base = `${builderBase(ctx)}/${procedureId}`
  const page = document.form.pages.find(p => p.id === pageId)
  const title = page ? localize(page.title, ctx.locale) : pageId
  return (
    <BuilderPage ctx={ctx} title={t('builder.page.title', { title })} errors={summary}>
      <BackLink href={`${base}#page-${pageId}`}>{t('builder.backToBuilder')}</BackLink>
      <p class="page-caption">{localize(document.title, ctx.locale)}</p>
      <h1>{t('builder.page.title', { title })}</h1>
      <form method="post" action={`${base}/pages/${pageId}`} id={FORM_ID} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <LocalizedInputs ctx={ctx} prefix="title" legend={t('builder.page.pageTitle')} values={values} errors={errors} required />
        <TextField name="id" label={t('builder.element.id')} hint={t('builder.page.idHint')} value={valueOf(values, 'id')} error={errors.id} errorPrefix={t('builder.errorPrefix')} width="20" spellcheck={false} autocomplete="off" />
        <ConditionEditor ctx={ctx} legend={t('builder.page.condition')} hint={t('builder.page.conditionHint')} values={values} errors={errors} candidates={candidates} current={page?.showIf} />
        <Button>{t('builder.actions.save')}</Button>
      </form>
    </BuilderPage>
  )
}

// ---------------------------------------------------------------------------------------------
// element

const FILE_TYPE_LABELS: Record<(typeof UPLOAD_MEDIA_TYPES)[number], string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP', 'application/pdf': 'PDF' }

function TypeSettings({ ctx, element, values, errors }: { ctx: PageContext; element: FormElement; values: FormValues; errors: FieldErrors }) {
  const { t } = ctx
  const prefix = t('builder.errorPrefix')
  const input = (name: string, label: string, hint?: string, width: '5' | '10' | '20' | 'full' = '5') => (
    <TextField name={name} label={label} hint={hint} value={valueOf(values, name)} error={errors[name]} errorPrefix={prefix} width={width} autocomplete="off" spellcheck={false} />
  )
  switch (element.type) {
    case 'text':
      return (
        <>
          {input('minLength', t('builder.element.minLength'))}
          {input('maxLength', t('builder.element.maxLength'))}
          {input('patternRegex', t('builder.element.patternRegex'), t('builder.element.patternRegexHint'), 'full')}
          <LocalizedInputs ctx={ctx} prefix="patternMessage" legend={t('builder.element.patternMessage')} hint={t('builder.element.patternMessageHint')} values={values} errors={errors} />
        </>
      )
    case 'longText':
      return (
        <>
          {input('minLength', t('builder.element.minLength'))}
          {input('maxLength', t('builder.element.maxLength'))}
        </>
      )
    case 'number':
      return (
        <>
          {input('min', t('builder.element.min'), undefined, '10')}
          {input('max', t('builder.element.max'), undefined, '10')}
          <Checkbox name="integer" label={t('builder.element.integer')} checked={valueOf(values, 'integer') === 'yes'} />
          <LocalizedInputs ctx={ctx} prefix="unit" legend={t('builder.element.unit')} hint={t('builder.element.unitHint')} values={values} errors={errors} />
        </>
      )
    case 'date':
      return (
        <>
          {input('minDate', t('builder.element.minDate'), t('builder.element.dateLimitHint'), '10')}
          {input('maxDate', t('builder.element.maxDate'), t('builder.element.dateLimitHint'), '10')}
        </>
      )
    case 'personName':
      return <Checkbox name="kana" label={t('builder.element.kana')} checked={valueOf(values, 'kana') === 'yes'} />
    case 'singleChoice':
    case 'select':
    case 'multipleChoice':
      return (
        <>
          <TextArea name="options" label={t('builder.element.options')} hint={t('builder.element.optionsHint')} value={valueOf(values, 'options')} error={errors.options} errorPrefix={prefix} rows={6} />
          {element.type === 'multipleChoice' ? (
            <>
              {input('minSelected', t('builder.element.minSelected'))}
              {input('maxSelected', t('builder.element.maxSelected'))}
            </>
          ) : null}
        </>
      )
    case 'file':
      return (
        <>
          <Checkboxes name="accept" legend={t('builder.element.accept')} values={valuesOf(values, 'accept')} error={errors.accept} errorPrefix={prefix} options={UPLOAD_MEDIA_TYPES.map(type => ({ value: type, label: FILE_TYPE_LABELS[type] }))} />
          {input('maxMegabytes', t('builder.element.maxMegabytes'), t('builder.element.maxMegabytesHint'))}
        </>
      )
    case 'agreement':
      return <LocalizedInputs ctx={ctx} prefix="statement" legend={t('builder.element.statement')} values={values} errors={errors} multiline required />
    case 'repeatingGroup':
      return (
        <>
          <LocalizedInputs ctx={ctx} prefix="itemLabel" legend={t('builder.element.itemLabel')} hint={t('builder.element.itemLabelHint')} values={values} errors={errors} required />
          {input('minItems', t('builder.element.minItems'))}
          {input('maxItems', t('builder.element.maxItems'))}
        </>
      )
    case 'email':
    case 'phone':
    case 'address':
    case 'myNumber':
    case 'heading':
    case 'paragraph':
      return null
    default: {
      const unreachable: never = element
      return unreachable
    }
  }
}

export interface ElementEditorProps extends EditorProps {
  element: FormElement
  /** set when the element is a member of this repeating group */
  group?: Extract<FormElement, { type: 'repeatingGroup' }>
  candidates: readonly Field[]
  /** problems with the add-member form (repeating groups) */
  memberError?: string
}

const MEMBER_TYPES = ['text', 'longText', 'number', 'email', 'phone', 'date', 'personName', 'address', 'singleChoice', 'multipleChoice', 'select', 'agreement'] as const

export function ElementEditorPage({ ctx, procedureId, document, element, group, values, errors = {}, summary = [], candidates, memberError, notice }: ElementEditorProps) {
  const { t } = ctx
  const prefix = t('builder.errorPrefix')
  const base = `${builderBase(ctx)}/${procedureId}`
  const action = group ? `${base}/elements/${group.id}/members/${element.id}` : `${base}/elements/${element.id}`
  const name = localize('label' in element ? element.label : element.text, ctx.locale)
  const typeName = t(`builder.types.${element.type}`)
  const isContent = element.type === 'heading' || element.type === 'paragraph'
  return (
    <BuilderPage ctx={ctx} title={t('builder.element.title', { name })} errors={summary} notice={notice}>
      <BackLink href={group ? `${base}/elements/${group.id}` : `${base}#element-${element.id}`}>{group ? t('builder.element.backToGroup', { name: localize(group.label, ctx.locale) }) : t('builder.backToBuilder')}</BackLink>
      <p class="page-caption">{t('builder.element.caption', { type: typeName, procedure: localize(document.title, ctx.locale) })}</p>
      <h1>{t('builder.element.title', { name })}</h1>
      <form method="post" action={action} id={FORM_ID} novalidate>
        <CsrfField token={ctx.csrfToken} />
        {isContent ? (
          <LocalizedInputs ctx={ctx} prefix="text" legend={t(element.type === 'heading' ? 'builder.element.headingText' : 'builder.element.paragraphText')} values={values} errors={errors} multiline={element.type === 'paragraph'} required />
        ) : (
          <>
            <LocalizedInputs ctx={ctx} prefix="label" legend={t('builder.element.label')} values={values} errors={errors} required />
            <LocalizedInputs ctx={ctx} prefix="hint" legend={t('builder.element.hint')} hint={t('builder.element.hintHint')} values={values} errors={errors} multiline />
            <Checkbox name="required" label={t('builder.element.required')} checked={valueOf(values, 'required') === 'yes'} />
          </>
        )}
        <TextField name="id" label={t('builder.element.id')} hint={t('builder.element.idHint')} value={valueOf(values, 'id')} error={errors.id} errorPrefix={prefix} width="20" spellcheck={false} autocomplete="off" />
        {isContent ? null : (
          <>
            <h2>{t('builder.element.settingsHeading', { type: typeName })}</h2>
            <TypeSettings ctx={ctx} element={element} values={values} errors={errors} />
            <h2>{t('builder.element.prefillHeading')}</h2>
            <Select name="prefill" label={t('builder.element.prefill')} hint={t('builder.element.prefillHint')} value={valueOf(values, 'prefill')} error={errors.prefill} errorPrefix={prefix} options={[{ value: '', label: t('builder.element.noPrefill') }, ...PREFILL_SOURCES.map(s => ({ value: s, label: t(`builder.prefill.${s}`) }))]} />
            <TextField name="reuseKey" label={t('builder.element.reuseKey')} hint={t('builder.element.reuseKeyHint')} value={valueOf(values, 'reuseKey')} error={errors.reuseKey} errorPrefix={prefix} width="20" spellcheck={false} autocomplete="off" />
          </>
        )}
        {group ? (
          <p class="field__hint">{t('builder.element.memberNoCondition')}</p>
        ) : (
          <>
            <h2>{t('builder.element.conditionHeading')}</h2>
            <ConditionEditor ctx={ctx} legend={t('builder.element.condition')} hint={t('builder.element.conditionHint')} values={values} errors={errors} candidates={candidates} current={element.showIf} />
          </>
        )}
        <Button>{t('builder.actions.save')}</Button>
      </form>
      {element.type === 'repeatingGroup' ? <GroupMembers ctx={ctx} base={base} group={element} error={memberError} /> : null}
    </BuilderPage>
  )
}

function GroupMembers({ ctx, base, group, error }: { ctx: PageContext; base: string; group: Extract<FormElement, { type: 'repeatingGroup' }>; error?: string }) {
  const { t } = ctx
  const action = (memberId: string) => `${base}/elements/${group.id}/members/${memberId}`
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">{t('builder.element.membersHeading')}</h2>
      <Table
        caption={t('builder.element.membersCaption', { name: localize(group.label, ctx.locale) })}
        head={[t('builder.element.label'), t('builder.element.type'), t('builder.list.actions')]}
        firstCellIsHeader
        rows={group.fields.map((member, i) => {
          const name = localize(member.label, ctx.locale)
          return [
            <>
              {name} <code class="muted">{member.id}</code>
            </>,
            t(`builder.types.${member.type}`),
            <div class="builder-element__actions">
              <a href={action(member.id)} class="button button--secondary builder-action">
                {t('builder.actions.edit')}
                <span class="visually-hidden"> {name}</span>
              </a>
              {i > 0 ? <ActionButton ctx={ctx} action={`${action(member.id)}/move`} name="direction" value="up" label={t('builder.actions.up')} context={name} /> : null}
              {i < group.fields.length - 1 ? <ActionButton ctx={ctx} action={`${action(member.id)}/move`} name="direction" value="down" label={t('builder.actions.down')} context={name} /> : null}
              {group.fields.length > 1 ? <ActionButton ctx={ctx} action={`${action(member.id)}/delete`} label={t('builder.actions.delete')} context={name} variant="warning" confirm={t('builder.actions.confirmDelete', { name })} /> : null}
            </div>,
          ]
        })}
      />
      <form method="post" action={`${base}/elements/${group.id}/members`} class="builder-add" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Select id="memberType" name="type" label={t('builder.element.addMember')} hint={t('builder.element.addMemberHint')} error={error} errorPrefix={t('builder.errorPrefix')} options={MEMBER_TYPES.map(type => ({ value: type, label: t(`builder.types.${type}`) }))} />
        <Button variant="secondary">{t('builder.actions.add')}</Button>
      </form>
    </section>
  )
}
