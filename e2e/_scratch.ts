import { startE2eServer, launchBrowser, newJourneyContext, checkAxe, trackVisits, uncheckedPages } from '../test/e2e-server.js'
const t0 = Date.now()
const server = await startE2eServer()
console.log('server', Date.now() - t0, server.baseUrl)
const browser = await launchBrowser()
for (const js of [true, false]) {
  const ctx = await newJourneyContext(browser, server.baseUrl, { javaScriptEnabled: js })
  const page = trackVisits(await ctx.newPage())
  for (const path of ['/demo', '/demo/login', '/', '/no-such-town', '/demo/staff/login']) {
    await page.goto(path)
    const t = Date.now()
    try { await checkAxe(page, path) ; console.log('axe ok', js, path, Date.now() - t) } catch (e) { console.log(String(e)) }
  }
  console.log('unchecked', uncheckedPages(page))
  await ctx.close()
}
await browser.close()
await server.close()
console.log('total', Date.now() - t0)
