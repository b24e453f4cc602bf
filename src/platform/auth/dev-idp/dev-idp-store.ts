import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider'

/**
 * In-memory storage for the dev IdP's sessions, interactions, codes and tokens. oidc-provider's
 * own memory adapter is process-global and announces itself on every start; this one belongs to
 * one IdP instance and is bounded. Losing it on restart only logs developers out.
 */
export function createDevIdpStore(maxEntries = 5000): AdapterFactory {
  interface Entry {
    payload: AdapterPayload
    expiresAt: number
  }
  const entries = new Map<string, Entry>()
  const sessionKeyByUid = new Map<string, string>()
  const keysByGrantId = new Map<string, Set<string>>()

  function read(key: string): AdapterPayload | undefined {
    const entry = entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt <= Date.now()) {
      remove(key)
      return undefined
    }
    return entry.payload
  }

  function remove(key: string) {
    const entry = entries.get(key)
    entries.delete(key)
    if (!entry) return
    const { uid, grantId } = entry.payload
    if (uid !== undefined && sessionKeyByUid.get(uid) === key) sessionKeyByUid.delete(uid)
    if (grantId !== undefined) keysByGrantId.get(grantId)?.delete(key)
  }

  function evictOldest() {
    // Map iteration follows insertion order, so the first key is the oldest write.
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next()
      if (oldest.done) return
      remove(oldest.value)
    }
  }

  return (model: string): Adapter => {
    const keyFor = (id: string) => `${model}:${id}`
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyFor(id)
        remove(key)
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY
        entries.set(key, { payload, expiresAt })
        if (model === 'Session' && payload.uid !== undefined) sessionKeyByUid.set(payload.uid, key)
        if (payload.grantId !== undefined) {
          const keys = keysByGrantId.get(payload.grantId) ?? new Set<string>()
          keys.add(key)
          keysByGrantId.set(payload.grantId, keys)
        }
        evictOldest()
      },
      async find(id) {
        return read(keyFor(id))
      },
      async findByUid(uid) {
        const key = sessionKeyByUid.get(uid)
        return key === undefined ? undefined : read(key)
      },
      async findByUserCode() {
        return undefined // device flow is not enabled
      },
      async consume(id) {
        const payload = read(keyFor(id))
        if (payload) payload.consumed = Math.floor(Date.now() / 1000)
      },
      async destroy(id) {
        remove(keyFor(id))
      },
      async revokeByGrantId(grantId) {
        for (const key of keysByGrantId.get(grantId) ?? []) remove(key)
        keysByGrantId.delete(grantId)
      },
    }
  }
}
