import { describe, expect, it } from 'vitest'
import { isAppError } from '../../../platform/errors.js'
import type { Audience } from '../notification-tables.js'
import { audienceResidentsSql } from './audience-residents.js'
import { circleRing, MARUNOUCHI_1, NIHONBASHI_BOW_TIE } from './testdata/districts.js'

const TENANT = '3f0c1d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f'

function errorOf(audience: Audience): unknown {
  try {
    audienceResidentsSql(TENANT, audience)
  } catch (error) {
    return error
  }
  return undefined
}

describe('audienceResidentsSql', () => {
  it('refuses an area that is self-intersecting, unclosed or too detailed with NOTIFICATIONS.INVALID_AREA (422)', () => {
    const open = { type: 'Polygon' as const, coordinates: [MARUNOUCHI_1.coordinates[0].slice(0, -1)] }
    const detailed = { type: 'Polygon' as const, coordinates: [circleRing([139.76, 35.68], 0.01, 10_001)] }
    for (const geometry of [NIHONBASHI_BOW_TIE, open, detailed]) {
      const error = errorOf({ kind: 'area', geometry })
      expect(isAppError(error) && [error.code, error.status]).toEqual(['NOTIFICATIONS.INVALID_AREA', 422])
    }
  })

  it('builds SQL for a valid area and for a saved segment', () => {
    expect(errorOf({ kind: 'area', geometry: MARUNOUCHI_1 })).toBeUndefined()
    expect(errorOf({ kind: 'segment', segmentId: '0b6f2a0e-4c41-4f4e-9f0a-3f1d2c3b4a51' })).toBeUndefined()
  })

  it('answers an id that is not a uuid with NOT_FOUND instead of a database error mid-send', () => {
    const segment = errorOf({ kind: 'segment', segmentId: "x'; DROP TABLE segments; --" })
    expect(isAppError(segment) && [segment.code, segment.status]).toEqual(['NOTIFICATIONS.SEGMENT_NOT_FOUND', 404])
    const topic = errorOf({ kind: 'topic', topicId: 'bousai' })
    expect(isAppError(topic) && topic.code).toBe('NOTIFICATIONS.TOPIC_NOT_FOUND')
  })
})
