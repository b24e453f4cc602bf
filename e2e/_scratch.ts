import { readFileSync } from 'node:fs'
import { startE2eServer, launchBrowser, newJourneyContext } from '../test/e2e-server.js'
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8')
const server = await startE2eServer()
for (const expr of ['new Promise(r => setTimeout(() => r(1), 10))', 'Promise.resolve(5)', 'axe.run(document, {runOnly: {type: "rule", values: ["document-title"]}}).then(r => r.violations.length)', 'axe.run(document, {runOnly: {type: "rule", values: ["color-contrast"]}}).then(r => r.violations.length)']) {
  const browser = await launchBrowser()
  browser.on('disconnected', () => console.log('BROWSER DISCONNECTED'))
  const ctx = await newJourneyContext(browser, server.baseUrl, { javaScriptEnabled: false })
  const page = await ctx.newPage()
  await page.goto('/demo')
  const cdp = await ctx.newCDPSession(page)
  try {
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as any
    const w = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'x' })
    await cdp.send('Runtime.evaluate', { expression: AXE, contextId: w.executionContextId, returnByValue: true })
    const r = await cdp.send('Runtime.evaluate', { expression: expr, awaitPromise: true, contextId: w.executionContextId, returnByValue: true })
    console.log(expr.slice(0, 60), JSON.stringify(r).slice(0, 200))
  } catch (e) { console.log(expr.slice(0, 60), 'ERR', String(e).slice(0, 100)) }
  await browser.close().catch(() => {})
}
await server.close()
