/** The procedure list (with "create" from blank or a template) and the import page. */
import type { PageContext } from '../../../platform/views/page-context.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { Button, ButtonLink, CsrfField, Radios, Table, Tag, TextArea, TextField } from '../../../platform/views/components/index.js'
import { localize } from '../form/localize.js'
import type { ProcedureTemplate } from '../templates/procedure-templates.js'
import type { StaffProcedureRow } from './builder-repository.js'
import { BackLink, BuilderPage, builderBase, valueOf, type FieldErrors, type SummaryItem } from './builder-views.js'
import type { FormValues } from './builder-form-values.js'
import { describeLocation, translateProblem, type DocumentProblem } from './builder-problems.js'

/** 下書き / 公開中(第N版) / 公開終了, and 未公開の変更あり: the text carries the state, the colour only repeats it. */
export function ProcedureStatusTags({ ctx, status, publishedVersion, hasUnpublishedChanges }: { ctx: PageContext; status: StaffProcedureRow['status']; publishedVersion: number | null | undefined; hasUnpublishedChanges: boolean }) {
  const { t } = ctx
  return (
    <span class="builder-status">
      {status === 'published' ? (
        <Tag tone="green">{t('builder.status.published', { version: publishedVersion ?? 0 })}</Tag>
      ) : status === 'archived' ? (
        <Tag tone="grey">{t('builder.status.archived')}</Tag>
      ) : (
        <Tag tone="blue">{t('builder.status.draft')}</Tag>
      )}
      {hasUnpublishedChanges ? <Tag tone="yellow">{t('builder.status.unpublishedChanges')}</Tag> : null}
    </span>
  )
}

export interface CreateForm {
  values: FormValues
  errors: FieldErrors
}

export function ProcedureListPage({ ctx, procedures, templates, create, notice, summary = [] }: { ctx: PageContext; procedures: StaffProcedureRow[]; templates: ProcedureTemplate[]; create?: CreateForm; notice?: string; summary?: SummaryItem[] }) {
  const { t } = ctx
  const base = builderBase(ctx)
  const values = create?.values ?? { source: 'blank' }
  const errors = create?.errors ?? {}
  const prefix = t('builder.errorPrefix')
  return (
    <BuilderPage ctx={ctx} title={t('builder.list.title')} notice={notice} errors={summary}>
      <h1>{t('builder.list.title')}</h1>
      <p class="lead">{t('builder.list.lead')}</p>
      {procedures.length === 0 ? (
        <p>{t('builder.list.empty')}</p>
      ) : (
        <Table
          caption={t('builder.list.caption')}
          head={[t('builder.list.name'), t('builder.list.status'), t('builder.list.updatedAt'), t('builder.list.actions')]}
          firstCellIsHeader
          rows={procedures.map(p => [
            <>
              <a href={`${base}/${p.id}`}>{localize(p.title, ctx.locale)}</a>
              <br />
              <code class="muted">{p.slug}</code>
            </>,
            <ProcedureStatusTags ctx={ctx} status={p.status} publishedVersion={p.publishedVersion} hasUnpublishedChanges={p.hasUnpublishedChanges} />,
            formatDateTime(p.draftUpdatedAt, ctx.locale),
            <ul class="list-plain builder-actions">
              <li>
                <a href={`${base}/${p.id}`}>
                  {t('builder.list.edit')}
                  <span class="visually-hidden"> {localize(p.title, ctx.locale)}</span>
                </a>
              </li>
              <li>
                <a href={`${base}/${p.id}/preview`}>
                  {t('builder.list.preview')}
                  <span class="visually-hidden"> {localize(p.title, ctx.locale)}</span>
                </a>
              </li>
              <li>
                <a href={`${base}/${p.id}/export`}>
                  {t('builder.list.export')}
                  <span class="visually-hidden"> {localize(p.title, ctx.locale)}</span>
                </a>
              </li>
            </ul>,
          ])}
        />
      )}

      <h2 id="create">{t('builder.create.heading')}</h2>
      <form method="post" action={base} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Radios
          name="source"
          legend={t('builder.create.source')}
          value={valueOf(values, 'source')}
          error={errors.source}
          errorPrefix={prefix}
          options={[
            { value: 'blank', label: t('builder.create.blank'), hint: t('builder.create.blankHint') },
            ...templates.map(template => ({
              value: template.slug,
              label: t('builder.create.fromTemplate', { title: localize(template.document.title, ctx.locale) }),
              hint: localize(template.document.summary, ctx.locale),
            })),
          ]}
        />
        <TextField name="titleJa" label={t('builder.create.title')} hint={t('builder.create.titleHint')} value={valueOf(values, 'titleJa')} error={errors.titleJa} errorPrefix={prefix} autocomplete="off" />
        <TextField name="slug" label={t('builder.settings.slug')} hint={t('builder.create.slugHint')} value={valueOf(values, 'slug')} error={errors.slug} errorPrefix={prefix} width="20" spellcheck={false} autocomplete="off" />
        <div class="button-group">
          <Button>{t('builder.create.submit')}</Button>
          <ButtonLink href={`${base}/import`} variant="secondary">
            {t('builder.import.link')}
          </ButtonLink>
        </div>
      </form>
    </BuilderPage>
  )
}

/** Import: a JSON file (multipart) or the JSON pasted (works everywhere, also without uploads). */
export function ImportPage({ ctx, values = {}, errors = {}, problems = [], source, summary = [] }: { ctx: PageContext; values?: FormValues; errors?: FieldErrors; problems?: DocumentProblem[]; source?: unknown; summary?: SummaryItem[] }) {
  const { t } = ctx
  const base = builderBase(ctx)
  const prefix = t('builder.errorPrefix')
  const problemItems = problems.map(p => ({ field: 'problems', message: translateProblem(p, t) }))
  return (
    <BuilderPage ctx={ctx} title={t('builder.import.title')} errors={[...summary, ...(problems.length > 0 ? [{ field: 'problems', message: t('builder.import.problemCount', { count: problems.length }) }] : [])]}>
      <BackLink href={base}>{t('builder.backToList')}</BackLink>
      <h1>{t('builder.import.title')}</h1>
      <p class="lead">{t('builder.import.lead')}</p>
      {problems.length > 0 ? (
        <section class="builder-problems" id="problems" tabindex={-1} aria-labelledby="problems-heading">
          <h2 id="problems-heading">{t('builder.import.problemsHeading', { count: problems.length })}</h2>
          <ol>
            {problems.map((p, i) => (
              <li>
                <span class="builder-problems__where">{describeLocation(p.path, source, t)}</span>
                {p.path.length > 0 ? <code class="builder-problems__path">{p.path.join('.')}</code> : null}
                <span class="builder-problems__message">{problemItems[i].message}</span>
              </li>
            ))}
          </ol>
          <p>{t('builder.import.nothingStored')}</p>
        </section>
      ) : null}
      <form method="post" action={`${base}/import`} enctype="multipart/form-data" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <div class={errors.file ? 'field field--error' : 'field'}>
          <label class="field__label" for="file">
            {t('builder.import.file')}
          </label>
          <p id="file-hint" class="field__hint">
            {t('builder.import.fileHint')}
          </p>
          {errors.file ? (
            <p id="file-error" class="field__error">
              <span class="visually-hidden">{prefix}</span>
              {errors.file}
            </p>
          ) : null}
          <input class="file-upload" type="file" id="file" name="file" accept="application/json,.json" aria-describedby={errors.file ? 'file-hint file-error' : 'file-hint'} aria-invalid={errors.file ? 'true' : undefined} />
        </div>
        <TextArea name="json" label={t('builder.import.paste')} hint={t('builder.import.pasteHint')} value={valueOf(values, 'json')} error={errors.json} errorPrefix={prefix} rows={8} />
        <TextField name="slug" label={t('builder.import.slug')} hint={t('builder.import.slugHint')} value={valueOf(values, 'slug')} error={errors.slug} errorPrefix={prefix} width="20" spellcheck={false} autocomplete="off" />
        <Button>{t('builder.import.submit')}</Button>
      </form>
    </BuilderPage>
  )
}
