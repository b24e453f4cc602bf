import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, CookieJar, type TestApp } from '../../../test/app.js'
import { createTestTenant } from '../../../test/factories.js'
import { loginWithCard, loginWithEmail } from '../../../test/resident-login.js'
import { payThroughFakeProvider, useFakePayments } from '../../../test/fake-payments.js'
import { procedureDocument, publishTestProcedure, templateDocument } from '../../../test/procedure-factories.js'
import { withTenant } from '../../platform/db/tenant-context.js'
import { recordAudit } from '../../platform/audit/audit-log.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'
import { proceduresDb } from './procedure-tables.js'
import { transitionApplication } from './application-repository.js'
import { publishDraft, updateDraftDocument } from './procedure-repository.js'

describe(`applying online (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  /** A resident logged in with a test card, with helpers that browse as them. */
  async function asResident(tenant: TenantContext, card = 'yamada-taro', jar?: CookieJar, withCard = true) {
    const cookies = withCard ? (await loginWithCard(t, tenant, card, jar)).jar : (jar as CookieJar)
    const get = (path: string) => t.app.inject({ method: 'GET', url: path.startsWith('/') ? path : `/${tenant.slug}/${path}`, headers: { cookie: cookies.header() } })
    const post = async (path: string, payload: Record<string, string | string[]>) => {
      const url = path.startsWith('/') ? path : `/${tenant.slug}/${path}`
      const form = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/applications`, headers: { cookie: cookies.header() } })
      cookies.store(form.headers['set-cookie'])
      const body = new URLSearchParams()
      body.append('_csrf', csrfFrom(form.body))
      for (const [k, v] of Object.entries(payload)) for (const item of [v].flat()) body.append(k, item)
      return t.app.inject({ method: 'POST', url, headers: { cookie: cookies.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() })
    }
    return { jar: cookies, get, post }
  }

  const rows = (tenant: TenantContext) =>
    withTenant(t.platform.database.db, tenant.id, trx => proceduresDb(trx).selectFrom('applications').selectAll().where('tenantId', '=', tenant.id).execute())

  async function startJuminhyo(tenant: TenantContext, resident: Awaited<ReturnType<typeof asResident>>) {
    const started = await resident.post('procedures/juminhyo-copy/apply', {})
    expect(started.statusCode).toBe(303)
    const cont = await resident.get(String(started.headers.location))
    const first = String(cont.headers.location)
    expect(first).toMatch(/\/pages\/applicant$/)
    return first.replace(/\/pages\/applicant$/, '')
  }

  const applicant = {
    'applicantName.familyName': '山田',
    'applicantName.givenName': '太郎',
    'applicantName.familyNameKana': 'ヤマダ',
    'applicantName.givenNameKana': 'タロウ',
    'applicantAddress.postalCode': '１００－０００１',
    'applicantAddress.prefecture': '東京都',
    'applicantAddress.city': '千代田区',
    'applicantAddress.town': '千代田',
    'applicantAddress.street': '1-1',
    phone: '０９０-１２３４-５６７８',
    _action: 'continue',
  }

  it('finds procedures by hiragana, category and life event in the catalogue', async () => {
    const tenant = await createTestTenant(t.platform)
    await publishTestProcedure(t.platform, tenant, templateDocument('juminhyo-copy'))
    await publishTestProcedure(t.platform, tenant, templateDocument('dog-registration'))
    const byKana = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/procedures?q=${encodeURIComponent('じゅうみんひょう')}` })
    expect(byKana.statusCode).toBe(200)
    expect(byKana.body).toContain('住民票の写し等の交付請求')
    expect(byKana.body).not.toContain('犬の登録')
    const byKatakana = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/procedures?q=${encodeURIComponent('ジュウミンヒョウ')}` })
    expect(byKatakana.body).toContain('住民票の写し等の交付請求')
    const pets = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/procedures?category=pets` })
    expect(pets.body).toContain('犬の登録')
    expect(pets.body).not.toContain('住民票の写し等の交付請求')
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/procedures/juminhyo-copy` })
    expect(page.body).toContain('マイナンバーカードが必要')
    expect(page.body).toContain('1件300円')
  })

  it('walks a resident through pages, check answers and an idempotent submit with a receipt number', async () => {
    const tenant = await createTestTenant(t.platform)
    await publishTestProcedure(t.platform, tenant, templateDocument('juminhyo-copy'))
    const resident = await asResident(tenant)
    const base = await startJuminhyo(tenant, resident)

    // Prefilled from 基本4情報 (once-only).
    const page1 = await resident.get(`${base}/pages/applicant`)
    expect(page1.statusCode).toBe(200)
    expect(page1.body).toContain('value="山田"')

    const p1 = await resident.post(`${base}/pages/applicant`, applicant)
    expect(p1.statusCode).toBe(303)
    expect(p1.headers.location).toBe(`${base}/pages/request`)

    // The "other" text is required only when "other" is chosen.
    const missingOther = await resident.post(`${base}/pages/request`, { scope: 'self', copies: '２', purpose: 'other', welfare: 'no', _action: 'continue' })
    expect(missingOther.statusCode).toBe(422)
    expect(missingOther.body).toContain('その他の使いみちを入力してください')
    // The same page in English and in やさしい日本語, field labels and messages included.
    const english = await resident.get(`${base}/pages/request?lang=en`)
    expect(english.body).toContain('Number of copies')
    expect(english.body).toContain('Continue')
    const easy = await resident.get(`${base}/pages/request?lang=ja-easy`)
    expect(easy.body).toContain('なんまい いりますか')
    const p2 = await resident.post(`${base}/pages/request`, { scope: 'self', copies: '２', purpose: 'employment', welfare: 'no', _action: 'continue' })
    expect(p2.statusCode).toBe(303)
    const p3 = await resident.post(`${base}/pages/delivery`, { deliveryMethod: 'post', _action: 'continue' })
    expect(p3.headers.location).toBe(`${base}/check`)

    const check = await resident.get(`${base}/check`)
    expect(check.body).toContain('入力内容の確認')
    expect(check.body).toContain('300円 × 2 = 600円')
    expect(check.body).toContain('090-1234-5678')

    const noDeclaration = await resident.post(`${base}/submit`, {})
    expect(noDeclaration.statusCode).toBe(422)
    expect(noDeclaration.body).toContain('宣誓欄にチェックを入れてください')

    const [first, second] = await Promise.all([resident.post(`${base}/submit`, { declaration: 'yes' }), resident.post(`${base}/submit`, { declaration: 'yes' })])
    expect([first.statusCode, second.statusCode]).toEqual([303, 303])
    const stored = await rows(tenant)
    expect(stored).toHaveLength(1)
    const [application] = stored
    expect(application?.status).toBe('submitted')
    expect(application?.receiptNumber).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{2}$/)
    expect(application?.feeYen).toBe(600)
    expect(application?.paymentState).toBe('due')
    expect(application?.answers).toMatchObject({ copies: 2, phone: '09012345678', applicantAddress: { postalCode: '1000001' } })

    const again = await resident.post(`${base}/submit`, { declaration: 'yes' })
    expect(again.statusCode).toBe(303)
    expect(await rows(tenant)).toHaveLength(1)

    const submitted = await resident.get(`${base}/submitted`)
    expect(submitted.body).toContain(application?.receiptNumber)
    const pdf = await resident.get(`${base}/receipt.pdf`)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')

    // Paying through the provider's hosted page; the signed webhook marks the application paid.
    useFakePayments(t, { duplicateDelivery: true })
    const payPage = await resident.get(`${base}/pay`)
    expect(payPage.body).toContain('ペイジー')
    const pay = await resident.post(`${base}/pay`, { method: 'online' })
    expect(pay.statusCode).toBe(303)
    const redirect = String(pay.headers.location)
    expect(redirect).toContain('/dev-pay/checkout/')
    await payThroughFakeProvider(t, resident.jar, redirect, 'pay')
    const paid = (await rows(tenant))[0]
    expect(paid?.paymentState).toBe('paid')
    const events = await withTenant(t.platform.database.db, tenant.id, trx => proceduresDb(trx).selectFrom('applicationEvents').select('action').where('tenantId', '=', tenant.id).where('applicationId', '=', paid?.id ?? '').execute())
    expect(events.filter(e => e.action === 'payment-captured')).toHaveLength(1)
    const afterPay = await resident.get(`${base}`)
    expect(afterPay.body).toContain('支払い済み')

    // The receipt number reached the inbox.
    await t.platform.jobs.startWorkers()
    await t.platform.jobs.drain()
    const inbox = await resident.get('inbox')
    expect(inbox.body).toContain(application?.receiptNumber)
  })

  it('rejects bad input with translated messages and stores nothing of it', async () => {
    const tenant = await createTestTenant(t.platform)
    await publishTestProcedure(t.platform, tenant, templateDocument('juminhyo-copy'))
    const resident = await asResident(tenant)
    const base = await startJuminhyo(tenant, resident)
    const before = (await rows(tenant))[0]?.answers
    const bad = await resident.post(`${base}/pages/applicant`, {
      ...applicant,
      'applicantName.familyNameKana': 'やまだ\u0007',
      'applicantAddress.postalCode': '123',
      phone: '12345',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('使えない文字')
    expect(bad.body).toContain('郵便番号を7桁の数字で入力してください')
    expect(bad.body).toContain('正しい電話番号')
    expect((await rows(tenant))[0]?.answers).toEqual(before)

    const huge = await resident.post(`${base}/pages/request`, { scope: 'x'.repeat(50_000), copies: '11', purpose: 'employment', welfare: 'no', _action: 'continue' })
    expect(huge.statusCode).toBe(422)
    expect(huge.body).toContain('10以下にしてください')
  })

  it('saves a draft and resumes it on another device after logging in again', async () => {
    const tenant = await createTestTenant(t.platform)
    await publishTestProcedure(t.platform, tenant, templateDocument('juminhyo-copy'))
    const phone = await asResident(tenant)
    const base = await startJuminhyo(tenant, phone)
    await phone.post(`${base}/pages/applicant`, applicant)
    const saved = await phone.post(`${base}/pages/request`, { scope: 'household', copies: '3', _action: 'save' })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/${tenant.slug}/applications?saved=1`)

    const laptop = await asResident(tenant)
    const again = await laptop.post('procedures/juminhyo-copy/apply', {})
    const cont = await laptop.get(String(again.headers.location))
    expect(cont.headers.location).toBe(`${base}/pages/request`)
    const page = await laptop.get(`${base}/pages/request`)
    expect(page.body).toContain('value="3"')
    expect(await rows(tenant)).toHaveLength(1)
  })

  it('refuses a My Number Card procedure to a resident who logged in by email', async () => {
    const tenant = await createTestTenant(t.platform)
    await publishTestProcedure(t.platform, tenant, templateDocument('juminhyo-copy'))
    const { jar } = await loginWithEmail(t, tenant, 'low@example.jp')
    const resident = await asResident(tenant, undefined, jar, false)
    const start = await resident.post('procedures/juminhyo-copy/apply', {})
    expect(start.statusCode).toBe(403)
    expect(start.body).toContain('マイナンバーカードでログインした方のみ')
    expect(await rows(tenant)).toHaveLength(0)
  })

  it('lets the resident withdraw before processing, and not after it started', async () => {
    const tenant = await createTestTenant(t.platform)
    await publishTestProcedure(t.platform, tenant, templateDocument('dog-registration'))
    const resident = await asResident(tenant)
    const submitted = await submitDirect(tenant, resident.jar, 'dog-registration')
    const withdraw = await resident.post(`applications/${submitted}/withdraw`, { reason: '別の方法で手続きします' })
    expect(withdraw.statusCode).toBe(303)
    const [row] = await rows(tenant)
    expect(row?.status).toBe('withdrawn')

    const other = await submitDirect(tenant, resident.jar, 'dog-registration')
    await withTenant(t.platform.database.db, tenant.id, trx => transitionApplication(trx, tenant.id, { id: other, action: 'claim', actor: { actorType: 'system', actorId: null } }))
    const late = await resident.post(`applications/${other}/withdraw`, {})
    expect(late.statusCode).toBe(409)
    expect(late.body).toContain('状況が変わったため')
  })

  it('takes a correction (差戻し) and resubmits the same application with the same receipt number', async () => {
    const tenant = await createTestTenant(t.platform)
    await publishTestProcedure(t.platform, tenant, templateDocument('dog-registration'))
    const resident = await asResident(tenant)
    const id = await submitDirect(tenant, resident.jar, 'dog-registration')
    const receipt = (await rows(tenant))[0]?.receiptNumber
    await withTenant(t.platform.database.db, tenant.id, trx => transitionApplication(trx, tenant.id, { id, action: 'request-correction', actor: { actorType: 'system', actorId: null }, message: '犬の生年月日を確認してください' }))
    const detail = await resident.get(`applications/${id}`)
    expect(detail.body).toContain('犬の生年月日を確認してください')
    const cont = await resident.get(`applications/${id}/continue`)
    expect(String(cont.headers.location)).toContain(`/applications/${id}/pages/`)
    const resubmit = await resident.post(`applications/${id}/submit`, { declaration: 'yes' })
    expect(resubmit.statusCode).toBe(303)
    const [row] = await rows(tenant)
    expect(row?.status).toBe('submitted')
    expect(row?.receiptNumber).toBe(receipt)
  })

  it('shows the resident which department opened their application, from the audit log', async () => {
    const tenant = await createTestTenant(t.platform)
    await publishTestProcedure(t.platform, tenant, templateDocument('dog-registration'))
    const resident = await asResident(tenant)
    const id = await submitDirect(tenant, resident.jar, 'dog-registration')
    await withTenant(t.platform.database.db, tenant.id, trx =>
      recordAudit(trx, tenant.id, { actor: { type: 'staff', id: null }, action: 'application.view', subjectType: 'application', subjectId: id, details: { departmentName: '環境衛生課' } }),
    )
    const detail = await resident.get(`applications/${id}`)
    expect(detail.body).toContain('この申請を閲覧した部署')
    expect(detail.body).toContain('環境衛生課')
  })

  it('keeps the version an application started with, and refuses a submit against a stale version', async () => {
    const tenant = await createTestTenant(t.platform)
    const doc = procedureDocument({
      format: 'yakuba.procedure/v1', slug: 'simple', title: { ja: '簡単な届出' }, summary: { ja: '概要' }, category: 'other', eligibility: { ja: '誰でも' }, requirements: { ja: 'なし' },
      processingDays: 1, identityLevel: 'email', channels: { online: true, post: false, counter: false },
      form: { pages: [{ id: 'p1', title: { ja: '内容' }, elements: [{ id: 'note', type: 'text', label: { ja: '内容' }, required: true }] }], declaration: { ja: '正しいです' } },
    })
    const { procedure } = await publishTestProcedure(t.platform, tenant, doc)
    const resident = await asResident(tenant)
    const started = await resident.post('procedures/simple/apply', {})
    const base = String(started.headers.location).replace(/\/continue$/, '')
    await resident.post(`${base}/pages/p1`, { note: 'こんにちは', _action: 'continue' })
    await withTenant(t.platform.database.db, tenant.id, async trx => {
      await updateDraftDocument(trx, tenant.id, procedure.id, { ...doc, summary: { ja: '改訂' } }, null)
      await publishDraft(trx, tenant.id, procedure.id, null)
    })
    const stale = await resident.post(`${base}/submit`, { declaration: 'yes' })
    expect(stale.statusCode).toBe(409)
    expect((await rows(tenant))[0]?.status).toBe('draft')
  })

  /** Submits a complete application through the service (for tests about what happens after). */
  async function submitDirect(tenant: TenantContext, jar: CookieJar, slug: string): Promise<string> {
    const residentId = await withTenant(t.platform.database.db, tenant.id, async trx => (await trx.selectFrom('sessions').select('residentId').where('tenantId', '=', tenant.id).orderBy('createdAt', 'desc').executeTakeFirstOrThrow()).residentId)
    void jar
    const { createApplicationService } = await import('./application-service.js')
    const service = createApplicationService(t.platform)
    const outcome = await service.submitAnswers(tenant.id, {
      slug,
      answers: {
        ownerName: { familyName: '山田', givenName: '太郎', familyNameKana: 'ヤマダ', givenNameKana: 'タロウ' },
        ownerAddress: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', town: '千代田', street: '1-1' },
        phone: '03-1234-5678',
        email: 'taro@example.jp',
        dogName: 'ポチ',
        breed: '柴犬',
        colour: '赤',
        sex: 'male',
        dogBirthdate: '2025-04-01',
        vaccinationDate: '2026-04-10',
        clinic: 'やくば動物病院',
        needsTag: 'yes',
      },
      channel: 'online',
      actor: { actorType: 'resident', actorId: residentId },
      residentId,
      idempotencyKey: `test-${Math.random()}`,
      requestHash: 'x',
    }).catch(error => {
      throw new Error(`submitDirect failed: ${JSON.stringify((error as { errors?: unknown }).errors ?? String(error))}`)
    })
    return outcome.application.id
  }
})
