import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant } from '../../../../test/factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { decryptField } from '../../../platform/crypto.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { ApiKeyScope } from '../../../platform/auth/api-keys/index.js'
import { createTestApiKey } from '../../../platform/auth/api-keys/test-api-keys.js'
import { notificationsDb, type NoticeContent } from '../notification-tables.js'
import { createTemplateService } from '../templates/index.js'
import { drainDeliveries, insertNotice } from '../delivery/index.js'

const DRILL: NoticeContent = {
  ja: { subject: '((date))に防災訓練', body: '((place))で訓練を行います。' },
  en: { subject: 'Drill on ((date))', body: 'A drill at ((place)).' },
}

describe(`notices API (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  const db = () => t.platform.database.db

  async function setUp(scopes: ApiKeyScope[] = ['notices:write', 'notices:read']) {
    const tenant = await createTestTenant(t.platform)
    const staff = await createTestStaff(t.platform, tenant)
    const { key } = await createTestApiKey(t.platform, tenant, staff.id, { scopes })
    const actor = { id: staff.id, email: staff.email, displayName: 'テスト', assignments: [], permissions: new Set(['notifications.manage'] as const) }
    const created = await createTemplateService(t.platform).createTemplate({ tenant, actor, requestId: 'test' }, 'bousai-kunren', { name: '防災訓練', topicId: null }, DRILL)
    if (!created.ok) throw new Error('template not created')
    return { tenant, staff, key, templateId: created.templateId }
  }

  async function addResidents(tenant: TenantContext, count: number, options: { email?: boolean } = {}): Promise<string[]> {
    return withTenant(db(), tenant.id, async trx => {
      const rows = await trx
        .insertInto('residents')
        .values(Array.from({ length: count }, (_, i) => ({ tenantId: tenant.id, displayName: `住民${i}`, email: options.email ? `r${i}-${tenant.slug}@example.jp` : null, emailVerifiedAt: options.email ? new Date() : null })))
        .returning('id')
        .execute()
      return rows.map(row => row.id)
    })
  }

  const send = (tenant: TenantContext, key: string, body: unknown, idempotencyKey: string | null = `k-${Math.random().toString(36).slice(2)}`, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/${tenant.slug}/notices`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}), ...headers },
      payload: JSON.stringify(body),
    })
  const status = (tenant: TenantContext, key: string, id: string) => t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/notices/${id}`, headers: { authorization: `Bearer ${key}` } })
  const noticeRows = (tenant: TenantContext) => withTenant(db(), tenant.id, trx => notificationsDb(trx).selectFrom('notices').selectAll().execute())

  it('sends a template notice to one resident, and a retry with the same Idempotency-Key returns the same notice', async () => {
    const { tenant, key, templateId } = await setUp()
    const [residentId] = await addResidents(tenant, 1, { email: true })
    const body = { template: { key: 'bousai-kunren' }, personalisation: { date: '4月12日', place: '市民体育館' }, recipient: { residentId } }

    const first = await send(tenant, key, body, 'order-0001')
    expect(first.statusCode).toBe(201)
    const created = first.json()
    expect(created).toEqual({ id: expect.any(String), status: 'sending', recipientCount: 1, scheduledAt: null, links: { status: `/api/v1/${tenant.slug}/notices/${created.id}` } })
    expect(first.headers.location).toBe(created.links.status)

    const [notice] = await noticeRows(tenant)
    expect(notice).toMatchObject({ source: 'api', kind: 'transactional', templateId, templateVersion: 1, personalisation: { date: '4月12日', place: '市民体育館' }, audience: { kind: 'residents', residentIds: [residentId] } })
    const deliveries = await withTenant(db(), tenant.id, trx => notificationsDb(trx).selectFrom('deliveries').select(['channel', 'residentId']).where('noticeId', '=', created.id).orderBy('channel').execute())
    expect(deliveries).toEqual([{ channel: 'email', residentId }, { channel: 'inbox', residentId }])

    const again = await send(tenant, key, { recipient: { residentId }, personalisation: { place: '市民体育館', date: '4月12日' }, template: { key: 'bousai-kunren' } }, 'order-0001')
    expect(again.statusCode).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json().id).toBe(created.id)

    const reused = await send(tenant, key, { ...body, personalisation: { date: '4月13日', place: '市民体育館' } }, 'order-0001')
    expect(reused.statusCode).toBe(422)
    expect(reused.headers['content-type']).toContain('application/problem+json')
    expect(reused.json()).toMatchObject({ code: 'NOTIFICATIONS.IDEMPOTENCY_KEY_REUSED', status: 422 })

    const keyless = await send(tenant, key, body, null)
    expect(keyless.statusCode).toBe(400)
    expect(keyless.json().code).toBe('NOTIFICATIONS.IDEMPOTENCY_KEY_REQUIRED')
    expect(await noticeRows(tenant)).toHaveLength(1)

    const read = await status(tenant, key, created.id)
    expect(read.statusCode).toBe(200)
    expect(read.json()).toMatchObject({ id: created.id, status: 'sending', kind: 'transactional', priority: 'normal', template: { key: 'bousai-kunren', version: 1 }, recipientCount: 1, deliveries: { total: 2, byChannel: { inbox: { created: 1 }, email: { created: 1 } } } })
    expect(JSON.stringify(read.json())).not.toContain('市民体育館')
  })

  it('reports deliveries as they reach their final state', async () => {
    const { tenant, key } = await setUp()
    const [residentId] = await addResidents(tenant, 1)
    const created = (await send(tenant, key, { content: { ja: { subject: 'お知らせ', body: '本文' } }, recipient: { residentId } })).json()
    await drainDeliveries(t.platform, { maxCycles: 50 })
    const read = (await status(tenant, key, created.id)).json()
    expect(read.deliveries).toMatchObject({ total: 1, terminal: 1, byChannel: { inbox: { delivered: 1 } } })
  })

  it('answers missing placeholders, unknown templates, invalid texts and schedules with problem+json codes, storing nothing', async () => {
    const { tenant, key } = await setUp()
    const [residentId] = await addResidents(tenant, 1)
    const problem = async (body: unknown, lang = 'ja') => {
      const res = await send(tenant, key, body, `p-${Math.random().toString(36).slice(2)}`, { 'accept-language': lang })
      expect(res.headers['content-type']).toContain('application/problem+json')
      return { status: res.statusCode, ...res.json() }
    }
    const template = { key: 'bousai-kunren' }

    const missing = await problem({ template, personalisation: { date: '4月12日' }, recipient: { residentId } })
    expect(missing).toMatchObject({ status: 422, code: 'NOTIFICATIONS.PERSONALISATION_MISSING', errors: [{ path: 'personalisation.place', code: 'missing', message: '差し込み項目 ((place)) の値を personalisation に入れてください。' }] })
    const english = await problem({ template, recipient: { residentId } }, 'en')
    expect(english.errors.map((e: { message: string }) => e.message)).toEqual(['Give a value for the placeholder ((date)) in personalisation.', 'Give a value for the placeholder ((place)) in personalisation.'])

    expect(await problem({ template: { key: 'no-such' }, recipient: { residentId } })).toMatchObject({ status: 422, code: 'NOTIFICATIONS.TEMPLATE_NOT_FOUND', errors: [{ path: 'template.key' }] })
    expect(await problem({ template: { key: 'bousai-kunren', version: 9 }, personalisation: { date: 'x', place: 'y' }, recipient: { residentId } })).toMatchObject({ status: 422, code: 'NOTIFICATIONS.TEMPLATE_VERSION_NOT_FOUND' })
    expect(await problem({ content: { ja: { subject: '((date))', body: 'b' }, en: { subject: 'S', body: 'b' } }, personalisation: { date: 'x' }, recipient: { residentId } }, 'en')).toMatchObject({
      status: 422,
      code: 'NOTIFICATIONS.CONTENT_INVALID',
      errors: [{ path: 'content.en.subject', code: 'placeholderMissing', message: 'English: the placeholder ((date)) used in Japanese is missing. Every language must use the same placeholders.' }],
    })
    expect(await problem({ content: { ja: { subject: 's', body: 'b', lineFlex: { type: 'flex' } } }, recipient: { residentId } })).toMatchObject({ code: 'NOTIFICATIONS.CONTENT_INVALID', errors: [{ path: 'content.ja.lineFlex', code: 'flex.whole_message' }] })
    expect(await problem({ template, content: DRILL, recipient: { residentId } })).toMatchObject({ status: 400, code: 'NOTIFICATIONS.INVALID_REQUEST', errors: [{ path: 'template', code: 'template_or_content' }] })
    expect(await problem({ content: { fr: { subject: 's', body: 'b' } }, recipient: { residentId } })).toMatchObject({ status: 400, code: 'NOTIFICATIONS.INVALID_REQUEST' })
    expect(await problem({ content: DRILL, personalisation: { date: 'x', place: 'y' }, audience: { districts: Array.from({ length: 201 }, (_, i) => `d${i}`) } })).toMatchObject({ status: 400, errors: [{ path: 'audience', code: 'invalid_union' }] })
    expect(await problem({ content: DRILL, personalisation: { date: 'x', place: 'y' }, audience: { topic: 'no-topic' } })).toMatchObject({ status: 422, code: 'NOTIFICATIONS.AUDIENCE_NOT_FOUND', errors: [{ path: 'audience.topic', code: 'unknown_topic' }] })
    expect(await problem({ content: DRILL, personalisation: { date: 'x', place: 'y' }, recipient: { residentId: '00000000-0000-4000-8000-000000000000' } })).toMatchObject({ status: 422, code: 'NOTIFICATIONS.RECIPIENT_NOT_FOUND' })

    const base = { template, personalisation: { date: 'x', place: 'y' }, recipient: { residentId } }
    expect(await problem({ ...base, scheduledAt: new Date(Date.now() - 3_600_000).toISOString() })).toMatchObject({ status: 422, code: 'NOTIFICATIONS.SCHEDULE_IN_PAST' })
    expect(await problem({ ...base, scheduledAt: new Date(Date.now() + 400 * 86_400_000).toISOString() })).toMatchObject({ status: 422, code: 'NOTIFICATIONS.SCHEDULE_TOO_FAR' })
    expect(await problem({ ...base, scheduledAt: 'tomorrow' })).toMatchObject({ status: 400, errors: [{ path: 'scheduledAt' }] })
    expect(await problem({ ...base, statusCallback: { url: 'http://example.com/hook', bearerToken: 'secret-token-1' } })).toMatchObject({ status: 422, code: 'NOTIFICATIONS.CALLBACK_URL_INVALID', errors: [{ path: 'statusCallback.url', code: 'scheme' }] })
    expect(await problem({ ...base, statusCallback: { url: 'https://example.com/hook', bearerToken: 'short' } })).toMatchObject({ status: 400, errors: [{ path: 'statusCallback.bearerToken' }] })
    expect(await problem({ ...base, linkUrl: 'javascript:alert(1)' })).toMatchObject({ status: 400, errors: [{ path: 'linkUrl', code: 'link' }] })

    expect(await noticeRows(tenant)).toEqual([])
  })

  it('holds an audience over the approval threshold for a supervisor (202), and sends or schedules smaller ones', async () => {
    const { tenant, key } = await setUp()
    const residents = await addResidents(tenant, 3)
    await withTenant(db(), tenant.id, async trx => {
      const n = notificationsDb(trx)
      await n.insertInto('notificationSettings').values({ tenantId: tenant.id, approvalThreshold: 2 }).execute()
      const topic = await n.insertInto('notificationTopics').values({ tenantId: tenant.id, key: 'bousai', names: JSON.stringify({ ja: '防災' }) }).returning('id').executeTakeFirstOrThrow()
      await n.insertInto('topicSubscriptions').values(residents.map(residentId => ({ tenantId: tenant.id, residentId, topicId: topic.id, channels: ['inbox'] }))).execute()
      const district = await n.insertInto('districts').values({ tenantId: tenant.id, code: 'chuo', names: JSON.stringify({ ja: '中央' }) }).returning('id').executeTakeFirstOrThrow()
      await n.insertInto('residentNotificationProfiles').values({ tenantId: tenant.id, residentId: residents[0] as string, districtId: district.id }).execute()
    })
    const values = { date: '4月12日', place: '市民体育館' }

    const big = await send(tenant, key, { template: { key: 'bousai-kunren' }, personalisation: values, audience: { topic: 'bousai' } })
    expect(big.statusCode).toBe(202)
    expect(big.json()).toMatchObject({ status: 'pending_approval', recipientCount: null })
    const small = await send(tenant, key, { template: { key: 'bousai-kunren' }, personalisation: values, audience: { districts: ['chuo'] } })
    expect(small.statusCode).toBe(201)
    expect(small.json()).toMatchObject({ status: 'sending', recipientCount: 1 })
    // critical overrides residents' choices: even a small one waits for a supervisor, as in compose
    const critical = await send(tenant, key, { template: { key: 'bousai-kunren' }, personalisation: values, audience: { districts: ['chuo'] }, priority: 'critical' })
    expect(critical.statusCode).toBe(202)
    expect(critical.json()).toMatchObject({ status: 'pending_approval' })
    const tomorrow = new Date(Date.now() + 86_400_000)
    const later = await send(tenant, key, {
      template: { key: 'bousai-kunren' },
      personalisation: values,
      audience: { districts: ['chuo'] },
      scheduledAt: tomorrow.toISOString(),
      statusCallback: { url: 'http://127.0.0.1:9999/hook', bearerToken: 'secret-token-123' },
    })
    expect(later.statusCode).toBe(201)
    expect(later.json()).toMatchObject({ status: 'scheduled', recipientCount: null, scheduledAt: tomorrow.toISOString() })

    const rows = await noticeRows(tenant)
    const pending = rows.find(row => row.id === big.json().id)
    expect(pending).toMatchObject({ status: 'pending_approval', kind: 'broadcast', deliveriesCreatedAt: null })
    const scheduled = rows.find(row => row.id === later.json().id)
    expect(scheduled?.statusCallbackUrl).toBe('http://127.0.0.1:9999/hook')
    expect(scheduled?.statusCallbackTokenEnc).not.toContain('secret-token-123')
    expect(decryptField(t.platform.config.dataEncryptionKey, scheduled?.statusCallbackTokenEnc as string)).toBe('secret-token-123')
    expect((await status(tenant, key, big.json().id)).json()).toMatchObject({ status: 'pending_approval', deliveries: { total: 0 } })
  })

  it('needs notices:write to send and notices:read to read', async () => {
    const { tenant, staff, key } = await setUp(['notices:read'])
    const [residentId] = await addResidents(tenant, 1)
    const denied = await send(tenant, key, { content: { ja: { subject: 's', body: 'b' } }, recipient: { residentId } })
    expect(denied.statusCode).toBe(403)
    expect(denied.json().code).toBe('AUTH.API_KEY_SCOPE_MISSING')
    const writer = await createTestApiKey(t.platform, tenant, staff.id, { scopes: ['notices:write'] })
    const created = await send(tenant, writer.key, { content: { ja: { subject: 's', body: 'b' } }, recipient: { residentId } })
    expect(created.statusCode).toBe(201)
    expect((await status(tenant, writer.key, created.json().id)).statusCode).toBe(403)
    // Any of the municipality's keys with notices:read may follow an API notice.
    expect((await status(tenant, key, created.json().id)).statusCode).toBe(200)
    expect((await send(tenant, 'ykb_nobody_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', {})).statusCode).toBe(401)
  })

  it('keeps each municipality’s notices to its own keys, and staff notices out of the API', async () => {
    const a = await setUp()
    const b = await setUp()
    const [residentId] = await addResidents(a.tenant, 1)
    const created = (await send(a.tenant, a.key, { content: { ja: { subject: 's', body: 'b' } }, recipient: { residentId } })).json()
    expect((await send(a.tenant, b.key, { content: { ja: { subject: 's', body: 'b' } }, recipient: { residentId } })).statusCode).toBe(401)
    expect((await status(a.tenant, b.key, created.id)).statusCode).toBe(401)
    const crossTenant = await status(b.tenant, b.key, created.id)
    expect(crossTenant.statusCode).toBe(404)
    expect(crossTenant.json().code).toBe('NOTIFICATIONS.NOTICE_NOT_FOUND')
    // b's key cannot send to a's resident through b's own address either.
    expect((await send(b.tenant, b.key, { content: { ja: { subject: 's', body: 'b' } }, recipient: { residentId } })).json().code).toBe('NOTIFICATIONS.RECIPIENT_NOT_FOUND')

    const staffNotice = await withTenant(db(), a.tenant.id, trx => insertNotice(trx, a.tenant.id, { kind: 'broadcast', priority: 'normal', content: { ja: { subject: 's', body: 'b' } }, audience: { kind: 'everyone' }, source: 'staff', createdByStaffId: a.staff.id }, 'draft'))
    expect((await status(a.tenant, a.key, staffNotice.notice.id)).statusCode).toBe(404)
    expect((await status(a.tenant, a.key, 'not-a-uuid')).statusCode).toBe(404)
  })

  it('describes the notices API in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    const paths = res.json().paths
    expect(paths['/api/v1/{tenant}/notices'].post).toMatchObject({ tags: ['notifications'], 'x-required-scope': 'notices:write', security: [{ apiKey: ['notices:write'] }] })
    expect(Object.keys(paths['/api/v1/{tenant}/notices'].post.responses)).toEqual(expect.arrayContaining(['201', '202', '400', '401', '403', '422', '429']))
    expect(paths['/api/v1/{tenant}/notices'].post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true })]))
    expect(paths['/api/v1/{tenant}/notices/{noticeId}'].get).toMatchObject({ 'x-required-scope': 'notices:read' })
  })
})
