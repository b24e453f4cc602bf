import { describe, expect, it } from 'vitest'
import { emptyComposeForm, parseAreaText, parseComposeForm, readComposeForm } from './compose-schemas.js'

const now = new Date('2026-04-01T03:00:00Z')

function form(body: Record<string, string | string[]>) {
  return readComposeForm({ composeToken: 'token', subjectJa: '件名', bodyJa: '本文', priority: 'normal', audienceKind: 'everyone', timing: 'now', ...body })
}

describe('the compose form', () => {
  it('reads the posted fields, a single checkbox as a list, and placeholder values by name', () => {
    const read = readComposeForm({ districtIds: 'a', 'placeholder-date': '4月1日', 'placeholder-bad name': 'x', isDigestible: 'yes' })
    expect(read.districtIds).toEqual(['a'])
    expect(read.placeholders).toEqual({ date: '4月1日' })
    expect(read.isDigestible).toBe(true)
    expect(readComposeForm(undefined)).toEqual({ ...emptyComposeForm(''), timing: 'now', audienceKind: '' })
  })

  it('needs a Japanese subject and body, and both or neither of another language', () => {
    const parsed = parseComposeForm(form({ subjectJa: ' ', bodyJa: '', subjectEn: 'Drill' }), now)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(Object.keys(parsed.errors).sort()).toEqual(['bodyEn', 'bodyJa', 'subjectJa'])
    expect(parsed.errors.subjectJa.key).toBe('compose.errors.subjectRequired')
  })

  it('ignores typed texts when a template is used', () => {
    const parsed = parseComposeForm(form({ templateId: '0b6f0c8e-9a52-4d5e-9d0e-0d6c1f0b1a2b', subjectJa: '' }), now)
    expect(parsed.ok).toBe(true)
  })

  it('never holds a critical notice for the digest', () => {
    const parsed = parseComposeForm(form({ priority: 'critical', isDigestible: 'yes' }), now)
    expect(parsed.ok && parsed.input.isDigestible).toBe(false)
    const normal = parseComposeForm(form({ isDigestible: 'yes' }), now)
    expect(normal.ok && normal.input.isDigestible).toBe(true)
  })

  it('reads the scheduled time as Japan time and refuses one in the past', () => {
    const parsed = parseComposeForm(form({ timing: 'scheduled', scheduledAt: '2026-04-01T13:00' }), now)
    expect(parsed.ok && parsed.input.scheduledAt?.toISOString()).toBe('2026-04-01T04:00:00.000Z')
    const past = parseComposeForm(form({ timing: 'scheduled', scheduledAt: '2026-04-01T11:00' }), now)
    expect(!past.ok && past.errors.scheduledAt.key).toBe('compose.errors.schedule.past')
    // a time typed while "now" is chosen is not used
    const ignored = parseComposeForm(form({ timing: 'now', scheduledAt: '2020-01-01T00:00' }), now)
    expect(ignored.ok && ignored.input.scheduledAt).toBe(null)
  })

  it('needs the choice that goes with each audience', () => {
    for (const [kind, field] of [['topic', 'topicId'], ['segment', 'segmentId'], ['districts', 'districtIds'], ['area', 'areaGeoJson']] as const) {
      const parsed = parseComposeForm(form({ audienceKind: kind }), now)
      expect(!parsed.ok && Object.keys(parsed.errors), kind).toEqual([field])
    }
    const bogus = parseComposeForm(form({ audienceKind: 'districts', districtIds: ['not-an-id'] }), now)
    expect(!bogus.ok && bogus.errors.districtIds.key).toBe('compose.errors.districtsRequired')
    const unknown = parseComposeForm(form({ audienceKind: 'mars' }), now)
    expect(!unknown.ok && unknown.errors.audienceKind.key).toBe('compose.errors.audienceRequired')
  })
})

describe('the area textarea', () => {
  const square = (x: number) => ({ type: 'Polygon', coordinates: [[[x, 35], [x + 1, 35], [x + 1, 36], [x, 36], [x, 35]]] })

  it('accepts a geometry, a Feature, or a FeatureCollection of polygons joined into one MultiPolygon', () => {
    expect(parseAreaText(JSON.stringify(square(139)))).toEqual({ value: square(139) })
    expect(parseAreaText(JSON.stringify({ type: 'Feature', properties: {}, geometry: square(139) }))).toEqual({ value: square(139) })
    const both = parseAreaText(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: square(139) }, { type: 'Feature', geometry: square(141) }] }))
    expect(both).toEqual({ value: { type: 'MultiPolygon', coordinates: [square(139).coordinates, square(141).coordinates] } })
  })

  it('says what is wrong with text that is not a polygon', () => {
    expect(parseAreaText('')).toEqual({ error: 'compose.errors.areaRequired' })
    expect(parseAreaText('{"type": "Polygon",')).toEqual({ error: 'compose.errors.areaNotJson' })
    expect(parseAreaText('{"type": "Point", "coordinates": [139, 35]}')).toEqual({ error: 'compose.errors.areaNotPolygon' })
    expect(parseAreaText(JSON.stringify({ type: 'FeatureCollection', features: [] }))).toEqual({ error: 'compose.errors.areaNotPolygon' })
  })
})
