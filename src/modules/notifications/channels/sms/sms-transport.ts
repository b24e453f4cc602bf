import type { Config } from '../../../../platform/config.js'
import { createSmsClient, type SmsClient, type SmsFetch } from './sms-client.js'
import { setInProcessSmsRoute } from './sms-in-process.js'

/**
 * Which SMS client a process uses. The development fake is mounted on the web app at /dev-sms;
 * when it is mounted in this process its API is called in-process (tests have no listening
 * server at PUBLIC_URL), otherwise over HTTP. Keyed by the config object, which is one per
 * platform.
 */
const inProcess = new WeakMap<Config, SmsFetch>()

export function routeSmsInProcess(config: Config, fetch: SmsFetch | undefined): void {
  if (fetch) inProcess.set(config, fetch)
  else inProcess.delete(config)
  if (config.smsApiBaseUrl?.startsWith(`${config.publicUrl}/dev-sms`)) setInProcessSmsRoute(config.smsApiBaseUrl, fetch)
}

/** The in-process route to the fake, when it is mounted in this process. */
export function inProcessSmsFetch(config: Config): SmsFetch | undefined {
  return inProcess.get(config)
}

/** Where the provider posts delivery receipts for a tenant. */
export function smsReceiptUrl(config: Pick<Config, 'publicUrl'>, tenantSlug: string): string {
  return `${config.publicUrl}/api/v1/notifications/sms-receipts/${encodeURIComponent(tenantSlug)}`
}

/** True when SMS can be offered: a provider is configured (or the development fake). */
export function isSmsAvailable(config: Config): boolean {
  return Boolean(config.smsApiBaseUrl && config.smsApiKey)
}

/**
 * The SMS client for this process and tenant (undefined when no provider is configured). The
 * delivery engine and the verification codes both send through it; the receipts of a tenant's
 * messages come back to that tenant's webhook.
 */
export function smsClientFor(config: Config, tenantSlug?: string): SmsClient | undefined {
  if (!config.smsApiBaseUrl || !config.smsApiKey) return undefined
  const fetch = config.smsApiBaseUrl.startsWith(`${config.publicUrl}/dev-sms`) ? inProcess.get(config) : undefined
  return createSmsClient({
    baseUrl: config.smsApiBaseUrl,
    apiKey: config.smsApiKey,
    senderId: config.SMS_SENDER_ID,
    fetch,
    callbackUrl: tenantSlug ? smsReceiptUrl(config, tenantSlug) : undefined,
  })
}
