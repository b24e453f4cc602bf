/**
 * Public routes of evacuation information: the emergency page and its text-only version, one
 * alert's page, its CAP 1.2 documents and the Atom feed. No login; a logged-in resident sees their
 * registered district first and the shelters nearest their home.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Platform } from '../../../platform/platform.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { disasterTenant } from '../disaster-deps.js'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { notFound } from '../../../platform/errors.js'
import { findResidentPlace, listDistrictLabels } from '../../notifications/index.js'
import { findNearestOpenShelters } from '../shelters/index.js'
import { findCapDocument, findPublishedAlert, listCurrentAlerts, readSettings } from './alert-service.js'
import { atomFeed } from './alert-feeds.js'
import { AlertPage, EmergencyPage, TextOnlyPage, type EmergencyView } from './alert-public-pages.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const SHELTERS_SHOWN = 5

function coordinate(value: unknown, min: number, max: number): number | undefined {
  if (typeof value !== 'string' || !/^-?\d{1,3}(\.\d{1,8})?$/.test(value)) return undefined
  const n = Number(value)
  return n >= min && n <= max ? n : undefined
}

export function registerAlertPublicRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform.database

  async function emergencyView(req: FastifyRequest): Promise<EmergencyView> {
    const tenant = disasterTenant(req)
    const query = (req.query ?? {}) as Record<string, unknown>
    return withTenant(db, tenant.id, async trx => {
      const districts = await listDistrictLabels(trx, tenant.id)
      const alerts = await listCurrentAlerts(trx, tenant.id)
      const settings = await readSettings(trx, tenant.id)
      let district = null
      let isOwnDistrict = false
      let near: { latitude: number; longitude: number } | null = null
      if (req.resident) {
        const place = await findResidentPlace(trx, tenant.id, req.resident.id)
        district = districts.find(d => d.id === place.districtId) ?? null
        isOwnDistrict = district !== null
        near = place.home
        if (district || near) {
          // The district and home location are personal data: reading them is audited.
          await recordAudit(trx, tenant.id, { actor: { type: 'resident', id: req.resident.id }, action: 'disaster.emergency-page-personalised', subjectType: 'resident', subjectId: req.resident.id, details: { district: Boolean(district), home: Boolean(near) } })
        }
      }
      if (!district && typeof query.district === 'string') district = districts.find(d => d.code === query.district) ?? null
      const lat = coordinate(query.lat, 20, 46)
      const lon = coordinate(query.lon, 122, 154)
      if (!near && lat !== undefined && lon !== undefined) near = { latitude: lat, longitude: lon }
      if (!near && district?.bbox) near = { latitude: (district.bbox[1] + district.bbox[3]) / 2, longitude: (district.bbox[0] + district.bbox[2]) / 2 }
      const shelters = await findNearestOpenShelters(trx, tenant.id, near, SHELTERS_SHOWN)
      return { mode: tenant.settings.disasterMode.state, alerts, districts, district, isOwnDistrict, shelters, contacts: settings.emergencyContacts }
    })
  }

  app.get('/:tenant/disaster', { config: { auth: 'public' } }, async (req, reply) => {
    const view = await emergencyView(req)
    return reply.header('cache-control', 'no-store').html(<EmergencyPage ctx={pageContext(req)} view={view} />)
  })

  app.get('/:tenant/disaster/text', { config: { auth: 'public' } }, async (req, reply) => {
    const view = await emergencyView(req)
    return reply.header('cache-control', 'no-store').html(<TextOnlyPage ctx={pageContext(req)} view={view} />)
  })

  app.get('/:tenant/alerts/:alertId', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = disasterTenant(req)
    const alertId = (req.params as { alertId: string }).alertId
    if (!UUID.test(alertId)) throw notFound('DISASTER.ALERT_NOT_FOUND')
    const found = await withTenant(db, tenant.id, async trx => {
      const alert = await findPublishedAlert(trx, tenant.id, alertId.toLowerCase())
      return alert && { ...alert, districts: await listDistrictLabels(trx, tenant.id) }
    })
    if (!found) throw notFound('DISASTER.ALERT_NOT_FOUND')
    return reply.header('cache-control', 'no-cache').html(<AlertPage ctx={pageContext(req)} alert={found.alert} revisions={found.revisions} districts={found.districts} />)
  })

  app.get('/:tenant/alerts/:alertId/cap/:file', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = disasterTenant(req)
    const { alertId, file } = req.params as { alertId: string; file: string }
    const match = /^([1-9]\d{0,5})\.xml$/.exec(file)
    if (!UUID.test(alertId) || !match) throw notFound('DISASTER.CAP_NOT_FOUND')
    const doc = await withTenant(db, tenant.id, trx => findCapDocument(trx, tenant.id, alertId.toLowerCase(), Number(match[1])))
    if (!doc) throw notFound('DISASTER.CAP_NOT_FOUND')
    // A revision never changes: cacheable for a day.
    return reply.header('content-type', 'application/cap+xml; charset=utf-8').header('cache-control', 'public, max-age=86400').header('last-modified', doc.sent.toUTCString()).send(doc.xml)
  })

  app.get('/:tenant/alerts.atom', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = disasterTenant(req)
    const alerts = await withTenant(db, tenant.id, trx => listCurrentAlerts(trx, tenant.id))
    const xml = atomFeed({ slug: tenant.slug, name: tenant.name }, platform.config.publicUrl, alerts, new Date())
    return reply.header('content-type', 'application/atom+xml; charset=utf-8').header('cache-control', 'no-cache').send(xml)
  })
}
