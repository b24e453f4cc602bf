import type { PageContext } from '../../platform/views/page-context.js'
import { Button, CsrfField, Table, TextField } from '../../platform/views/components/index.js'
import { errorSummaryItems, type FieldErrors } from './admin-forms.js'
import { ConsolePage } from './admin-views.js'
import type { DepartmentRow } from './department-repository.js'

export interface DepartmentForm {
  code?: string
  name?: string
  nameEn?: string
}

function base(ctx: PageContext) {
  return `/${ctx.tenant?.slug}/staff/admin/departments`
}

/** The list of departments and the form to add one. */
export function DepartmentsPage({ ctx, departments, form = {}, errors = {}, notice }: { ctx: PageContext; departments: DepartmentRow[]; form?: DepartmentForm; errors?: FieldErrors; notice?: string }) {
  const { t } = ctx
  const prefix = t('common.errorPrefix')
  return (
    <ConsolePage ctx={ctx} title={t('admin.departments.title')} notice={notice} errors={errorSummaryItems(errors, ['code', 'name', 'nameEn'])}>
      <h1>{t('admin.departments.title')}</h1>
      <p>{t('admin.departments.lead')}</p>
      {departments.length === 0 ? (
        <p>{t('admin.departments.empty')}</p>
      ) : (
        <Table
          caption={t('admin.departments.listCaption')}
          head={[t('admin.departments.code'), t('admin.departments.name'), t('admin.departments.nameEn'), '']}
          firstCellIsHeader
          rows={departments.map(d => [
            <code>{d.code}</code>,
            d.name,
            d.nameEn || '—',
            <a href={`${base(ctx)}/${d.id}`}>
              {t('admin.departments.rename')}
              <span class="visually-hidden"> {d.name}</span>
            </a>,
          ])}
        />
      )}
      <h2>{t('admin.departments.createHeading')}</h2>
      <form method="post" action={base(ctx)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="code" label={t('admin.departments.code')} hint={t('admin.departments.codeHint')} value={form.code} error={errors.code} errorPrefix={prefix} width="20" spellcheck={false} autocomplete="off" />
        <TextField name="name" label={t('admin.departments.name')} value={form.name} error={errors.name} errorPrefix={prefix} autocomplete="off" />
        <TextField name="nameEn" label={t('admin.departments.nameEn')} hint={t('admin.departments.nameEnHint')} value={form.nameEn} error={errors.nameEn} errorPrefix={prefix} autocomplete="off" />
        <Button variant="primary">{t('admin.departments.create')}</Button>
      </form>
    </ConsolePage>
  )
}

/** Renaming one department; the code stays. */
export function RenameDepartmentPage({ ctx, department, form, errors = {} }: { ctx: PageContext; department: DepartmentRow; form?: DepartmentForm; errors?: FieldErrors }) {
  const { t } = ctx
  const prefix = t('common.errorPrefix')
  const values = form ?? { name: department.name, nameEn: department.nameEn }
  return (
    <ConsolePage ctx={ctx} title={t('admin.departments.renameTitle', { code: department.code })} errors={errorSummaryItems(errors, ['name', 'nameEn'])}>
      <p>
        <a href={base(ctx)} class="back-link">
          {t('admin.departments.back')}
        </a>
      </p>
      <h1>{t('admin.departments.renameTitle', { code: department.code })}</h1>
      <form method="post" action={`${base(ctx)}/${department.id}`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="name" label={t('admin.departments.name')} value={values.name} error={errors.name} errorPrefix={prefix} autocomplete="off" />
        <TextField name="nameEn" label={t('admin.departments.nameEn')} hint={t('admin.departments.nameEnHint')} value={values.nameEn} error={errors.nameEn} errorPrefix={prefix} autocomplete="off" />
        <Button variant="primary">{t('common.save')}</Button>
      </form>
    </ConsolePage>
  )
}
