import { describe, expect, it } from 'vitest'
import { checkStatusCallbackUrl, CreateNoticeSchema, hashRequestBody, requestIssues } from './notices-api-schemas.js'

const resident = { residentId: '6f1c2b1e-8a51-4c8e-9d55-0b1f3f0c9a11' }
const content = { ja: { subject: '件名', body: '本文' } }

describe('the notices API request', () => {
  it('takes a template or texts, for a resident or an audience', () => {
    expect(CreateNoticeSchema.safeParse({ template: { key: 'bousai-kunren', version: 2 }, personalisation: { date: '4月12日', count: 3 }, recipient: resident }).data).toMatchObject({ personalisation: { date: '4月12日', count: '3' } })
    expect(CreateNoticeSchema.safeParse({ content, audience: { everyone: true } }).success).toBe(true)
    expect(CreateNoticeSchema.safeParse({ content, audience: { districts: ['chuo', 'kita'] }, priority: 'critical', linkUrl: '/demo/bousai' }).success).toBe(true)
  })

  it('refuses both or neither of template and content, and of recipient and audience', () => {
    const codes = (body: unknown) => {
      const parsed = CreateNoticeSchema.safeParse(body)
      return parsed.success ? [] : requestIssues(parsed.error).map(issue => `${issue.path}:${issue.code}`)
    }
    expect(codes({ recipient: resident })).toEqual(['template:template_or_content'])
    expect(codes({ content, template: { key: 'x' }, recipient: resident, audience: { everyone: true } })).toEqual(['template:template_or_content', 'recipient:recipient_or_audience'])
    expect(codes({ content, audience: { everyone: false } })).toEqual(['audience:invalid_union'])
    expect(codes({ content, recipient: resident, extra: 1 })).toEqual(['(body):unrecognized_keys'])
    expect(codes({ content, recipient: resident, personalisation: { 'bad name': 'x' } })).toContain('personalisation.bad name:invalid_key')
    expect(codes({ content, recipient: resident, linkUrl: '//evil.example/' })).toEqual(['linkUrl:link'])
    expect(codes({ content, recipient: resident, linkUrl: 'http://example.jp/' })).toEqual(['linkUrl:link'])
  })

  it('hashes the same request the same whatever the key order', () => {
    expect(hashRequestBody({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(hashRequestBody({ b: { d: 'x', c: [1, 2] }, a: 1 }))
    expect(hashRequestBody({ a: 1 })).not.toBe(hashRequestBody({ a: 2 }))
  })
})

describe('status callback addresses', () => {
  it('takes https, and http to this machine only outside production', () => {
    expect(checkStatusCallbackUrl('https://hooks.example.jp/yakuba', true)).toBe('ok')
    expect(checkStatusCallbackUrl('http://127.0.0.1:8080/hook', false)).toBe('ok')
    expect(checkStatusCallbackUrl('http://localhost/hook', false)).toBe('ok')
    expect(checkStatusCallbackUrl('http://localhost/hook', true)).toBe('scheme')
    expect(checkStatusCallbackUrl('http://hooks.example.jp/', false)).toBe('scheme')
    expect(checkStatusCallbackUrl('ftp://hooks.example.jp/', false)).toBe('scheme')
  })

  it('refuses private addresses in production, credentials in the URL, and what is not a URL', () => {
    for (const host of ['10.1.2.3', '192.168.0.1', '172.20.0.1', '169.254.169.254', '127.0.0.1', 'localhost', '[::1]']) expect(checkStatusCallbackUrl(`https://${host}/hook`, true)).toBe('host')
    expect(checkStatusCallbackUrl('https://10.1.2.3/hook', false)).toBe('ok')
    expect(checkStatusCallbackUrl('https://user:pass@hooks.example.jp/', true)).toBe('malformed')
    expect(checkStatusCallbackUrl('not a url', true)).toBe('malformed')
  })
})
