import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'

export interface ClientKeyPair {
  /** Keep secret (config / secret store). Used to sign `private_key_jwt` client assertions. */
  privateJwk: JWK
  /** Registered with the IdP (the デジタル認証アプリ asks for it at client registration). */
  publicJwk: JWK
}

/**
 * Generates an ES256 (EC P-256) key pair for `private_key_jwt` client authentication. The `kid`
 * is the RFC 7638 thumbprint, so the same key always gets the same id.
 */
export async function generateClientKey(): Promise<ClientKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
  const publicJwk = await exportJWK(publicKey)
  const kid = await calculateJwkThumbprint(publicJwk)
  const common = { kid, alg: 'ES256', use: 'sig' }
  return {
    privateJwk: { ...(await exportJWK(privateKey)), ...common },
    publicJwk: { ...publicJwk, ...common },
  }
}

/**
 * Imports an ES256 private JWK for signing. Throws a TypeError (a configuration mistake, not a
 * resident-facing failure) unless it is an EC P-256 private key with a `kid`: the IdP selects
 * the registered key by `kid`.
 */
export async function importClientKey(privateJwk: JWK): Promise<{ key: CryptoKey; kid: string }> {
  const kid = assertClientKey(privateJwk)
  const key = await importJWK(privateJwk, 'ES256')
  if (!(key instanceof CryptoKey)) throw new TypeError('OIDC client key did not import as a CryptoKey')
  return { key, kid }
}

/** Synchronous shape check, so a wrong key fails at startup rather than at the first login. */
export function assertClientKey(privateJwk: JWK): string {
  if (privateJwk.kty !== 'EC' || privateJwk.crv !== 'P-256' || typeof privateJwk.d !== 'string') {
    throw new TypeError('OIDC client key must be an EC P-256 private JWK (ES256)')
  }
  if (typeof privateJwk.kid !== 'string' || privateJwk.kid === '') {
    throw new TypeError('OIDC client key must have a kid')
  }
  return privateJwk.kid
}

/** The public half of a private JWK, for registering it with an IdP. */
export function toPublicJwk(privateJwk: JWK): JWK {
  const { d: _d, ...publicJwk } = privateJwk
  return publicJwk
}
