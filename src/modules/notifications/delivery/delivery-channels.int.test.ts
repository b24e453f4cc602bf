import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestResident, randomMobileNumber } from '../../../../test/notification-factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { fakeSmsOf } from '../channels/sms/fake-sms-routes.js'
import { fakePushOf } from '../channels/push/fake-push-routes.js'
import { notificationsDb, type Audience } from '../notification-tables.js'
import { closeDeliveryTransports, configureDeliveryTransports, drainDeliveries, insertNotice, queueNoticeDeliveries, recordProviderReceipt, summariseDeliveryMetrics, type NewNotice } from './index.js'

const content = { ja: { subject: '断水のお知らせ', body: '明日10時から断水します。' } }

function notice(audience: Audience, overrides: Partial<NewNotice> = {}): NewNotice {
  return { kind: 'broadcast', priority: 'normal', content, audience, source: 'staff', ...overrides }
}

describe(`delivery engine: SMS, web push, receipts, status callbacks (${TEST_DB})`, () => {
  let t: TestApp
  let callbackServer: Server
  const callbacks: { headers: IncomingHttpHeaders; body: string }[] = []
  let callbackUrl: string

  beforeAll(async () => {
    t = await createTestApp({ NOTIFY_CHANNELS: 'fake' })
    // Mail goes nowhere here: these tests are about the other channels.
    configureDeliveryTransports(t.platform, { email: { send: mail => Promise.resolve({ status: 'accepted', messageId: mail.messageId }), close() {} } })
    callbackServer = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        callbacks.push({ headers: req.headers, body })
        res.writeHead(callbacks.length === 1 ? 503 : 204).end()
      })
    })
    await new Promise<void>(resolve => callbackServer.listen(0, '127.0.0.1', () => resolve()))
    callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/status`
  })
  afterAll(async () => {
    if (t) closeDeliveryTransports(t.platform)
    fakeSmsOf(t.app)?.close()
    await t?.close()
    await new Promise<void>(resolve => callbackServer.close(() => resolve()))
  })

  const inTenant = <T>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database.db, tenant.id, fn)

  async function send(tenant: TenantContext, input: NewNotice) {
    return inTenant(tenant, async trx => {
      const { notice: stored } = await insertNotice(trx, tenant.id, input, 'sending')
      await queueNoticeDeliveries(trx, tenant.id, stored.id)
      return stored
    })
  }

  async function deliveriesOf(tenant: TenantContext, noticeId: string) {
    return inTenant(tenant, trx => notificationsDb(trx).selectFrom('deliveries').selectAll().where('tenantId', '=', tenant.id).where('noticeId', '=', noticeId).orderBy('id').execute())
  }

  it('sends an SMS once through the provider and takes its delivery receipt', async () => {
    const sms = fakeSmsOf(t.app)
    expect(sms).toBeDefined()
    const tenant = await createTestTenant(t.platform)
    const phone = randomMobileNumber()
    const resident = await createTestResident(t.platform, tenant, { channels: { sms: phone } })
    const sent = await send(tenant, notice({ kind: 'residents', residentIds: [resident.id] }))
    await drainDeliveries(t.platform)
    const row = (await deliveriesOf(tenant, sent.id)).find(r => r.channel === 'sms')
    expect(row).toMatchObject({ status: 'delivered' })
    const received = sms?.messagesTo(phone) ?? []
    expect(received).toHaveLength(1)
    expect(received[0]?.text).toContain('断水のお知らせ')
    expect(row?.providerRef).toBe(received[0]?.id)
    await sms?.drain()
    const after = (await deliveriesOf(tenant, sent.id)).find(r => r.channel === 'sms')
    expect(after?.status).toBe('delivered')
    expect(after?.deliveredAt).not.toBeNull()
  })

  it('fails a critical SMS over to the next channel when the provider reports it undeliverable', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await createTestResident(t.platform, tenant, { channels: { sms: true }, loginEmail: `sms-${Date.now()}@example.jp`, profile: { channelOrder: ['sms', 'email', 'line', 'push'] } })
    const sent = await send(tenant, notice({ kind: 'residents', residentIds: [resident.id] }, { priority: 'critical' }))
    await drainDeliveries(t.platform)
    const sms = (await deliveriesOf(tenant, sent.id)).find(r => r.channel === 'sms')
    const changed = await inTenant(tenant, trx => recordProviderReceipt(trx, tenant.id, 'sms', sms?.providerRef ?? '', { status: 'permanent_failure', error: 'sms failed: unknown_subscriber +819011112222' }))
    expect(changed).toBe(1)
    const rows = await deliveriesOf(tenant, sent.id)
    expect(rows.find(r => r.channel === 'sms')).toMatchObject({ status: 'permanent_failure', error: 'sms failed: unknown_subscriber <number>' })
    expect(rows.find(r => r.channel === 'email')).toMatchObject({ failoverOf: sms?.id })
    // A repeated receipt changes nothing.
    expect(await inTenant(tenant, trx => recordProviderReceipt(trx, tenant.id, 'sms', sms?.providerRef ?? '', { status: 'permanent_failure', error: 'again' }))).toBe(0)
  })

  it('pushes to every browser of the resident and removes a subscription the push service says is gone', async () => {
    const push = fakePushOf(t.app)
    expect(push).toBeDefined()
    const tenant = await createTestTenant(t.platform)
    const phone = push?.createSubscription()
    const laptop = push?.createSubscription()
    const resident = await createTestResident(t.platform, tenant, { channels: { push: phone?.endpoint } })
    await inTenant(tenant, trx =>
      notificationsDb(trx)
        .updateTable('residentChannels')
        .set({ details: JSON.stringify(phone?.keys) })
        .where('tenantId', '=', tenant.id)
        .where('residentId', '=', resident.id)
        .execute(),
    )
    await inTenant(tenant, trx =>
      notificationsDb(trx)
        .insertInto('residentChannels')
        .values({ tenantId: tenant.id, residentId: resident.id, channel: 'push', address: laptop?.endpoint ?? '', details: JSON.stringify(laptop?.keys), verifiedAt: new Date() })
        .execute(),
    )
    push?.expireEndpoint(laptop?.id ?? '')
    const sent = await send(tenant, notice({ kind: 'residents', residentIds: [resident.id] }, { priority: 'critical' }))
    await drainDeliveries(t.platform)
    expect((await deliveriesOf(tenant, sent.id)).find(r => r.channel === 'push')).toMatchObject({ status: 'delivered' })
    const messages = push?.messagesFor(phone?.endpoint ?? '') ?? []
    expect(messages).toHaveLength(1)
    expect(messages[0]?.urgency).toBe('high')
    expect(JSON.parse(messages[0]?.plaintext ?? '{}')).toMatchObject({ title: '断水のお知らせ' })
    const channels = await inTenant(tenant, trx => notificationsDb(trx).selectFrom('residentChannels').select(['address', 'removedAt', 'removedReason']).where('residentId', '=', resident.id).execute())
    expect(channels.find(c => c.address === laptop?.endpoint)).toMatchObject({ removedReason: 'push-subscription-gone' })
    expect(channels.find(c => c.address === phone?.endpoint)?.removedAt).toBeNull()
  })

  it('shows a drill (訓練) in the inbox, marked as one, and sends it nowhere else', async () => {
    const tenant = await createTestTenant(t.platform)
    const phone = randomMobileNumber()
    const resident = await createTestResident(t.platform, tenant, { locale: 'ja-easy', channels: { sms: phone } })
    const sent = await send(tenant, notice({ kind: 'everyone' }, { priority: 'critical', isTraining: true }))
    await drainDeliveries(t.platform)
    expect((await deliveriesOf(tenant, sent.id)).map(r => [r.channel, r.status])).toEqual([['inbox', 'delivered']])
    const [message] = await inTenant(tenant, trx => trx.selectFrom('messages').selectAll().where('residentId', '=', resident.id).execute())
    // marked in the language the text is in (the notice has Japanese only)
    expect(message?.subject).toBe('【訓練】断水のお知らせ')
    expect(message?.body).toContain('これは訓練のお知らせです')
    expect(fakeSmsOf(t.app)?.messagesTo(phone)).toEqual([])
  })

  it('fails a delivery whose notice cannot be rendered, naming the missing placeholder', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await createTestResident(t.platform, tenant, { channels: { sms: true } })
    const sent = await send(tenant, notice({ kind: 'residents', residentIds: [resident.id] }, { content: { ja: { subject: '((date))の断水', body: '断水します。' } } }))
    await drainDeliveries(t.platform)
    const rows = await deliveriesOf(tenant, sent.id)
    expect(rows.map(r => r.status)).toEqual(['permanent_failure', 'permanent_failure'])
    expect(rows[0]?.error).toContain('missing placeholder value: date')
  })

  it('posts the final status to the API client’s callback with its bearer token, retrying when it is down', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await createTestResident(t.platform, tenant)
    const sent = await send(tenant, notice({ kind: 'residents', residentIds: [resident.id] }, { source: 'api', idempotencyKey: 'cb-1', statusCallback: { url: callbackUrl, bearerToken: 'secret-token-123' } }))
    const stored = await inTenant(tenant, trx => notificationsDb(trx).selectFrom('notices').select('statusCallbackTokenEnc').where('id', '=', sent.id).executeTakeFirstOrThrow())
    expect(stored.statusCallbackTokenEnc).not.toContain('secret-token-123')
    await drainDeliveries(t.platform)
    await t.platform.jobs.startWorkers()
    const deadline = Date.now() + 20_000
    while (callbacks.length < 2 && Date.now() < deadline) {
      // pg-boss waits 30 s before a retry; let it run now.
      await sql`UPDATE pgboss.job SET start_after = now() WHERE name = 'notifications.post-status-callback' AND state = 'retry'`.execute(t.platform.database.db)
      t.platform.jobs.wake()
      await new Promise(r => setTimeout(r, 100))
    }
    expect(callbacks.length).toBeGreaterThanOrEqual(2)
    const last = callbacks[callbacks.length - 1]
    expect(last?.headers.authorization).toBe('Bearer secret-token-123')
    expect(JSON.parse(last?.body ?? '{}')).toMatchObject({ id: sent.id, status: 'completed', reference: 'cb-1', deliveries: { total: 1, terminal: 1 } })
  })

  it('reports deliveries, time to deliver and reach per channel', async () => {
    const tenant = await createTestTenant(t.platform)
    await createTestResident(t.platform, tenant, { channels: { sms: true } })
    await createTestResident(t.platform, tenant, { channels: { sms: true }, removedChannels: { line: true } })
    await createTestResident(t.platform, tenant)
    await send(tenant, notice({ kind: 'everyone' }))
    await drainDeliveries(t.platform)
    const metrics = await inTenant(tenant, trx => summariseDeliveryMetrics(trx, tenant.id, new Date(Date.now() - 3600_000)))
    expect(metrics.byChannel.sms).toMatchObject({ delivered: 2, failed: 0, pending: 0 })
    expect(metrics.byChannel.sms.medianSeconds).toBeGreaterThanOrEqual(0)
    expect(metrics.byChannel.inbox.delivered).toBe(3)
    expect(metrics.reach).toEqual({ population: 3, byChannel: { email: 0, line: 0, sms: 2, push: 0 } })
  })
})
