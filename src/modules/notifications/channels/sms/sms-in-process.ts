import type { SmsFetch } from './sms-client.js'

/**
 * In-process routes to development SMS fakes mounted in this process, by API base URL. Lets a
 * client made with only `{ baseUrl, apiKey }` reach the fake when PUBLIC_URL is not a listening
 * address (tests); the last fake mounted for a base URL wins until it closes.
 */
const routes = new Map<string, SmsFetch>()

export function setInProcessSmsRoute(baseUrl: string, fetch: SmsFetch | undefined): void {
  const key = baseUrl.replace(/\/$/, '')
  if (fetch) routes.set(key, fetch)
  else routes.delete(key)
}

export function findInProcessSmsRoute(baseUrl: string): SmsFetch | undefined {
  return routes.get(baseUrl.replace(/\/$/, ''))
}
