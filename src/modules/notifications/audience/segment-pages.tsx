/** Segment pages: the list, the no-code form with the recipient count, the delete confirmation. */
import type { PageContext } from '../../../platform/views/page-context.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { Button, ButtonLink, Checkboxes, CsrfField, Radios, Select, Table, Tag, TextArea, TextField } from '../../../platform/views/components/index.js'
import { NOTICE_LANGUAGES } from '../notification-tables.js'
import type { FormValues } from './audience-form-values.js'
import { describeAreaProblem } from './audience-problems.js'
import { AudiencePage, audienceBase, BackLink, localName, valueOf, valuesOf, type FieldErrors, type SummaryItem } from './audience-views.js'
import type { GeometryProblem } from './district-geometry.js'
import type { DistrictView } from './district-repository.js'
import { AreaPickerMap } from './area-picker-map.js'
import { AGE_BANDS, ageBandKeyOf, MAX_ANSWER_CONDITIONS, type SegmentDefinition } from './segment-definition.js'
import { answerFields } from './segment-form.js'
import type { ProcedureChoice } from './segment-repository.js'
import type { SegmentSummary } from './segment-service.js'

/** The conditions of a segment in words, one line per kind. */
export function describeSegment(ctx: PageContext, definition: SegmentDefinition, districts: readonly DistrictView[]): string[] {
  const { t } = ctx
  const lines: string[] = []
  const separator = ctx.locale === 'en' ? ', ' : '・'
  if (definition.districtIds) {
    const names = definition.districtIds.map(id => districts.find(d => d.id === id)).map(d => (d ? localName(d.names, ctx.locale) : '?'))
    lines.push(`${t('audience.segments.districts')}: ${names.join(separator)}`)
  }
  if (definition.ageBands) {
    const bands = definition.ageBands.map(range => {
      const key = ageBandKeyOf(range)
      if (key) return t(`audience.segments.age.${key}`)
      return range.max === undefined ? t('audience.segments.ageFrom', { min: range.min }) : t('audience.segments.ageRange', { min: range.min, max: range.max })
    })
    lines.push(`${t('audience.segments.ages')}: ${bands.join(separator)}`)
  }
  if (definition.languages) lines.push(`${t('audience.segments.languages')}: ${definition.languages.map(l => t(`audience.languages.${l}`)).join(separator)}`)
  if (definition.householdHasChildren !== undefined) lines.push(definition.householdHasChildren ? t('audience.segments.childrenYes') : t('audience.segments.childrenNo'))
  for (const answer of definition.answers ?? []) lines.push(t('audience.segments.answerSummary', { procedure: answer.procedureSlug, field: answer.fieldKey, value: answer.equals }))
  if (definition.area) lines.push(t('audience.segments.areaSet'))
  return lines
}

export function SegmentListPage({ ctx, segments, districts, notice }: { ctx: PageContext; segments: SegmentSummary[]; districts: DistrictView[]; notice?: string }) {
  const { t } = ctx
  const base = `${audienceBase(ctx)}/segments`
  return (
    <AudiencePage ctx={ctx} title={t('audience.segments.title')} section="segments" notice={notice}>
      <h1>{t('audience.segments.title')}</h1>
      <p class="lead">{t('audience.segments.lead')}</p>
      {segments.length === 0 ? (
        <p>{t('audience.segments.empty')}</p>
      ) : (
        <Table
          caption={t('audience.segments.caption')}
          head={[t('audience.segments.name'), t('audience.segments.conditions'), t('audience.segments.updatedAt'), t('audience.actions')]}
          firstCellIsHeader
          rows={segments.map(segment => [
            segment.name,
            segment.definition ? (
              <ul class="list-plain">
                {describeSegment(ctx, segment.definition, districts).map(line => (
                  <li>{line}</li>
                ))}
              </ul>
            ) : (
              <Tag tone="red">{t('audience.segments.broken')}</Tag>
            ),
            formatDateTime(segment.updatedAt, ctx.locale),
            <a href={`${base}/${segment.id}`}>
              {t('audience.edit')}
              <span class="visually-hidden"> {segment.name}</span>
            </a>,
          ])}
        />
      )}
      <ButtonLink href={`${base}/new`}>{t('audience.segments.add')}</ButtonLink>
    </AudiencePage>
  )
}

export interface SegmentFormProps {
  ctx: PageContext
  /** the saved segment being edited; none when creating */
  segment?: { id: string; name: string }
  values: FormValues
  districts: DistrictView[]
  procedures: ProcedureChoice[]
  /** residents the shown conditions mean now (after "count" or for a saved segment) */
  count?: number
  errors?: FieldErrors
  summary?: SummaryItem[]
  areaProblems?: GeometryProblem[]
  notice?: string
}

export function SegmentFormPage({ ctx, segment, values, districts, procedures, count, errors = {}, summary = [], areaProblems = [], notice }: SegmentFormProps) {
  const { t } = ctx
  const base = `${audienceBase(ctx)}/segments`
  const prefix = t('audience.errorPrefix')
  const title = segment ? t('audience.segments.editTitle', { name: segment.name }) : t('audience.segments.newTitle')
  const procedureOptions = [{ value: '', label: t('audience.segments.answerNoProcedure') }, ...procedures.map(p => ({ value: p.slug, label: `${p.title[ctx.locale] ?? p.title.ja ?? p.slug} (${p.slug})` }))]
  return (
    <AudiencePage ctx={ctx} title={title} section="segments" errors={summary} notice={notice}>
      <BackLink href={base}>{t('audience.segments.back')}</BackLink>
      <h1>{title}</h1>
      {count !== undefined ? (
        <div class="notification-banner" role="status" aria-labelledby="segment-count-title">
          <h2 id="segment-count-title" class="notification-banner__title">
            {t('audience.segments.countTitle')}
          </h2>
          <div class="notification-banner__content">
            <p>
              <strong>{t('audience.segments.count', { count })}</strong>
            </p>
            <p class="muted">{t('audience.segments.countHint')}</p>
          </div>
        </div>
      ) : null}
      <form method="post" action={segment ? `${base}/${segment.id}` : `${base}/new`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="name" label={t('audience.segments.name')} hint={t('audience.segments.nameHint')} value={valueOf(values, 'name')} error={errors.name} errorPrefix={prefix} required requiredLabel={t('audience.form.requiredMark')} autocomplete="off" />

        <h2 id="conditions" tabindex={-1}>
          {t('audience.segments.conditions')}
        </h2>
        <p class="field__hint">{t('audience.segments.conditionsHint')}</p>
        {errors.conditions ? (
          <p class="field__error">
            <span class="visually-hidden">{prefix}</span>
            {errors.conditions}
          </p>
        ) : null}

        {districts.length > 0 ? (
          <Checkboxes
            name="districtIds"
            legend={t('audience.segments.districts')}
            hint={t('audience.segments.districtsHint')}
            values={valuesOf(values, 'districtIds')}
            error={errors.districtIds}
            errorPrefix={prefix}
            options={districts.map(d => ({ value: d.id, label: `${localName(d.names, ctx.locale)} (${d.code})` }))}
          />
        ) : (
          <p id="districtIds">
            {t('audience.segments.noDistricts')} <a href={`${audienceBase(ctx)}/districts/import`}>{t('audience.districts.import')}</a>
          </p>
        )}

        <Checkboxes
          name="ageBands"
          legend={t('audience.segments.ages')}
          hint={t('audience.segments.agesHint')}
          values={valuesOf(values, 'ageBands')}
          error={errors.ageBands}
          errorPrefix={prefix}
          options={AGE_BANDS.map(band => ({ value: band.key, label: t(`audience.segments.age.${band.key}`) }))}
        />

        <Checkboxes
          name="languages"
          legend={t('audience.segments.languages')}
          hint={t('audience.segments.languagesHint')}
          values={valuesOf(values, 'languages')}
          error={errors.languages}
          errorPrefix={prefix}
          options={NOTICE_LANGUAGES.map(language => ({ value: language, label: t(`audience.languages.${language}`) }))}
        />

        <Radios
          name="householdHasChildren"
          legend={t('audience.segments.children')}
          hint={t('audience.segments.childrenHint')}
          value={valueOf(values, 'householdHasChildren') || 'any'}
          error={errors.householdHasChildren}
          errorPrefix={prefix}
          options={[
            { value: 'any', label: t('audience.segments.childrenAny') },
            { value: 'yes', label: t('audience.segments.childrenYes') },
            { value: 'no', label: t('audience.segments.childrenNo') },
          ]}
        />

        <h3>{t('audience.segments.answers')}</h3>
        <p class="field__hint">{t('audience.segments.answersHint')}</p>
        {Array.from({ length: MAX_ANSWER_CONDITIONS }, (_, index) => {
          const n = index + 1
          const names = answerFields(n)
          return (
            <fieldset class="fieldset">
              <legend class="fieldset__legend">{t('audience.segments.answerRow', { n })}</legend>
              <Select name={names.procedure} label={t('audience.segments.answerProcedure')} options={procedureOptions} value={valueOf(values, names.procedure)} error={errors[names.procedure]} errorPrefix={prefix} />
              <TextField name={names.field} label={t('audience.segments.answerField')} hint={n === 1 ? t('audience.segments.answerFieldHint') : undefined} value={valueOf(values, names.field)} error={errors[names.field]} errorPrefix={prefix} width="20" spellcheck={false} autocomplete="off" />
              <TextField name={names.value} label={t('audience.segments.answerValue')} hint={n === 1 ? t('audience.segments.answerValueHint') : undefined} value={valueOf(values, names.value)} error={errors[names.value]} errorPrefix={prefix} width="20" autocomplete="off" />
            </fieldset>
          )
        })}

        <TextArea name="area" label={t('audience.segments.area')} hint={t('audience.segments.areaHint')} value={valueOf(values, 'area')} error={errors.area} errorPrefix={prefix} rows={4} />
        {areaProblems.length > 0 ? (
          <ul class="builder-problems" aria-label={t('audience.segments.problems.areaInvalid')}>
            {areaProblems.map(problem => (
              <li>{describeAreaProblem(problem, t)}</li>
            ))}
          </ul>
        ) : null}
        {districts.length > 0 ? <AreaPicker ctx={ctx} /> : null}

        <div class="button-group">
          {/* first, so Enter in a text field counts rather than saves */}
          <Button variant="secondary" name="action" value="count">
            {t('audience.segments.preview')}
          </Button>
          <Button name="action" value="save">
            {t('audience.segments.save')}
          </Button>
        </div>
      </form>
      {segment ? (
        <p>
          <a href={`${base}/${segment.id}/delete`}>{t('audience.segments.deleteLink')}</a>
        </p>
      ) : null}
    </AudiencePage>
  )
}

/**
 * The map for the area and the district checkboxes, drawn by public/notice-area-picker.js (the
 * compose page's picker): hidden until it loads, so without JavaScript the fields are the form.
 * The textarea `area` and the `districtIds` checkboxes stay what is posted.
 */
function AreaPicker({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <>
      <AreaPickerMap
        ctx={ctx}
        geojsonField="area"
        districtField="districtIds"
        districtsUrl={`${audienceBase(ctx)}/districts.geojson`}
        helpId="segment-area-picker-help"
        label={t('audience.map.label')}
        help={t('audience.map.help')}
      />
      <script src="/static/notice-area-picker.js" type="module"></script>
    </>
  )
}

export function SegmentDeletePage({ ctx, segment, waitingNotices }: { ctx: PageContext; segment: { id: string; name: string }; waitingNotices?: number }) {
  const { t } = ctx
  const base = `${audienceBase(ctx)}/segments`
  const title = t('audience.segments.deleteTitle', { name: segment.name })
  const refusal = waitingNotices ? t('audience.segments.inUse', { count: waitingNotices }) : undefined
  return (
    <AudiencePage ctx={ctx} title={title} section="segments" errors={refusal ? [{ field: 'delete', message: refusal }] : []}>
      <BackLink href={`${base}/${segment.id}`}>{t('audience.segments.back')}</BackLink>
      <h1>{title}</h1>
      {refusal ? (
        <p id="delete">{refusal}</p>
      ) : (
        <>
          <p>{t('audience.segments.deleteLead')}</p>
          <form method="post" action={`${base}/${segment.id}/delete`} id="delete">
            <CsrfField token={ctx.csrfToken} />
            <div class="button-group">
              <Button variant="warning">{t('audience.segments.deleteConfirm')}</Button>
              <ButtonLink href={`${base}/${segment.id}`} variant="secondary">
                {t('audience.cancel')}
              </ButtonLink>
            </div>
          </form>
        </>
      )}
    </AudiencePage>
  )
}
