import type { FastifyInstance } from 'fastify'

interface RouteInfo {
  method: string
  url: string
  schema?: { summary?: string; tags?: string[]; params?: unknown; querystring?: unknown }
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
    paths[path][route.method] = {
      summary: route.schema?.summary ?? route.url,
      tags: route.schema?.tags ?? [],
      parameters: params,
      responses: {
        '200': { description: 'OK', content: { 'application/json': {} } },
        '4XX': { description: 'Problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
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
    },
  }
}
