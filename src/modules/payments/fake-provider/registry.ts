import type { FastifyInstance } from 'fastify'
import type { FakePaymentProvider } from './fake-provider.js'

/** Which app serves which fake provider (tests reach its knobs through this). Loads no fake code. */
const mounted = new WeakMap<FastifyInstance, FakePaymentProvider>()

export function rememberFakePaymentProvider(app: FastifyInstance, fake: FakePaymentProvider): void {
  mounted.set(app, fake)
}

/** The fake provider mounted on this app, if any. */
export function fakePaymentProviderOf(app: FastifyInstance): FakePaymentProvider | undefined {
  return mounted.get(app)
}
