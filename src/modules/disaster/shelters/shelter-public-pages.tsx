/**
 * Public pages: the shelter list (the primary content, works without JavaScript) with the map as
 * an enhancement (public/shelter-map.js), and the resident's QR pass.
 */
import { raw } from 'hono/html'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, NotificationBanner, Select, Table, TextField } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { SHELTER_HAZARDS, type ShelterHazard } from './shelter-csv.js'
import type { NearShelter } from './shelter-nearest.js'
import { formatDistance, occupancyOf, shownStatus, totalsOf } from './shelter-rules.js'
import type { Shelter } from './shelter-tables.js'
import { localName, occupancyLabel, occupancyText, publicPath, StatusTag } from './shelter-views.js'

/** Tiles of the map enhancement: 国土地理院 standard map (the CSP allows this host). */
import { mapTiles } from '../../../platform/views/map-tiles.js'

export interface PublicLayer {
  id: string
  names: { ja: string; 'ja-easy'?: string; en?: string }
  descriptions: { ja?: string; 'ja-easy'?: string; en?: string }
  kind: string
  colourName: string
  featureCount: number
}

export interface ShelterMapPageProps {
  ctx: PageContext
  shelters: Shelter[]
  hazard?: ShelterHazard
  postal: string
  postalProblem?: string
  nearest?: { town: string; shelters: NearShelter[] } | { town: undefined; shelters: NearShelter[] }
  layers: PublicLayer[]
  now: Date
}

const localText = (texts: { ja?: string; 'ja-easy'?: string; en?: string }, locale: string) => (locale === 'en' ? texts.en : locale === 'ja-easy' ? texts['ja-easy'] : undefined) || texts.ja || ''

export function ShelterMapPage({ ctx, shelters, hazard, postal, postalProblem, nearest, layers, now }: ShelterMapPageProps) {
  const { t, locale } = ctx
  const title = t('disaster.shelters.publicTitle')
  const slug = ctx.tenant?.slug ?? ''
  const errors = postalProblem ? [{ field: 'postal', message: postalProblem }] : []
  const withMarkers = shelters.filter(s => s.latitude !== null)
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${t('common.errorPrefix')} ${title}` : title}>
      <h1>{title}</h1>
      <p class="lead">{t('disaster.shelters.publicLead')}</p>
      <p class="muted">{t('disaster.shelters.asOf', { time: formatDateTime(now, locale) })}</p>

      <form method="get" action={publicPath(ctx)} novalidate class="shelter-filter">
        <Select
          name="hazard"
          label={t('disaster.shelters.filterHazard')}
          value={hazard ?? ''}
          options={[{ value: '', label: t('disaster.shelters.allHazards') }, ...SHELTER_HAZARDS.map(h => ({ value: h, label: t(`disaster.shelters.hazard.${h}`) }))]}
        />
        <TextField name="postal" label={t('disaster.shelters.postal')} hint={t('disaster.shelters.postalHint')} value={postal} error={postalProblem} inputmode="numeric" autocomplete="postal-code" width="10" />
        <Button>{t('disaster.shelters.search')}</Button>
      </form>

      <div data-shelter-nearby="" data-url={`/${slug}/shelters/nearest.json`} data-label={t('disaster.shelters.nearbyButton')} data-locating={t('disaster.shelters.locating')} data-failed={t('disaster.shelters.locateFailed')} data-none={t('disaster.shelters.nearestNone')} data-title={t('disaster.shelters.nearestFromHere')}>
        <div data-nearby-result="" role="status" aria-live="polite"></div>
      </div>

      {nearest ? (
        <section aria-labelledby="nearest-title">
          <h2 id="nearest-title">{nearest.town ? t('disaster.shelters.nearestTitle', { town: nearest.town }) : t('disaster.shelters.nearestNoTown')}</h2>
          {nearest.shelters.length === 0 ? (
            <p>{t('disaster.shelters.nearestNone')}</p>
          ) : (
            <ol>
              {nearest.shelters.map(s => (
                <li>
                  {localName(s.names, locale)} — <StatusTag ctx={ctx} status={s.status} /> {occupancyText(ctx, s.evacuees, s.capacity)}
                  {s.distanceMetres !== null ? ` · ${t('disaster.shelters.about', { distance: formatDistance(s.distanceMetres) })}` : ''} · {s.address}
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}

      {/* shown by /static/shelter-map.js when Leaflet loads; the table below is the page without it */}
      <div
        id="shelter-map"
        class="shelter-map"
        hidden
        role="region"
        aria-label={t('disaster.shelters.mapLabel')}
        data-shelter-map=""
        data-status-url={`/${slug}/shelters/status.json${hazard ? `?hazard=${hazard}` : ''}`}
        data-layers-url={`/${slug}/hazard-maps.json`}
        data-tile-url={mapTiles().url}
        data-attribution={t('disaster.shelters.mapAttribution')}
        data-attribution-url={mapTiles().attributionUrl}
        data-locale={locale}
        data-refresh-seconds="60"
        data-label-open={t('disaster.shelters.status.open')}
        data-label-full={t('disaster.shelters.status.full')}
        data-label-closed={t('disaster.shelters.status.closed')}
        data-label-occupancy={t('disaster.shelters.occupancy')}
        data-label-people={t('disaster.shelters.people')}
        data-label-households={t('disaster.shelters.householdCount')}
      ></div>
      <script src="/static/shelter-map.js" type="module"></script>

      <h2>{t('disaster.shelters.legendTitle')}</h2>
      <ul class="shelter-legend">
        <li>{t('disaster.shelters.legend.open')}</li>
        <li>{t('disaster.shelters.legend.full')}</li>
        <li>{t('disaster.shelters.legend.closed')}</li>
      </ul>
      {layers.length > 0 ? (
        <>
          <h2 id="layers-title">{t('disaster.maps.publicTitle')}</h2>
          <Table
            caption={t('disaster.maps.publicCaption', { count: layers.length })}
            head={[t('disaster.maps.name'), t('disaster.maps.kind'), t('disaster.maps.colour'), t('disaster.maps.description'), t('disaster.maps.features')]}
            firstCellIsHeader
            numericColumns={[4]}
            rows={layers.map(layer => [
              <a href={`/${slug}/hazard-maps/${layer.id}.geojson`}>{localText(layer.names, locale)}</a>,
              t(`disaster.maps.kinds.${layer.kind}`),
              t(`disaster.maps.colours.${layer.colourName}`),
              localText(layer.descriptions, locale),
              String(layer.featureCount),
            ])}
          />
        </>
      ) : null}

      <h2 id="list-title">{t('disaster.shelters.listTitle')}</h2>
      {shelters.length === 0 ? (
        <p>{t('disaster.shelters.publicEmpty')}</p>
      ) : (
        <Table
          caption={hazard ? t('disaster.shelters.listCaptionHazard', { count: shelters.length, hazard: t(`disaster.shelters.hazard.${hazard}`) }) : t('disaster.shelters.listCaption', { count: shelters.length })}
          head={[t('disaster.shelters.name'), t('disaster.shelters.statusLabel'), t('disaster.shelters.evacuees'), t('disaster.shelters.households'), t('disaster.shelters.hazards'), t('disaster.shelters.needsLabel'), t('disaster.shelters.address')]}
          firstCellIsHeader
          numericColumns={[3]}
          rows={shelters.map(s => {
            const totals = totalsOf(s)
            const status = shownStatus(s.status, totals.evacuees, s.capacity)
            const level = occupancyOf(totals.evacuees, s.capacity).level
            return [
              <span data-shelter-row={s.id}>{localName(s.names, locale)}</span>,
              <StatusTag ctx={ctx} status={status} />,
              <span data-shelter-occupancy={s.id}>
                {occupancyText(ctx, totals.evacuees, s.capacity)}
                {status !== 'closed' && level !== 'unknown' ? ` (${occupancyLabel(ctx, level)})` : ''}
              </span>,
              String(totals.households),
              s.hazards.map(h => t(`disaster.shelters.hazard.${h}`)).join('、') || '—',
              status !== 'closed' && (s.needs.length > 0 || s.needsNote) ? [...s.needs.map(n => t(`disaster.shelters.need.${n}`)), s.needsNote].filter(Boolean).join('、') : '—',
              s.address,
            ]
          })}
        />
      )}
      {withMarkers.length < shelters.length ? <p class="muted">{t('disaster.shelters.someWithoutLocation', { count: shelters.length - withMarkers.length })}</p> : null}

      <h2>{t('disaster.shelters.openDataTitle')}</h2>
      <ul>
        <li>
          <a href={`/${slug}/shelters.csv`}>{t('disaster.shelters.openData.csv')}</a>
        </li>
        <li>
          <a href={`/${slug}/shelters.geojson`}>{t('disaster.shelters.openData.geojson')}</a>
        </li>
        <li>
          <a href={`/${slug}/shelters/lalert.json`}>{t('disaster.shelters.openData.lalertJson')}</a> / <a href={`/${slug}/shelters/lalert.xml`}>XML</a>
        </li>
        <li>
          <a href={`/api/v1/${slug}/shelters`}>{t('disaster.shelters.openData.api')}</a>
        </li>
      </ul>
    </Layout>
  )
}

export function ShelterPassPage({ ctx, pass, grouped, qrSvg, present }: { ctx: PageContext; pass: string; grouped: string; qrSvg: string; present?: { shelterName: string; since: Date } }) {
  const { t, locale } = ctx
  const title = t('disaster.shelters.pass.title')
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{t('disaster.shelters.pass.lead')}</p>
      {present ? (
        <NotificationBanner title={t('disaster.shelters.pass.presentTitle')}>
          <p>{t('disaster.shelters.pass.present', { shelter: present.shelterName, since: formatDateTime(present.since, locale) })}</p>
        </NotificationBanner>
      ) : null}
      <figure class="shelter-pass">
        <div role="img" aria-label={t('disaster.shelters.pass.qrLabel')}>
          {raw(qrSvg.replace('<svg', '<svg aria-hidden="true" focusable="false"'))}
        </div>
        <figcaption>
          {t('disaster.shelters.pass.code')} <code data-shelter-pass={pass}>{grouped}</code>
        </figcaption>
      </figure>
      <p>{t('disaster.shelters.pass.privacy')}</p>
      <p>
        <a href={publicPath(ctx)}>{t('disaster.shelters.pass.mapLink')}</a>
      </p>
    </Layout>
  )
}
