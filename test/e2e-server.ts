/**
 * Support for the Chromium journeys in e2e/: a real Yakuba server on a free port (PGlite loaded
 * from the migrated template, デモ市 seeded, job workers running), Debian Chromium through
 * playwright-core, and axe-core on every page a journey visits.
 *
 * Without /usr/bin/chromium (or CHROMIUM_PATH) the journeys skip with a loud warning, unless
 * CI=true, where they fail.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { generate } from 'otplib'
import { afterAll, beforeAll, expect } from 'vitest'
import { buildApp } from '../src/app.js'
import { allJobs, backgroundLoops, demoSeeds } from '../src/jobs.js'
import { DEMO_PASSWORD, seedDemo, type DemoCredentials } from '../src/platform/cli/seed-demo.js'
import { loadConfig, type Config } from '../src/platform/config.js'
import { createPlatform, type Platform } from '../src/platform/platform.js'
import { TEMPLATE_PATH } from './global-setup.js'

/** Debian's chromium (CHROMIUM_PATH overrides it, as in scripts/test.mjs). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']

export const hasChromium = existsSync(CHROMIUM)
/** Run the journeys when Chromium is there; with CI=true run them anyway, so that its absence fails. */
export const runE2e = hasChromium || process.env.CI === 'true'

/** Call at the top of a journey file: warns loudly when the file is about to be skipped. */
export function warnWhenSkipped(what: string) {
  if (!runE2e) console.warn(`\n⚠️  ${CHROMIUM} not found: SKIPPING ${what}. Install Debian's chromium package to run them.\n`)
}

/** Fails the run when CI=true and Chromium is missing (called from beforeAll). */
export function requireChromium() {
  if (!hasChromium) throw new Error(`${CHROMIUM} is required when CI=true`)
}

export interface E2eServer {
  baseUrl: string
  platform: Platform
  app: FastifyInstance
  config: Config
  /** The seeded デモ市 staff: email, password, role and (when enrolled) the TOTP secret. */
  demo: DemoCredentials
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** A real Yakuba on 127.0.0.1 with デモ市 seeded. One per journey file. */
export async function startE2eServer(): Promise<E2eServer> {
  // The pages need public/vendor/ (design tokens, fonts), copied out of node_modules.
  const { copyAssets } = (await import(pathToFileURL(join(import.meta.dirname, '../scripts/copy-assets.mjs')).href)) as { copyAssets: () => unknown }
  copyAssets()
  const port = await freePort()
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEV_IDP: 'true',
    DEV_MAILBOX: 'true',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
  })
  const platform = await createPlatform(config, { jobs: allJobs, migrate: true, loadDataDir: new Blob([readFileSync(TEMPLATE_PATH)]) })
  let app: FastifyInstance | undefined
  try {
    const { credentials } = await platform.database.withOwner(db => seedDemo(db, config, demoSeeds))
    app = await buildApp(platform)
    await app.listen({ host: '127.0.0.1', port })
    await platform.jobs.startWorkers()
    // The delivery pump (notifications) runs as in `yakuba start`.
    const loops = backgroundLoops.map(startLoop => startLoop(platform))
    const listening = app
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      platform,
      app: listening,
      config,
      demo: credentials,
      async close() {
        for (const loop of loops) await loop.stop()
        await listening.close()
        await platform.close()
      },
    }
  } catch (error) {
    await app?.close()
    await platform.close()
    throw error
  }
}

/** One headless Chromium per journey file; each journey opens its own context. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
}

export interface JourneyContextOptions {
  javaScriptEnabled?: boolean
  width?: number
  height?: number
}

/** Contexts opened with JavaScript disabled: checkAxe checks a copy of their pages. */
const scriptless = new WeakSet<BrowserContext>()

/** A fresh browser profile (no cookies) that resolves relative URLs against the server. */
export async function newJourneyContext(browser: Browser, baseUrl: string, options: JourneyContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  })
  if (options.javaScriptEnabled === false) scriptless.add(context)
  return context
}

// ---------------------------------------------------------------------------------------------
// axe

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  helpUrl: string
  nodes: { target: unknown[]; failureSummary?: string }[]
}

const checkedUrls = new WeakMap<Page, Set<string>>()
const visitedUrls = new WeakMap<Page, Set<string>>()
const pageProblems = new WeakMap<Page, string[]>()

function withoutHash(url: string) {
  return url.split('#')[0]
}

/**
 * Records every document the page loads, so that a journey can prove it ran axe on each of them
 * (see uncheckedPages), and what went wrong on the way: script errors, CSP violations and
 * stylesheets, fonts or scripts that failed to load (see problemsOn). Call right after newPage().
 */
export function trackVisits(page: Page): Page {
  const visited = new Set<string>()
  const problems: string[] = []
  visitedUrls.set(page, visited)
  checkedUrls.set(page, new Set())
  pageProblems.set(page, problems)
  page.on('load', () => visited.add(withoutHash(page.url())))
  page.on('pageerror', error => problems.push(`script error on ${page.url()}: ${error.message}`))
  page.on('console', message => {
    // A page answered with 4xx (a form with errors, a 404 page) is reported as a failed load; that is the journey's business.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error on ${page.url()}: ${message.text()}`)
  })
  page.on('requestfailed', request => {
    // Leaving a page cancels what it was still loading (a font, say): not a failure.
    const reason = request.failure()?.errorText ?? 'failed'
    if (reason !== 'net::ERR_ABORTED') problems.push(`${reason}: ${request.method()} ${request.url()}`)
  })
  page.on('response', response => {
    const request = response.request()
    if (response.status() >= 400 && request.resourceType() !== 'document' && request.resourceType() !== 'fetch') problems.push(`${response.status()} ${request.method()} ${response.url()}`)
  })
  return page
}

/** Script errors, CSP violations and failed subresources seen on this Page (should be []). */
export function problemsOn(page: Page): string[] {
  return [...(pageProblems.get(page) ?? [])]
}

/** Every address (without #fragment) this Page loaded a document from. */
export function visitedPages(page: Page): string[] {
  return [...(visitedUrls.get(page) ?? [])]
}

/** Pages this Page loaded that checkAxe never looked at (should be []). */
export function uncheckedPages(page: Page): string[] {
  const checked = checkedUrls.get(page) ?? new Set()
  return [...(visitedUrls.get(page) ?? [])].filter(url => !checked.has(url))
}

interface AxeCopy {
  page: Page
  url: string
  html: string
}
const axeHelpers = new WeakMap<Browser, Promise<AxeCopy>>()

/** Runs axe in an isolated world of a JavaScript-enabled page; returns the violations. */
async function runAxe(page: Page, label: string): Promise<AxeViolation[]> {
  const cdp = await page.context().newCDPSession(page)
  try {
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } }
    const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'yakuba-axe' })
    const evaluate = async (expression: string) => {
      const result = (await cdp.send('Runtime.evaluate', { expression, contextId: executionContextId, awaitPromise: true, returnByValue: true })) as {
        result: { value?: unknown }
        exceptionDetails?: { text: string; exception?: { description?: string } }
      }
      if (result.exceptionDetails) throw new Error(`axe could not run on "${label}": ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`)
      return result.result.value
    }
    await evaluate(AXE_SOURCE)
    const options = JSON.stringify({ runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] })
    return (await evaluate(
      `axe.run(document, ${options}).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map(n => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
    )) as AxeViolation[]
  } finally {
    await cdp.detach().catch(() => undefined)
  }
}

/**
 * A page of a JavaScript-disabled context cannot run axe: page.evaluate never returns there, and
 * axe.run in an isolated world never settles or brings the browser down. Its DOM is copied into a JavaScript-enabled page
 * at the same URL, with the same viewport and stylesheets but without enhance.js, and checked there.
 */
async function runAxeOnCopy(page: Page, label: string): Promise<AxeViolation[]> {
  const browser = page.context().browser()
  if (!browser) throw new Error('checkAxe: the page has no browser')
  let helper = axeHelpers.get(browser)
  if (!helper) {
    helper = (async () => {
      const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' })
      const copy = await context.newPage()
      const state: AxeCopy = { page: copy, url: '', html: '' }
      await copy.route('**/*', route => {
        const requested = route.request().url()
        if (requested === state.url) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: state.html })
        if (requested.endsWith('/static/enhance.js')) return route.fulfill({ status: 200, contentType: 'text/javascript', body: '' })
        return route.continue()
      })
      return state
    })()
    axeHelpers.set(browser, helper)
  }
  const state = await helper
  state.url = withoutHash(page.url())
  state.html = await page.content()
  await state.page.setViewportSize(page.viewportSize() ?? { width: 1280, height: 900 })
  await state.page.goto(state.url, { waitUntil: 'load' })
  return runAxe(state.page, label)
}

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it is now and throws with a
 * readable list of violations. axe runs in an isolated world created through the DevTools
 * protocol (as a browser extension would), not as a <script> in the page: Yakuba's CSP
 * (script-src 'self') blocks inline scripts, so page.addScriptTag cannot add it.
 */
export async function checkAxe(page: Page, label: string): Promise<void> {
  await page.waitForLoadState('load')
  const violations = scriptless.has(page.context()) ? await runAxeOnCopy(page, label) : await runAxe(page, label)
  checkedUrls.get(page)?.add(withoutHash(page.url()))
  if (violations.length === 0) return
  const lines = violations.flatMap(v => [
    `  ${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.helpUrl}`,
    ...v.nodes.map(n => `      ${n.target.map(String).join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`),
  ])
  throw new Error(`axe found ${violations.length} violation(s) on "${label}" (${page.url()}):\n${lines.join('\n')}`)
}

// ---------------------------------------------------------------------------------------------
// small journey helpers

/** Whether the element the locator points at has the keyboard focus (JavaScript-enabled pages). */
export async function isFocused(locator: ReturnType<Page['locator']>): Promise<boolean> {
  return locator.evaluate(element => element === document.activeElement)
}

/** A short description of the focused element, for assertion messages (JavaScript-enabled pages). */
export function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el) return '(nothing)'
    const name = el.getAttribute('aria-label') ?? (el as HTMLElement).innerText?.trim().slice(0, 40) ?? ''
    return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> ${name}`
  })
}

/**
 * TOTP codes for staff logins. The server accepts a code once per 30-second step (±1 step), so a
 * second login by the same person within one step uses the next step's code rather than waiting.
 */
export function totpCodes() {
  const lastStep = new Map<string, number>()
  return async function nextCode(secret: string): Promise<string> {
    for (;;) {
      const now = Math.floor(Date.now() / 1000)
      const current = Math.floor(now / 30)
      const step = Math.max(current, (lastStep.get(secret) ?? -1) + 1)
      if (step <= current + 1) {
        lastStep.set(secret, step)
        return generate({ secret, epoch: step * 30 + 1 })
      }
      await new Promise(resolve => setTimeout(resolve, (step - 1) * 30_000 - now * 1000 + 500))
    }
  }
}

/** Password + TOTP as a seeded デモ市 staff member, ending on the console home; axe on each page. */
export async function logInDemoStaff(page: Page, demo: DemoCredentials, email: string, nextCode: (secret: string) => Promise<string>): Promise<void> {
  const staff = demo.staff.find(s => s.email === email)
  if (!staff?.totpSecret) throw new Error(`the demo seed has no enrolled ${email}`)
  await page.goto('/demo/staff/login')
  await checkAxe(page, 'staff login')
  await page.getByLabel('メールアドレス', { exact: true }).fill(email)
  await page.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'ログイン', exact: true }).click()
  await page.waitForURL(/\/demo\/staff\/mfa$/)
  await checkAxe(page, 'staff MFA')
  await page.getByLabel('確認コード').fill(await nextCode(staff.totpSecret))
  await page.getByRole('button', { name: '確認する' }).click()
  await page.waitForURL(/\/demo\/staff$/)
  await checkAxe(page, 'console home')
}

/** A fresh browser context and page for one journey, with every visit tracked for axe. */
export async function openJourneyPage(browser: Browser, baseUrl: string, options: JourneyContextOptions = {}): Promise<Page> {
  const context = await newJourneyContext(browser, baseUrl, options)
  return trackVisits(await context.newPage())
}

/** Ends a journey: it loaded pages, axe checked every one, and nothing failed on the way. */
export async function finishJourney(page: Page): Promise<void> {
  expect(visitedPages(page).length).toBeGreaterThan(0)
  expect(uncheckedPages(page)).toEqual([])
  expect(problemsOn(page)).toEqual([])
  await page.context().close()
}

export interface JourneySetup {
  readonly server: E2eServer
  readonly browser: Browser
  /** A fresh context and page for one journey (every visit is tracked for axe). */
  openPage(options?: JourneyContextOptions): Promise<Page>
}

/**
 * Call inside a `describe`: starts one server and one browser for the file (beforeAll) and
 * closes them (afterAll). Fails when Chromium is missing under CI=true.
 */
export function setUpJourneys(): JourneySetup {
  let server: E2eServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    requireChromium()
    ;[server, browser] = await Promise.all([startE2eServer(), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })
  const started = () => {
    if (!server || !browser) throw new Error('journeys are not set up yet (use inside tests)')
    return { server, browser }
  }
  return {
    get server() {
      return started().server
    },
    get browser() {
      return started().browser
    },
    openPage: options => openJourneyPage(started().browser, started().server.baseUrl, options),
  }
}
