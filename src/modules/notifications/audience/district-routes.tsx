/**
 * Staff routes of districts: the list, the GeoJSON import (`notifications.manage`), delete, and
 * the boundaries as GeoJSON for the maps (any staff member: the compose page's area picker uses
 * them too, and boundaries are public geography, not personal data).
 */
import type { FastifyInstance } from 'fastify'
import { readMultipartForm } from '../../../platform/files/index.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { formValuesOf, type FormValues } from './audience-form-values.js'
import { staffRequest } from './audience-request.js'
import { BASE, doneNotice, idParam, manageConfig as config, queryValue, tenantBase } from './audience-route-helpers.js'
import { DistrictImportPage, DistrictListPage } from './district-pages.js'
import type { DistrictService } from './district-service.js'

/** Pasted text kept in the re-rendered form after a refused import (longer text is not echoed back). */
const MAX_ECHOED_CHARACTERS = 200_000

export function registerDistrictRoutes(app: FastifyInstance, districts: DistrictService): void {
  app.get(`${BASE}/districts`, { config }, async (req, reply) => {
    const { districts: list, residents } = await districts.listDistricts(staffRequest(req))
    const count = (name: string) => Number(/^\d{1,6}$/.test(queryValue(req, name) ?? '') ? queryValue(req, name) : 0)
    return reply.html(<DistrictListPage ctx={pageContext(req)} districts={list} residents={residents} notice={doneNotice(req, 'districts', ['imported', 'deleted'], { added: count('added'), replaced: count('replaced') })} />)
  })

  app.get(`${BASE}/districts.geojson`, { config: { auth: 'staff', permission: 'notifications.send' } }, async (req, reply) => {
    const list = await districts.listDistrictShapes(staffRequest(req))
    const collection = {
      type: 'FeatureCollection',
      features: list
        .filter(d => d.geometry)
        .map(d => ({
          type: 'Feature',
          id: d.id,
          properties: { code: d.code, name: d.names.ja, ...(d.names['ja-easy'] ? { name_easy: d.names['ja-easy'] } : {}), ...(d.names.en ? { name_en: d.names.en } : {}) },
          geometry: d.geometry,
        })),
    }
    return reply
      .header('content-type', 'application/geo+json; charset=utf-8')
      .header('content-disposition', 'inline; filename="districts.geojson"')
      .header('cache-control', 'no-store')
      .send(JSON.stringify(collection))
  })

  app.get(`${BASE}/districts/import`, { config }, async (req, reply) => reply.html(<DistrictImportPage ctx={pageContext(req)} />))

  app.post(`${BASE}/districts/import`, { config }, async (req, reply) => {
    const { fields, files } = readMultipartForm(req)
    const values = formValuesOf(fields)
    const ctx = pageContext(req)
    // a form sent without choosing a file still carries an empty file part
    const file = files.find(f => f.field === 'file' && f.content.length > 0)
    let source: string
    if (file) {
      try {
        source = new TextDecoder('utf-8', { fatal: true }).decode(file.content)
      } catch {
        const message = req.t('audience.districts.notUtf8')
        return reply.html(<DistrictImportPage ctx={ctx} errors={{ file: message }} summary={[{ field: 'file', message }]} />, 422)
      }
    } else {
      source = typeof values.geojson === 'string' ? values.geojson : ''
    }
    if (source.trim() === '') {
      const message = req.t('audience.districts.nothingGiven')
      return reply.html(<DistrictImportPage ctx={ctx} errors={{ file: message }} summary={[{ field: 'file', message }]} />, 422)
    }
    const outcome = await districts.importDistricts(staffRequest(req), source)
    if (outcome.ok) return reply.redirect(`${tenantBase(req)}/districts?done=imported&added=${outcome.added}&replaced=${outcome.replaced}`, 303)
    const echoed: FormValues = !file && source.length <= MAX_ECHOED_CHARACTERS ? { geojson: source } : {}
    return reply.html(<DistrictImportPage ctx={ctx} values={echoed} problems={outcome.problems} />, 422)
  })

  app.post(`${BASE}/districts/:id/delete`, { config }, async (req, reply) => {
    const id = idParam(req)
    if (!id) return reply.callNotFound()
    const request = staffRequest(req)
    const outcome = await districts.deleteDistrict(request, id)
    if (outcome.ok) return reply.redirect(`${tenantBase(req)}/districts?done=deleted`, 303)
    const { districts: list, residents } = await districts.listDistricts(request)
    const message = req.t('audience.districts.inUse', { name: outcome.district.names.ja, count: outcome.residents })
    return reply.html(<DistrictListPage ctx={pageContext(req)} districts={list} residents={residents} errors={[{ field: `delete-${id}`, message }]} />, 409)
  })
}
