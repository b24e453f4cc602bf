import { describe, expect, it } from 'vitest'

import { escapeHtml, renderCardChoicePage } from './dev-idp-pages.js'
import { testCards, type TestCard } from './test-cards.js'

describe('dev IdP pages', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  })

  it('escapes every interpolated value in the card page', () => {
    const hostile: TestCard = {
      ...testCards[0],
      id: '"><script>alert(1)</script>',
      label: '<img src=x onerror=alert(1)>',
      basicFourInfo: { ...testCards[0].basicFourInfo, address: '</label><script>', birthdate: '"x' },
    }

    const html = renderCardChoicePage({
      loginAction: '/dev-idp/interaction/a"b/login',
      abortAction: '/dev-idp/interaction/a"b/abort',
      clientName: '<b>client</b>',
      cards: [hostile],
      error: '<i>error</i>',
    })

    expect(html).not.toMatch(/<script|<img|<b>|<i>|a"b/)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('ties the error to the radios and links the summary to the first one', () => {
    const html = renderCardChoicePage({
      loginAction: '/l',
      abortAction: '/a',
      clientName: 'c',
      cards: testCards,
      error: 'テストカードを選んでください。',
    })

    expect(html).toContain('<a href="#card-0">')
    expect(html).toContain('id="card-error"')
    expect(html.match(/aria-describedby="card-error"/g)).toHaveLength(testCards.length)
  })
})
