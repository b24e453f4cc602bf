/**
 * Staff pages of the sensors: the dashboard (unacknowledged warnings, the map, the table that
 * works without JavaScript), one sensor (chart of 24 h with thresholds, readings, events), the
 * registry form, and the page that shows a new key once.
 */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, Checkboxes, CopyButton, CsrfField, Details, LineChart, Radios, Select, SummaryList, Table, TextField } from '../../../platform/views/components/index.js'
import type { FormProblem } from '../../../platform/http/form-values.js'
import { HAZARDS } from '../cap/cap-evacuation.js'
import { maskedSensorKey } from './sensor-ingest-rules.js'
import type { EventRow } from './sensor-repository.js'
import { SENSOR_LEVELS } from './sensor-rules.js'
import { SENSOR_FORM_FIELDS, type SensorFormValues } from './sensor-form.js'
import { SENSOR_KINDS, type Sensor } from './sensor-tables.js'
import { formatValue, localizedName, SensorLayout, SensorState, sensorsPath, STATE_COLOURS, tokyoClock, tokyoDateTime } from './sensor-views.js'

const LEAFLET = '/static/vendor/leaflet/'
/** 地理院タイル 標準地図; the attribution is required by its terms of use. */
import { mapTiles } from '../../../platform/views/map-tiles.js'

function eventText(ctx: PageContext, event: Pick<EventRow, 'kind' | 'fromLevel' | 'toLevel' | 'value'>, unit: string): string {
  const { t } = ctx
  switch (event.kind) {
    case 'level':
      return t('sensors.event.level', { from: t(`sensors.level.${event.fromLevel ?? 'normal'}`), to: t(`sensors.level.${event.toLevel ?? 'normal'}`), value: formatValue(event.value, unit) })
    case 'offline':
      return t('sensors.event.offline')
    case 'online':
      return t('sensors.event.online')
  }
}

function AcknowledgeForm({ ctx, event, returnTo }: { ctx: PageContext; event: EventRow; returnTo: 'dashboard' | 'sensor' }) {
  const name = localizedName(event.sensorNames, ctx.locale)
  return (
    <form method="post" action={sensorsPath(ctx, `/events/${event.id}/acknowledge`)} class="inline-form">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <Button variant="secondary">
        {ctx.t('sensors.event.acknowledge')}
        <span class="visually-hidden">{` ${name} ${tokyoDateTime(event.occurredAt)}`}</span>
      </Button>
    </form>
  )
}

function EventsTable({ ctx, caption, events, showSensor, returnTo }: { ctx: PageContext; caption: string; events: EventRow[]; showSensor: boolean; returnTo: 'dashboard' | 'sensor' }) {
  const { t } = ctx
  const head = [t('sensors.event.time'), ...(showSensor ? [t('sensors.table.sensor')] : []), t('sensors.event.what'), t('sensors.event.draft'), t('sensors.event.acknowledged')]
  return (
    <Table
      caption={caption}
      head={head}
      rows={events.map(event => [
        tokyoDateTime(event.occurredAt),
        ...(showSensor ? [<a href={sensorsPath(ctx, `/${event.sensorId}`)}>{localizedName(event.sensorNames, ctx.locale)}</a>] : []),
        eventText(ctx, event, event.unit),
        event.alertId ? t('sensors.event.draftCreated') : '—',
        !event.needsAcknowledgement ? '—' : event.acknowledgedAt ? t('sensors.event.acknowledgedBy', { name: event.acknowledgedByName ?? '', time: tokyoDateTime(event.acknowledgedAt) }) : <AcknowledgeForm ctx={ctx} event={event} returnTo={returnTo} />,
      ])}
    />
  )
}

function Legend({ ctx }: { ctx: PageContext }) {
  const entries = [...SENSOR_LEVELS.map(level => ({ colour: STATE_COLOURS[level], label: ctx.t(`sensors.level.${level}`) })), { colour: STATE_COLOURS.offline, label: ctx.t('sensors.offline') }]
  return (
    <ul class="list-plain chart__legend" aria-label={ctx.t('sensors.map.legend')}>
      {entries.map(entry => (
        <li>
          <svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
            <circle cx="7" cy="7" r="6" fill={entry.colour} stroke="#1a1a1c" stroke-width="1" />
          </svg>{' '}
          {entry.label}
        </li>
      ))}
    </ul>
  )
}

export interface DashboardPageProps {
  ctx: PageContext
  sensors: Sensor[]
  openEvents: EventRow[]
  unattributed: Record<string, number>
  canManage: boolean
  notice?: string
}

export function DashboardPage({ ctx, sensors, openEvents, unattributed, canManage, notice }: DashboardPageProps) {
  const { t } = ctx
  const unattributedEntries = Object.entries(unattributed).filter(([, n]) => n > 0)
  return (
    <SensorLayout ctx={ctx} title={t('sensors.dashboard.title')} notice={notice} scripts={['/static/sensor-map.js']}>
      <h1>{t('sensors.dashboard.title')}</h1>
      <p class="lead">{t('sensors.dashboard.lead')}</p>
      {canManage ? (
        <p>
          <ButtonLink href={sensorsPath(ctx, '/new')} variant="secondary">
            {t('sensors.dashboard.register')}
          </ButtonLink>
        </p>
      ) : null}

      <h2>{t('sensors.dashboard.openTitle')}</h2>
      {openEvents.length === 0 ? <p>{t('sensors.dashboard.noOpen')}</p> : <EventsTable ctx={ctx} caption={t('sensors.dashboard.openCaption', { count: openEvents.length })} events={openEvents} showSensor returnTo="dashboard" />}

      <h2>{t('sensors.dashboard.sensorsTitle')}</h2>
      {sensors.length === 0 ? (
        <p>{t('sensors.dashboard.none')}</p>
      ) : (
        <>
          <div
            class="sensor-map"
            hidden
            data-sensor-map=""
            data-geojson-url={sensorsPath(ctx, '/map.json')}
            data-tile-url={mapTiles().url}
            data-attribution={t('sensors.map.attribution')}
            data-leaflet={LEAFLET}
            data-label-map={t('sensors.map.label')}
            data-colours={JSON.stringify(STATE_COLOURS)}
          ></div>
          <Legend ctx={ctx} />
          <Table
            caption={t('sensors.table.caption')}
            head={[t('sensors.table.sensor'), t('sensors.table.state'), t('sensors.table.lastValue'), t('sensors.table.lastSeen'), t('sensors.table.kind')]}
            numericColumns={[2]}
            rows={sensors.map(sensor => [
              <a href={sensorsPath(ctx, `/${sensor.id}`)}>{localizedName(sensor.names, ctx.locale)}</a>,
              <SensorState ctx={ctx} sensor={sensor} />,
              formatValue(sensor.lastValue, sensor.unit),
              sensor.lastReadingAt ? tokyoDateTime(sensor.lastReadingAt) : t('sensors.never'),
              t(`sensors.kind.${sensor.kind}`),
            ])}
          />
        </>
      )}
      {unattributedEntries.length > 0 ? (
        <Details summary={t('sensors.dashboard.unattributedTitle')}>
          <p>{t('sensors.dashboard.unattributedLead')}</p>
          <ul>
            {unattributedEntries.map(([reason, n]) => (
              <li>{t('sensors.rejection.count', { reason: t(`sensors.rejection.${reason}`), count: n })}</li>
            ))}
          </ul>
        </Details>
      ) : null}
    </SensorLayout>
  )
}

export interface SensorPageProps {
  ctx: PageContext
  sensor: Sensor
  readings: { observedAt: Date; value: number }[]
  events: EventRow[]
  liveKey?: { keyPrefix: string; createdAt: Date }
  districts: { id: string; names: { ja?: string; 'ja-easy'?: string; en?: string }; code: string }[]
  canManage: boolean
  now: Date
  notice?: string
}

export function SensorChart({ ctx, sensor, readings, now }: { ctx: PageContext; sensor: Sensor; readings: { observedAt: Date; value: number }[]; now: Date }) {
  const { t } = ctx
  const start = now.getTime() - 24 * 3_600_000
  const ticks: { x: number; label: string }[] = []
  const firstTick = Math.ceil(start / (6 * 3_600_000)) * 6 * 3_600_000
  for (let x = firstTick; x <= now.getTime(); x += 6 * 3_600_000) ticks.push({ x, label: tokyoClock(new Date(x)) })
  const values = readings.map(r => r.value)
  const name = localizedName(sensor.names, ctx.locale)
  const description =
    readings.length === 0
      ? t('sensors.chart.empty')
      : t('sensors.chart.description', { count: readings.length, min: formatValue(Math.min(...values), sensor.unit), max: formatValue(Math.max(...values), sensor.unit), last: formatValue(values[values.length - 1] ?? null, sensor.unit) })
  return (
    <LineChart
      id="sensor-chart"
      title={t('sensors.chart.title', { name })}
      description={description}
      points={readings.map(r => ({ x: r.observedAt.getTime(), y: r.value }))}
      xRange={[start, now.getTime()]}
      xTicks={ticks}
      unit={sensor.unit}
      thresholds={[
        { value: sensor.cautionThreshold, label: t('sensors.level.caution'), colour: STATE_COLOURS.caution },
        { value: sensor.warningThreshold, label: t('sensors.level.warning'), colour: STATE_COLOURS.warning },
        { value: sensor.dangerThreshold, label: t('sensors.level.danger'), colour: STATE_COLOURS.danger },
      ]}
      caption={description}
    />
  )
}

export function SensorPage({ ctx, sensor, readings, events, liveKey, districts, canManage, now, notice }: SensorPageProps) {
  const { t } = ctx
  const name = localizedName(sensor.names, ctx.locale)
  const slug = ctx.tenant?.slug ?? ''
  const watched = districts.filter(d => sensor.districtIds.includes(d.id)).map(d => localizedName({ ja: d.names.ja ?? d.code, ...d.names }, ctx.locale))
  const rejected = Object.entries(sensor.rejectedCounts).filter(([, n]) => n > 0)
  const latest = [...readings].reverse().slice(0, 12)
  return (
    <SensorLayout ctx={ctx} title={name} notice={notice} scripts={['/static/sensor-live.js']}>
      <h1>{name}</h1>
      <div data-sensor-live="" data-url={sensorsPath(ctx, `/${sensor.id}/readings.json`)} data-label-updated={t('sensors.live.updated')}>
        <p>
          <SensorState ctx={ctx} sensor={sensor} /> {t('sensors.live.latest', { value: formatValue(sensor.lastValue, sensor.unit), time: sensor.lastReadingAt ? tokyoDateTime(sensor.lastReadingAt) : t('sensors.never') })}
        </p>
        <p class="muted" role="status" data-sensor-live-status=""></p>
        <SensorChart ctx={ctx} sensor={sensor} readings={readings} now={now} />
      </div>

      <h2>{t('sensors.page.latestTitle')}</h2>
      {latest.length === 0 ? (
        <p>{t('sensors.chart.empty')}</p>
      ) : (
        <Table caption={t('sensors.page.latestCaption', { count: latest.length })} head={[t('sensors.page.observedAt'), t('sensors.page.value')]} numericColumns={[1]} rows={latest.map(r => [tokyoDateTime(r.observedAt), formatValue(r.value, sensor.unit)])} />
      )}

      <h2>{t('sensors.page.eventsTitle')}</h2>
      {events.length === 0 ? <p>{t('sensors.page.noEvents')}</p> : <EventsTable ctx={ctx} caption={t('sensors.page.eventsCaption')} events={events} showSensor={false} returnTo="sensor" />}

      <h2>{t('sensors.page.settingsTitle')}</h2>
      <SummaryList
        rows={[
          { key: t('sensors.form.code'), value: sensor.code },
          { key: t('sensors.form.kind'), value: t(`sensors.kind.${sensor.kind}`) },
          { key: t('sensors.page.thresholds'), value: t('sensors.page.thresholdsValue', { caution: sensor.cautionThreshold, warning: sensor.warningThreshold, danger: sensor.dangerThreshold, hysteresis: sensor.hysteresis, unit: sensor.unit }) },
          { key: t('sensors.page.range'), value: `${sensor.rangeMin} 〜 ${sensor.rangeMax} ${sensor.unit}` },
          { key: t('sensors.form.intervalMinutes'), value: t('sensors.page.minutes', { count: Math.round(sensor.expectedIntervalSeconds / 60) }) },
          { key: t('sensors.form.hazard'), value: t(`sensors.hazard.${sensor.hazard}`) },
          { key: t('sensors.form.districtIds'), value: watched.length > 0 ? watched.join('、') : t('sensors.page.noDistricts') },
          { key: t('sensors.page.location'), value: `${sensor.latitude.toFixed(5)}, ${sensor.longitude.toFixed(5)}` },
          { key: t('sensors.page.mqttTopic'), value: <code>{`yakuba/${slug}/sensors/${sensor.id}`}</code> },
          { key: t('sensors.page.httpUrl'), value: <code>{`/api/v1/${slug}/sensors/${sensor.code}/readings`}</code> },
          { key: t('sensors.page.key'), value: liveKey ? t('sensors.page.keyValue', { key: maskedSensorKey(liveKey.keyPrefix), time: tokyoDateTime(liveKey.createdAt) }) : t('sensors.page.noKey') },
          {
            key: t('sensors.page.rejected'),
            value: rejected.length === 0 ? t('sensors.page.noRejected') : rejected.map(([reason, n]) => t('sensors.rejection.count', { reason: t(`sensors.rejection.${reason}`), count: n })).join('、'),
          },
        ]}
      />
      {canManage ? (
        <div class="button-group">
          <ButtonLink href={sensorsPath(ctx, `/${sensor.id}/edit`)} variant="secondary">
            {t('sensors.page.edit')}
          </ButtonLink>
          <form method="post" action={sensorsPath(ctx, `/${sensor.id}/key`)} class="inline-form">
            <CsrfField token={ctx.csrfToken} />
            <Button variant="warning">{t('sensors.page.rotateKey')}</Button>
          </form>
        </div>
      ) : null}
      {canManage ? <p class="field__hint">{t('sensors.page.rotateKeyHint')}</p> : null}
    </SensorLayout>
  )
}

export function SensorKeyPage({ ctx, sensor, sensorKey, isNew }: { ctx: PageContext; sensor: Sensor; sensorKey: string; isNew: boolean }) {
  const { t } = ctx
  const name = localizedName(sensor.names, ctx.locale)
  const slug = ctx.tenant?.slug ?? ''
  const title = isNew ? t('sensors.key.createdTitle') : t('sensors.key.rotatedTitle')
  return (
    <SensorLayout ctx={ctx} title={title} crumbs={[{ href: sensorsPath(ctx, `/${sensor.id}`), label: name }]}>
      <h1>{title}</h1>
      <p class="lead">{t('sensors.key.lead', { name })}</p>
      <p>
        <strong>{t('sensors.key.once')}</strong>
      </p>
      <p class="secret">
        <code>{sensorKey}</code>
      </p>
      <CopyButton text={sensorKey} copiedLabel={t('sensors.key.copied')}>
        {t('sensors.key.copy')}
      </CopyButton>
      <h2>{t('sensors.key.howTitle')}</h2>
      <p>{t('sensors.key.http')}</p>
      <pre>
        <code>{`POST /api/v1/${slug}/sensors/${sensor.code}/readings\nAuthorization: Bearer <key>\nContent-Type: application/json\n\n{"value": 1.23, "at": "2026-11-23T18:00:00+09:00"}`}</code>
      </pre>
      <p>{t('sensors.key.mqtt')}</p>
      <pre>
        <code>{`topic: yakuba/${slug}/sensors/${sensor.id}\n{"value": 1.23, "at": "2026-11-23T18:00:00+09:00", "key": "<key>"}`}</code>
      </pre>
      <p>
        <a href={sensorsPath(ctx, `/${sensor.id}`)}>{t('sensors.key.toSensor', { name })}</a>
      </p>
    </SensorLayout>
  )
}

export interface SensorFormPageProps {
  ctx: PageContext
  values: SensorFormValues
  problems: FormProblem[]
  districts: { id: string; code: string; names: { ja?: string; 'ja-easy'?: string; en?: string } }[]
  /** editing this sensor, or registering a new one */
  sensor?: Sensor
}

export function SensorFormPage({ ctx, values, problems, districts, sensor }: SensorFormPageProps) {
  const { t } = ctx
  const title = sensor ? t('sensors.form.editTitle', { name: localizedName(sensor.names, ctx.locale) }) : t('sensors.form.newTitle')
  const messageOf = (field: string) => {
    const problem = problems.find(p => p.field === field)
    return problem ? t(problem.key, problem.params) : undefined
  }
  const ordered = SENSOR_FORM_FIELDS.flatMap(field => problems.filter(p => p.field === field))
  const errorPrefix = t('common.errorPrefix')
  const action = sensor ? sensorsPath(ctx, `/${sensor.id}/edit`) : sensorsPath(ctx, '/new')
  const crumbs = sensor ? [{ href: sensorsPath(ctx, `/${sensor.id}`), label: localizedName(sensor.names, ctx.locale) }] : []
  const number = (name: keyof SensorFormValues, hint?: string) => (
    <TextField name={name} label={t(`sensors.form.${name}`)} hint={hint} value={values[name] as string} error={messageOf(name)} errorPrefix={errorPrefix} inputmode="decimal" width="10" />
  )
  return (
    <SensorLayout ctx={ctx} title={title} crumbs={crumbs} errors={ordered.map(p => ({ field: p.field, message: t(p.key, p.params) }))}>
      <h1>{title}</h1>
      <form method="post" action={action} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="code" label={t('sensors.form.code')} hint={t('sensors.form.codeHint')} value={values.code} error={messageOf('code')} errorPrefix={errorPrefix} spellcheck={false} />
        <TextField name="nameJa" label={t('sensors.form.nameJa')} value={values.nameJa} error={messageOf('nameJa')} errorPrefix={errorPrefix} />
        <TextField name="nameEasy" label={t('sensors.form.nameEasy')} hint={t('sensors.form.optional')} value={values.nameEasy} error={messageOf('nameEasy')} errorPrefix={errorPrefix} />
        <TextField name="nameEn" label={t('sensors.form.nameEn')} hint={t('sensors.form.optional')} value={values.nameEn} error={messageOf('nameEn')} errorPrefix={errorPrefix} />
        <Radios name="kind" legend={t('sensors.form.kind')} value={values.kind} error={messageOf('kind')} errorPrefix={errorPrefix} options={SENSOR_KINDS.map(kind => ({ value: kind, label: t(`sensors.kind.${kind}`) }))} />
        <TextField name="unit" label={t('sensors.form.unit')} hint={t('sensors.form.unitHint')} value={values.unit} error={messageOf('unit')} errorPrefix={errorPrefix} />
        {number('latitude', t('sensors.form.latitudeHint'))}
        {number('longitude', t('sensors.form.longitudeHint'))}
        <h2>{t('sensors.form.thresholdsTitle')}</h2>
        <p class="field__hint">{t('sensors.form.thresholdsHint')}</p>
        {number('caution')}
        {number('warning')}
        {number('danger')}
        {number('hysteresis', t('sensors.form.hysteresisHint'))}
        {number('rangeMin', t('sensors.form.rangeHint'))}
        {number('rangeMax')}
        {number('intervalMinutes', t('sensors.form.intervalHint'))}
        <Select name="hazard" label={t('sensors.form.hazard')} hint={t('sensors.form.hazardHint')} value={values.hazard} error={messageOf('hazard')} errorPrefix={errorPrefix} options={HAZARDS.map(hazard => ({ value: hazard, label: t(`sensors.hazard.${hazard}`) }))} />
        {districts.length > 0 ? (
          <Checkboxes
            name="districtIds"
            legend={t('sensors.form.districtIds')}
            hint={t('sensors.form.districtsHint')}
            values={values.districtIds}
            error={messageOf('districtIds')}
            errorPrefix={errorPrefix}
            options={districts.map(d => ({ value: d.id, label: localizedName({ ja: d.names.ja ?? d.code, ...d.names }, ctx.locale) }))}
          />
        ) : (
          <p>{t('sensors.form.noDistricts')}</p>
        )}
        <Button>{sensor ? t('sensors.form.save') : t('sensors.form.create')}</Button>
      </form>
    </SensorLayout>
  )
}
