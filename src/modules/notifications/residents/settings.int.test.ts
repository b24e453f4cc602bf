import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type CookieJar, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { loginWithEmail } from '../../../../test/resident-login.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { notificationsDb, type DeliveryChannel } from '../notification-tables.js'
import { fakeSmsOf } from '../channels/sms/fake-sms-routes.js'
import { fakePushOf } from '../channels/push/fake-push-routes.js'
import { resolveVapidKeys } from '../channels/push/push-sender.js'
import { smsClientFor } from '../channels/sms/sms-transport.js'
import { signSmsReceipt } from '../channels/sms/sms-signature.js'
import { unsubscribeUrl } from './unsubscribe-link.js'
import { seedResidentsDemo } from './residents-demo.js'

describe(`notification settings (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  const db = () => t.platform.database.db

  async function addTopic(tenant: TenantContext, key: string, isDefault = true) {
    return withTenant(db(), tenant.id, trx =>
      notificationsDb(trx)
        .insertInto('notificationTopics')
        .values({ tenantId: tenant.id, key, names: JSON.stringify({ ja: key === 'bousai' ? '防災' : 'イベント', en: key === 'bousai' ? 'Disaster' : 'Events' }), isDefault })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
  }

  /** A logged-in resident (email magic link) with helpers that browse as them. */
  async function asResident(tenant: TenantContext) {
    const email = `r-${randomBytes(4).toString('hex')}@example.jp`
    const { jar } = await loginWithEmail(t, tenant, email)
    const resident = await withTenant(db(), tenant.id, trx => trx.selectFrom('residents').select('id').where('tenantId', '=', tenant.id).where('email', '=', email).executeTakeFirstOrThrow())
    const get = (path: string) => t.app.inject({ method: 'GET', url: path.startsWith('/') ? path : `/${tenant.slug}/${path}`, headers: { cookie: jar.header() } })
    const csrf = async () => {
      const page = await get('notifications/settings')
      jar.store(page.headers['set-cookie'])
      return csrfFrom(page.body)
    }
    const post = async (path: string, payload: Record<string, string | string[]>, options: { withCsrf?: boolean } = {}) => {
      const body = new URLSearchParams()
      if (options.withCsrf !== false) body.append('_csrf', await csrf())
      for (const [k, v] of Object.entries(payload)) for (const item of [v].flat()) body.append(k, item)
      return t.app.inject({ method: 'POST', url: path.startsWith('/') ? path : `/${tenant.slug}/${path}`, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() })
    }
    const json = async (method: 'POST' | 'DELETE', path: string, payload: unknown, options: { withCsrf?: boolean } = {}) => {
      const token = await csrf()
      return t.app.inject({
        method,
        url: `/${tenant.slug}/${path}`,
        headers: { cookie: jar.header(), 'content-type': 'application/json', accept: 'application/json', ...(options.withCsrf === false ? {} : { 'x-csrf-token': token }) },
        payload: JSON.stringify(payload),
      })
    }
    return { id: resident.id, email, jar: jar as CookieJar, get, post, json }
  }

  const validSettings = { language: 'ja', wantsDigest: 'no', garbageReminder: 'none', householdHasChildren: 'unanswered' }

  const profileOf = (tenant: TenantContext, residentId: string) =>
    withTenant(db(), tenant.id, trx => notificationsDb(trx).selectFrom('residentNotificationProfiles').selectAll().where('tenantId', '=', tenant.id).where('residentId', '=', residentId).executeTakeFirst())
  const channelsOf = (tenant: TenantContext, residentId: string) =>
    withTenant(db(), tenant.id, trx => notificationsDb(trx).selectFrom('residentChannels').selectAll().where('tenantId', '=', tenant.id).where('residentId', '=', residentId).orderBy('createdAt').execute())
  const subscriptionsOf = async (tenant: TenantContext, residentId: string) => {
    const rows = await withTenant(db(), tenant.id, trx => notificationsDb(trx).selectFrom('topicSubscriptions').select(['topicId', 'channels']).where('tenantId', '=', tenant.id).where('residentId', '=', residentId).execute())
    return new Map<string, DeliveryChannel[]>(rows.map(r => [r.topicId, [...r.channels].sort()]))
  }
  const auditActions = async (tenant: TenantContext) =>
    (await withTenant(db(), tenant.id, trx => trx.selectFrom('auditLog').select(['action', 'details']).where('tenantId', '=', tenant.id).orderBy('seq').execute())).map(r => r.action)

  /** The last verification code mailed to an address (the dev mailbox keeps bodies). */
  async function mailedCode(tenant: TenantContext, to: string): Promise<string> {
    const mail = await withTenant(db(), tenant.id, trx => trx.selectFrom('mailLog').select(['textBody']).where('tenantId', '=', tenant.id).where('toAddress', '=', to).orderBy('createdAt', 'desc').executeTakeFirstOrThrow())
    const code = /(\d{6})/.exec(mail.textBody ?? '')?.[1]
    if (!code) throw new Error('no code in the mail')
    return code
  }

  async function addVerifiedEmail(tenant: TenantContext, resident: Awaited<ReturnType<typeof asResident>>, address = `n-${randomBytes(3).toString('hex')}@example.jp`) {
    const added = await resident.post('notifications/channels/email', { email: address })
    expect(added.statusCode).toBe(303)
    const verifyPath = String(added.headers.location)
    const verified = await resident.post(verifyPath, { code: await mailedCode(tenant, address) })
    expect(verified.statusCode).toBe(303)
    return address
  }

  it('shows every control with a label, and saves the form with a redirect', async () => {
    const tenant = await createTestTenant(t.platform)
    const topic = await addTopic(tenant, 'bousai')
    const resident = await asResident(tenant)
    const page = await resident.get('notifications/settings')
    expect(page.statusCode).toBe(200)
    for (const label of ['お知らせを受け取る言語', 'Tiếng Việt', '中文(繁體)', 'नेपाली', '開始時刻', '終了時刻', 'メールアドレス', '携帯電話の番号', '防災', 'お知らせ(マイページ)', '前の日の夜(19時)', '手続きで答えた内容を使ってよい', 'LINEと連携する', 'プッシュ通知を使うには']) expect(page.body).toContain(label)
    expect(page.body).toContain('href="/' + tenant.slug + '/notifications/line/link"')
    expect(page.body).toContain('<span lang="vi">Tiếng Việt</span>')

    const saved = await resident.post('notifications/settings', { ...validSettings, language: 'vi', quietStart: '22:00', quietEnd: '07:00', wantsDigest: 'yes', garbageReminder: 'evening-before', householdHasChildren: 'yes', allowsAnswerTargeting: 'yes', [`topic-${topic.id}`]: 'inbox' })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/${tenant.slug}/notifications/settings?notice=saved`)
    const profile = await profileOf(tenant, resident.id)
    expect(profile).toMatchObject({ language: 'vi', quietStart: '22:00:00', quietEnd: '07:00:00', wantsDigest: true, garbageReminder: 'evening-before', householdHasChildren: true, allowsAnswerTargeting: true })
    expect((await subscriptionsOf(tenant, resident.id)).get(topic.id)).toEqual(['inbox'])
    expect(await auditActions(tenant)).toContain('notifications.update-preferences')

    // Saving the same form again changes nothing (idempotent) and audits nothing new.
    const before = (await auditActions(tenant)).length
    await resident.post('notifications/settings', { ...validSettings, language: 'vi', quietStart: '22:00', quietEnd: '07:00', wantsDigest: 'yes', garbageReminder: 'evening-before', householdHasChildren: 'yes', allowsAnswerTargeting: 'yes', [`topic-${topic.id}`]: 'inbox' })
    expect((await auditActions(tenant)).length).toBe(before)
    const again = await resident.get('notifications/settings?notice=saved')
    expect(again.body).toContain('設定を保存しました')
  })

  it('answers bad quiet hours with 422, an error summary linking to the field, and stores nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await asResident(tenant)
    const res = await resident.post('notifications/settings', { ...validSettings, quietStart: '22:00', quietEnd: '' })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('class="error-summary"')
    expect(res.body).toContain('href="#quietEnd"')
    expect(res.body).toContain('開始と終了の両方を入力するか')
    expect(res.body).toContain('value="22:00"')
    expect(await profileOf(tenant, resident.id)).toBeUndefined()
    const same = await resident.post('notifications/settings', { ...validSettings, quietStart: '07:00', quietEnd: '07:00' })
    expect(same.statusCode).toBe(422)
  })

  it('derives the district from a home location inside a district polygon, and refuses a location outside every district', async () => {
    const tenant = await createTestTenant(t.platform)
    const district = await withTenant(db(), tenant.id, trx =>
      notificationsDb(trx)
        .insertInto('districts')
        .values({ tenantId: tenant.id, code: 'chuo', names: JSON.stringify({ ja: '中央地区' }), geometry: JSON.stringify({ type: 'Polygon', coordinates: [[[139.0, 35.0], [140.0, 35.0], [140.0, 36.0], [139.0, 36.0], [139.0, 35.0]]] }), minLng: 139, minLat: 35, maxLng: 140, maxLat: 36 })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
    const resident = await asResident(tenant)
    expect((await resident.get('notifications/settings')).body).toContain('中央地区')
    const inside = await resident.post('notifications/settings', { ...validSettings, homeLat: '35.5', homeLng: '139.5' })
    expect(inside.statusCode).toBe(303)
    expect(await profileOf(tenant, resident.id)).toMatchObject({ districtId: district.id, homeLat: 35.5, homeLng: 139.5 })
    const outside = await resident.post('notifications/settings', { ...validSettings, homeLat: '43.0', homeLng: '141.3' })
    expect(outside.statusCode).toBe(422)
    expect(outside.body).toContain('その位置はどの地区にも入っていません')
    const cleared = await resident.post('notifications/settings', { ...validSettings, districtId: district.id, homeLat: '35.5', homeLng: '139.5', clearLocation: 'yes' })
    expect(cleared.statusCode).toBe(303)
    expect(await profileOf(tenant, resident.id)).toMatchObject({ districtId: district.id, homeLat: null, homeLng: null })
  })

  it('verifies an email address with the mailed code, joining the default topics', async () => {
    const tenant = await createTestTenant(t.platform)
    const topic = await addTopic(tenant, 'bousai')
    const optional = await addTopic(tenant, 'events', false)
    const resident = await asResident(tenant)
    const address = 'Taro.Yamada@EXAMPLE.JP'
    const added = await resident.post('notifications/channels/email', { email: `  ${address} ` })
    expect(added.statusCode).toBe(303)
    const verifyPage = await resident.get(String(added.headers.location))
    expect(verifyPage.body).toContain('Taro.Yamada@example.jp')
    expect(verifyPage.body).toContain('確認コード(6桁の数字)')
    const [pending] = await channelsOf(tenant, resident.id)
    expect(pending).toMatchObject({ channel: 'email', address: 'Taro.Yamada@example.jp', verifiedAt: null })
    expect(pending.verificationCodeHash).not.toContain(await mailedCode(tenant, 'Taro.Yamada@example.jp'))

    const code = await mailedCode(tenant, 'Taro.Yamada@example.jp')
    const verified = await resident.post(String(added.headers.location), { code: code.split('').map(d => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('') })
    expect(verified.statusCode).toBe(303)
    expect(verified.headers.location).toContain('notice=verified')
    const [channel] = await channelsOf(tenant, resident.id)
    expect(channel.verifiedAt).not.toBeNull()
    expect(channel.verificationCodeHash).toBeNull()
    const subscriptions = await subscriptionsOf(tenant, resident.id)
    expect(subscriptions.get(topic.id)).toEqual(['email', 'inbox'])
    expect(subscriptions.has(optional.id)).toBe(false)
    expect(await auditActions(tenant)).toEqual(expect.arrayContaining(['notifications.add-channel', 'notifications.verify-channel']))
    // The page now offers email in the topic matrix.
    expect((await resident.get('notifications/settings')).body).toMatch(new RegExp(`name="topic-${topic.id}" type="checkbox" value="email" checked`))
  })

  it('keeps sending to the verified address while a new one waits for its code', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await asResident(tenant)
    const first = await addVerifiedEmail(tenant, resident, 'old@example.jp')
    const changed = await resident.post('notifications/channels/email', { email: 'new@example.jp' })
    expect(changed.statusCode).toBe(303)
    const [pending] = await channelsOf(tenant, resident.id)
    expect(pending).toMatchObject({ address: first, details: { pendingAddress: 'new@example.jp' } })
    expect(pending.verifiedAt).not.toBeNull()
    expect((await resident.get('notifications/settings')).body).toContain('new@example.jp への変更は確認待ちです')
    await resident.post(String(changed.headers.location), { code: await mailedCode(tenant, 'new@example.jp') })
    const channels = await channelsOf(tenant, resident.id)
    expect(channels).toHaveLength(1)
    expect(channels[0]).toMatchObject({ address: 'new@example.jp', details: {} })
  })

  it('refuses an invalid email address with a translated 422', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await asResident(tenant)
    const res = await resident.post('notifications/channels/email', { email: 'taro@@example' })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#email"')
    expect(res.body).toContain('name@example.jp のような形')
    expect(await channelsOf(tenant, resident.id)).toEqual([])
  })

  it('counts wrong codes, refuses after five, and refuses an expired code', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await asResident(tenant)
    const added = await resident.post('notifications/channels/email', { email: 'wrong@example.jp' })
    const verifyPath = String(added.headers.location)
    const code = await mailedCode(tenant, 'wrong@example.jp')
    const wrongCode = code === '000000' ? '111111' : '000000'
    const first = await resident.post(verifyPath, { code: wrongCode })
    expect(first.statusCode).toBe(422)
    expect(first.body).toContain('あと4回入力できます')
    for (let i = 0; i < 4; i++) await resident.post(verifyPath, { code: wrongCode })
    const locked = await resident.post(verifyPath, { code })
    expect(locked.statusCode).toBe(422)
    expect(locked.body).toContain('入力の回数が上限に達しました')
    expect((await channelsOf(tenant, resident.id))[0].verifiedAt).toBeNull()

    // A new code (after the one-minute wait) starts over; once expired it is refused.
    await withTenant(db(), tenant.id, trx => notificationsDb(trx).updateTable('residentChannels').set({ verificationExpiresAt: new Date(Date.now() + 8 * 60_000) }).where('tenantId', '=', tenant.id).execute())
    const resent = await resident.post(verifyPath.replace('/verify', '/resend'), {})
    expect(resent.statusCode).toBe(303)
    expect(resent.headers.location).toContain('resent=1')
    const fresh = await mailedCode(tenant, 'wrong@example.jp')
    await withTenant(db(), tenant.id, trx => notificationsDb(trx).updateTable('residentChannels').set({ verificationExpiresAt: new Date(Date.now() - 1000) }).where('tenantId', '=', tenant.id).execute())
    const expired = await resident.post(verifyPath, { code: fresh })
    expect(expired.statusCode).toBe(422)
    expect(expired.body).toContain('有効期限(10分)が切れました')
  })

  it('refuses a second code within a minute', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await asResident(tenant)
    await resident.post('notifications/channels/email', { email: 'a@example.jp' })
    const other = await resident.post('notifications/channels/email', { email: 'b@example.jp' })
    expect(other.statusCode).toBe(422)
    expect(other.body).toContain('1分ほど待ってから')
  })

  it('verifies a mobile number through the fake SMS provider and refuses landlines', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await asResident(tenant)
    const landline = await resident.post('notifications/channels/sms', { phone: '03-1234-5678' })
    expect(landline.statusCode).toBe(422)
    expect(landline.body).toContain('固定電話の番号にはSMSを送れません')
    const invalid = await resident.post('notifications/channels/sms', { phone: '090-12' })
    expect(invalid.statusCode).toBe(422)

    const added = await resident.post('notifications/channels/sms', { phone: '０９０ー１２３４ー５６７８' })
    expect(added.statusCode).toBe(303)
    expect(String(added.headers.location)).not.toContain('sendFailed')
    const fake = fakeSmsOf(t.app)!
    const [sms] = fake.messagesTo('+819012345678').slice(-1)
    expect(sms.text).toContain('テスト市')
    expect(sms.callbackUrl).toBe(`http://yakuba.test/api/v1/notifications/sms-receipts/${tenant.slug}`)
    const code = /(\d{6})/.exec(sms.text)?.[1] ?? ''
    const verified = await resident.post(String(added.headers.location), { code })
    expect(verified.statusCode).toBe(303)
    const [channel] = await channelsOf(tenant, resident.id)
    expect(channel).toMatchObject({ channel: 'sms', address: '+819012345678' })
    expect(channel.verifiedAt).not.toBeNull()
    expect((await resident.get('notifications/settings')).body).toContain('090-1234-5678')
    await fake.drain()
  })

  it('tells the resident when the SMS could not be sent, and keeps the pending number', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await asResident(tenant)
    const fake = fakeSmsOf(t.app)!
    fake.setKnobs({ failureRate: 1 })
    try {
      const added = await resident.post('notifications/channels/sms', { phone: '080-1111-2222' })
      expect(added.statusCode).toBe(303)
      expect(String(added.headers.location)).toContain('sendFailed=1')
      const page = await resident.get(String(added.headers.location))
      expect(page.body).toContain('確認コードを送れませんでした')
    } finally {
      fake.resetKnobs()
    }
  })

  it('removes a channel for good: kept as removed by the resident and taken out of topics', async () => {
    const tenant = await createTestTenant(t.platform)
    const topic = await addTopic(tenant, 'bousai')
    const resident = await asResident(tenant)
    await addVerifiedEmail(tenant, resident)
    const [channel] = await channelsOf(tenant, resident.id)
    const removed = await resident.post(`notifications/channels/${channel.id}/remove`, {})
    expect(removed.statusCode).toBe(303)
    const [after] = await channelsOf(tenant, resident.id)
    expect(after.removedAt).not.toBeNull()
    expect(after.removedReason).toBe('resident')
    expect((await subscriptionsOf(tenant, resident.id)).get(topic.id)).toEqual(['inbox'])
    expect(await auditActions(tenant)).toContain('notifications.remove-channel')
    // Removing again is harmless.
    expect((await resident.post(`notifications/channels/${channel.id}/remove`, {})).statusCode).toBe(303)
  })

  it('uses the verified login email as the email channel', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await asResident(tenant)
    const page = await resident.get('notifications/settings')
    expect(page.body).toContain('ログイン用のメールアドレスで受け取る')
    const used = await resident.post('notifications/channels/login-email', {})
    expect(used.statusCode).toBe(303)
    const [channel] = await channelsOf(tenant, resident.id)
    expect(channel).toMatchObject({ channel: 'email', address: resident.email })
    expect(channel.verifiedAt).not.toBeNull()
  })

  it('stores and removes a push subscription through the JSON API, with the CSRF token required', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await asResident(tenant)
    const push = fakePushOf(t.app)!
    const subscription = push.createSubscription({ applicationServerKey: resolveVapidKeys(t.config)!.publicKey })
    const body = { endpoint: subscription.endpoint, expirationTime: null, keys: subscription.keys }

    const withoutCsrf = await resident.json('POST', 'notifications/push-subscriptions', body, { withCsrf: false })
    expect(withoutCsrf.statusCode).toBe(403)
    const created = await resident.json('POST', 'notifications/push-subscriptions', body)
    expect(created.statusCode).toBe(201)
    const again = await resident.json('POST', 'notifications/push-subscriptions', body)
    expect(again.statusCode).toBe(200)
    const channels = await channelsOf(tenant, resident.id)
    expect(channels).toHaveLength(1)
    expect(channels[0]).toMatchObject({ channel: 'push', address: subscription.endpoint, details: subscription.keys })

    const elsewhere = await resident.json('POST', 'notifications/push-subscriptions', { ...body, endpoint: 'https://evil.example/push/1' })
    expect(elsewhere.statusCode).toBe(422)
    expect(elsewhere.headers['content-type']).toContain('application/problem+json')

    const deleted = await resident.json('DELETE', 'notifications/push-subscriptions', { endpoint: subscription.endpoint })
    expect(deleted.statusCode).toBe(204)
    expect((await channelsOf(tenant, resident.id))[0]).toMatchObject({ removedReason: 'resident' })
  })

  it('serves the service worker from the site root with a root scope', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sw.js' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['service-worker-allowed']).toBe('/')
    expect(res.headers['content-type']).toContain('javascript')
    expect(res.body).toContain("addEventListener('push'")
  })

  describe('SMS delivery receipts', () => {
    async function sentSmsDelivery(tenant: TenantContext, residentId: string, providerRef: string) {
      return withTenant(db(), tenant.id, async trx => {
        const nb = notificationsDb(trx)
        const notice = await nb
          .insertInto('notices')
          .values({ tenantId: tenant.id, kind: 'broadcast', content: JSON.stringify({ ja: { subject: 's', body: 'b' } }), audience: JSON.stringify({ kind: 'everyone' }), source: 'staff', status: 'sending' })
          .returning('id')
          .executeTakeFirstOrThrow()
        await nb.insertInto('deliveries').values({ tenantId: tenant.id, noticeId: notice.id, residentId, channel: 'sms', status: 'delivered', providerRef, sentAt: new Date() }).execute()
        return notice.id
      })
    }
    const deliveryOf = (tenant: TenantContext, noticeId: string) =>
      withTenant(db(), tenant.id, trx => notificationsDb(trx).selectFrom('deliveries').selectAll().where('tenantId', '=', tenant.id).where('noticeId', '=', noticeId).executeTakeFirstOrThrow())
    const post = (tenant: TenantContext, body: string, signature: string | undefined) =>
      t.app.inject({ method: 'POST', url: `/api/v1/notifications/sms-receipts/${tenant.slug}`, headers: { 'content-type': 'application/json', ...(signature ? { 'x-sms-signature': signature } : {}) }, payload: body })

    it('records a signed receipt from the fake provider on the delivery it sent', async () => {
      const tenant = await createTestTenant(t.platform)
      const resident = await asResident(tenant)
      const fake = fakeSmsOf(t.app)!
      fake.setKnobs({ receiptDelayMs: 200 })
      try {
        const sent = await smsClientFor(t.config, tenant.slug)!.sendSms('+819055556666', 'お知らせ', `k-${randomBytes(4).toString('hex')}`)
        expect(sent.status).toBe('accepted')
        const noticeId = await sentSmsDelivery(tenant, resident.id, sent.messageId ?? '')
        await fake.drain()
        expect(fake.messages().find(m => m.id === sent.messageId)?.receipt).toMatchObject({ status: 'delivered', lastHttpStatus: 200 })
        expect((await deliveryOf(tenant, noticeId)).deliveredAt).not.toBeNull()
      } finally {
        fake.resetKnobs()
      }
    })

    it('turns a failed receipt into a permanent failure, and refuses invalid and stale signatures', async () => {
      const tenant = await createTestTenant(t.platform)
      const resident = await asResident(tenant)
      const noticeId = await sentSmsDelivery(tenant, resident.id, 'msg_receipt_1')
      const secret = t.config.smsWebhookSecret ?? ''
      const body = JSON.stringify({ id: 'msg_receipt_1', status: 'failed', error_code: 'unreachable' })
      const now = Math.floor(Date.now() / 1000)

      const forged = await post(tenant, body, signSmsReceipt('not-the-secret-at-all-xxxx', body, now))
      expect(forged.statusCode).toBe(401)
      expect(forged.json()).toMatchObject({ code: 'NOTIFICATIONS.SMS_SIGNATURE_INVALID' })
      expect((await post(tenant, body, undefined)).statusCode).toBe(401)
      const stale = await post(tenant, body, signSmsReceipt(secret, body, now - 600))
      expect(stale.statusCode).toBe(401)
      expect(stale.json()).toMatchObject({ code: 'NOTIFICATIONS.SMS_SIGNATURE_STALE' })
      expect((await deliveryOf(tenant, noticeId)).status).toBe('delivered')

      const malformed = await post(tenant, '{"id":', signSmsReceipt(secret, '{"id":', now))
      expect(malformed.statusCode).toBe(400)

      const valid = await post(tenant, body, signSmsReceipt(secret, body, now))
      expect(valid.statusCode).toBe(200)
      expect(valid.json()).toEqual({ received: true, matched: 1 })
      expect(await deliveryOf(tenant, noticeId)).toMatchObject({ status: 'permanent_failure' })
      expect((await deliveryOf(tenant, noticeId)).error).toContain('unreachable')
    })

    it('does not touch another tenant’s deliveries', async () => {
      const tenant = await createTestTenant(t.platform)
      const other = await createTestTenant(t.platform)
      const resident = await asResident(tenant)
      const noticeId = await sentSmsDelivery(tenant, resident.id, 'msg_isolated')
      const body = JSON.stringify({ id: 'msg_isolated', status: 'failed' })
      const res = await post(other, body, signSmsReceipt(t.config.smsWebhookSecret ?? '', body, Math.floor(Date.now() / 1000)))
      expect(res.json()).toEqual({ received: true, matched: 0 })
      expect((await deliveryOf(tenant, noticeId)).status).toBe('delivered')
    })
  })

  describe('one-click unsubscribe (RFC 8058)', () => {
    it('removes email from the topic on a cookie-less POST, and the page works from a mail client', async () => {
      const tenant = await createTestTenant(t.platform)
      const topic = await addTopic(tenant, 'bousai')
      const other = await addTopic(tenant, 'events')
      const resident = await asResident(tenant)
      await addVerifiedEmail(tenant, resident)
      expect((await subscriptionsOf(tenant, resident.id)).get(topic.id)).toEqual(['email', 'inbox'])
      const url = new URL(unsubscribeUrl(t.config, tenant.slug, resident.id, topic.id))

      const page = await t.app.inject({ method: 'GET', url: url.pathname })
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('「防災」のお知らせをメールで受け取るのをやめます')

      const res = await t.app.inject({ method: 'POST', url: url.pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })
      expect(res.statusCode).toBe(200)
      const subscriptions = await subscriptionsOf(tenant, resident.id)
      expect(subscriptions.get(topic.id)).toEqual(['inbox'])
      expect(subscriptions.get(other.id)).toEqual(['email', 'inbox'])
      expect(await auditActions(tenant)).toContain('notifications.unsubscribe-email')
      // A provider retrying the POST changes nothing more.
      expect((await t.app.inject({ method: 'POST', url: url.pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(200)

      const all = new URL(unsubscribeUrl(t.config, tenant.slug, resident.id, null))
      await t.app.inject({ method: 'POST', url: all.pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })
      expect((await subscriptionsOf(tenant, resident.id)).get(other.id)).toEqual(['inbox'])
      // …and from a mail without a topic, no non-urgent bulk mail at all any more
      const profile = await withTenant(db(), tenant.id, trx => notificationsDb(trx).selectFrom('residentNotificationProfiles').select('isBulkEmailOff').where('residentId', '=', resident.id).executeTakeFirst())
      expect(profile?.isBulkEmailOff).toBe(true)
    })

    it('answers a forged, truncated or other-tenant token with a translated 400 page and changes nothing', async () => {
      const tenant = await createTestTenant(t.platform)
      const other = await createTestTenant(t.platform)
      const topic = await addTopic(tenant, 'bousai')
      const resident = await asResident(tenant)
      await addVerifiedEmail(tenant, resident)
      const path = new URL(unsubscribeUrl(t.config, tenant.slug, resident.id, topic.id)).pathname
      for (const url of [path.slice(0, -3), path.replace(`/${tenant.slug}/`, `/${other.slug}/`), `/${tenant.slug}/notifications/unsubscribe/nonsense`]) {
        const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })
        expect(res.statusCode).toBe(400)
        expect(res.body).toContain('このリンクは使えません')
      }
      const en = await t.app.inject({ method: 'GET', url: path.slice(0, -3), headers: { 'accept-language': 'en' } })
      expect(en.body).toContain('This link does not work')
      expect((await subscriptionsOf(tenant, resident.id)).get(topic.id)).toEqual(['email', 'inbox'])
    })
  })

  it('keeps residents of one tenant away from another tenant’s settings and channels', async () => {
    const tenant = await createTestTenant(t.platform)
    const other = await createTestTenant(t.platform)
    const resident = await asResident(tenant)
    const stranger = await asResident(other)
    await addVerifiedEmail(tenant, resident)
    const [channel] = await channelsOf(tenant, resident.id)
    // The stranger's session is for the other tenant: here they are not logged in.
    const cross = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/notifications/settings`, headers: { cookie: stranger.jar.header() } })
    expect(cross.statusCode).not.toBe(200)
    // Within their own tenant, the channel id of the first resident does not exist.
    expect((await stranger.get(`notifications/channels/${channel.id}/verify`)).statusCode).toBe(404)
    const removed = await stranger.post(`notifications/channels/${channel.id}/remove`, {})
    expect(removed.statusCode).toBe(303)
    expect((await channelsOf(tenant, resident.id))[0].removedAt).toBeNull()
  })

  it('seeds the demo residents with a profile in their district, a verified email and the default topics', async () => {
    const tenant = await createTestTenant(t.platform)
    const topic = await addTopic(tenant, 'bousai')
    const { residentId, districtId } = await withTenant(db(), tenant.id, async trx => {
      const resident = await trx.insertInto('residents').values({ tenantId: tenant.id, displayName: '山田 太郎' }).returning('id').executeTakeFirstOrThrow()
      await trx.insertInto('residentIdentities').values({ tenantId: tenant.id, residentId: resident.id, provider: 'digital-auth-app', subject: 'dev-card-yamada-taro', assurance: 'high' }).execute()
      const district = await notificationsDb(trx).insertInto('districts').values({ tenantId: tenant.id, code: 'chuo-1', names: JSON.stringify({ ja: '中央一丁目' }) }).returning('id').executeTakeFirstOrThrow()
      await seedResidentsDemo(trx, tenant.id)
      await seedResidentsDemo(trx, tenant.id) // twice: nothing doubles
      return { residentId: resident.id, districtId: district.id }
    })
    expect(await profileOf(tenant, residentId)).toMatchObject({ districtId, garbageReminder: 'evening-before', language: 'ja' })
    const channels = await channelsOf(tenant, residentId)
    expect(channels).toHaveLength(1)
    expect(channels[0]).toMatchObject({ channel: 'email', address: 'yamada.taro@demo.yakuba.localhost' })
    expect(channels[0].verifiedAt).not.toBeNull()
    expect((await subscriptionsOf(tenant, residentId)).get(topic.id)).toEqual(['email', 'inbox'])
  })

  it('needs a login for the settings page', async () => {
    const tenant = await createTestTenant(t.platform)
    const res = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/notifications/settings` })
    expect([302, 303, 401]).toContain(res.statusCode)
  })
})
