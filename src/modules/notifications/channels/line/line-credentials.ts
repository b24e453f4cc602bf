import type { Config } from '../../../../platform/config.js'
import { decryptField } from '../../../../platform/crypto.js'
import type { Executor } from '../../../../platform/db/tenant-context.js'
import { notificationsDb } from '../../notification-tables.js'

/** The development credentials of the local fake LINE: public on purpose, they reach nobody. */
export const DEV_LINE_CHANNEL_SECRET = 'dev-line-channel-secret-0123456789'
export const DEV_LINE_ACCESS_TOKEN = 'dev-line-channel-access-token-0123456789'
export const DEV_LINE_LOGIN_CHANNEL_ID = '1234567890'
export const DEV_LINE_LOGIN_CHANNEL_SECRET = 'dev-line-login-channel-secret-0123456789'

export interface LineCredentials {
  channelSecret: string
  accessToken: string
  loginChannelId?: string
  loginChannelSecret?: string
}

/**
 * A tenant's LINE official account credentials (encrypted in notification_settings), or the
 * fake's development credentials when channels are faked and the tenant set none. Undefined: the
 * tenant has no LINE account, so LINE is not offered.
 */
export async function findLineCredentials(executor: Executor, config: Config, tenantId: string): Promise<LineCredentials | undefined> {
  const settings = await notificationsDb(executor)
    .selectFrom('notificationSettings')
    .select(['lineChannelSecretEnc', 'lineAccessTokenEnc', 'lineLoginChannelId', 'lineLoginChannelSecretEnc'])
    .where('tenantId', '=', tenantId)
    .executeTakeFirst()
  if (settings?.lineChannelSecretEnc && settings.lineAccessTokenEnc) {
    return {
      channelSecret: decryptField(config.dataEncryptionKey, settings.lineChannelSecretEnc),
      accessToken: decryptField(config.dataEncryptionKey, settings.lineAccessTokenEnc),
      loginChannelId: settings.lineLoginChannelId ?? undefined,
      loginChannelSecret: settings.lineLoginChannelSecretEnc ? decryptField(config.dataEncryptionKey, settings.lineLoginChannelSecretEnc) : undefined,
    }
  }
  if (config.notifyChannels === 'fake') {
    return { channelSecret: DEV_LINE_CHANNEL_SECRET, accessToken: DEV_LINE_ACCESS_TOKEN, loginChannelId: DEV_LINE_LOGIN_CHANNEL_ID, loginChannelSecret: DEV_LINE_LOGIN_CHANNEL_SECRET }
  }
  return undefined
}
