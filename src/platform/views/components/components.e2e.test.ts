/**
 * The component gallery in Debian Chromium with the real stylesheets, the real enhance.js and the
 * production CSP: axe finds no violations, nothing is blocked by the CSP, the page reflows at
 * 320 px, and the progressive enhancements work (and are absent without JavaScript).
 * Without /usr/bin/chromium this file skips with a warning, unless CI=true, where it fails.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { extname, join, normalize } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderComponentGallery } from './component-gallery.js'
import { securityHeaders } from '../../http/security-headers.js'
import { CHROMIUM, CHROMIUM_ARGS, requireChromium, runE2e, warnWhenSkipped } from '../../../../test/e2e-server.js'

// the CSP the app really sends
const CSP = securityHeaders({ https: false, extraFormActions: [] })['content-security-policy']
const projectRoot = join(import.meta.dirname, '../../../..')
const publicDir = join(projectRoot, 'public')
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

warnWhenSkipped('the component accessibility (axe) tests')

const CONTENT_TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8' }

/** Serves the gallery pages, public/ at /static/, axe, and a fake postal-code API, all under the CSP. */
function startServer(): Promise<Server> {
  const server = createServer((request, response) => {
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'max-age=600' })
      response.end(body)
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    if (path === '/' || path === '/staff') return send(200, 'text/html; charset=utf-8', renderComponentGallery(path === '/' ? 'portal' : 'staff'))
    if (path === '/__axe.js') return void readFile(axePath).then(body => send(200, CONTENT_TYPES['.js'], body))
    if (path.startsWith('/demo/api/v1/postal-codes/')) {
      const addresses: Record<string, { prefecture: string; city: string; town: string }> = {
        '1000001': { prefecture: '東京都', city: '千代田区', town: '千代田' },
        '5300001': { prefecture: '大阪府', city: '大阪市北区', town: '梅田' },
      }
      const found = addresses[path.split('/').pop() ?? '']
      return send(found ? 200 : 404, 'application/json', JSON.stringify({ addresses: found ? [found] : [] }))
    }
    const file = normalize(join(publicDir, path.replace(/^\/static\//, '')))
    if (path.startsWith('/static/') && file.startsWith(publicDir)) {
      return void readFile(file).then(
        body => send(200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body),
        () => send(404, 'text/plain', 'not found'),
      )
    }
    send(404, 'text/plain', 'not found')
  })
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)))
}

interface AxeViolation {
  id: string
  impact: string
  help: string
  nodes: { target: string[] }[]
}

describe.skipIf(!runE2e)('components in Chromium', () => {
  let server: Server
  let browser: Browser
  let context: BrowserContext
  let origin: string

  beforeAll(async () => {
    requireChromium()
    const { copyAssets } = (await import(pathToFileURL(join(projectRoot, 'scripts/copy-assets.mjs')).href)) as { copyAssets: () => unknown }
    copyAssets()
    server = await startServer()
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
    // One context for the JavaScript-enabled tests keeps the run short; each test opens its own page.
    context = await browser.newContext({ locale: 'ja-JP' })
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise(resolve => (server ? server.close(resolve) : resolve(undefined)))
  })

  /** Opens a page and records CSP violations, script errors and failed requests. */
  async function open(path: string, width: number, inContext: BrowserContext = context) {
    const page = await inContext.newPage()
    await page.setViewportSize({ width, height: 900 })
    const problems: string[] = []
    page.on('console', message => {
      // Failed loads are reported (with their URL) by the response listener below.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text())
    })
    page.on('pageerror', error => problems.push(error.message))
    page.on('response', response => {
      // 404 from the postal API is an answer ("no such code"); a missing page, stylesheet or font is a problem.
      const url = new URL(response.url())
      if (response.status() >= 400 && url.pathname !== '/favicon.ico' && !url.pathname.includes('/api/')) problems.push(`${response.status()} ${url.pathname}`)
    })
    await page.goto(origin + path, { waitUntil: 'load' })
    return { page, problems }
  }

  async function axeViolations(page: Page): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ url: '/__axe.js' }) // same origin: the CSP allows it
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (options: object) => Promise<{ violations: AxeViolation[] }> } }).axe
      return (await axe.run({ resultTypes: ['violations'] })).violations
    })
    return violations.map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
  }

  describe('the resident gallery (one page, checked in this order)', () => {
    let page: Page
    let problems: string[]

    beforeAll(async () => {
      ;({ page, problems } = await open('/', 1280))
      await page.evaluate(() => document.fonts.ready.then(() => undefined))
    })

    it('focuses the error summary on load, is axe-clean, and nothing is blocked by the CSP', async () => {
      await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('error-summary')
      expect(await axeViolations(page)).toEqual([])
      expect(problems).toEqual([])
      expect(await page.evaluate(() => [...document.fonts].some(f => f.family.includes('Noto Sans JP') && f.status === 'loaded'))).toBe(true)
    })

    it('leads from an error summary link to its field, and shows a 4 px focus ring', async () => {
      await page.getByRole('link', { name: '世帯の種類を選んでください' }).click()
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('householdType')
      await page.keyboard.press('Tab')
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement as Element)
        return `${style.outlineStyle} ${style.outlineWidth}`
      })
      expect(ring).toBe('solid 4px')
    })

    it('fills the address from a postal code typed with full-width digits and announces it', async () => {
      await page.getByLabel('郵便番号').fill('１００－０００１')
      await expect.poll(() => page.getByLabel('市区町村').inputValue()).toBe('千代田区')
      expect(await page.getByLabel('都道府県').inputValue()).toBe('東京都')
      expect(await page.getByLabel('町名・番地').inputValue()).toBe('千代田')
      expect(await page.locator('#postal-status').textContent()).toBe('住所を入力しました: 東京都千代田区千代田')
      // A field the resident changed is left alone; fields still holding our values are updated.
      await page.getByLabel('町名・番地').fill('一番町1-1')
      await page.getByLabel('郵便番号').fill('530-0001')
      await expect.poll(() => page.getByLabel('市区町村').inputValue()).toBe('大阪市北区')
      expect(await page.getByLabel('町名・番地').inputValue()).toBe('一番町1-1')
      await page.getByLabel('郵便番号').fill('9999999')
      await expect.poll(() => page.locator('#postal-status').textContent()).toContain('見つかりませんでした')
    })

    it('asks for confirmation before a data-confirm form is submitted', async () => {
      const messages: string[] = []
      page.once('dialog', dialog => {
        messages.push(dialog.message())
        void dialog.dismiss()
      })
      const before = page.url()
      await page.getByRole('button', { name: '申請を取り下げる' }).click()
      expect(messages).toEqual(['申請を取り下げますか？'])
      expect(page.url()).toBe(before) // dismissed: the form was not submitted
    })

    it('reflows to a 320 px phone (or 400 % zoom) without sideways scrolling and stays axe-clean', async () => {
      await page.setViewportSize({ width: 320, height: 640 })
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
      expect(await axeViolations(page)).toEqual([])
      expect(problems).toEqual([])
    })
  })

  it('lays out the staff console axe-clean, side navigation beside the content, stacked on a phone', async () => {
    const { page, problems } = await open('/staff', 1280)
    expect(await axeViolations(page)).toEqual([])
    expect(problems).toEqual([])
    const navBox = await page.getByRole('navigation', { name: '職員メニュー' }).boundingBox()
    const headingBox = await page.getByRole('heading', { level: 1 }).boundingBox()
    expect(navBox && headingBox && navBox.x + navBox.width < headingBox.x).toBe(true)
    await page.setViewportSize({ width: 390, height: 800 })
    const stackedNav = await page.getByRole('navigation', { name: '職員メニュー' }).boundingBox()
    const stackedHeading = await page.getByRole('heading', { level: 1 }).boundingBox()
    expect(stackedNav && stackedHeading && stackedNav.y + stackedNav.height < stackedHeading.y).toBe(true)
    await page.close()
  })

  it('works without JavaScript: the lookup button posts the form and the copy button stays hidden', async () => {
    const noScript = await browser.newContext({ locale: 'ja-JP', javaScriptEnabled: false })
    const { page } = await open('/', 390, noScript)
    expect(await page.getByRole('button', { name: '受付番号をコピー' }).count()).toBe(0)
    const lookup = page.getByRole('button', { name: '住所を検索' })
    expect(await lookup.getAttribute('type')).toBe('submit')
    expect(await lookup.isVisible()).toBe(true)
    await noScript.close()
  })
})
