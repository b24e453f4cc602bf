import { startE2eServer, launchBrowser, newJourneyContext, checkAxe, trackVisits, uncheckedPages } from '../test/e2e-server.js'
const t0 = Date.now()
const server = await startE2eServer()
console.log('server', Date.now() - t0, server.baseUrl)
const browser = await launchBrowser()
for (const js of [true, false]) {
  const ctx = await newJourneyContext(browser, server.baseUrl, { javaScriptEnabled: js })
  const page = trackVisits(await ctx.newPage())
  await page.goto('/demo')
  try { await checkAxe(page, 'home') ; console.log('axe ok', js) } catch (e) { console.log(String(e)) }
  await page.goto('/demo/login')
  console.log('unchecked', uncheckedPages(page))
  try { await page.addScriptTag({ content: 'window.__x = 1' }); console.log('addScriptTag', await page.evaluate(() => (window as any).__x)) } catch (e) { console.log('addScriptTag err', String(e).slice(0, 200)) }
  await ctx.close()
}
await browser.close()
await server.close()
console.log('total', Date.now() - t0)
