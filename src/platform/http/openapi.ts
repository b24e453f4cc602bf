import type { FastifyInstance } from 'fastify'

interface RouteInfo {
  method: string
  url: string
  schema?: {
    summary?: string
    tags?: string[]
    params?: unknown
    querystring?: unknown
    /**
     * OpenAPI Operation fields for this route (description, security, parameters, requestBody,
     * responses), merged over the generated ones. Fastify does not read this key, so documenting
     * a body or a response never turns on Fastify's own validation or serialisation.
     */
    operation?: Record<string, unknown> & { parameters?: unknown[] }
  }
}

const collected: WeakMap<FastifyInstance, RouteInfo[]> = new WeakMap()

/** Remembers every /api route as it is registered, to describe it in the OpenAPI document. */
export function collectApiRoutes(app: FastifyInstance) {
  const routes: RouteInfo[] = []
  collected.set(app, routes)
  app.addHook('onRoute', route => {
    if (!route.url.startsWith('/api/')) return
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue
      routes.push({ method: method.toLowerCase(), url: route.url, schema: route.schema as RouteInfo['schema'] })
    }
  })
}

/** OpenAPI 3.1 document of the JSON APIs; errors are RFC 9457 problem+json. */
export function buildOpenApiDocument(app: FastifyInstance) {
  const routes = collected.get(app) ?? []
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}')
    const params = [...route.url.matchAll(/:(\w+)/g)].map(m => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }))
    paths[path] ??= {}
    const operation = route.schema?.operation ?? {}
    paths[path][route.method] = {
      summary: route.schema?.summary ?? route.url,
      tags: route.schema?.tags ?? [],
      responses: {
        '200': { description: 'OK', content: { 'application/json': {} } },
        '4XX': { description: 'Problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
      ...operation,
      parameters: [...params, ...(operation.parameters ?? [])],
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Yakuba API', version: '1', description: 'JSON APIs of Yakuba (役場), the open-source digital town hall.' },
    paths,
    components: {
      schemas: {
        Problem: {
          type: 'object',
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' }, instance: { type: 'string' }, requestId: { type: 'string' } },
          required: ['type', 'title', 'status', 'code'],
        },
      },
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'ykb_<municipality>_<secret>',
          description: 'A municipality API key (staff console → API keys), sent as `Authorization: Bearer <key>` or `X-API-Key: <key>`. A key works only under its own municipality.',
        },
      },
    },
  }
}
