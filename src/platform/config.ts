import { z } from 'zod'

/**
 * The only reader of process.env. Parsed once at startup; a wrong value stops startup with a
 * message naming the key. Every key is documented in .env.example.
 */
const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform(v => v === 'true' || v === '1' || v === 'yes')

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public base URL used in links, OIDC redirect URIs and emails. */
  PUBLIC_URL: z.url().optional(),
  /** Optional second listener for the staff console (三層分離): "host:port". */
  STAFF_LISTEN: z
    .string()
    .regex(/^[^:]+:\d{1,5}$/, 'must be host:port')
    .optional(),
  /** Refuse staff console requests on the public listener when STAFF_LISTEN is set. */
  STAFF_ONLY_ON_STAFF_LISTEN: booleanFromString.default(false),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** Where the embedded PGlite database lives when DATABASE_URL is not set. */
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Role the application SET ROLEs to so that row-level security applies. */
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a plain lower-case SQL identifier')
    .default('yakuba_app'),
  /** Apply pending migrations when `yakuba start` runs. */
  AUTO_MIGRATE: booleanFromString.default(true),
  /** Seed the demo municipality on start when the database has no tenant. */
  SEED_DEMO: booleanFromString.optional(),
  /** Secret for signing cookies and CSRF tokens (≥ 32 characters). */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** AES-256-GCM key for special-care personal data, base64 of 32 bytes. */
  DATA_ENCRYPTION_KEY: z
    .string()
    .refine(v => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes')
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  RESIDENT_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** OIDC: デジタル認証アプリ. In development the built-in identity provider is used when unset. */
  DIGITAL_AUTH_ISSUER: z.url().optional(),
  DIGITAL_AUTH_CLIENT_ID: z.string().min(1).optional(),
  /** Private EC P-256 JWK (JSON) for private_key_jwt client authentication. */
  DIGITAL_AUTH_PRIVATE_JWK: z
    .string()
    .refine(v => {
      try {
        const jwk = JSON.parse(v) as { kty?: string; d?: string }
        return jwk.kty === 'EC' && typeof jwk.d === 'string'
      } catch {
        return false
      }
    }, 'must be a JSON private EC JWK')
    .optional(),
  /** Serve the development identity provider at /dev-idp (never in production). */
  DEV_IDP: booleanFromString.optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Yakuba <no-reply@yakuba.localhost>'),
  /** Keep sent mail in the database and show it at /dev/mail (development only). */
  DEV_MAILBOX: booleanFromString.optional(),
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(0.5),
  JOBS_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  /** Run the job worker inside `yakuba start`. */
  WORKER_IN_WEB: booleanFromString.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  /** Largest single uploaded file (bytes); each form field may set a smaller limit. */
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** ClamAV daemon (clamd) that scans uploads; unset: only the EICAR test signature is detected. */
  CLAMD_HOST: z.string().min(1).optional(),
  CLAMD_PORT: z.coerce.number().int().min(1).max(65535).default(3310),
  TRUST_PROXY: booleanFromString.default(false),
  /** Online payment provider: 'fake' serves a local stand-in at /dev-pay (never in production); 'none' offers no online payment. */
  PAYMENT_PROVIDER: z.enum(['fake', 'none']).optional(),
  /** The provider's API base URL (default for 'fake': this server's /dev-pay). */
  PAYMENT_API_BASE_URL: z.url().optional(),
  PAYMENT_SECRET_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  PAYMENT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Pay-easy 収納機関番号 (5 digits); unset: Pay-easy is not offered. */
  PAY_EASY_COLLECTOR_CODE: z.string().regex(/^[0-9]{5}$/, 'must be 5 digits').optional(),
  /** Minutes an unpaid online checkout stays open before it expires. */
  PAYMENT_CHECKOUT_EXPIRY_MINUTES: z.coerce.number().int().min(5).max(7 * 24 * 60).default(60),
  /**
   * Notification channels: 'fake' serves local stand-ins of LINE (/dev-line), the SMS provider
   * (/dev-sms) and a web push service (/dev-push) that speak the real protocols (never in
   * production); 'real' talks to the configured providers.
   */
  NOTIFY_CHANNELS: z.enum(['fake', 'real']).optional(),
  /** LINE Messaging API base URL (default: https://api.line.me, or this server's /dev-line with fakes). */
  LINE_API_BASE_URL: z.url().optional(),
  /** LINE Login (OAuth 2.1 / OIDC) authorization and API base URLs. */
  LINE_LOGIN_AUTHORIZE_URL: z.url().optional(),
  LINE_LOGIN_API_BASE_URL: z.url().optional(),
  /** SMS provider HTTP API base URL and key. */
  SMS_API_BASE_URL: z.url().optional(),
  SMS_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  SMS_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SMS_SENDER_ID: z.string().min(1).max(11).default('YAKUBA'),
  /** Web push VAPID keys (base64url, from `npx web-push generate-vapid-keys`) and contact. */
  VAPID_PUBLIC_KEY: z.string().min(20).optional(),
  VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:)/, 'must start with mailto: or https:').default('mailto:noreply@yakuba.localhost'),
  /** The delivery pump: how often it looks for due work, and the global per-channel send rates (per second). */
  DELIVERY_PUMP_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  DELIVERY_RATE_EMAIL: z.coerce.number().min(0.1).max(100_000).default(50),
  DELIVERY_RATE_LINE: z.coerce.number().min(0.1).max(100_000).default(2000),
  DELIVERY_RATE_SMS: z.coerce.number().min(0.1).max(100_000).default(20),
  DELIVERY_RATE_PUSH: z.coerce.number().min(0.1).max(100_000).default(200),
  /** MQTT broker the sensor subscriber reads `yakuba/+/sensors/+` from; empty or 'off': no subscriber. */
  MQTT_URL: z
    .string()
    .regex(/^(mqtts?|wss?|tcp):\/\/|^off$/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL, or off')
    .optional(),
  /** Days raw sensor readings are kept before they are rolled into hourly aggregates (≥ 8: late readings are accepted for 7 days). */
  SENSOR_RETENTION_DAYS: z.coerce.number().int().min(8).max(3650).default(30),
  /** HTTP ingestion calls per minute per sensor. */
  SENSOR_INGEST_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /**
   * Lアラート relay: where issued evacuation information (CAP 1.2) is posted, with a Bearer token.
   * Default with fakes: this server's /dev-lalert; otherwise nothing is relayed until a certified
   * sender contract provides the endpoint.
   */
  LALERT_RELAY_URL: z.url().optional(),
  /** Map tiles of every Leaflet map ({z}/{x}/{y} template; default 地理院タイル) and the page crediting them. */
  MAP_TILE_URL: z
    .string()
    .regex(/^https:\/\/[^\s"'<>]+\{z\}[^\s"'<>]*$|^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/[^\s"'<>]*\{z\}[^\s"'<>]*$/, 'must be an https:// tile URL template with {z}, {x} and {y}')
    .optional(),
  MAP_TILE_ATTRIBUTION_URL: z.url().optional(),
  LALERT_RELAY_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
})

export type Config = z.infer<typeof ConfigSchema> & {
  isProduction: boolean
  publicUrl: string
  sessionSecret: string
  dataEncryptionKey: Buffer
  devIdp: boolean
  devMailbox: boolean
  seedDemo: boolean
  paymentProvider: 'fake' | 'none'
  paymentApiBaseUrl: string
  paymentSecretKey: string
  paymentWebhookSecret: string
  payEasyCollectorCode?: string
  notifyChannels: 'fake' | 'real'
  lineApiBaseUrl: string
  lineLoginAuthorizeUrl: string
  lineLoginApiBaseUrl: string
  smsApiBaseUrl?: string
  smsApiKey?: string
  smsWebhookSecret?: string
  /** The sensor subscriber's broker, or undefined when MQTT is off. */
  mqttUrl?: string
  /** The Lアラート relay endpoint and token, or undefined: issued alerts are then not relayed. */
  lalertRelayUrl?: string
  lalertRelayToken?: string
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map(i => `  - ${i}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}

const DEV_SESSION_SECRET = 'development-only-session-secret-do-not-use-in-production'
const DEV_ENCRYPTION_KEY = Buffer.alloc(32, 7)

/** Parses an environment (process.env by default) into the typed config, or throws ConfigError. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = ConfigSchema.safeParse(cleaned)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`))
  }
  const c = parsed.data
  const isProduction = c.NODE_ENV === 'production'
  const issues: string[] = []
  if (isProduction && !c.SESSION_SECRET) issues.push('SESSION_SECRET: required in production')
  if (isProduction && !c.DATA_ENCRYPTION_KEY) issues.push('DATA_ENCRYPTION_KEY: required in production')
  if (isProduction && c.DEV_IDP) issues.push('DEV_IDP: the development identity provider cannot run in production')
  if (isProduction && c.DEV_MAILBOX) issues.push('DEV_MAILBOX: the development mail viewer shows every mail (login links too) and cannot run in production')
  if (isProduction && !c.PUBLIC_URL) issues.push('PUBLIC_URL: required in production')
  const hasDigitalAuth = c.DIGITAL_AUTH_ISSUER && c.DIGITAL_AUTH_CLIENT_ID && c.DIGITAL_AUTH_PRIVATE_JWK
  if ((c.DIGITAL_AUTH_ISSUER || c.DIGITAL_AUTH_CLIENT_ID || c.DIGITAL_AUTH_PRIVATE_JWK) && !hasDigitalAuth)
    issues.push('DIGITAL_AUTH_ISSUER: DIGITAL_AUTH_ISSUER, DIGITAL_AUTH_CLIENT_ID and DIGITAL_AUTH_PRIVATE_JWK go together')
  if (isProduction && c.PAYMENT_PROVIDER === 'fake') issues.push('PAYMENT_PROVIDER: the fake payment provider takes no money and cannot run in production')
  if (isProduction && c.NOTIFY_CHANNELS === 'fake') issues.push('NOTIFY_CHANNELS: the fake LINE, SMS and push services reach nobody and cannot run in production')
  if ((c.VAPID_PUBLIC_KEY === undefined) !== (c.VAPID_PRIVATE_KEY === undefined)) issues.push('VAPID_PUBLIC_KEY: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together')
  if (issues.length > 0) throw new ConfigError(issues)
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '')
  const paymentProvider = c.PAYMENT_PROVIDER ?? (!isProduction && isLoopback(c.HOST) ? 'fake' : 'none')
  const notifyChannels = c.NOTIFY_CHANNELS ?? (!isProduction && isLoopback(c.HOST) ? 'fake' : 'real')
  return {
    ...c,
    isProduction,
    publicUrl,
    sessionSecret: c.SESSION_SECRET ?? DEV_SESSION_SECRET,
    dataEncryptionKey: c.DATA_ENCRYPTION_KEY ? Buffer.from(c.DATA_ENCRYPTION_KEY, 'base64') : DEV_ENCRYPTION_KEY,
    // Development conveniences are on by default only on a loopback listener: a machine reachable
    // from the network must opt in explicitly (or, better, run in production mode).
    devIdp: c.DEV_IDP ?? (!isProduction && !hasDigitalAuth && isLoopback(c.HOST)),
    devMailbox: c.DEV_MAILBOX ?? (!isProduction && isLoopback(c.HOST)),
    seedDemo: c.SEED_DEMO ?? !isProduction,
    paymentProvider,
    paymentApiBaseUrl: (c.PAYMENT_API_BASE_URL ?? `${publicUrl}/dev-pay`).replace(/\/$/, ''),
    // The fake's development keys are public on purpose: it moves no money.
    paymentSecretKey: c.PAYMENT_SECRET_KEY ?? 'sk_test_yakuba_development_only',
    paymentWebhookSecret: c.PAYMENT_WEBHOOK_SECRET ?? 'whsec_yakuba_development_only',
    payEasyCollectorCode: c.PAY_EASY_COLLECTOR_CODE ?? (paymentProvider === 'fake' ? '99999' : undefined),
    notifyChannels,
    lineApiBaseUrl: (c.LINE_API_BASE_URL ?? (notifyChannels === 'fake' ? `${publicUrl}/dev-line` : 'https://api.line.me')).replace(/\/$/, ''),
    lineLoginAuthorizeUrl: c.LINE_LOGIN_AUTHORIZE_URL ?? (notifyChannels === 'fake' ? `${publicUrl}/dev-line/oauth2/v2.1/authorize` : 'https://access.line.me/oauth2/v2.1/authorize'),
    lineLoginApiBaseUrl: (c.LINE_LOGIN_API_BASE_URL ?? (notifyChannels === 'fake' ? `${publicUrl}/dev-line` : 'https://api.line.me')).replace(/\/$/, ''),
    smsApiBaseUrl: (c.SMS_API_BASE_URL ?? (notifyChannels === 'fake' ? `${publicUrl}/dev-sms` : undefined))?.replace(/\/$/, ''),
    // The fakes' development keys are public on purpose: they reach nobody.
    smsApiKey: c.SMS_API_KEY ?? (notifyChannels === 'fake' ? 'sms_test_yakuba_development_only' : undefined),
    smsWebhookSecret: c.SMS_WEBHOOK_SECRET ?? (notifyChannels === 'fake' ? 'smswh_yakuba_development_only' : undefined),
    // An explicitly empty MQTT_URL turns the subscriber off (other empty keys mean "use the default").
    mqttUrl: env.MQTT_URL === '' || c.MQTT_URL === 'off' ? undefined : (c.MQTT_URL ?? 'mqtt://127.0.0.1:1883'),
    // The fake Lアラート relay's token is public on purpose: it relays to nobody.
    lalertRelayUrl: c.LALERT_RELAY_URL ?? (notifyChannels === 'fake' ? `${publicUrl}/dev-lalert/v1/cap` : undefined),
    lalertRelayToken: c.LALERT_RELAY_TOKEN ?? (notifyChannels === 'fake' ? 'lalert_yakuba_development_only' : undefined),
  }
}
