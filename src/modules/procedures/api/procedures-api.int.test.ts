import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant } from '../../../../test/factories.js'
import { procedureDocument, publishTestProcedure, templateDocument } from '../../../../test/procedure-factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { ApiKeyScope } from '../../../platform/auth/api-keys/index.js'
import { createTestApiKey } from '../../../platform/auth/api-keys/test-api-keys.js'
import { proceduresDb } from '../procedure-tables.js'
import { transitionApplication } from '../application-repository.js'
import { insertProcedure } from '../procedure-repository.js'

const RECEIPT = /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{2}$/

function copyRequestDocument(slug = 'pet-certificate') {
  return procedureDocument({
    format: 'yakuba.procedure/v1',
    slug,
    title: { ja: '犬の登録証明書の交付', 'ja-easy': 'いぬ の とうろく の しょうめいしょ', en: 'Dog registration certificate' },
    summary: { ja: '犬の登録を証明する書類を交付します。', en: 'Issues a certificate of a dog’s registration.' },
    category: 'pets',
    lifeEvents: ['pets'],
    keywords: ['いぬ', '鑑札'],
    eligibility: { ja: '市内で犬を飼っている方' },
    requirements: { ja: 'なし' },
    processingDays: 5,
    identityLevel: 'none',
    channels: { online: true, post: false, counter: true },
    form: {
      pages: [
        {
          id: 'main',
          title: { ja: '申請内容', en: 'Your request' },
          elements: [
            { id: 'applicantName', type: 'text', label: { ja: '申請者の氏名', 'ja-easy': 'あなた の なまえ', en: 'your name' }, required: true, maxLength: 50 },
            { id: 'copies', type: 'number', label: { ja: '通数', 'ja-easy': 'まいすう', en: 'the number of copies' }, required: true, min: 1, max: 10 },
            { id: 'email', type: 'email', label: { ja: 'メールアドレス', en: 'email address' } },
          ],
        },
      ],
      declaration: { ja: '以上のとおり申請します。' },
    },
    fee: { items: [{ id: 'copyFee', label: { ja: '交付手数料', en: 'Issuing fee' }, unitYen: 300, quantityField: 'copies' }] },
  })
}

describe(`procedures API (${TEST_DB})`, () => {
  let t: TestApp
  let app: FastifyInstance
  beforeAll(async () => {
    t = await createTestApp()
    app = t.app
  })
  afterAll(async () => {
    await t?.close()
  })

  async function setUp(scopes?: ApiKeyScope[]) {
    const tenant = await createTestTenant(t.platform)
    const staff = await createTestStaff(t.platform, tenant)
    const published = await publishTestProcedure(t.platform, tenant, copyRequestDocument())
    const apiKey = await createTestApiKey(t.platform, tenant, staff.id, { scopes })
    return { tenant, staff, published, key: apiKey.key, apiKey }
  }

  const get = (tenant: TenantContext, path: string, key: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}${path}`, headers: { authorization: `Bearer ${key}`, ...headers } })
  const submit = (tenant: TenantContext, key: string, body: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: `/api/v1/${tenant.slug}/applications`, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) })

  const goodBody = { procedure: 'pet-certificate', version: 1, answers: { applicantName: '山田 太郎', copies: 2, email: 'taro@example.jp' } }

  function applicationRows(tenant: TenantContext) {
    return withTenant(t.platform.database.db, tenant.id, trx => proceduresDb(trx).selectFrom('applications').selectAll().execute())
  }

  it('lists the published catalogue with texts in three languages, searchable and filtered by category', async () => {
    const { tenant, staff, key } = await setUp(['procedures:read'])
    // A draft that was never published stays out of the catalogue.
    await withTenant(t.platform.database.db, tenant.id, trx => insertProcedure(trx, tenant.id, copyRequestDocument('draft-only'), staff.id))
    const other = await createTestTenant(t.platform)
    await publishTestProcedure(t.platform, other, copyRequestDocument('other-town-only'))

    const res = await get(tenant, '/procedures', key)
    expect(res.statusCode).toBe(200)
    const { procedures } = res.json()
    expect(procedures).toHaveLength(1)
    expect(procedures[0]).toEqual({
      slug: 'pet-certificate',
      version: 1,
      title: { ja: '犬の登録証明書の交付', 'ja-easy': 'いぬ の とうろく の しょうめいしょ', en: 'Dog registration certificate' },
      summary: { ja: '犬の登録を証明する書類を交付します。', 'ja-easy': '犬の登録を証明する書類を交付します。', en: 'Issues a certificate of a dog’s registration.' },
      category: 'pets',
      lifeEvents: ['pets'],
      identityLevel: 'none',
      channels: { online: true, post: false, counter: true },
      fee: { timing: 'on-submission', methods: ['online'], items: [{ id: 'copyFee', label: { ja: '交付手数料', 'ja-easy': '交付手数料', en: 'Issuing fee' }, unitYen: 300, quantityField: 'copies' }], exemptions: [] },
      processingDays: 5,
      acceptingApplications: true,
    })

    const search = async (query: string) => (await get(tenant, `/procedures?${query}`, key)).json().procedures.map((p: { slug: string }) => p.slug)
    expect(await search(`q=${encodeURIComponent('イヌ')}`)).toEqual(['pet-certificate'])
    expect(await search(`q=${encodeURIComponent('住民票')}`)).toEqual([])
    expect(await search('category=pets')).toEqual(['pet-certificate'])
    expect(await search('category=tax')).toEqual([])
    expect(await search('lifeEvent=pets')).toEqual(['pet-certificate'])

    const bad = await get(tenant, '/procedures?category=dragons', key)
    expect(bad.statusCode).toBe(400)
    expect(bad.headers['content-type']).toContain('application/problem+json')
    expect(bad.json()).toMatchObject({ code: 'PROCEDURES.INVALID_QUERY', errors: [{ path: 'category', code: 'invalid_value' }] })
  })

  it('serves a procedure with the JSON Schema and UI schema stored with its published version', async () => {
    const { tenant, published, key } = await setUp(['procedures:read'])
    const res = await get(tenant, '/procedures/pet-certificate', key)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ slug: 'pet-certificate', version: 1, eligibility: { ja: '市内で犬を飼っている方' }, publication: { opensAt: null, closesAt: null } })
    expect(body.jsonSchema).toEqual(published.version.jsonSchema)
    expect(body.jsonSchema.required).toEqual(['applicantName', 'copies'])
    expect(body.uiSchema).toEqual(published.version.uiSchema)
    expect(body.uiSchema.pages[0].elements.map((e: { id: string }) => e.id)).toEqual(['applicantName', 'copies', 'email'])

    const missing = await get(tenant, '/procedures/no-such-thing', key)
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ code: 'PROCEDURES.NOT_FOUND' })
    expect((await get(tenant, '/procedures/Bad%20Slug', key)).statusCode).toBe(404)
  })

  it('serves the 住民票 template’s form for a kiosk to render', async () => {
    const { tenant, key } = await setUp(['procedures:read'])
    const doc = templateDocument('juminhyo-copy')
    await publishTestProcedure(t.platform, tenant, doc)
    const res = await get(tenant, `/procedures/${doc.slug}`, key)
    expect(res.statusCode).toBe(200)
    expect(res.json().jsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(res.json().uiSchema.pages.length).toBe(doc.form.pages.length)
  })

  it('submits an application once per Idempotency-Key, replaying the same 201 and refusing the key for another body', async () => {
    const { tenant, key, apiKey, published } = await setUp()
    const first = await submit(tenant, key, goodBody, { 'idempotency-key': 'kiosk-1-0001' })
    expect(first.statusCode).toBe(201)
    const body = first.json()
    expect(body.receiptNumber).toMatch(RECEIPT)
    expect(body).toMatchObject({ status: 'submitted', procedure: { slug: 'pet-certificate', version: 1 }, fee: { totalYen: 600, paymentRequired: true, methods: ['online'] } })
    expect(body.fee.lines).toEqual([{ itemId: 'copyFee', label: { ja: '交付手数料', 'ja-easy': '交付手数料', en: 'Issuing fee' }, unitYen: 300, quantity: 2, amountYen: 600, exemptedBy: null }])
    expect(first.headers.location).toBe(`/api/v1/${tenant.slug}/applications/${body.receiptNumber}`)
    expect(first.headers['idempotent-replayed']).toBeUndefined()

    const [row] = await applicationRows(tenant)
    expect(row).toMatchObject({ channel: 'api', apiKeyId: apiKey.id, status: 'submitted', residentId: null, receiptNumber: body.receiptNumber, versionId: published.version.id, feeYen: 600, paymentState: 'due' })
    expect(row?.answers).toEqual({ applicantName: '山田 太郎', copies: 2, email: 'taro@example.jp' })

    const replay = await submit(tenant, key, goodBody, { 'idempotency-key': 'kiosk-1-0001' })
    expect(replay.statusCode).toBe(201)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(replay.json()).toEqual(body)

    const reused = await submit(tenant, key, { ...goodBody, answers: { ...goodBody.answers, copies: 3 } }, { 'idempotency-key': 'kiosk-1-0001' })
    expect(reused.statusCode).toBe(422)
    expect(reused.json()).toMatchObject({ code: 'PROCEDURES.IDEMPOTENCY_KEY_REUSED' })

    // Another key may use the same Idempotency-Key text: keys are kept per API key.
    const staff = await createTestStaff(t.platform, tenant)
    const otherKey = await createTestApiKey(t.platform, tenant, staff.id)
    const other = await submit(tenant, otherKey.key, goodBody, { 'idempotency-key': 'kiosk-1-0001' })
    expect(other.statusCode).toBe(201)
    expect(other.json().receiptNumber).not.toBe(body.receiptNumber)
    expect(await applicationRows(tenant)).toHaveLength(2)
  })

  it('refuses a tampered version, an unknown procedure, a missing Idempotency-Key or a malformed body, storing nothing', async () => {
    const { tenant, key } = await setUp()
    const tampered = await submit(tenant, key, { ...goodBody, version: 2 }, { 'idempotency-key': 'kiosk-2-0001' })
    expect(tampered.statusCode).toBe(409)
    expect(tampered.json()).toMatchObject({ code: 'PROCEDURES.VERSION_MISMATCH', status: 409 })

    const unknown = await submit(tenant, key, { ...goodBody, procedure: 'no-such-thing' }, { 'idempotency-key': 'kiosk-2-0002' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ code: 'PROCEDURES.NOT_FOUND' })

    const noKey = await submit(tenant, key, goodBody)
    expect(noKey.statusCode).toBe(400)
    expect(noKey.json()).toMatchObject({ code: 'PROCEDURES.IDEMPOTENCY_KEY_REQUIRED' })
    expect((await submit(tenant, key, goodBody, { 'idempotency-key': 'short' })).statusCode).toBe(400)

    const malformed = await submit(tenant, key, { procedure: 'pet-certificate', answers: 'all of them', extra: true }, { 'idempotency-key': 'kiosk-2-0003', 'accept-language': 'en' })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({ code: 'PROCEDURES.INVALID_REQUEST', title: 'The request body is not an application.' })
    expect(malformed.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['(body)', 'answers'])

    const notJson = await app.inject({ method: 'POST', url: `/api/v1/${tenant.slug}/applications`, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': 'kiosk-2-0004' }, payload: '{"procedure":' })
    expect(notJson.statusCode).toBe(400)
    expect(notJson.headers['content-type']).toContain('application/problem+json')

    expect(await applicationRows(tenant)).toEqual([])
  })

  it('answers invalid answers with 422 and one translated message per problem, storing nothing', async () => {
    const { tenant, key } = await setUp()
    const bad = { procedure: 'pet-certificate', answers: { copies: 11, email: 'not-an-address' } }
    const japanese = await submit(tenant, key, bad, { 'idempotency-key': 'kiosk-3-0001' })
    expect(japanese.statusCode).toBe(422)
    expect(japanese.headers['content-type']).toContain('application/problem+json')
    const problem = japanese.json()
    expect(problem).toMatchObject({ status: 422, code: 'PROCEDURES.ANSWERS_INVALID', title: '回答に誤りがあります' })
    expect(problem.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['applicantName', 'required'],
      ['copies', 'tooLarge'],
      ['email', 'email'],
    ])
    expect(problem.errors[0].message).toBe('申請者の氏名を入力してください')

    const english = await submit(tenant, key, bad, { 'idempotency-key': 'kiosk-3-0002', 'accept-language': 'en-US,en;q=0.9' })
    expect(english.statusCode).toBe(422)
    expect(english.json().title).toBe('Some answers are not valid')
    expect(english.json().errors[0].message).toBe('Enter your name')

    const easy = await submit(tenant, key, bad, { 'idempotency-key': 'kiosk-3-0003', 'accept-language': 'ja-x-easy' })
    expect(easy.json().errors[0].message).toBe('あなた の なまえを 入れて ください')

    const wrongType = await submit(tenant, key, { ...goodBody, answers: { ...goodBody.answers, copies: 'two', applicantName: { first: 'x' } } }, { 'idempotency-key': 'kiosk-3-0004' })
    expect(wrongType.statusCode).toBe(422)
    expect(wrongType.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['applicantName', 'wrongType'],
      ['copies', 'notNumber'],
    ])

    expect(await applicationRows(tenant)).toEqual([])
    // The key was not used up by the failures: the corrected request goes through under it.
    expect((await submit(tenant, key, goodBody, { 'idempotency-key': 'kiosk-3-0001' })).statusCode).toBe(201)

    // A key the form does not have never reaches the stored answers.
    const extra = await submit(tenant, key, { ...goodBody, answers: { ...goodBody.answers, isAdmin: true } }, { 'idempotency-key': 'kiosk-3-0005' })
    const rows = await applicationRows(tenant)
    if (extra.statusCode === 201) expect(rows.map(r => Object.keys(r.answers).sort())).toEqual([['applicantName', 'copies', 'email'], ['applicantName', 'copies', 'email']])
    else expect({ status: extra.statusCode, rows: rows.length }).toEqual({ status: 422, rows: 1 })
  })

  it('reads back the status, resident-visible history and fee of an application sent with the same key only', async () => {
    const { tenant, staff, key } = await setUp()
    const created = (await submit(tenant, key, goodBody, { 'idempotency-key': 'kiosk-4-0001' })).json()
    const [row] = await applicationRows(tenant)
    await withTenant(t.platform.database.db, tenant.id, async trx => {
      await transitionApplication(trx, tenant.id, { id: row?.id as string, action: 'request-correction', actor: { actorType: 'staff', actorId: staff.id }, message: '飼い主の氏名を住民票のとおりに直してください。' })
      await proceduresDb(trx).insertInto('applicationNotes').values({ tenantId: tenant.id, applicationId: row?.id as string, staffUserId: staff.id, body: '内部メモ: 電話で確認済み' }).execute()
    })

    const res = await get(tenant, `/applications/${created.receiptNumber.toLowerCase().replace(/-/g, '')}`, key)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({
      receiptNumber: created.receiptNumber,
      procedure: { slug: 'pet-certificate', version: 1, title: { ja: '犬の登録証明書の交付' } },
      status: 'correction_requested',
      decidedAt: null,
      fee: { totalYen: 600, paymentState: 'due' },
    })
    expect(body.history.map((h: { status: string; message: string | null }) => [h.status, h.message])).toEqual([
      ['submitted', null],
      ['correction_requested', '飼い主の氏名を住民票のとおりに直してください。'],
    ])
    expect(JSON.stringify(body)).not.toContain('内部メモ')

    const staff2 = await createTestStaff(t.platform, tenant)
    const otherKey = await createTestApiKey(t.platform, tenant, staff2.id)
    const notTheirs = await get(tenant, `/applications/${created.receiptNumber}`, otherKey.key)
    expect(notTheirs.statusCode).toBe(404)
    expect(notTheirs.json()).toMatchObject({ code: 'PROCEDURES.APPLICATION_NOT_FOUND' })
    expect((await get(tenant, '/applications/AAAA-BBBB-CC', key)).statusCode).toBe(404)

    // The replay of the submission still answers as it did at submission.
    const replay = await submit(tenant, key, goodBody, { 'idempotency-key': 'kiosk-4-0001' })
    expect(replay.json()).toEqual(created)
  })

  it('needs the scope of each operation and a key of this municipality', async () => {
    const { tenant, key: readOnly } = await setUp(['procedures:read'])
    const denied = await submit(tenant, readOnly, goodBody, { 'idempotency-key': 'kiosk-5-0001' })
    expect(denied.statusCode).toBe(403)
    expect(denied.json()).toMatchObject({ code: 'AUTH.API_KEY_SCOPE_MISSING' })
    expect((await get(tenant, '/applications/AAAA-BBBB-CC', readOnly)).statusCode).toBe(403)
    expect(await applicationRows(tenant)).toEqual([])

    const { key: writeOnly } = await setUp(['applications:write'])
    expect((await get(tenant, '/procedures', writeOnly)).statusCode).toBe(401)
    const anonymous = await app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/procedures` })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="yakuba"')
  })

  it('describes the API in the OpenAPI document with its bearer security scheme and problems', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/{tenant}/procedures', '/api/v1/{tenant}/procedures/{slug}', '/api/v1/{tenant}/applications', '/api/v1/{tenant}/applications/{receiptNumber}']),
    )
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' })
    const post = doc.paths['/api/v1/{tenant}/applications'].post
    expect(post.security).toEqual([{ apiKey: ['applications:write'] }])
    expect(post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'tenant', in: 'path' }), expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true })]))
    expect(post.requestBody.content['application/json'].schema.required).toEqual(['procedure', 'answers'])
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '409', '422', '429']))
    expect(post.responses['422'].content['application/problem+json']).toBeDefined()
    const list = doc.paths['/api/v1/{tenant}/procedures'].get
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(['tenant', 'q', 'category', 'lifeEvent'])
    expect(list.responses['200'].content['application/json'].schema.properties.procedures.type).toBe('array')
  })
})
