import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'

const ROUTE = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '避難経路' }, geometry: { type: 'LineString', coordinates: [[139.77, 35.68], [139.76, 35.685]] } }] })

function multipart(fields: Record<string, string>, file?: string): string {
  const parts = Object.entries(fields).map(([name, value]) => `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
  if (file !== undefined) parts.push(`--b\r\nContent-Disposition: form-data; name="file"; filename="layer.geojson"\r\nContent-Type: application/geo+json\r\n\r\n${file}\r\n`)
  return `${parts.join('')}--b--\r\n`
}

describe(`hazard map layers (${TEST_DB})`, () => {
  let t: TestApp
  let tenant: TenantContext
  let other: TenantContext
  beforeAll(async () => {
    t = await createTestApp()
    tenant = await createTestTenant(t.platform)
    other = await createTestTenant(t.platform)
    await t.platform.database.withOwner(db => sql`UPDATE tenants SET settings = jsonb_set(settings, '{features}', '["disaster"]'::jsonb)`.execute(db))
  })
  afterAll(async () => t?.close())

  async function staffOf(target: TenantContext) {
    const jar = await loginStaff(t, target, await createTestStaff(t.platform, target, 'clerk'))
    const base = `/${target.slug}/staff/disaster/hazard-maps`
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } })
    const csrf = async () => {
      const page = await get(base)
      jar.store(page.headers['set-cookie'])
      return csrfFrom(page.body)
    }
    return {
      base,
      get,
      upload: async (fields: Record<string, string>, file?: string) => t.app.inject({ method: 'POST', url: base, headers: { cookie: jar.header(), 'content-type': 'multipart/form-data; boundary=b' }, payload: multipart({ _csrf: await csrf(), ...fields }, file) }),
      post: async (url: string) => t.app.inject({ method: 'POST', url, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: await csrf() }).toString() }),
    }
  }

  const fields = { kind: 'evacuation-route', nameJa: '避難経路A', nameEasy: 'にげる みち', nameEn: 'Route A', descriptionJa: '駅から学校までの経路', colour: 'green' }

  it('uploads a layer, publishes it, serves it to the public map with its text alternative, then unpublishes and deletes it', async () => {
    const staff = await staffOf(tenant)
    const created = await staff.upload(fields, ROUTE)
    expect(created.statusCode).toBe(303)
    const list = await staff.get(staff.base)
    expect(list.body).toContain('避難経路A')
    expect(list.body).toContain('非公開')
    const id = /\/hazard-maps\/([0-9a-f-]{36})\/publish/.exec(list.body)?.[1] ?? ''
    expect((await t.app.inject({ method: 'GET', url: `/${tenant.slug}/hazard-maps/${id}.geojson` })).statusCode).toBe(404)
    expect((await staff.post(`${staff.base}/${id}/publish`)).statusCode).toBe(303)
    const layers = (await t.app.inject({ method: 'GET', url: `/${tenant.slug}/hazard-maps.json` })).json().layers
    expect(layers).toEqual([expect.objectContaining({ id, kind: 'evacuation-route', featureCount: 1, colour: '#1d7a3a', names: { ja: '避難経路A', 'ja-easy': 'にげる みち', en: 'Route A' } })])
    const geo = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/hazard-maps/${id}.geojson` })
    expect(geo.headers['content-type']).toContain('application/geo+json')
    expect(geo.json().features[0].geometry.type).toBe('LineString')
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters` })
    expect(page.body).toContain('駅から学校までの経路')
    expect((await t.app.inject({ method: 'GET', url: `/${other.slug}/hazard-maps/${id}.geojson` })).statusCode).toBe(404)
    expect((await staff.post(`${staff.base}/${id}/unpublish`)).statusCode).toBe(303)
    expect((await t.app.inject({ method: 'GET', url: `/${tenant.slug}/hazard-maps.json` })).json().layers).toEqual([])
    expect((await staff.post(`${staff.base}/${id}/delete`)).statusCode).toBe(303)
    expect((await staff.post(`${staff.base}/${id}/delete`)).statusCode).toBe(404)
  })

  it('refuses invalid GeoJSON and missing texts with 422 and the reasons, storing nothing', async () => {
    const staff = await staffOf(tenant)
    const swapped = await staff.upload(fields, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [35.68, 139.77] } }] }))
    expect(swapped.statusCode).toBe(422)
    expect(swapped.body).toContain('緯度・経度の順になっているようです')
    const open = await staff.upload(fields, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[139.7, 35.6], [139.71, 35.6], [139.71, 35.61], [139.7, 35.62]]] } }] }))
    expect(open.body).toContain('面の輪郭が閉じていません')
    const noText = await staff.upload({ ...fields, descriptionJa: '', colour: 'pink' }, ROUTE)
    expect(noText.statusCode).toBe(422)
    expect(noText.body).toContain('日本語の説明を入力してください')
    expect(noText.body).toContain('凡例の色を選んでください')
    expect((await staff.upload(fields, 'not json')).body).toContain('JSONとして読めません')
    expect((await staff.get(staff.base)).body).toContain('レイヤーはまだありません')
  })
})
