import { startE2eServer, launchBrowser, newJourneyContext, checkAxe } from '../test/e2e-server.js'
const server = await startE2eServer()
const browser = await launchBrowser()
const killer = setTimeout(async () => { console.log('TIMEOUT'); await browser.close(); process.exit(1) }, 60000)
for (const js of [false, true]) {
const ctx = await newJourneyContext(browser, server.baseUrl, { javaScriptEnabled: js })
const page = await ctx.newPage()
for (const path of ['/demo', '/demo/login', '/no-such-town']) {
  await page.goto(path)
  const t = Date.now()
  try { await checkAxe(page, path); console.log('ok', js, path, Date.now() - t) } catch (e) { console.log(String(e)) }
}
await ctx.close()
}
clearTimeout(killer)
await browser.close()
await server.close()
