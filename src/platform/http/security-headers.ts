import type { FastifyInstance } from 'fastify'

/**
 * Security headers, computed once at startup (they are static; @fastify/helmet rebuilt them on
 * every request, ~90 µs each — see bench/README.md). Strict CSP: no inline script or style.
 */
export function securityHeaders(options: { https: boolean; extraFormActions: string[]; tileOrigin?: string }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: ${options.tileOrigin ?? 'https://cyberjapandata.gsi.go.jp'}`,
    "font-src 'self'",
    "connect-src 'self'",
    `form-action 'self'${options.extraFormActions.map(o => ` ${o}`).join('')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ')
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(self), geolocation=(self), microphone=(), payment=(), usb=()',
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  }
}

export function registerSecurityHeaders(app: FastifyInstance, headers: Record<string, string>) {
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(headers)
    reply.header('x-request-id', req.id)
  })
}
