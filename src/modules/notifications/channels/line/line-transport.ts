import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../../platform/platform.js'
import type { FakeLine } from './fake-line.js'
import type { FakeLineLogin } from './fake-line-login.js'
import { isLineLoginPath } from './fake-line-login.js'
import { createLineClient, type BinaryFetchLike, type FetchLike, type LineClient, type LineClientOptions } from './line-client.js'
import type { LineCredentials } from './line-credentials.js'

/**
 * How this process reaches LINE. With `NOTIFY_CHANNELS=fake` the app serves the fake at
 * /dev-line; requests for it are then handed to that same fake in-process (no socket: tests
 * run without a listener, and the dev viewer shows exactly what the delivery engine sent).
 * Otherwise — and in a process that does not serve the fake — requests go over the network.
 */

export interface MountedFakeLine {
  line: FakeLine
  login: FakeLineLogin
}

const byApp = new WeakMap<FastifyInstance, MountedFakeLine>()
const byPlatform = new WeakMap<Platform, MountedFakeLine>()

export function rememberMountedFakeLine(app: FastifyInstance, platform: Platform, mounted: MountedFakeLine): void {
  byApp.set(app, mounted)
  byPlatform.set(platform, mounted)
}

export function forgetMountedFakeLine(app: FastifyInstance, platform: Platform): void {
  if (byPlatform.get(platform) === byApp.get(app)) byPlatform.delete(platform)
  byApp.delete(app)
}

/** The fake Messaging API this app serves at /dev-line (tests: "the fake LINE received it"). */
export function mountedFakeLine(app: FastifyInstance): FakeLine | undefined {
  return byApp.get(app)?.line
}

/** The fake LINE Login this app serves at /dev-line/oauth2/… */
export function mountedFakeLineLogin(app: FastifyInstance): FakeLineLogin | undefined {
  return byApp.get(app)?.login
}

/** The fake serving this platform's LINE base URLs in-process, if any. */
export function fakeLineOf(platform: Platform): MountedFakeLine | undefined {
  return byPlatform.get(platform)
}

/** The path under one of the fake's base URLs, or undefined for any other URL. */
function fakePath(platform: Platform, input: string): string | undefined {
  const { lineApiBaseUrl, lineLoginApiBaseUrl } = platform.config
  for (const base of [lineApiBaseUrl, lineLoginApiBaseUrl]) if (input.startsWith(`${base}/`)) return new URL(input).pathname.slice(new URL(base).pathname.replace(/\/+$/, '').length)
  return undefined
}

const networkFetch: FetchLike = (input, init) => fetch(input, init)
const networkFetchBinary: BinaryFetchLike = (input, init) => fetch(input, init)

/** fetch for LINE's APIs (Messaging API and LINE Login) from this platform. */
export function lineTransportFor(platform: Platform): { fetch: FetchLike; fetchBinary: BinaryFetchLike } {
  return {
    fetch: async (input, init) => {
      const mounted = byPlatform.get(platform)
      const path = mounted ? fakePath(platform, input) : undefined
      if (!mounted || path === undefined) return networkFetch(input, init)
      if (!isLineLoginPath(path)) return mounted.line.fetch(`http://fake.line${path}`, init)
      const response = mounted.login.handle({ method: init.method, path, headers: init.headers, body: init.body ?? '' })
      return new Response(JSON.stringify(response.body), { status: response.status, headers: response.headers })
    },
    fetchBinary: async (input, init) => {
      const mounted = byPlatform.get(platform)
      const path = mounted ? fakePath(platform, input) : undefined
      if (!mounted || path === undefined) return networkFetchBinary(input, init)
      return mounted.line.fetchBinary(`http://fake.line${path}`, init)
    },
  }
}

/**
 * A Messaging API client for a tenant's credentials on this platform (base URL from config,
 * the in-process fake in development). The delivery engine and this area build clients here.
 */
export function createTenantLineClient(platform: Platform, credentials: Pick<LineCredentials, 'accessToken'>, options: Partial<LineClientOptions> = {}): LineClient {
  return createLineClient({ channelAccessToken: credentials.accessToken, baseUrl: platform.config.lineApiBaseUrl, ...lineTransportFor(platform), ...options })
}
