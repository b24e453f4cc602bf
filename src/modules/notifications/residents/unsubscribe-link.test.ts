import { describe, expect, it } from 'vitest'
import { createUnsubscribeToken, readUnsubscribeToken, unsubscribeHeaders, unsubscribeUrl } from './unsubscribe-link.js'

const config = { publicUrl: 'https://city.example.jp', sessionSecret: 'unit-test-session-secret-of-32-characters' }
const resident = '0f8e3c1a-1111-4222-8333-444455556666'
const topic = '7a1b2c3d-aaaa-4bbb-8ccc-dddddddddddd'

describe('unsubscribe links', () => {
  it('builds an absolute one-click URL under the tenant that reads back to the resident and topic', () => {
    const url = unsubscribeUrl(config, 'demo', resident, topic)
    expect(url).toMatch(/^https:\/\/city\.example\.jp\/demo\/notifications\/unsubscribe\/1\./)
    const token = url.split('/').pop() ?? ''
    expect(readUnsubscribeToken(config.sessionSecret, 'demo', token)).toEqual({ residentId: resident, topicId: topic })
  })

  it('covers every topic when no topic is given', () => {
    const token = createUnsubscribeToken(config.sessionSecret, 'demo', resident, null)
    expect(readUnsubscribeToken(config.sessionSecret, 'demo', token)).toEqual({ residentId: resident, topicId: null })
  })

  it('refuses a token of another tenant, another secret, a changed resident or topic, or an unknown version', () => {
    const token = createUnsubscribeToken(config.sessionSecret, 'demo', resident, topic)
    expect(readUnsubscribeToken(config.sessionSecret, 'other-city', token)).toBeUndefined()
    expect(readUnsubscribeToken('another-secret-of-at-least-32-characters', 'demo', token)).toBeUndefined()
    expect(readUnsubscribeToken(config.sessionSecret, 'demo', token.replace(resident, '0f8e3c1a-1111-4222-8333-444455556667'))).toBeUndefined()
    expect(readUnsubscribeToken(config.sessionSecret, 'demo', token.replace(topic, 'all'))).toBeUndefined()
    expect(readUnsubscribeToken(config.sessionSecret, 'demo', `2${token.slice(1)}`)).toBeUndefined()
    expect(readUnsubscribeToken(config.sessionSecret, 'demo', 'garbage')).toBeUndefined()
    expect(readUnsubscribeToken(config.sessionSecret, 'demo', `${token}.x`)).toBeUndefined()
  })

  it('gives the RFC 8058 headers', () => {
    const headers = unsubscribeHeaders(config, 'demo', resident, topic)
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    expect(headers['List-Unsubscribe']).toBe(`<${unsubscribeUrl(config, 'demo', resident, topic)}>`)
  })
})
