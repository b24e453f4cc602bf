/**
 * The builder's main page: settings at a glance, pages and their elements (each with edit, move
 * up / down and delete — the keyboard path; form-builder.js adds drag and drop on top), fee
 * summary, publishing and the version history.
 */
import type { PageContext } from '../../../platform/views/page-context.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { Button, ButtonLink, CsrfField, Select, SummaryList, Table, Tag, TextField } from '../../../platform/views/components/index.js'
import { FIELD_TYPES, listFields, type FormElement, type FormPage, type ProcedureDocument } from '../form/form-definition.js'
import { localize } from '../form/localize.js'
import type { DepartmentOption } from './builder-repository.js'
import type { BuilderView } from './builder-service.js'
import { ProcedureStatusTags } from './builder-list-pages.js'
import { BackLink, BuilderPage, builderBase, describeCondition, type FieldErrors, type SummaryItem } from './builder-views.js'

/** Element types in the order the "add" select offers them. */
export const ADDABLE_TYPES = [...FIELD_TYPES, 'heading', 'paragraph'] as const

export function canAddMyNumber(doc: ProcedureDocument): boolean {
  return doc.myNumberAllowed && Boolean(doc.legalBasis)
}

function elementText(element: FormElement, ctx: PageContext): string {
  return localize('label' in element ? element.label : element.text, ctx.locale)
}

/** One small POST form holding one button (move, delete, publish…). */
export function ActionButton({ ctx, action, label, context, name, value, variant = 'secondary', confirm }: { ctx: PageContext; action: string; label: string; context?: string; name?: string; value?: string; variant?: 'secondary' | 'warning' | 'primary'; confirm?: string }) {
  return (
    <form method="post" action={action} class="action-form" data-confirm={confirm}>
      <CsrfField token={ctx.csrfToken} />
      {name ? <input type="hidden" name={name} value={value ?? ''} /> : null}
      <button type="submit" class={`button button--${variant} builder-action`}>
        {label}
        {context ? <span class="visually-hidden"> {context}</span> : null}
      </button>
    </form>
  )
}

function ElementRow({ ctx, base, element, fields, isFirst, isLast }: { ctx: PageContext; base: string; element: FormElement; fields: ReturnType<typeof listFields>; isFirst: boolean; isLast: boolean }) {
  const { t } = ctx
  const text = elementText(element, ctx)
  const action = `${base}/elements/${element.id}`
  const condition = describeCondition(element.showIf, fields, ctx)
  return (
    <li class="builder-element" id={`element-${element.id}`} data-sortable-item data-move-action={`${action}/move`}>
      <div class="builder-element__body">
        <span class="builder-drag-handle" aria-hidden="true" hidden>
          ⋮⋮
        </span>
        <div>
          <p class="builder-element__title">
            <Tag tone="grey">{t(`builder.types.${element.type}`)}</Tag> <strong>{text}</strong> <code class="muted">{element.id}</code>
            {'required' in element && element.required ? <> <Tag tone="red">{t('builder.form.requiredMark')}</Tag></> : null}
          </p>
          {condition ? <p class="builder-element__condition">{condition}</p> : null}
          {element.type === 'repeatingGroup' ? (
            <p class="builder-element__members">{t('builder.overview.members', { members: element.fields.map(f => localize(f.label, ctx.locale)).join('、') })}</p>
          ) : null}
        </div>
      </div>
      <div class="builder-element__actions">
        <a href={action} class="button button--secondary builder-action">
          {t('builder.actions.edit')}
          <span class="visually-hidden"> {text}</span>
        </a>
        {isFirst ? null : <ActionButton ctx={ctx} action={`${action}/move`} name="direction" value="up" label={t('builder.actions.up')} context={text} />}
        {isLast ? null : <ActionButton ctx={ctx} action={`${action}/move`} name="direction" value="down" label={t('builder.actions.down')} context={text} />}
        <ActionButton ctx={ctx} action={`${action}/delete`} label={t('builder.actions.delete')} context={text} variant="warning" confirm={t('builder.actions.confirmDelete', { name: text })} />
      </div>
    </li>
  )
}

function PageSection({ ctx, base, doc, page, index, fields, newElement }: { ctx: PageContext; base: string; doc: ProcedureDocument; page: FormPage; index: number; fields: ReturnType<typeof listFields>; newElement?: { pageId: string; error?: string } }) {
  const { t } = ctx
  const pages = doc.form.pages
  const title = localize(page.title, ctx.locale)
  const pageAction = `${base}/pages/${page.id}`
  const condition = describeCondition(page.showIf, fields, ctx)
  const typeSelectId = `type-${page.id}`
  const allowMyNumber = canAddMyNumber(doc)
  const error = newElement?.pageId === page.id ? newElement.error : undefined
  return (
    <section class="builder-page" id={`page-${page.id}`} aria-labelledby={`page-${page.id}-title`} data-sortable-item data-move-action={`${pageAction}/move`}>
      <div class="builder-page__header">
        <span class="builder-drag-handle" aria-hidden="true" hidden>
          ⋮⋮
        </span>
        <h3 id={`page-${page.id}-title`} class="builder-page__title">
          {t('builder.overview.pageTitle', { n: index + 1, title })} <code class="muted">{page.id}</code>
        </h3>
      </div>
      {condition ? <p class="builder-element__condition">{condition}</p> : null}
      <div class="builder-page__actions">
        <a href={pageAction} class="button button--secondary builder-action">
          {t('builder.actions.editPage')}
          <span class="visually-hidden"> {title}</span>
        </a>
        {index === 0 ? null : <ActionButton ctx={ctx} action={`${pageAction}/move`} name="direction" value="up" label={t('builder.actions.up')} context={title} />}
        {index === pages.length - 1 ? null : <ActionButton ctx={ctx} action={`${pageAction}/move`} name="direction" value="down" label={t('builder.actions.down')} context={title} />}
        {pages.length > 1 ? <ActionButton ctx={ctx} action={`${pageAction}/delete`} label={t('builder.actions.deletePage')} context={title} variant="warning" confirm={t('builder.actions.confirmDelete', { name: title })} /> : null}
      </div>
      {page.elements.length === 0 ? <p class="muted">{t('builder.overview.noElements')}</p> : null}
      <ol class="builder-elements" data-sortable="elements" data-page-id={page.id} aria-label={t('builder.overview.elementsOf', { title })}>
        {page.elements.map((element, i) => (
          <ElementRow ctx={ctx} base={base} element={element} fields={fields} isFirst={index === 0 && i === 0} isLast={index === pages.length - 1 && i === page.elements.length - 1} />
        ))}
      </ol>
      <form method="post" action={`${pageAction}/elements`} class="builder-add" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Select
          id={typeSelectId}
          name="type"
          label={t('builder.overview.addElement', { title })}
          options={ADDABLE_TYPES.filter(type => type !== 'myNumber' || allowMyNumber).map(type => ({ value: type, label: t(`builder.types.${type}`) }))}
          error={error}
          errorPrefix={t('builder.errorPrefix')}
        />
        <Button variant="secondary">{t('builder.actions.add')}</Button>
      </form>
    </section>
  )
}

export interface OverviewProps {
  ctx: PageContext
  view: BuilderView
  departments: DepartmentOption[]
  notice?: string
  summary?: SummaryItem[]
  /** the add-page form after an error */
  newPage?: { titleJa: string; errors: FieldErrors }
  /** the add-element select that failed (My Number without permission) */
  newElement?: { pageId: string; error?: string }
}

export function BuilderOverviewPage({ ctx, view, departments, notice, summary = [], newPage, newElement }: OverviewProps) {
  const { t } = ctx
  const doc = view.document
  const id = view.procedure.id
  const base = `${builderBase(ctx)}/${id}`
  const title = localize(doc.title, ctx.locale)
  const fields = listFields(doc.form)
  const department = departments.find(d => d.code === doc.departmentCode)
  const yesNo = (value: boolean) => t(value ? 'builder.yes' : 'builder.no')
  // published and the draft is the same: nothing to publish (an archived one can be published again)
  const isUpToDate = view.procedure.status === 'published' && !view.hasUnpublishedChanges
  return (
    <BuilderPage ctx={ctx} title={t('builder.overview.title', { title })} notice={notice} errors={summary}>
      <BackLink href={builderBase(ctx)}>{t('builder.backToList')}</BackLink>
      <p class="page-caption">{t('builder.overview.caption')}</p>
      <h1>{title}</h1>
      <p>
        <ProcedureStatusTags ctx={ctx} status={view.procedure.status} publishedVersion={view.publishedVersion} hasUnpublishedChanges={view.hasUnpublishedChanges} />
      </p>
      <div class="button-group">
        <ButtonLink href={`${base}/preview`} variant="secondary">
          {t('builder.actions.preview')}
        </ButtonLink>
        <ButtonLink href={`${base}/export`} variant="secondary">
          {t('builder.actions.exportDraft')}
        </ButtonLink>
      </div>

      <h2>{t('builder.overview.settingsHeading')}</h2>
      <SummaryList
        rows={[
          { key: t('builder.settings.slug'), value: <code>{doc.slug}</code> },
          { key: t('builder.settings.category'), value: t(`builder.categories.${doc.category}`) },
          { key: t('builder.settings.identityLevel'), value: t(`builder.identityLevels.${doc.identityLevel}`) },
          { key: t('builder.settings.department'), value: department ? `${ctx.locale === 'en' && department.nameEn ? department.nameEn : department.name} (${department.code})` : doc.departmentCode ?? t('builder.settings.noDepartment') },
          { key: t('builder.settings.processingDays'), value: t('builder.overview.days', { days: doc.processingDays }) },
          { key: t('builder.settings.approvalSteps'), value: t('builder.overview.steps', { steps: doc.approvalSteps }) },
          { key: t('builder.settings.myNumberAllowed'), value: doc.myNumberAllowed ? `${yesNo(true)}(${doc.legalBasis ?? ''})` : yesNo(false) },
        ]}
      />
      <p>
        <a href={`${base}/settings`}>{t('builder.overview.editSettings')}</a>
      </p>

      <h2 id="pages">{t('builder.overview.pagesHeading')}</h2>
      <p>{t('builder.overview.pagesLead')}</p>
      <p class="builder-dnd-hint muted" hidden>
        {t('builder.overview.dragHint')}
      </p>
      <p class="visually-hidden" role="status" data-builder-status></p>
      <div class="builder-pages" data-sortable="pages" data-csrf={ctx.csrfToken} data-moving-label={t('builder.overview.moving')}>
        {doc.form.pages.map((page, index) => (
          <PageSection ctx={ctx} base={base} doc={doc} page={page} index={index} fields={fields} newElement={newElement} />
        ))}
      </div>
      {canAddMyNumber(doc) ? null : <p class="builder-rule">{t('builder.overview.myNumberRule')}</p>}

      <h3>{t('builder.overview.addPageHeading')}</h3>
      <form method="post" action={`${base}/pages`} class="builder-add" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField id="newPageTitle" name="titleJa" label={t('builder.overview.newPageTitle')} value={newPage?.titleJa ?? ''} error={newPage?.errors.titleJa} errorPrefix={t('builder.errorPrefix')} autocomplete="off" />
        <Button variant="secondary">{t('builder.actions.addPage')}</Button>
      </form>

      <h2>{t('builder.overview.declarationHeading')}</h2>
      <p class="builder-quote">{localize(doc.form.declaration, ctx.locale)}</p>
      <p>
        <a href={`${base}/settings#declarationJa`}>{t('builder.overview.editDeclaration')}</a>
      </p>

      <h2>{t('builder.overview.feeHeading')}</h2>
      {doc.fee ? (
        <ul>
          {doc.fee.items.map(item => (
            <li>
              {t(item.quantityField ? 'builder.fee.itemLineQuantity' : 'builder.fee.itemLine', {
                label: localize(item.label, ctx.locale),
                yen: item.unitYen.toLocaleString('ja-JP'),
                field: item.quantityField ?? '',
              })}
            </li>
          ))}
          {doc.fee.exemptions.length > 0 ? <li>{t('builder.fee.exemptionCount', { count: doc.fee.exemptions.length })}</li> : null}
        </ul>
      ) : (
        <p>{t('builder.fee.none')}</p>
      )}
      <p>
        <a href={`${base}/fee`}>{t('builder.overview.editFee')}</a>
      </p>

      <h2 id="publish">{t('builder.overview.publishHeading')}</h2>
      {isUpToDate ? (
        <p>{t('builder.overview.upToDate', { version: view.publishedVersion ?? 0 })}</p>
      ) : (
        <p>{t(view.publishedVersion ? 'builder.overview.publishLeadNext' : 'builder.overview.publishLeadFirst', { version: (view.versions[0]?.version ?? 0) + 1 })}</p>
      )}
      <div class="button-group">
        {isUpToDate ? null : <ActionButton ctx={ctx} action={`${base}/publish`} label={t('builder.actions.publish')} variant="primary" />}
        {view.procedure.status === 'published' ? <ActionButton ctx={ctx} action={`${base}/archive`} label={t('builder.actions.archive')} variant="warning" confirm={t('builder.actions.confirmArchive')} /> : null}
      </div>

      <h2>{t('builder.overview.versionsHeading')}</h2>
      {view.versions.length === 0 ? (
        <p>{t('builder.overview.noVersions')}</p>
      ) : (
        <Table
          caption={t('builder.overview.versionsCaption')}
          head={[t('builder.overview.version'), t('builder.overview.publishedAt'), t('builder.overview.publishedBy'), t('builder.overview.versionFile')]}
          firstCellIsHeader
          rows={view.versions.map(v => [
            t('builder.overview.versionNumber', { version: v.version }),
            formatDateTime(v.publishedAt, ctx.locale),
            v.publishedByName ?? '—',
            <a href={`${base}/export?version=${v.version}`}>
              {t('builder.overview.downloadVersion')}
              <span class="visually-hidden"> {t('builder.overview.versionNumber', { version: v.version })}</span>
            </a>,
          ])}
        />
      )}
      <script src="/static/form-builder.js" type="module"></script>
    </BuilderPage>
  )
}
