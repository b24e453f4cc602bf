import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'
import { createTestApp, TEST_DB, type TestApp } from '../../../test/app.js'
import { createTestTenant } from '../../../test/factories.js'
import { withTenant } from '../db/tenant-context.js'
import { defineNotificationTemplate } from './notify.js'
import type { TenantContext } from '../tenancy/tenant-service.js'
// The deployment has the notifications hub, which takes residents' notifications over.
import { closeDeliveryTransports, drainDeliveries } from '../../modules/notifications/delivery/index.js'
import { notificationsDb } from '../../modules/notifications/notification-tables.js'

const received: { to: string; raw: string }[] = []

const testNotice = defineNotificationTemplate({ id: 'test.notice', subjectKey: 'auth.welcome.subject', bodyKey: 'auth.welcome.body', channels: ['inbox', 'email'] })

describe(`notify port: inbox and email over SMTP, through the notifications hub (${TEST_DB})`, () => {
  let t: TestApp
  let tenant: TenantContext
  let smtp: SMTPServer
  let residentId: string

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', c => chunks.push(c as Buffer))
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map(r => r.address).join(','), raw: Buffer.concat(chunks).toString('utf8') })
          callback()
        })
      },
    })
    await new Promise<void>(resolve => smtp.listen(0, '127.0.0.1', () => resolve()))
    const port = (smtp.server.address() as AddressInfo).port
    t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` })
    tenant = await createTestTenant(t.platform)
    residentId = await withTenant(t.platform.database.db, tenant.id, async trx => {
      const r = await trx.insertInto('residents').values({ tenantId: tenant.id, email: 'hanako@example.jp', emailVerifiedAt: new Date(), locale: 'en' }).returning('id').executeTakeFirstOrThrow()
      return r.id
    })
    await t.platform.jobs.startWorkers()
  })
  afterAll(async () => {
    if (t) closeDeliveryTransports(t.platform)
    await t?.close()
    await new Promise<void>(resolve => smtp.close(() => resolve()))
  })

  it('delivers to the inbox at once and by SMTP in the resident’s language, once per idempotency key', async () => {
    for (let i = 0; i < 2; i++)
      await withTenant(t.platform.database.db, tenant.id, trx => t.platform.notifier.notify(trx, tenant.id, { residentId }, testNotice, { municipality: 'Test City' }, { idempotencyKey: 'welcome-1' }))
    // The inbox message exists as soon as the caller's transaction committed.
    const messages = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('messages').selectAll().where('residentId', '=', residentId).execute())
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ subject: 'Welcome to the Test City online services', template: 'test.notice', idempotencyKey: 'welcome-1' })

    await drainDeliveries(t.platform)
    const mails = received.filter(m => m.to === 'hanako@example.jp')
    expect(mails).toHaveLength(1)
    expect(mails[0].raw).toMatch(/Subject: Welcome to the Test City online services/)
    // A transactional notice: no unsubscribe header (it is not bulk mail).
    expect(mails[0].raw).not.toMatch(/List-Unsubscribe/)
    const notices = await withTenant(t.platform.database.db, tenant.id, trx =>
      notificationsDb(trx).selectFrom('notices').select(['kind', 'source', 'status', 'idempotencyKey']).where('tenantId', '=', tenant.id).execute(),
    )
    expect(notices).toEqual([{ kind: 'transactional', source: 'module', status: 'completed', idempotencyKey: 'notify:welcome-1' }])
  })

  it('mails an address that belongs to no resident by the mail job, logged once', async () => {
    for (let i = 0; i < 2; i++)
      await withTenant(t.platform.database.db, tenant.id, trx => t.platform.notifier.notify(trx, tenant.id, { email: 'visitor@example.jp', locale: 'en' }, testNotice, { municipality: 'Test City' }, { idempotencyKey: 'visitor-1' }))
    await t.platform.jobs.drain()
    expect(received.filter(m => m.to === 'visitor@example.jp')).toHaveLength(1)
    const log = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('mailLog').selectAll().where('toAddress', '=', 'visitor@example.jp').execute())
    expect(log.map(l => l.status)).toEqual(['sent'])
  })

  it('keeps nothing when the business transaction fails after notify', async () => {
    await expect(
      withTenant(t.platform.database.db, tenant.id, async trx => {
        await t.platform.notifier.notify(trx, tenant.id, { residentId }, testNotice, { municipality: 'X' }, { idempotencyKey: 'never' })
        throw new Error('rollback')
      }),
    ).rejects.toThrow('rollback')
    await t.platform.jobs.drain()
    await drainDeliveries(t.platform)
    const messages = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('messages').selectAll().where('idempotencyKey', '=', 'never').execute())
    expect(messages).toHaveLength(0)
    const notices = await withTenant(t.platform.database.db, tenant.id, trx => notificationsDb(trx).selectFrom('notices').select('id').where('idempotencyKey', '=', 'notify:never').execute())
    expect(notices).toHaveLength(0)
  })
})
