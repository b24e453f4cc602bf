import * as client from 'openid-client'

import { AppError, isAppError } from '../../errors.js'

/**
 * AppError factories for the resident login flow, and the one place that turns openid-client's
 * errors into them. Every failure shows the resident the same message (`auth.errors.oidcFailed`);
 * the code tells operators what happened.
 *
 * The `cause` kept on the AppError is a short string (error class, OAuth code, library message),
 * never the library error itself: those carry token responses, ID token claims and callback
 * parameters in their own `cause`, and errors end up in logs.
 */
export type OidcFailureCode =
  | 'AUTH.OIDC_STATE_MISMATCH'
  | 'AUTH.OIDC_NONCE_MISMATCH'
  | 'AUTH.OIDC_INVALID_TOKEN'
  | 'AUTH.OIDC_EXPIRED'
  | 'AUTH.OIDC_PROVIDER_ERROR'
  | 'AUTH.OIDC_PENDING_EXPIRED'

export function oidcFailure(code: OidcFailureCode, reason?: string): AppError {
  const error = new AppError('UNAUTHENTICATED', code, 'auth.errors.oidcFailed')
  if (reason !== undefined) error.cause = reason
  return error
}

/** The IdP could not be reached or sent no usable metadata: a 503, not the resident's fault. */
export function oidcProviderUnavailable(reason?: string): AppError {
  const error = new AppError('UNAVAILABLE', 'AUTH.OIDC_PROVIDER_UNAVAILABLE', 'auth.errors.oidcFailed')
  if (reason !== undefined) error.cause = reason
  return error
}

/** The callback carried `error=…` (access_denied when the resident cancels, invalid_request, …). */
export function providerRejected(oauthError: string): AppError {
  return oidcFailure('AUTH.OIDC_PROVIDER_ERROR', `authorization response: ${logSafe(oauthError)}`)
}

/** Maps anything thrown while redeeming the code or fetching UserInfo to an AppError. */
export function toOidcAppError(error: unknown): AppError {
  if (isAppError(error)) return error

  if (error instanceof client.AuthorizationResponseError) {
    return oidcFailure('AUTH.OIDC_PROVIDER_ERROR', describe(error, error.error))
  }
  if (error instanceof client.ResponseBodyError) {
    // The token or UserInfo endpoint refused us (invalid_grant for a used or expired code,
    // invalid_client for a key the IdP does not know, …).
    return oidcFailure('AUTH.OIDC_PROVIDER_ERROR', describe(error, error.error))
  }
  if (error instanceof client.WWWAuthenticateChallengeError) {
    return oidcFailure('AUTH.OIDC_PROVIDER_ERROR', describe(error, error.code))
  }
  if (error instanceof client.ClientError) {
    return oidcFailure(codeForClientError(error), describe(error, error.code))
  }
  // fetch() rejects with a TypeError when the network fails.
  return oidcFailure('AUTH.OIDC_PROVIDER_ERROR', describe(error))
}

function codeForClientError(error: client.ClientError): OidcFailureCode {
  switch (error.code) {
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      return comparedClaim(error) === 'nonce' ? 'AUTH.OIDC_NONCE_MISMATCH' : 'AUTH.OIDC_INVALID_TOKEN'
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return 'AUTH.OIDC_EXPIRED'
    case 'OAUTH_INVALID_RESPONSE': // includes "JWT signature verification failed"
    case 'OAUTH_KEY_SELECTION_FAILED':
    case 'OAUTH_PARSE_ERROR':
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
    case 'OAUTH_UNSUPPORTED_OPERATION':
    case 'OAUTH_JWT_USERINFO_EXPECTED':
      return 'AUTH.OIDC_INVALID_TOKEN'
    default:
      // Transport-level trouble: unexpected status, not JSON, timeout, HTTPS required, …
      return 'AUTH.OIDC_PROVIDER_ERROR'
  }
}

/** openid-client wraps oauth4webapi's error, whose own cause names the claim that differed. */
function comparedClaim(error: client.ClientError): unknown {
  const inner: unknown = error.cause
  if (typeof inner !== 'object' || inner === null || !('cause' in inner)) return undefined
  const details: unknown = inner.cause
  if (typeof details !== 'object' || details === null || !('claim' in details)) return undefined
  return details.claim
}

function describe(error: unknown, code?: string): string {
  if (!(error instanceof Error)) return 'non-error thrown'
  const safeCode = code === undefined ? undefined : logSafe(code)
  return [error.name, safeCode, error.message].filter(part => part !== undefined && part !== '').join(': ')
}

/** OAuth error codes can arrive in the callback URL, i.e. from anyone. */
function logSafe(code: string): string {
  return code.replace(/[^\w.-]/g, '?').slice(0, 64)
}
