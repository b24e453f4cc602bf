/**
 * Routes of the maps area: staff (disaster.manage) list, upload, publish, unpublish and delete
 * layers under /:tenant/staff/disaster/hazard-maps; the public reads published layers as
 * /:tenant/hazard-maps.json (the legend list) and /:tenant/hazard-maps/:id.geojson.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { notFound, unauthenticated } from '../../../platform/errors.js'
import { readMultipartForm } from '../../../platform/files/index.js'
import { boundedText, collectFormErrors, formValuesOf, text, type FormProblem } from '../../../platform/http/form-values.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import { disasterTenant } from '../disaster-deps.js'
import type { Platform } from '../../../platform/platform.js'
import { pageContext } from '../../../platform/views/page-context.js'
import type { DisasterSurfaces } from '../disaster-deps.js'
import { checkHazardLayer } from './hazard-geojson.js'
import { LayerListPage, UploadLayerPage } from './hazard-pages.js'
import { deleteLayer, findLayer, layerNotFound, listLayers, setLayerPublished, uploadLayer } from './hazard-service.js'
import { LAYER_COLOURS, LAYER_KINDS, type LayerColour, type LayerKind } from './hazard-tables.js'

const manage = { auth: 'staff', permission: 'disaster.manage' } as const
const STAFF = '/:tenant/staff/disaster/hazard-maps'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const disasterTenantOf = disasterTenant

function actorOf(req: FastifyRequest) {
  const tenant = disasterTenantOf(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenantId: tenant.id, staff: req.staff, requestId: req.id }
}

const idOf = (req: FastifyRequest) => {
  const id = (req.params as Record<string, string>).layerId ?? ''
  if (!UUID.test(id)) throw layerNotFound()
  return id.toLowerCase()
}

const P = 'disaster.maps.form.'

export function registerHazardMapRoutes(app: FastifyInstance, platform: Platform, on: DisasterSurfaces): void {
  const { db } = platform.database
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store')

  if (on.staff) {
    app.get(STAFF, { config: manage }, async (req, reply) => {
      const actor = actorOf(req)
      const layers = await withTenant(db, actor.tenantId, trx => listLayers(trx, actor.tenantId, { publishedOnly: false }))
      const done = text(req.query as Record<string, string>, 'done')
      const notice = ['uploaded', 'published', 'unpublished', 'deleted'].includes(done) ? req.t(`disaster.maps.done.${done}`) : undefined
      return noStore(reply).html(<LayerListPage ctx={pageContext(req)} layers={layers} notice={notice} />)
    })

    app.get(`${STAFF}/new`, { config: manage }, async (req, reply) => {
      actorOf(req)
      return noStore(reply).html(<UploadLayerPage ctx={pageContext(req)} />)
    })

    app.post(STAFF, { config: manage }, async (req, reply) => {
      const actor = actorOf(req)
      const submitted = readMultipartForm(req)
      const form = formValuesOf(submitted.fields)
      const problems: FormProblem[] = []
      const kind = text(form, 'kind')
      if (!(LAYER_KINDS as readonly string[]).includes(kind)) problems.push({ field: 'kind', key: `${P}kindRequired` })
      const nameJa = boundedText(form, 'nameJa', problems, { max: 100, required: true, singleLine: true, keyPrefix: `${P}name.` })
      const nameEasy = boundedText(form, 'nameEasy', problems, { max: 100, singleLine: true, keyPrefix: `${P}name.` })
      const nameEn = boundedText(form, 'nameEn', problems, { max: 100, singleLine: true, keyPrefix: `${P}name.` })
      const descriptionJa = boundedText(form, 'descriptionJa', problems, { max: 1000, required: true, keyPrefix: `${P}description.` })
      const descriptionEasy = boundedText(form, 'descriptionEasy', problems, { max: 1000, keyPrefix: `${P}description.` })
      const descriptionEn = boundedText(form, 'descriptionEn', problems, { max: 1000, keyPrefix: `${P}description.` })
      const colour = text(form, 'colour')
      if (!(colour in LAYER_COLOURS)) problems.push({ field: 'colour', key: `${P}colourRequired` })
      const file = submitted.files.find(part => part.field === 'file')
      const checked = file ? checkHazardLayer(file.content) : undefined
      if (!checked) problems.push({ field: 'file', key: `${P}fileRequired` })
      else if (!checked.ok) for (const problem of checked.problems) problems.push({ field: 'file', key: 'disaster.maps.geojson.at', params: { path: problem.path, message: req.t(problem.key, problem.params) } })
      const values: Record<string, string> = { kind, nameJa, nameEasy, nameEn, descriptionJa, descriptionEasy, descriptionEn, colour, publish: text(form, 'publish') }
      if (problems.length > 0 || !checked?.ok) {
        const { fields } = collectFormErrors(req.t, problems)
        // every GeoJSON problem in the summary, the first beside the input
        const all = collectFormErrors(req.t, problems).summary.filter(item => item.field === 'file').map(item => item.message)
        if (all.length > 1) fields.file = all.join(' / ')
        return noStore(reply).html(<UploadLayerPage ctx={pageContext(req)} values={values} problems={fields} />, 422)
      }
      await uploadLayer(platform, actor, {
        kind: kind as LayerKind,
        names: { ja: nameJa, ...(nameEasy ? { 'ja-easy': nameEasy } : {}), ...(nameEn ? { en: nameEn } : {}) },
        descriptions: { ja: descriptionJa, ...(descriptionEasy ? { 'ja-easy': descriptionEasy } : {}), ...(descriptionEn ? { en: descriptionEn } : {}) },
        colour: colour as LayerColour,
        collection: checked.collection,
        featureCount: checked.featureCount,
        geometryTypes: checked.geometryTypes,
        bbox: checked.bbox,
        isPublished: values.publish === '1',
      })
      return reply.redirect(`/${tenantOf(req).slug}/staff/disaster/hazard-maps?done=uploaded`, 303)
    })

    for (const [action, done] of [
      ['publish', 'published'],
      ['unpublish', 'unpublished'],
      ['delete', 'deleted'],
    ] as const) {
      app.post(`${STAFF}/:layerId/${action}`, { config: manage }, async (req, reply) => {
        const actor = actorOf(req)
        const id = idOf(req)
        if (action === 'delete') await deleteLayer(platform, actor, id)
        else await setLayerPublished(platform, actor, id, action === 'publish')
        return reply.redirect(`/${tenantOf(req).slug}/staff/disaster/hazard-maps?done=${done}`, 303)
      })
    }
  }

  if (on.public) {
    app.get('/:tenant/hazard-maps.json', { config: { auth: 'public' } }, async (req, reply) => {
      const tenant = disasterTenantOf(req)
      const layers = await withTenant(db, tenant.id, trx => listLayers(trx, tenant.id, { publishedOnly: true }))
      return reply
        .header('cache-control', 'public, max-age=60')
        .send({
          layers: layers.map(layer => ({ id: layer.id, kind: layer.kind, names: layer.names, descriptions: layer.descriptions, colour: LAYER_COLOURS[layer.colour], colourName: layer.colour, featureCount: layer.featureCount, bbox: layer.bbox, url: `/${tenant.slug}/hazard-maps/${layer.id}.geojson` })),
        })
    })

    app.get('/:tenant/hazard-maps/:file', { config: { auth: 'public' } }, async (req, reply) => {
      const tenant = disasterTenantOf(req)
      const match = /^([0-9a-f-]{36})\.geojson$/i.exec((req.params as Record<string, string>).file ?? '')
      if (!match?.[1] || !UUID.test(match[1])) throw layerNotFound()
      const id = match[1].toLowerCase()
      const layer = await withTenant(db, tenant.id, trx => findLayer(trx, tenant.id, id, { publishedOnly: true }))
      if (!layer) throw layerNotFound()
      return reply
        .header('content-type', 'application/geo+json; charset=utf-8')
        .header('cache-control', 'public, max-age=60')
        .send(JSON.stringify({ ...layer.geojson, name: layer.names.ja, properties: { kind: layer.kind, names: layer.names, descriptions: layer.descriptions, colour: LAYER_COLOURS[layer.colour] } }))
    })
  }
}
