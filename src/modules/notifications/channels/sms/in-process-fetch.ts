import type { FastifyInstance } from 'fastify'

/**
 * A `fetch` that calls this app's own routes with `inject()`, without a network: how the
 * development fakes mounted on the app (/dev-sms, /dev-push) are reached from the same process,
 * and how their receipts come back, when PUBLIC_URL is not a listening address (tests).
 */
export type InProcessFetch = (input: string, init: { method: string; headers: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal }) => Promise<Response>

export function createInProcessFetch(app: FastifyInstance): InProcessFetch {
  return async (input, init) => {
    const url = new URL(input)
    const res = await app.inject({
      method: init.method as 'POST',
      url: url.pathname + url.search,
      headers: { ...init.headers, host: url.host },
      payload: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : Buffer.from(init.body),
    })
    const headers = new Headers()
    for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value))
    return new Response(res.statusCode === 204 || res.rawPayload.length === 0 ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers })
  }
}
