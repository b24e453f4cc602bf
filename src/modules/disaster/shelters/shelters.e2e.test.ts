/**
 * Shelters in Debian Chromium against a real Yakuba with デモ市 seeded: the public map page shows
 * 丸の内中学校's occupancy in the table and on its marker; a clerk opens the shelter's check-in
 * page, types a resident's pass code (as read from their My page QR code, in groups and lower
 * case) for a household of three; the public page then shows the new occupancy in the list and in
 * the marker's label and popup. axe runs on every page loaded; driven by accessible names.
 */
import type { Page } from 'playwright-core'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { checkAxe, finishJourney, logInDemoStaff, runE2e, setUpJourneys, totpCodes, warnWhenSkipped } from '../../../../test/e2e-server.js'
import { groupedPass, shelterPassKey, signShelterPass } from './shelter-pass.js'

warnWhenSkipped('the shelter check-in journey in Chromium (src/modules/disaster/shelters/shelters.e2e.test.ts)')

const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

describe.skipIf(!runE2e)('shelters in Chromium', () => {
  const journeys = setUpJourneys()
  const nextCode = totpCodes()

  const logIn = (page: Page, email: string) => logInDemoStaff(page, journeys.server.demo, email, nextCode)

  const row = (page: Page) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '丸の内中学校' }) })

  /** The marker of 丸の内中学校 once the map script has drawn it; its label and popup carry the count. */
  async function markerText(page: Page): Promise<{ label: string; popup: string }> {
    await page.locator('[data-shelter-map][data-ready="true"]').waitFor()
    const marker = page.getByRole('button', { name: /丸の内中学校 — / })
    const label = (await marker.getAttribute('aria-label')) ?? ''
    await marker.click()
    const popup = page.locator('.leaflet-popup-content')
    await popup.waitFor()
    return { label, popup: (await popup.textContent()) ?? '' }
  }

  it('checks a resident in by their pass and the public map shows the new occupancy', async () => {
    const { server } = journeys
    const tenant = await server.platform.tenants.findTenantBySlug('demo')
    if (!tenant) throw new Error('no デモ市')
    const resident = await withTenant(server.platform.database.db, tenant.id, trx => trx.selectFrom('residents').select('id').where('tenantId', '=', tenant.id).orderBy('createdAt').executeTakeFirstOrThrow())
    const pass = signShelterPass(shelterPassKey(server.config.sessionSecret), tenant.id, resident.id)

    const page = await journeys.openPage()
    await page.route('https://cyberjapandata.gsi.go.jp/**', route => route.fulfill({ status: 200, contentType: 'image/png', body: TILE }))

    await page.goto('/demo/shelters')
    await checkAxe(page, 'public shelter map')
    expect(await row(page).getByText('35人 / 定員350人(10%)').count()).toBe(1)
    const before = await markerText(page)
    expect(before.label).toContain('35人 / 定員350人')
    expect(before.popup).toContain('35人 / 定員350人')

    await logIn(page, 'clerk@demo.yakuba.localhost')
    await page.goto('/demo/staff/disaster/shelters')
    await checkAxe(page, 'staff shelter list')
    await page.getByRole('link', { name: '丸の内中学校' }).click()
    await page.waitForURL(/\/staff\/disaster\/shelters\/[0-9a-f-]{36}$/)
    await checkAxe(page, 'shelter status page')
    await page.getByRole('link', { name: '避難者の受付' }).click()
    await page.waitForURL(/\/check-in$/)
    await checkAxe(page, 'check-in page')

    const passForm = page.getByRole('form', { name: 'QRコードで受付' })
    await passForm.getByLabel('受付コード').fill(groupedPass(pass).toLowerCase())
    await passForm.getByLabel('世帯の人数').fill('3')
    await passForm.getByRole('button', { name: '受付する' }).click()
    await page.waitForURL(/\/check-in\?done=checkedIn/)
    expect(await page.getByText(/さん\(3人\)を受け付けました。/).count()).toBe(1)
    await checkAxe(page, 'check-in done')

    // the other staff pages of the area pass axe too
    await page.goto('/demo/staff/disaster/shelters/import')
    await checkAxe(page, 'shelter CSV import')
    await page.goto('/demo/staff/disaster/shelters/new')
    await checkAxe(page, 'add a shelter')
    await page.goto('/demo/staff/disaster/hazard-maps')
    await checkAxe(page, 'hazard map layers')
    expect(await page.getByRole('rowheader', { name: '洪水浸水想定区域(日本橋川)' }).count()).toBe(1)
    await page.goto('/demo/staff/disaster/hazard-maps/new')
    await checkAxe(page, 'hazard layer upload')

    await page.goto('/demo/shelters')
    await checkAxe(page, 'public shelter map after the check-in')
    expect(await row(page).getByText('38人 / 定員350人(11%)').count()).toBe(1)
    const after = await markerText(page)
    expect(after.label).toContain('38人 / 定員350人')
    expect(after.popup).toContain('38人 / 定員350人')

    await finishJourney(page)
  })

  it('reads a pass with the camera (public/qr-scanner.js) and checks the resident in', async () => {
    const { server } = journeys
    const tenant = await server.platform.tenants.findTenantBySlug('demo')
    if (!tenant) throw new Error('no デモ市')
    // a resident who is not checked in anywhere (the demo and the journey above check some in)
    const resident = await withTenant(server.platform.database.db, tenant.id, trx =>
      trx
        .selectFrom('residents')
        .select('id')
        .where('tenantId', '=', tenant.id)
        .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM shelter_check_ins c WHERE c.tenant_id = residents.tenant_id AND c.resident_id = residents.id AND c.checked_out_at IS NULL)`)
        .orderBy('createdAt')
        .limit(1)
        .executeTakeFirstOrThrow(),
    )
    const pass = signShelterPass(shelterPassKey(server.config.sessionSecret), tenant.id, resident.id)

    const page = await journeys.openPage()
    // Headless Chromium has no camera and no BarcodeDetector: stand-ins that "see" the pass.
    await page.addInitScript(value => {
      class FakeBarcodeDetector {
        static getSupportedFormats() {
          return Promise.resolve(['qr_code'])
        }
        detect() {
          return Promise.resolve([{ rawValue: value }])
        }
      }
      Object.defineProperty(window, 'BarcodeDetector', { value: FakeBarcodeDetector })
      const canvas = document.createElement('canvas')
      canvas.getContext('2d')?.fillRect(0, 0, 10, 10)
      Object.defineProperty(navigator.mediaDevices, 'getUserMedia', { value: () => Promise.resolve(canvas.captureStream()) })
    }, pass)
    await logIn(page, 'clerk@demo.yakuba.localhost')
    await page.goto('/demo/staff/disaster/shelters')
    await checkAxe(page, 'staff shelter list (camera)')
    await page.getByRole('link', { name: '丸の内中学校' }).click()
    await page.waitForURL(/\/staff\/disaster\/shelters\/[0-9a-f-]{36}$/)
    await checkAxe(page, 'shelter status page (camera)')
    await page.getByRole('link', { name: '避難者の受付' }).click()
    await page.waitForURL(/\/check-in$/)
    await checkAxe(page, 'check-in page with the camera button')
    await page.getByRole('button', { name: 'カメラで読み取る' }).click()
    await page.waitForURL(/\/check-in\?done=checkedIn/)
    expect(await page.getByRole('main').textContent()).toMatch(/さん\(1人\)を受け付けました。/)
    await checkAxe(page, 'check-in done (camera)')
    await finishJourney(page)
  })
})
