import type { Config } from '../../../../platform/config.js'
import type { PushFetch } from './push-sender.js'

/**
 * The development push service (/dev-push) mounted in this process is called in-process (tests
 * have no listening server at PUBLIC_URL); anything else goes over the network. Keyed by the
 * config object, one per platform.
 */
const inProcess = new WeakMap<Config, PushFetch>()

export function routePushInProcess(config: Config, fetch: PushFetch | undefined): void {
  if (fetch) inProcess.set(config, fetch)
  else inProcess.delete(config)
}

/** The in-process route for an endpoint of the development push service mounted here, if any. */
export function inProcessPushFetch(config: Config, endpoint: string): PushFetch | undefined {
  return endpoint.startsWith(`${config.publicUrl}/dev-push/`) ? inProcess.get(config) : undefined
}
