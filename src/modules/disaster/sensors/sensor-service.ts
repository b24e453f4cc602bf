/**
 * What staff do with sensors: register and edit them (disaster.manage), issue and rotate their
 * keys (shown once), watch the dashboard and a sensor's page, and acknowledge warnings
 * (disaster.operate). Every write is audited.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { AppError, forbidden, notFound } from '../../../platform/errors.js'
import type { Permission } from '../../../platform/auth/permissions.js'
import type { StaffPrincipal } from '../../../platform/http/types.js'
import type { Platform } from '../../../platform/platform.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { SensorInput } from './sensor-form.js'
import { generateSensorKey } from './sensor-ingest-rules.js'
import * as repository from './sensor-repository.js'
import type { Sensor } from './sensor-tables.js'

export interface SensorStaffRequest {
  tenant: TenantContext
  actor: StaffPrincipal
  requestId: string
}

export const sensorNotFound = () => notFound('DISASTER.SENSOR_NOT_FOUND')
export const sensorCodeTaken = () => new AppError('CONFLICT', 'DISASTER.SENSOR_CODE_TAKEN', 'sensors.form.errors.codeTaken')

function requirePermission(request: SensorStaffRequest, permission: Permission) {
  if (!request.actor.permissions.has(permission)) throw forbidden('AUTH.PERMISSION_DENIED')
}

const actor = (request: SensorStaffRequest) => ({ type: 'staff' as const, id: request.actor.id })

/** Hours of readings on a sensor's chart. */
export const CHART_HOURS = 24

export function listDistrictChoices(platform: Platform, tenantId: string) {
  return withTenant(platform.database.db, tenantId, trx => repository.listDistrictChoices(trx, tenantId))
}

/** Registers a sensor with its first key; the key is returned once and only its hash is kept. */
export async function registerSensor(platform: Platform, request: SensorStaffRequest, input: SensorInput): Promise<{ sensor: Sensor; key: string }> {
  requirePermission(request, 'disaster.manage')
  const { tenant } = request
  return withTenant(platform.database.db, tenant.id, async trx => {
    if (await repository.findSensorByCode(trx, tenant.id, input.code)) throw sensorCodeTaken()
    const sensor = await repository.insertSensor(trx, { tenantId: tenant.id, ...input, names: JSON.stringify(input.names) })
    const key = generateSensorKey()
    await repository.replaceKey(trx, tenant.id, sensor.id, key, request.actor.id, new Date())
    await recordAudit(trx, tenant.id, { actor: actor(request), action: 'disaster.register-sensor', subjectType: 'sensor', subjectId: sensor.id, details: { code: sensor.code, keyPrefix: key.keyPrefix }, requestId: request.requestId })
    return { sensor, key: key.key }
  })
}

/** Changes a sensor's registration; its level is kept and moves with the next reading under the new thresholds. */
export async function editSensor(platform: Platform, request: SensorStaffRequest, sensorId: string, input: SensorInput): Promise<Sensor> {
  requirePermission(request, 'disaster.manage')
  const { tenant } = request
  return withTenant(platform.database.db, tenant.id, async trx => {
    const existing = await repository.findSensorById(trx, tenant.id, sensorId)
    if (!existing) throw sensorNotFound()
    const other = await repository.findSensorByCode(trx, tenant.id, input.code)
    if (other && other.id !== sensorId) throw sensorCodeTaken()
    const updated = await repository.updateSensor(trx, tenant.id, sensorId, { ...input, names: JSON.stringify(input.names), updatedAt: new Date() })
    if (!updated) throw sensorNotFound()
    await recordAudit(trx, tenant.id, { actor: actor(request), action: 'disaster.edit-sensor', subjectType: 'sensor', subjectId: sensorId, details: { code: updated.code }, requestId: request.requestId })
    return updated
  })
}

/** A new key for the sensor; the previous one stops working at once. */
export async function rotateSensorKey(platform: Platform, request: SensorStaffRequest, sensorId: string): Promise<{ sensor: Sensor; key: string }> {
  requirePermission(request, 'disaster.manage')
  const { tenant } = request
  return withTenant(platform.database.db, tenant.id, async trx => {
    const sensor = await repository.findSensorById(trx, tenant.id, sensorId)
    if (!sensor) throw sensorNotFound()
    const key = generateSensorKey()
    await repository.replaceKey(trx, tenant.id, sensor.id, key, request.actor.id, new Date())
    await recordAudit(trx, tenant.id, { actor: actor(request), action: 'disaster.rotate-sensor-key', subjectType: 'sensor', subjectId: sensor.id, details: { keyPrefix: key.keyPrefix }, requestId: request.requestId })
    return { sensor, key: key.key }
  })
}

/** Acknowledges a warning (idempotent: a second click changes nothing). Returns the sensor's id. */
export async function acknowledgeSensorEvent(platform: Platform, request: SensorStaffRequest, eventId: string): Promise<string> {
  requirePermission(request, 'disaster.operate')
  const { tenant } = request
  return withTenant(platform.database.db, tenant.id, async trx => {
    const result = await repository.acknowledgeEvent(trx, tenant.id, eventId, request.actor.id, new Date())
    if (!result) throw notFound('DISASTER.SENSOR_EVENT_NOT_FOUND')
    if (result.isNew) await recordAudit(trx, tenant.id, { actor: actor(request), action: 'disaster.acknowledge-sensor-event', subjectType: 'sensor_event', subjectId: eventId, requestId: request.requestId })
    return result.sensorId
  })
}

export async function loadDashboard(platform: Platform, request: SensorStaffRequest) {
  requirePermission(request, 'disaster.operate')
  const { tenant } = request
  return withTenant(platform.database.db, tenant.id, async trx => ({
    sensors: await repository.listSensors(trx, tenant.id),
    openEvents: await repository.listOpenEvents(trx, tenant.id),
  }))
}

export async function loadSensorPage(platform: Platform, request: SensorStaffRequest, sensorId: string, now: Date = new Date()) {
  requirePermission(request, 'disaster.operate')
  const { tenant } = request
  return withTenant(platform.database.db, tenant.id, async trx => {
    const sensor = await repository.findSensorById(trx, tenant.id, sensorId)
    if (!sensor) throw sensorNotFound()
    return {
      sensor,
      readings: await repository.readingsSince(trx, tenant.id, sensor.id, new Date(now.getTime() - CHART_HOURS * 3_600_000)),
      events: await repository.listSensorEvents(trx, tenant.id, sensor.id),
      liveKey: await repository.findLiveKeyPrefix(trx, tenant.id, sensor.id),
      districts: await repository.listDistrictChoices(trx, tenant.id),
    }
  })
}

export async function findSensorForEdit(platform: Platform, request: SensorStaffRequest, sensorId: string) {
  requirePermission(request, 'disaster.manage')
  const { tenant } = request
  return withTenant(platform.database.db, tenant.id, async trx => {
    const sensor = await repository.findSensorById(trx, tenant.id, sensorId)
    if (!sensor) throw sensorNotFound()
    return { sensor, districts: await repository.listDistrictChoices(trx, tenant.id) }
  })
}
