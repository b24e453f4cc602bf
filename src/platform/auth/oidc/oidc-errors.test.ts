import * as client from 'openid-client'
import { describe, expect, it } from 'vitest'

import { AppError } from '../../errors.js'
import { providerRejected, toOidcAppError } from './oidc-errors.js'

/** openid-client's shape: ClientError(code) whose cause is oauth4webapi's error with details. */
function clientError(code: string, details: Record<string, unknown> = {}) {
  const inner = Object.assign(new Error('inner'), { code, cause: details })
  return Object.assign(new client.ClientError('library message', { cause: inner }), { code })
}

describe('toOidcAppError', () => {
  it.each([
    [clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', { claim: 'nonce' }), 'AUTH.OIDC_NONCE_MISMATCH'],
    [clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', { claim: 'aud' }), 'AUTH.OIDC_INVALID_TOKEN'],
    [clientError('OAUTH_JWT_TIMESTAMP_CHECK_FAILED', { claim: 'exp' }), 'AUTH.OIDC_EXPIRED'],
    [clientError('OAUTH_INVALID_RESPONSE'), 'AUTH.OIDC_INVALID_TOKEN'],
    [clientError('OAUTH_KEY_SELECTION_FAILED'), 'AUTH.OIDC_INVALID_TOKEN'],
    [clientError('OAUTH_RESPONSE_IS_NOT_CONFORM'), 'AUTH.OIDC_PROVIDER_ERROR'],
    [clientError('OAUTH_TIMEOUT'), 'AUTH.OIDC_PROVIDER_ERROR'],
    [new TypeError('fetch failed'), 'AUTH.OIDC_PROVIDER_ERROR'],
  ])('maps %s to %s', (error, code) => {
    const mapped = toOidcAppError(error)

    expect(mapped).toBeInstanceOf(AppError)
    expect(mapped.kind).toBe('UNAUTHENTICATED')
    expect(mapped.code).toBe(code)
    expect(mapped.messageKey).toBe('auth.errors.oidcFailed')
  })

  it('keeps only a short description as cause, never the library error and its payload', () => {
    const leaky = clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', { claim: 'nonce', claims: { sub: 'secret-sub' }, id_token: 'eyJ.secret' })

    const mapped = toOidcAppError(leaky)

    expect(typeof mapped.cause).toBe('string')
    expect(String(mapped.cause)).not.toContain('secret')
  })

  it('passes AppErrors through unchanged', () => {
    const original = new AppError('UNAUTHENTICATED', 'AUTH.OIDC_CLAIMS_MISSING', 'auth.errors.oidcFailed')

    expect(toOidcAppError(original)).toBe(original)
  })

  it('keeps an error code from the callback URL log-safe', () => {
    const mapped = providerRejected('access_denied\n<script>forged log line</script>')

    expect(mapped.code).toBe('AUTH.OIDC_PROVIDER_ERROR')
    expect(String(mapped.cause)).not.toMatch(/[\n<>]/)
  })
})
