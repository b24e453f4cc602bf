import { readFileSync } from 'node:fs'
import { startE2eServer, launchBrowser, newJourneyContext } from '../test/e2e-server.js'
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8')
const server = await startE2eServer()
for (const variant of ['small', 'axe-load', 'toggle-axe']) {
  const browser = await launchBrowser()
  browser.on('disconnected', () => console.log(variant, 'BROWSER DISCONNECTED'))
  const ctx = await newJourneyContext(browser, server.baseUrl, { javaScriptEnabled: false })
  const page = await ctx.newPage()
  await page.goto('/demo')
  const cdp = await ctx.newCDPSession(page)
  try {
    if (variant === 'toggle-axe') await cdp.send('Emulation.setScriptExecutionDisabled', { value: false })
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as any
    const w = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'x' })
    const expr = variant === 'small' ? 'var x = ' + JSON.stringify('a'.repeat(600000)) + '; x.length' : AXE + ';typeof axe'
    const r = await cdp.send('Runtime.evaluate', { expression: expr, contextId: w.executionContextId, returnByValue: true })
    console.log(variant, JSON.stringify(r).slice(0, 200))
    if (variant === 'toggle-axe') {
      const r2 = await cdp.send('Runtime.evaluate', { expression: 'axe.run(document).then(r => r.violations.length)', awaitPromise: true, contextId: w.executionContextId, returnByValue: true })
      console.log(variant, JSON.stringify(r2).slice(0, 200))
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true })
    }
  } catch (e) { console.log(variant, 'ERR', String(e).slice(0, 100)) }
  await browser.close().catch(() => {})
}
await server.close()
