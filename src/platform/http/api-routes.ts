import type { FastifyInstance, FastifySchema } from 'fastify'
import { lookupAddress, normalizePostalCode } from '../../jp/postal.js'
import { AppError } from '../errors.js'
import type { Platform } from '../platform.js'
import { buildOpenApiDocument } from './openapi.js'

/** Public JSON APIs of the platform: postal code lookup, municipality list, the OpenAPI document. */
export function registerApiRoutes(app: FastifyInstance, platform: Platform) {
  app.get('/api/v1/openapi.json', { config: { auth: 'public' } }, async () => buildOpenApiDocument(app))

  app.get(
    '/api/v1/postal-codes/:code',
    {
      config: { auth: 'public' },
      schema: {
        summary: 'Address for a Japanese postal code (郵便番号 → 住所)',
        tags: ['reference'],
        params: { type: 'object', properties: { code: { type: 'string', maxLength: 20 } }, required: ['code'] },
      } as FastifySchema,
    },
    async (req, reply) => {
      const code = normalizePostalCode((req.params as { code: string }).code)
      if (!code) throw new AppError('BAD_REQUEST', 'JP.INVALID_POSTAL_CODE', 'portal.mypage.invalidPostal')
      const addresses = await lookupAddress(code)
      return reply.header('cache-control', 'public, max-age=86400').send({ postalCode: code, addresses })
    },
  )

  app.get('/api/v1/tenants', { config: { auth: 'public' }, schema: { summary: 'Municipalities served by this deployment', tags: ['tenancy'] } as FastifySchema }, async () => {
    const tenants = await platform.tenants.listTenants()
    return { tenants: tenants.map(t => ({ slug: t.slug, name: t.name, nameEn: t.nameEn, lgCode: t.lgCode, languages: t.settings.languages })) }
  })
}
