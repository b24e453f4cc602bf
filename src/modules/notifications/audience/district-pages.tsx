/** District pages: the list (a table, and a map as an enhancement) and the GeoJSON import. */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, CsrfField, Table, TextArea } from '../../../platform/views/components/index.js'
import { describeDistrictProblemLocation, describeProblemMessage } from './audience-problems.js'
import { AudiencePage, audienceBase, BackLink, valueOf, type FieldErrors, type SummaryItem } from './audience-views.js'
import type { DistrictProblem } from './district-geojson.js'
import type { DistrictView } from './district-repository.js'
import type { FormValues } from './audience-form-values.js'

/** Tiles the map enhancement shows (国土地理院 standard map; the CSP allows this host). */
import { mapTiles } from '../../../platform/views/map-tiles.js'

const coordinate = (value: number) => value.toFixed(5)

export function DistrictListPage({ ctx, districts, residents, notice, errors = [] }: { ctx: PageContext; districts: DistrictView[]; residents: Map<string, number>; notice?: string; errors?: SummaryItem[] }) {
  const { t } = ctx
  const base = `${audienceBase(ctx)}/districts`
  return (
    <AudiencePage ctx={ctx} title={t('audience.districts.title')} section="districts" notice={notice} errors={errors}>
      <h1>{t('audience.districts.title')}</h1>
      <p class="lead">{t('audience.districts.lead')}</p>
      <div class="button-group">
        <ButtonLink href={`${base}/import`}>{t('audience.districts.import')}</ButtonLink>
        {districts.length > 0 ? (
          <ButtonLink href={`${base}.geojson`} variant="secondary">
            {t('audience.districts.download')}
          </ButtonLink>
        ) : null}
      </div>
      {districts.length === 0 ? (
        <p>{t('audience.districts.empty')}</p>
      ) : (
        <>
          {/* shown by /static/notifications-district-map.js when Leaflet loads; the table below is the page without it */}
          <div
            id="district-map"
            class="district-map"
            hidden
            role="region"
            aria-label={t('audience.districts.mapLabel')}
            data-district-map={`${base}.geojson`}
            data-tile-url={mapTiles().url}
            data-attribution={t('audience.districts.mapAttribution')}
            data-attribution-url={mapTiles().attributionUrl}
            data-locale={ctx.locale}
          ></div>
          <script src="/static/notifications-district-map.js" type="module"></script>
          <Table
            caption={`${t('audience.districts.caption')}(${t('audience.districts.count', { count: districts.length })})`}
            head={[t('audience.districts.name'), t('audience.districts.code'), t('audience.districts.nameEasy'), t('audience.districts.nameEn'), t('audience.districts.residents'), t('audience.districts.extent'), t('audience.actions')]}
            firstCellIsHeader
            numericColumns={[4]}
            rows={districts.map(d => [
              d.names.ja,
              <code>{d.code}</code>,
              d.names['ja-easy'] ?? '',
              d.names.en ? <span lang="en">{d.names.en}</span> : '',
              t('audience.people', { count: residents.get(d.id) ?? 0 }),
              d.bbox ? `${coordinate(d.bbox[1])}, ${coordinate(d.bbox[0])} 〜 ${coordinate(d.bbox[3])}, ${coordinate(d.bbox[2])}` : t('audience.districts.noBoundary'),
              <form method="post" action={`${base}/${d.id}/delete`} class="inline-form" id={`delete-${d.id}`}>
                <CsrfField token={ctx.csrfToken} />
                <button type="submit" class="link-button">
                  {t('audience.delete')}
                  <span class="visually-hidden"> {d.names.ja}</span>
                </button>
              </form>,
            ])}
          />
        </>
      )}
    </AudiencePage>
  )
}

/** Upload or paste; after a refused import, every problem located, and nothing stored. */
export function DistrictImportPage({ ctx, values = {}, errors = {}, summary = [], problems = [] }: { ctx: PageContext; values?: FormValues; errors?: FieldErrors; summary?: SummaryItem[]; problems?: DistrictProblem[] }) {
  const { t } = ctx
  const base = `${audienceBase(ctx)}/districts`
  const prefix = t('audience.errorPrefix')
  const title = t('audience.districts.importTitle')
  const allErrors = [...summary, ...(problems.length > 0 ? [{ field: 'problems', message: t('audience.districts.problemCount', { count: problems.length }) }] : [])]
  return (
    <AudiencePage ctx={ctx} title={title} section="districts" errors={allErrors}>
      <BackLink href={base}>{t('audience.districts.back')}</BackLink>
      <h1>{title}</h1>
      <p class="lead">{t('audience.districts.importLead')}</p>
      {problems.length > 0 ? (
        <section class="builder-problems" id="problems" tabindex={-1} aria-labelledby="problems-heading">
          <h2 id="problems-heading">{t('audience.districts.problemsHeading', { count: problems.length })}</h2>
          <ol>
            {problems.map(problem => {
              const where = describeDistrictProblemLocation(problem, t)
              return (
                <li>
                  {where ? <span class="builder-problems__where">{where}: </span> : null}
                  <span class="builder-problems__message">{describeProblemMessage(problem, t)}</span>
                </li>
              )
            })}
          </ol>
        </section>
      ) : null}
      <form method="post" action={`${base}/import`} enctype="multipart/form-data" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <div class={errors.file ? 'field field--error' : 'field'}>
          <label class="field__label" for="file">
            {t('audience.districts.file')}
          </label>
          <p id="file-hint" class="field__hint">
            {t('audience.districts.fileHint')}
          </p>
          {errors.file ? (
            <p id="file-error" class="field__error">
              <span class="visually-hidden">{prefix}</span>
              {errors.file}
            </p>
          ) : null}
          <input class="file-upload" type="file" id="file" name="file" accept=".geojson,.json,application/geo+json,application/json" aria-describedby={errors.file ? 'file-hint file-error' : 'file-hint'} aria-invalid={errors.file ? 'true' : undefined} />
        </div>
        <TextArea name="geojson" label={t('audience.districts.paste')} hint={t('audience.districts.pasteHint')} value={valueOf(values, 'geojson')} error={errors.geojson} errorPrefix={prefix} rows={10} />
        <Button>{t('audience.districts.submit')}</Button>
      </form>
    </AudiencePage>
  )
}
