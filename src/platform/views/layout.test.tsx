import { describe, expect, it } from 'vitest'
import { Layout } from './layout.js'
import { registerPlatformCatalogs } from '../i18n/catalogs/index.js'
import { translator } from '../i18n/i18n.js'
import { parseTenantSettings } from '../tenancy/tenant-settings.js'
import type { PageContext } from './page-context.js'

registerPlatformCatalogs()

function context(overrides: Partial<PageContext> = {}): PageContext {
  return {
    t: translator('ja'),
    locale: 'ja',
    csrfToken: 'token',
    currentPath: '/demo',
    tenant: { id: 't', slug: 'demo', name: 'デモ市', nameEn: 'Demo City', lgCode: '139998', settings: parseTenantSettings({ emergencyBanner: '' }) },
    ...overrides,
  }
}

async function render(ctx: PageContext) {
  return String(await Promise.resolve((<Layout ctx={ctx} title="ページ"><p>本文</p></Layout>).toString()))
}

describe('layout', () => {
  it('has a skip link to main, the page language and the tenant stylesheet', async () => {
    const html = await render(context())
    expect(html).toContain('<a class="skip-link" href="#main">本文へ移動</a>')
    expect(html).toContain('<html lang="ja"')
    expect(html).toContain('<main id="main"')
    expect(html).toContain('href="/demo/branding.css"')
    expect(html).toContain('<title>ページ | デモ市</title>')
  })

  it('shows the emergency banner on every page when the tenant sets one', async () => {
    const tenant = { ...context().tenant!, settings: parseTenantSettings({ emergencyBanner: '避難指示が出ています' }) }
    const html = await render(context({ tenant }))
    expect(html).toContain('避難指示が出ています')
    expect(html).toContain('緊急のお知らせ')
    expect(await render(context())).not.toContain('緊急のお知らせ')
  })

  it('offers only the tenant’s enabled languages, marking the current one', async () => {
    const tenant = { ...context().tenant!, settings: parseTenantSettings({ languages: ['ja', 'en'] }) }
    const html = await render(context({ tenant }))
    expect(html).toContain('aria-current="true" lang="ja">日本語')
    expect(html).toContain('href="/demo/language/en?return=%2Fdemo"')
    expect(html).not.toContain('やさしい日本語')
  })

  it('shows logout as a CSRF-protected form for a logged-in resident', async () => {
    const html = await render(context({ resident: { id: 'r', displayName: '山田', assurance: 'high' } }))
    expect(html).toMatch(/<form method="post" action="\/demo\/logout"[^>]*><input type="hidden" name="_csrf" value="token"/)
  })
})
