import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, CookieJar, TEST_DB, type TestApp } from '../../../test/app.js'
import { createTestTenant } from '../../../test/factories.js'
import { withTenant } from '../db/tenant-context.js'
import { tenantOf } from '../http/pipeline.js'
import type { TenantContext } from '../tenancy/tenant-service.js'
import { createFileDeps } from './file-deps.js'
import { sendStoredFile } from './file-response.js'
import { acceptUpload, deleteOrphanFiles, deleteTenantOrphanFiles, findStoredFile, getStoredFile, inspectUpload, linkFileToOwner, storeUpload } from './file-service.js'
import { EICAR_TEST_STRING } from './malware-scanner.js'
import { readMultipartForm } from './multipart.js'
import { exifHasGps, minimalPdf, phonePhoto, solidImage } from './test-files.js'

const UPLOAD_MAX_BYTES = 512 * 1024
const FIELD_MAX_BYTES = 200 * 1024

/** A small form route as a module would write it: text fields and one file field. */
function registerTestRoutes(app: FastifyInstance, getApp: () => TestApp) {
  app.get('/:tenant/test-files/form', { config: { auth: 'public' } }, async req => ({ csrf: req.csrfToken }))
  app.post('/:tenant/test-files/upload', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { platform } = getApp()
    const form = readMultipartForm(req)
    const document = form.files.find(f => f.field === 'document')
    if (!document) return reply.status(422).send({ errors: { document: 'missing' } })
    const inspected = await inspectUpload(
      { content: document.content, declaredName: document.filename, declaredType: document.mimetype, allowedTypes: ['image/jpeg', 'image/png', 'application/pdf'], maxBytes: FIELD_MAX_BYTES, ownerType: 'test.application' },
      createFileDeps(platform.config),
    )
    if (!inspected.ok) return reply.status(422).send({ errors: { document: req.t(inspected.messageKey, inspected.params) }, reason: inspected.reason })
    const file = await withTenant(platform.database.db, tenant.id, trx => storeUpload(trx, tenant.id, inspected))
    return reply.status(201).send({ id: file.id, name: file.originalName, title: form.fields.title, files: form.files.length })
  })
  app.post('/:tenant/test-files/text', { config: { auth: 'public' } }, async req => ({ fields: readMultipartForm(req).fields }))
  app.get('/:tenant/test-files/:id', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { id } = req.params as { id: string }
    const file = await withTenant(getApp().platform.database.db, tenant.id, trx => getStoredFile(trx, tenant.id, id))
    return sendStoredFile(reply, file, { disposition: (req.query as { download?: string }).download ? 'attachment' : 'inline' })
  })
}

interface Part {
  name: string
  value: string | Buffer
  filename?: string
  type?: string
}

/** Serialises a multipart/form-data body the way a browser does (parts in the given order). */
async function multipartBody(parts: Part[]): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData()
  for (const part of parts) {
    if (typeof part.value === 'string' && part.filename === undefined) form.append(part.name, part.value)
    else form.append(part.name, new Blob([new Uint8Array(Buffer.from(part.value))], { type: part.type ?? 'application/octet-stream' }), part.filename ?? '')
  }
  const response = new Response(form)
  return { payload: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? '' }
}

describe(`uploaded files (${TEST_DB})`, () => {
  let t: TestApp
  let a: TenantContext
  let b: TenantContext
  const jar = new CookieJar()
  let csrf: string

  const countFiles = (tenant: TenantContext) =>
    withTenant(t.platform.database.db, tenant.id, async trx => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM stored_files`.execute(trx)).rows[0].n)

  async function post(tenant: TenantContext, parts: Part[], headers: Record<string, string> = {}, path = 'upload') {
    const { payload, contentType } = await multipartBody(parts)
    return t.app.inject({ method: 'POST', url: `/${tenant.slug}/test-files/${path}`, headers: { cookie: jar.header(), 'content-type': contentType, ...headers }, payload })
  }

  beforeAll(async () => {
    const ref: { current?: TestApp } = {}
    t = await createTestApp({ UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES) }, { beforeReady: app => registerTestRoutes(app, () => ref.current as TestApp) })
    ref.current = t
    a = await createTestTenant(t.platform)
    b = await createTestTenant(t.platform)
    const form = await t.app.inject({ method: 'GET', url: `/${a.slug}/test-files/form` })
    jar.store(form.headers['set-cookie'])
    csrf = (form.json() as { csrf: string }).csrf
  })
  afterAll(async () => t?.close())

  it('accepts a multipart form with a CSRF token: text fields and a photo stored without EXIF', async () => {
    const photo = await phonePhoto(60, 30)
    expect(exifHasGps((await sharp(photo).metadata()).exif)).toBe(true)
    const res = await post(a, [
      { name: '_csrf', value: csrf },
      { name: 'title', value: '転入届の添付' },
      { name: 'document', value: photo, filename: 'IMG_0001.jpg', type: 'image/jpeg' },
    ])
    expect(res.statusCode).toBe(201)
    const body = res.json() as { id: string; name: string; title: string; files: number }
    expect(body).toMatchObject({ name: 'IMG_0001.jpg', title: '転入届の添付', files: 1 })

    const stored = await withTenant(t.platform.database.db, a.id, trx => getStoredFile(trx, a.id, body.id))
    const meta = await sharp(stored.content).metadata()
    expect(meta.exif).toBeUndefined()
    expect(meta.orientation).toBeUndefined()
    expect([meta.width, meta.height]).toEqual([30, 60])
    expect(stored).toMatchObject({ mediaType: 'image/jpeg', scanResult: 'clean', sanitised: true, ownerType: 'test.application', ownerId: null, sizeBytes: stored.content.length })
  })

  it('serves a stored file sandboxed, unsniffable, uncached, with its Japanese name', async () => {
    const pdf = minimalPdf()
    const res = await post(a, [
      { name: '_csrf', value: csrf },
      { name: 'document', value: pdf, filename: '住民票 写し.pdf', type: 'application/pdf' },
    ])
    expect(res.statusCode).toBe(201)
    const { id } = res.json() as { id: string }
    const file = await t.app.inject({ method: 'GET', url: `/${a.slug}/test-files/${id}` })
    expect(file.statusCode).toBe(200)
    expect(file.rawPayload.equals(pdf)).toBe(true)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(file.headers['x-content-type-options']).toBe('nosniff')
    expect(file.headers['content-security-policy']).toBe("sandbox; default-src 'none'; img-src 'self'")
    expect(file.headers['cache-control']).toBe('private, no-store')
    expect(file.headers['content-disposition']).toBe(`inline; filename="___ __.pdf"; filename*=UTF-8''%E4%BD%8F%E6%B0%91%E7%A5%A8%20%E5%86%99%E3%81%97.pdf`)
    const download = await t.app.inject({ method: 'GET', url: `/${a.slug}/test-files/${id}?download=1` })
    expect(String(download.headers['content-disposition'])).toMatch(/^attachment; /)
  })

  it('refuses a multipart post without a CSRF token (403) and stores nothing', async () => {
    const before = await countFiles(a)
    const missing = await post(a, [{ name: 'document', value: await solidImage('png'), filename: 'a.png', type: 'image/png' }])
    expect(missing.statusCode).toBe(403)
    expect(missing.body).toContain('画面の有効期限が切れたか')
    const forged = await post(a, [
      { name: '_csrf', value: 'x'.repeat(43) },
      { name: 'document', value: await solidImage('png'), filename: 'a.png', type: 'image/png' },
    ])
    expect(forged.statusCode).toBe(403)
    // the token is checked before any file is read: it must come before the file fields
    const tokenAfterFile = await post(a, [
      { name: 'document', value: await solidImage('png'), filename: 'a.png', type: 'image/png' },
      { name: '_csrf', value: csrf },
    ])
    expect(tokenAfterFile.statusCode).toBe(403)
    const textOnly = await post(a, [{ name: 'title', value: 'x' }], {}, 'text')
    expect(textOnly.statusCode).toBe(403)
    expect(await countFiles(a)).toBe(before)
  })

  it('accepts the token in the X-CSRF-Token header instead of a field', async () => {
    const res = await post(a, [{ name: 'document', value: await solidImage('png'), filename: 'a.png', type: 'image/png' }], { 'x-csrf-token': csrf })
    expect(res.statusCode).toBe(201)
  })

  it('refuses the EICAR test file with a translated message beside the field, storing nothing', async () => {
    const before = await countFiles(a)
    const infectedPdf = minimalPdf(`% ${EICAR_TEST_STRING}`)
    const ja = await post(a, [
      { name: '_csrf', value: csrf },
      { name: 'document', value: infectedPdf, filename: 'eicar.pdf', type: 'application/pdf' },
    ])
    expect(ja.statusCode).toBe(422)
    expect(ja.json()).toEqual({ errors: { document: 'ファイルからウイルスなどの有害なプログラムが見つかったため、受け付けできません。' }, reason: 'infected' })
    const en = await post(a, [{ name: '_csrf', value: csrf }, { name: 'document', value: Buffer.from(EICAR_TEST_STRING), filename: 'eicar.com' }], { 'accept-language': 'en' })
    // plain EICAR text is not an accepted kind at all: refused before it is even scanned
    expect(en.json()).toMatchObject({ reason: 'type-not-allowed', errors: { document: 'This kind of file is not accepted. Choose a JPEG / PNG / PDF file.' } })
    expect(await countFiles(a)).toBe(before)
  })

  it('answers a file over the field limit with 422 and one over the upload limit with a translated 413, never a 5xx', async () => {
    const fieldTooLarge = await post(a, [
      { name: '_csrf', value: csrf },
      { name: 'document', value: Buffer.concat([minimalPdf(), Buffer.alloc(FIELD_MAX_BYTES)]), filename: 'big.pdf' },
    ])
    expect(fieldTooLarge.statusCode).toBe(422)
    expect(fieldTooLarge.json()).toMatchObject({ reason: 'too-large', errors: { document: 'ファイルの大きさが上限(200KB)を超えています。200KB以下のファイルを選んでください。' } })

    const partTooLarge = await post(a, [
      { name: '_csrf', value: csrf },
      { name: 'document', value: Buffer.concat([minimalPdf(), Buffer.alloc(UPLOAD_MAX_BYTES)]), filename: 'huge.pdf' },
    ])
    expect(partTooLarge.statusCode).toBe(413)
    expect(partTooLarge.body).toContain('ファイルの大きさが上限(512KB)を超えています')

    const tooMany = await post(a, [{ name: '_csrf', value: csrf }, ...Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, value: minimalPdf(), filename: `${i}.pdf` }))])
    expect(tooMany.statusCode).toBe(413)

    const truncated = await t.app.inject({
      method: 'POST',
      url: `/${a.slug}/test-files/upload`,
      headers: { cookie: jar.header(), 'content-type': 'multipart/form-data; boundary=xyz' },
      payload: '--xyz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc',
    })
    expect(truncated.statusCode).toBe(400)
    const noBoundary = await t.app.inject({ method: 'POST', url: `/${a.slug}/test-files/upload`, headers: { cookie: jar.header(), 'content-type': 'multipart/form-data' }, payload: 'x' })
    expect(noBoundary.statusCode).toBeGreaterThanOrEqual(400)
    expect(noBoundary.statusCode).toBeLessThan(500)
  })

  it('keeps urlencoded forms working as before', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/${a.slug}/test-files/text`,
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([['_csrf', csrf], ['name', '山田'], ['tag', 'a'], ['tag', 'b']]).toString(),
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ fields: { _csrf: csrf, name: '山田', tag: ['a', 'b'] } })
    const multi = await post(a, [{ name: '_csrf', value: csrf }, { name: 'name', value: '山田' }, { name: 'tag', value: 'a' }, { name: 'tag', value: 'b' }], {}, 'text')
    expect(multi.json()).toEqual({ fields: { _csrf: csrf, name: '山田', tag: ['a', 'b'] } })
  })

  it('keeps each tenant’s files to itself (row-level security)', async () => {
    const png = await solidImage('png')
    const result = await withTenant(t.platform.database.db, a.id, trx =>
      acceptUpload(trx, a.id, { content: png, declaredName: 'a.png', allowedTypes: ['image/png'], maxBytes: FIELD_MAX_BYTES, ownerType: 'test.application' }, createFileDeps(t.config)),
    )
    if (!result.ok) throw new Error(result.reason)
    const id = result.file.id
    expect(await withTenant(t.platform.database.db, b.id, trx => findStoredFile(trx, b.id, id))).toBeUndefined()
    // even asking for tenant A's id by name while bound to tenant B finds nothing
    expect(await withTenant(t.platform.database.db, b.id, trx => findStoredFile(trx, a.id, id))).toBeUndefined()
    const raw = await sql<{ n: number }>`SELECT count(*)::int AS n FROM stored_files`.execute(t.platform.database.db)
    expect(raw.rows[0].n).toBe(0)
    const viaB = await t.app.inject({ method: 'GET', url: `/${b.slug}/test-files/${id}` })
    expect(viaB.statusCode).toBe(404)
    const viaA = await t.app.inject({ method: 'GET', url: `/${a.slug}/test-files/${id}` })
    expect(viaA.statusCode).toBe(200)
    await expect(
      withTenant(t.platform.database.db, a.id, trx =>
        sql`INSERT INTO stored_files (tenant_id, owner_type, original_name, media_type, size_bytes, sha256, content, scan_result, sanitised)
            VALUES (${b.id}, 'x', 'x.pdf', 'application/pdf', 1, ${'0'.repeat(64)}, ${Buffer.from('x')}, 'clean', false)`.execute(trx),
      ),
    ).rejects.toThrow(/row-level security/)
  })

  it('links a file to its owner once, and removes files left without one after a day', async () => {
    const tenant = await createTestTenant(t.platform)
    const deps = createFileDeps(t.config)
    const upload = (name: string) =>
      withTenant(t.platform.database.db, tenant.id, async trx => {
        const result = await acceptUpload(trx, tenant.id, { content: minimalPdf(name), declaredName: `${name}.pdf`, allowedTypes: ['application/pdf'], maxBytes: FIELD_MAX_BYTES, ownerType: 'test.draft' }, deps)
        if (!result.ok) throw new Error(result.reason)
        return result.file
      })
    const kept = await upload('kept')
    const abandoned = await upload('abandoned')
    const ownerId = crypto.randomUUID()
    const linked = await withTenant(t.platform.database.db, tenant.id, trx => linkFileToOwner(trx, tenant.id, kept.id, 'test.application', ownerId))
    expect(linked).toMatchObject({ id: kept.id, ownerType: 'test.application', ownerId })
    // again to the same owner: fine; to another owner: refused
    await withTenant(t.platform.database.db, tenant.id, trx => linkFileToOwner(trx, tenant.id, kept.id, 'test.application', ownerId))
    await expect(withTenant(t.platform.database.db, tenant.id, trx => linkFileToOwner(trx, tenant.id, kept.id, 'test.application', crypto.randomUUID()))).rejects.toMatchObject({
      code: 'FILES.ALREADY_LINKED',
    })
    await expect(withTenant(t.platform.database.db, tenant.id, trx => linkFileToOwner(trx, tenant.id, crypto.randomUUID(), 'test.application', ownerId))).rejects.toMatchObject({
      code: 'FILES.NOT_FOUND',
    })

    expect(await withTenant(t.platform.database.db, tenant.id, trx => deleteTenantOrphanFiles(trx, tenant.id))).toBe(0) // too young
    const tomorrow = new Date(Date.now() + 25 * 60 * 60 * 1000)
    expect(await deleteOrphanFiles(t.platform.database.db, { now: tomorrow })).toBeGreaterThanOrEqual(1)
    const left = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('storedFiles').select('id').execute())
    expect(left.map(r => r.id)).toEqual([kept.id])
    expect(abandoned.id).not.toBe(kept.id)
  })
})
