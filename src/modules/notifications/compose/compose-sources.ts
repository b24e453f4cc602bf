/**
 * What compose reads from the other areas — topics, segments and districts (audience), templates
 * (templates) — shaped for the compose pages, localised to the staff member's language.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { Locale } from '../../../platform/i18n/i18n.js'
import { isAppError } from '../../../platform/errors.js'
import { listDistricts } from '../audience/district-repository.js'
import { findSegment, listSegments } from '../audience/segment-repository.js'
import { findTopic, listTopics } from '../audience/topic-repository.js'
import { getTemplateVersion, listTemplates } from '../templates/template-service.js'
import type { Audience, LocalizedNames, NoticeContent } from '../notification-tables.js'

type Trx = Transaction<Database>

export interface Choice {
  id: string
  name: string
}

export interface ComposeChoices {
  topics: Choice[]
  segments: Choice[]
  districts: Choice[]
  templates: (Choice & { currentVersion: number })[]
}

export interface TemplateInUse {
  id: string
  name: string
  topicId: string | null
  version: number
  content: NoticeContent
  placeholders: string[]
}

/** A name in the staff member's language, else Japanese. */
export function localName(names: Partial<Record<string, string>> & { ja: string }, locale: Locale): string {
  return names[locale] || names.ja
}

export async function loadComposeChoices(trx: Trx, tenantId: string, locale: Locale): Promise<ComposeChoices> {
  const [topics, segments, districts, templates] = [await listTopics(trx, tenantId), await listSegments(trx, tenantId), await listDistricts(trx, tenantId), await listTemplates(trx, tenantId)]
  return {
    topics: topics.map(topic => ({ id: topic.id, name: localName(topic.names, locale) })),
    segments: segments.map(segment => ({ id: segment.id, name: segment.name })),
    districts: districts.map(district => ({ id: district.id, name: localName(district.names, locale) })),
    templates: templates.filter(template => template.currentVersion > 0).map(template => ({ id: template.id, name: template.name, currentVersion: template.currentVersion })),
  }
}

/** The districts as a GeoJSON FeatureCollection for the map picker (those with a boundary). */
export async function loadDistrictFeatures(trx: Trx, tenantId: string, locale: Locale) {
  const districts = await listDistricts(trx, tenantId)
  return {
    type: 'FeatureCollection' as const,
    features: districts
      .filter(district => district.geometry !== null)
      .map(district => ({ type: 'Feature' as const, id: district.id, properties: { name: localName(district.names, locale), code: district.code }, geometry: district.geometry })),
  }
}

/** A template's current version for compose, or undefined when there is no such (usable) template. */
export async function findTemplateForCompose(trx: Trx, tenantId: string, templateId: string, version?: number): Promise<TemplateInUse | undefined> {
  try {
    const found = await getTemplateVersion(trx, tenantId, templateId, version)
    if (found.template.archivedAt && version === undefined) return undefined
    return { id: found.template.id, name: found.template.name, topicId: found.template.topicId, version: found.version, content: found.content, placeholders: found.placeholders }
  } catch (error) {
    if (isAppError(error) && error.kind === 'NOT_FOUND') return undefined
    throw error
  }
}

export async function findTopicName(trx: Trx, tenantId: string, topicId: string | null, locale: Locale): Promise<string | null> {
  if (!topicId) return null
  const topic = await findTopic(trx, tenantId, topicId)
  return topic ? localName(topic.names, locale) : null
}

export type AudienceDescription =
  | { kind: 'everyone' }
  | { kind: 'topic'; name: string }
  | { kind: 'segment'; name: string }
  | { kind: 'districts'; names: string[] }
  | { kind: 'area'; polygons: number; vertices: number }
  | { kind: 'residents'; count: number }

/** The audience in words: names of its topic, segment or districts; the size of a drawn area. */
export async function describeAudience(trx: Trx, tenantId: string, audience: Audience, locale: Locale = 'ja'): Promise<AudienceDescription> {
  switch (audience.kind) {
    case 'everyone':
      return { kind: 'everyone' }
    case 'topic':
      return { kind: 'topic', name: (await findTopicName(trx, tenantId, audience.topicId, locale)) ?? '-' }
    case 'segment':
      return { kind: 'segment', name: (await findSegment(trx, tenantId, audience.segmentId))?.name ?? '-' }
    case 'districts': {
      const byId = new Map((await listDistricts(trx, tenantId)).map(d => [d.id, localName(d.names as LocalizedNames, locale)]))
      return { kind: 'districts', names: audience.districtIds.map(id => byId.get(id) ?? '-') }
    }
    case 'area': {
      const polygons = audience.geometry.type === 'Polygon' ? [audience.geometry.coordinates] : (audience.geometry.coordinates as unknown[])
      const outerRings = (polygons as unknown[][][]).map(rings => (Array.isArray(rings?.[0]) ? rings[0].length - 1 : 0))
      return { kind: 'area', polygons: polygons.length, vertices: outerRings.reduce((sum, n) => sum + Math.max(0, n), 0) }
    }
    case 'residents':
      return { kind: 'residents', count: audience.residentIds.length }
  }
}
