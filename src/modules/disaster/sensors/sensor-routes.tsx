/**
 * Staff routes of the sensors (`/:tenant/staff/disaster/sensors`): the dashboard and a sensor's
 * page (disaster.operate) with their JSON for the map and the live chart, acknowledging warnings
 * (disaster.operate), and the registry: register, edit, rotate the key (disaster.manage).
 * POST-redirect-GET, except the pages that show a key once (no-store).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { unauthenticated } from '../../../platform/errors.js'
import { formValuesOf, text } from '../../../platform/http/form-values.js'
import { disasterTenant } from '../disaster-deps.js'
import { pageContext } from '../../../platform/views/page-context.js'
import type { Platform } from '../../../platform/platform.js'
import { EMPTY_SENSOR_FORM, readSensorForm, type SensorFormValues } from './sensor-form.js'
import { unattributedRejections } from './sensor-mqtt.js'
import { DashboardPage, SensorFormPage, SensorKeyPage, SensorPage } from './sensor-pages.js'
import { acknowledgeSensorEvent, CHART_HOURS, editSensor, findSensorForEdit, listDistrictChoices, loadDashboard, loadSensorPage, registerSensor, rotateSensorKey, sensorNotFound, type SensorStaffRequest } from './sensor-service.js'
import type { Sensor } from './sensor-tables.js'
import { localizedName } from './sensor-views.js'

const BASE = '/:tenant/staff/disaster/sensors'
const operate = { auth: 'staff', permission: 'disaster.operate' } as const
const manage = { auth: 'staff', permission: 'disaster.manage' } as const
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function staffRequest(req: FastifyRequest): SensorStaffRequest {
  const tenant = disasterTenant(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenant, actor: req.staff, requestId: req.id }
}

function idParam(req: FastifyRequest, name: string): string {
  const value = (req.params as Record<string, unknown>)[name]
  if (typeof value !== 'string' || !UUID.test(value)) throw sensorNotFound()
  return value.toLowerCase()
}

function formValuesOfSensor(sensor: Sensor): SensorFormValues {
  return {
    code: sensor.code,
    nameJa: sensor.names.ja,
    nameEasy: sensor.names['ja-easy'] ?? '',
    nameEn: sensor.names.en ?? '',
    kind: sensor.kind,
    unit: sensor.unit,
    latitude: String(sensor.latitude),
    longitude: String(sensor.longitude),
    caution: String(sensor.cautionThreshold),
    warning: String(sensor.warningThreshold),
    danger: String(sensor.dangerThreshold),
    hysteresis: String(sensor.hysteresis),
    rangeMin: String(sensor.rangeMin),
    rangeMax: String(sensor.rangeMax),
    intervalMinutes: String(Math.round(sensor.expectedIntervalSeconds / 60)),
    hazard: sensor.hazard,
    districtIds: sensor.districtIds,
  }
}

const isCodeTaken = (error: unknown) => (error as { code?: string }).code === 'DISASTER.SENSOR_CODE_TAKEN'

export function registerSensorRoutes(app: FastifyInstance, platform: Platform): void {
  app.get(BASE, { config: operate }, async (req, reply) => {
    const request = staffRequest(req)
    const dashboard = await loadDashboard(platform, request)
    const notice = text(formValuesOf(req.query), 'done') === 'acknowledged' ? req.t('sensors.done.acknowledged') : undefined
    return reply.header('cache-control', 'no-store').html(<DashboardPage ctx={pageContext(req)} {...dashboard} unattributed={unattributedRejections()} canManage={request.actor.permissions.has('disaster.manage')} notice={notice} />)
  })

  app.get(`${BASE}/map.json`, { config: operate }, async (req, reply) => {
    const request = staffRequest(req)
    const { sensors } = await loadDashboard(platform, request)
    const features = sensors.map(sensor => ({
      type: 'Feature',
      id: sensor.id,
      geometry: { type: 'Point', coordinates: [sensor.longitude, sensor.latitude] },
      properties: {
        name: localizedName(sensor.names, req.locale),
        state: sensor.isOffline ? 'offline' : sensor.level,
        stateLabel: sensor.isOffline ? `${req.t(`sensors.level.${sensor.level}`)} / ${req.t('sensors.offline')}` : req.t(`sensors.level.${sensor.level}`),
        value: sensor.lastValue,
        unit: sensor.unit,
        lastReadingAt: sensor.lastReadingAt?.toISOString() ?? null,
        url: `/${request.tenant.slug}/staff/disaster/sensors/${sensor.id}`,
      },
    }))
    return reply.header('cache-control', 'no-store').type('application/geo+json').send({ type: 'FeatureCollection', features })
  })

  app.get(`${BASE}/new`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const districts = await listDistrictChoices(platform, request.tenant.id)
    return reply.header('cache-control', 'no-store').html(<SensorFormPage ctx={pageContext(req)} values={EMPTY_SENSOR_FORM} problems={[]} districts={districts} />)
  })

  app.post(`${BASE}/new`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const districts = await listDistrictChoices(platform, request.tenant.id)
    const form = readSensorForm(formValuesOf(req.body), districts.map(d => d.id))
    if (!form.input) return reply.html(<SensorFormPage ctx={pageContext(req)} values={form.values} problems={form.problems} districts={districts} />, 422)
    try {
      const created = await registerSensor(platform, request, form.input)
      return reply.header('cache-control', 'no-store').html(<SensorKeyPage ctx={pageContext(req)} sensor={created.sensor} sensorKey={created.key} isNew />, 201)
    } catch (error) {
      if (!isCodeTaken(error)) throw error
      return reply.html(<SensorFormPage ctx={pageContext(req)} values={form.values} problems={[{ field: 'code', key: 'sensors.form.errors.codeTaken' }]} districts={districts} />, 409)
    }
  })

  app.get(`${BASE}/:sensorId`, { config: operate }, async (req, reply) => {
    const request = staffRequest(req)
    const now = new Date()
    const page = await loadSensorPage(platform, request, idParam(req, 'sensorId'), now)
    const done = text(formValuesOf(req.query), 'done')
    const notice = done === 'saved' || done === 'acknowledged' ? req.t(`sensors.done.${done}`) : undefined
    return reply.header('cache-control', 'no-store').html(<SensorPage ctx={pageContext(req)} {...page} canManage={request.actor.permissions.has('disaster.manage')} now={now} notice={notice} />)
  })

  app.get(`${BASE}/:sensorId/readings.json`, { config: operate }, async (req, reply) => {
    const request = staffRequest(req)
    const now = new Date()
    const { sensor, readings } = await loadSensorPage(platform, request, idParam(req, 'sensorId'), now)
    return reply.header('cache-control', 'no-store').send({
      sensorId: sensor.id,
      level: sensor.level,
      levelLabel: req.t(`sensors.level.${sensor.level}`),
      isOffline: sensor.isOffline,
      unit: sensor.unit,
      lastValue: sensor.lastValue,
      lastReadingAt: sensor.lastReadingAt?.toISOString() ?? null,
      thresholds: { caution: sensor.cautionThreshold, warning: sensor.warningThreshold, danger: sensor.dangerThreshold, hysteresis: sensor.hysteresis },
      from: new Date(now.getTime() - CHART_HOURS * 3_600_000).toISOString(),
      to: now.toISOString(),
      readings: readings.map(r => ({ at: r.observedAt.toISOString(), value: r.value })),
    })
  })

  app.get(`${BASE}/:sensorId/edit`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const { sensor, districts } = await findSensorForEdit(platform, request, idParam(req, 'sensorId'))
    return reply.header('cache-control', 'no-store').html(<SensorFormPage ctx={pageContext(req)} values={formValuesOfSensor(sensor)} problems={[]} districts={districts} sensor={sensor} />)
  })

  app.post(`${BASE}/:sensorId/edit`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const { sensor, districts } = await findSensorForEdit(platform, request, idParam(req, 'sensorId'))
    const form = readSensorForm(formValuesOf(req.body), districts.map(d => d.id))
    if (!form.input) return reply.html(<SensorFormPage ctx={pageContext(req)} values={form.values} problems={form.problems} districts={districts} sensor={sensor} />, 422)
    try {
      await editSensor(platform, request, sensor.id, form.input)
    } catch (error) {
      if (!isCodeTaken(error)) throw error
      return reply.html(<SensorFormPage ctx={pageContext(req)} values={form.values} problems={[{ field: 'code', key: 'sensors.form.errors.codeTaken' }]} districts={districts} sensor={sensor} />, 409)
    }
    return reply.redirect(`/${request.tenant.slug}/staff/disaster/sensors/${sensor.id}?done=saved`, 303)
  })

  app.post(`${BASE}/:sensorId/key`, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const rotated = await rotateSensorKey(platform, request, idParam(req, 'sensorId'))
    return reply.header('cache-control', 'no-store').html(<SensorKeyPage ctx={pageContext(req)} sensor={rotated.sensor} sensorKey={rotated.key} isNew={false} />)
  })

  app.post(`${BASE}/events/:eventId/acknowledge`, { config: operate }, async (req, reply) => {
    const request = staffRequest(req)
    const sensorId = await acknowledgeSensorEvent(platform, request, idParam(req, 'eventId'))
    const returnTo = text(formValuesOf(req.body), 'returnTo')
    const base = `/${request.tenant.slug}/staff/disaster/sensors`
    return reply.redirect(returnTo === 'sensor' ? `${base}/${sensorId}?done=acknowledged` : `${base}?done=acknowledged`, 303)
  })
}
