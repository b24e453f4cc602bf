import type { Config } from '../../platform/config.js'
import type { Db } from '../../platform/db/tenant-context.js'
import type { PaymentProvider } from './payment-provider.js'
import { createYakubaPayClient, type FetchLike } from './yakuba-pay-client.js'

/** The providers this deployment talks to, by id (the id is in the webhook path and in payments.provider). */
export interface PaymentProviders {
  /** The provider new online payments use; undefined when online payment is off. */
  online?: PaymentProvider
  get(id: string): PaymentProvider | undefined
}

interface InProcessTransport {
  baseUrl: string
  fetch: FetchLike
}

/**
 * When the fake provider is mounted on this process's own app, its API is called through
 * app.inject instead of the network: no listener is needed (tests, `yakuba start` before it
 * listens) and nothing leaves the process. Keyed by the platform's database handle, which is one
 * per platform.
 */
const inProcessTransports = new WeakMap<Db, InProcessTransport>()

export function routePaymentApiInProcess(db: Db, transport: InProcessTransport | undefined): void {
  if (transport) inProcessTransports.set(db, transport)
  else inProcessTransports.delete(db)
}

const networkFetch: FetchLike = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(10_000) })

/** Builds the provider registry from configuration. Adding a real provider: one more case here. */
export function createPaymentProviders(config: Config, db: Db): PaymentProviders {
  const providers = new Map<string, PaymentProvider>()
  switch (config.paymentProvider) {
    case 'fake': {
      const baseUrl = config.paymentApiBaseUrl
      providers.set(
        'fake',
        createYakubaPayClient({
          id: 'fake',
          baseUrl,
          secretKey: config.paymentSecretKey,
          webhookSecret: config.paymentWebhookSecret,
          fetch: (input, init) => {
            const local = inProcessTransports.get(db)
            return local && input.startsWith(`${local.baseUrl}/`) ? local.fetch(input, init) : networkFetch(input, init)
          },
        }),
      )
      break
    }
    case 'none':
      break
    default: {
      const exhaustive: never = config.paymentProvider
      throw new Error(`unknown payment provider ${String(exhaustive)}`)
    }
  }
  const online = config.paymentProvider === 'none' ? undefined : providers.get(config.paymentProvider)
  return { online, get: id => providers.get(id) }
}
