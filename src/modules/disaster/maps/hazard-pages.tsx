/** Staff pages of the maps area: the layers with their actions, and the upload form. */
import type { Child } from 'hono/jsx'
import type { Locale } from '../../../platform/i18n/i18n.js'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { StaffNav } from '../../../platform/views/staff-nav.js'
import { Button, ButtonLink, Checkboxes, CsrfField, ErrorSummary, NotificationBanner, Radios, Table, Tag, TextArea, TextField } from '../../../platform/views/components/index.js'
import { LAYER_COLOURS, LAYER_KINDS, type HazardLayerSummary, type LayerTexts } from './hazard-tables.js'

export const mapsPath = (ctx: PageContext, path = '') => `/${ctx.tenant?.slug ?? ''}/staff/disaster/hazard-maps${path}`

export function layerText(texts: Partial<LayerTexts>, locale: Locale): string {
  return (locale === 'en' ? texts.en : locale === 'ja-easy' ? texts['ja-easy'] : undefined) || texts.ja || ''
}

function MapsLayout({ ctx, title, children, errors = [], notice, isRoot }: { ctx: PageContext; title: string; children: Child; errors?: { field: string; message: string }[]; notice?: string; isRoot?: boolean }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('common.errorPrefix')} ${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      <nav class="breadcrumbs" aria-label={t('disaster.maps.breadcrumbs')}>
        <ol>
          <li>
            <a href={`/${ctx.tenant?.slug ?? ''}/staff/disaster/shelters`}>{t('disaster.shelters.staffTitle')}</a>
          </li>
          {isRoot ? null : (
            <li>
              <a href={mapsPath(ctx)}>{t('disaster.maps.title')}</a>
            </li>
          )}
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      <ErrorSummary title={t('common.errorSummary')} errors={errors} />
      {notice ? (
        <NotificationBanner title={t('disaster.shelters.doneTitle')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      ) : null}
      {children}
    </Layout>
  )
}

export function LayerListPage({ ctx, layers, notice }: { ctx: PageContext; layers: HazardLayerSummary[]; notice?: string }) {
  const { t, locale } = ctx
  const title = t('disaster.maps.title')
  return (
    <MapsLayout ctx={ctx} title={title} notice={notice} isRoot>
      <h1>{title}</h1>
      <p class="lead">{t('disaster.maps.lead')}</p>
      <div class="button-group">
        <ButtonLink href={mapsPath(ctx, '/new')}>{t('disaster.maps.upload')}</ButtonLink>
      </div>
      {layers.length === 0 ? (
        <p>{t('disaster.maps.empty')}</p>
      ) : (
        <Table
          caption={t('disaster.maps.caption', { count: layers.length })}
          head={[t('disaster.maps.name'), t('disaster.maps.kind'), t('disaster.maps.colour'), t('disaster.maps.features'), t('disaster.maps.state'), t('disaster.maps.actions')]}
          firstCellIsHeader
          numericColumns={[3]}
          rows={layers.map(layer => {
            const name = layerText(layer.names, locale)
            return [
              name,
              t(`disaster.maps.kinds.${layer.kind}`),
              t(`disaster.maps.colours.${layer.colour}`),
              String(layer.featureCount),
              layer.isPublished ? <Tag tone="green">{t('disaster.maps.published')}</Tag> : <Tag tone="grey">{t('disaster.maps.draft')}</Tag>,
              <div class="button-group">
                <form method="post" action={mapsPath(ctx, `/${layer.id}/${layer.isPublished ? 'unpublish' : 'publish'}`)} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="link-button">
                    {t(layer.isPublished ? 'disaster.maps.unpublish' : 'disaster.maps.publish')}
                    <span class="visually-hidden"> {name}</span>
                  </button>
                </form>
                <form method="post" action={mapsPath(ctx, `/${layer.id}/delete`)} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="link-button">
                    {t('disaster.maps.delete')}
                    <span class="visually-hidden"> {name}</span>
                  </button>
                </form>
              </div>,
            ]
          })}
        />
      )}
    </MapsLayout>
  )
}

export function UploadLayerPage({ ctx, values = {}, problems = {} }: { ctx: PageContext; values?: Record<string, string>; problems?: Record<string, string> }) {
  const { t } = ctx
  const title = t('disaster.maps.uploadTitle')
  const errors = Object.entries(problems).map(([field, message]) => ({ field, message }))
  return (
    <MapsLayout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      <p class="lead">{t('disaster.maps.uploadLead')}</p>
      <form method="post" action={mapsPath(ctx)} enctype="multipart/form-data" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <div class={problems.file ? 'field field--error' : 'field'}>
          <label for="file" class="field__label">
            {t('disaster.maps.file')}
          </label>
          <p id="file-hint" class="field__hint">
            {t('disaster.maps.fileHint')}
          </p>
          {problems.file ? (
            <p id="file-error" class="field__error">
              <span class="visually-hidden">{t('common.errorPrefix')}</span>
              {problems.file}
            </p>
          ) : null}
          <input id="file" name="file" type="file" class="file-upload" accept=".geojson,.json,application/geo+json,application/json" aria-describedby={problems.file ? 'file-hint file-error' : 'file-hint'} aria-invalid={problems.file ? 'true' : undefined} />
        </div>
        <Radios name="kind" legend={t('disaster.maps.kind')} value={values.kind ?? ''} error={problems.kind} options={LAYER_KINDS.map(kind => ({ value: kind, label: t(`disaster.maps.kinds.${kind}`) }))} />
        <TextField name="nameJa" label={t('disaster.maps.nameJa')} value={values.nameJa ?? ''} error={problems.nameJa} />
        <TextField name="nameEasy" label={t('disaster.maps.nameEasy')} value={values.nameEasy ?? ''} error={problems.nameEasy} />
        <TextField name="nameEn" label={t('disaster.maps.nameEn')} value={values.nameEn ?? ''} error={problems.nameEn} />
        <TextArea name="descriptionJa" label={t('disaster.maps.descriptionJa')} hint={t('disaster.maps.descriptionHint')} value={values.descriptionJa ?? ''} error={problems.descriptionJa} rows={3} />
        <TextArea name="descriptionEasy" label={t('disaster.maps.descriptionEasy')} value={values.descriptionEasy ?? ''} error={problems.descriptionEasy} rows={3} />
        <TextArea name="descriptionEn" label={t('disaster.maps.descriptionEn')} value={values.descriptionEn ?? ''} error={problems.descriptionEn} rows={3} />
        <Radios name="colour" legend={t('disaster.maps.colour')} hint={t('disaster.maps.colourHint')} value={values.colour ?? ''} error={problems.colour} options={Object.keys(LAYER_COLOURS).map(colour => ({ value: colour, label: t(`disaster.maps.colours.${colour}`) }))} />
        <Checkboxes name="publish" legend={t('disaster.maps.publishLegend')} values={values.publish ? ['1'] : []} options={[{ value: '1', label: t('disaster.maps.publishNow') }]} />
        <Button>{t('disaster.maps.uploadSubmit')}</Button>
      </form>
    </MapsLayout>
  )
}
