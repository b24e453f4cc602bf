import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors.js'
import { hmac, randomToken, safeEqual } from '../crypto.js'

/**
 * CSRF: a random secret in an httpOnly cookie; forms carry HMAC(server secret, cookie secret).
 * Works for anonymous forms (login) as well as logged-in ones, and survives session rotation.
 */
export const CSRF_COOKIE = 'yakuba_csrf'

export function issueCsrfToken(req: FastifyRequest, reply: FastifyReply, serverSecret: string, secure: boolean): string {
  let secret = req.cookies[CSRF_COOKIE]
  if (!secret || !/^[A-Za-z0-9_-]{43}$/.test(secret)) {
    secret = randomToken()
    reply.setCookie(CSRF_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure })
    // the request that sets the cookie can already render forms with the new secret
    req.cookies[CSRF_COOKIE] = secret
  }
  return hmac(serverSecret, secret)
}

export const csrfFailed = () => new AppError('FORBIDDEN', 'PLATFORM.CSRF_FAILED', 'errors.csrf')

export function verifyCsrf(req: FastifyRequest, serverSecret: string): void {
  const secret = req.cookies[CSRF_COOKIE]
  const body = req.body as Record<string, unknown> | undefined
  const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? req.headers['x-csrf-token']
  if (!secret || typeof sent !== 'string' || !safeEqual(sent, hmac(serverSecret, secret))) throw csrfFailed()
}
