import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

import type { DevIdentityProvider } from './dev-idp.js'

/**
 * Mounts the dev IdP on a Fastify app under `prefix` (the issuer's path, e.g. '/dev-idp').
 *
 * - One catch-all route `${prefix}/*` hands the raw Node request to the IdP (`reply.hijack()`);
 *   the IdP keeps the full URL and strips the prefix itself, so its discovery document, redirects
 *   and cookie paths all carry the prefix.
 * - Registered in its own encapsulated plugin whose only content-type parser leaves the body
 *   unread: oidc-provider and the card form read the raw stream themselves, and a body already
 *   consumed by @fastify/formbody would arrive empty.
 * - `config.auth = 'public'` (anyone may use an IdP) and `config.csrf = false` (the token
 *   endpoint is called server-to-server; the card form is bound to the IdP's interaction cookie).
 *
 * Because the reply is hijacked, Fastify's onSend hooks do not run for these routes; the IdP
 * sets its own Content-Security-Policy and cache headers on its pages.
 */
export async function mountDevIdentityProvider(app: FastifyInstance, idp: DevIdentityProvider, prefix: string): Promise<void> {
  const normalisedPrefix = prefix.replace(/\/+$/, '')
  if (normalisedPrefix !== idp.mountPath) {
    throw new TypeError(`dev IdP issuer path is '${idp.mountPath}' but it is being mounted at '${normalisedPrefix}'`)
  }

  await app.register(async scope => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, _payload, done) => {
      done(null, undefined)
    })
    const handler = (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack()
      idp.callback(request.raw, reply.raw)
    }
    scope.route({
      method: ['GET', 'POST', 'OPTIONS'],
      url: `${normalisedPrefix}/*`,
      config: { auth: 'public', csrf: false },
      handler,
    })
  })
}
