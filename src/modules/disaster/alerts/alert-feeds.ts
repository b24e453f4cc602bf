/**
 * Open formats of evacuation information (pure): the Atom feed of alerts in force (RFC 4287; each
 * entry links its latest CAP document, the usual way CAP is syndicated) and the JSON of
 * /api/v1/{tenant}/alerts.
 */
import { xmlText } from '../cap/cap-document.js'
import type { AlertLanguage, EvacuationAlert, EvacuationAlertRevision } from './alert-tables.js'
import { alertPageUrl, capDocumentUrl, capIdentifier } from './alert-cap.js'

export interface FeedTenant {
  slug: string
  name: string
}

export function atomFeed(tenant: FeedTenant, publicUrl: string, alerts: readonly EvacuationAlert[], now: Date): string {
  const feedUrl = new URL(`/${tenant.slug}/alerts.atom`, publicUrl).toString()
  const updated = alerts.reduce((latest, a) => (a.updatedAt > latest ? a.updatedAt : latest), alerts.length > 0 ? new Date(0) : now)
  const entries = alerts.map(alert => {
    const capUrl = capDocumentUrl(publicUrl, tenant.slug, alert.id, alert.revision)
    const text = alert.texts.ja
    return [
      '  <entry>',
      `    <id>urn:yakuba:${xmlText(capIdentifier(tenant.slug, alert.id, alert.revision))}</id>`,
      `    <title>${xmlText((alert.isTraining ? '【訓練】' : '') + text.headline)}</title>`,
      `    <updated>${alert.updatedAt.toISOString()}</updated>`,
      `    <published>${(alert.issuedAt ?? alert.updatedAt).toISOString()}</published>`,
      `    <link rel="alternate" type="text/html" href="${xmlText(alertPageUrl(publicUrl, tenant.slug, alert.id))}"/>`,
      `    <link rel="related" type="application/cap+xml" href="${xmlText(capUrl)}"/>`,
      `    <category term="level-${alert.level}"/>`,
      `    <summary>${xmlText(text.description)}</summary>`,
      `    <content type="application/cap+xml" src="${xmlText(capUrl)}"/>`,
      '  </entry>',
    ].join('\n')
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">',
    `  <id>${xmlText(feedUrl)}</id>`,
    `  <title>${xmlText(`${tenant.name} 避難情報`)}</title>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <author><name>${xmlText(tenant.name)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feedUrl)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n')
}

export interface AlertJson {
  id: string
  state: 'active' | 'cancelled'
  isTraining: boolean
  level: number
  hazards: string[]
  districts: { code: string; names: Partial<Record<AlertLanguage, string>> }[]
  texts: EvacuationAlert['texts']
  revision: number
  issuedAt: string | null
  updatedAt: string
  cancelledAt: string | null
  links: { page: string; cap: string }
  revisions?: { revision: number; msgType: string; level: number; issuedAt: string; cap: string }[]
}

export function alertJson(publicUrl: string, tenantSlug: string, alert: EvacuationAlert, districts: Map<string, { code: string; names: Partial<Record<AlertLanguage, string>> }>, revisions?: readonly EvacuationAlertRevision[]): AlertJson {
  return {
    id: alert.id,
    state: alert.state === 'active' ? 'active' : 'cancelled',
    isTraining: alert.isTraining,
    level: alert.level,
    hazards: alert.hazards,
    districts: alert.districtIds.map(id => districts.get(id)).filter((d): d is { code: string; names: Partial<Record<AlertLanguage, string>> } => d !== undefined),
    texts: alert.texts,
    revision: alert.revision,
    issuedAt: alert.issuedAt?.toISOString() ?? null,
    updatedAt: alert.updatedAt.toISOString(),
    cancelledAt: alert.cancelledAt?.toISOString() ?? null,
    links: { page: alertPageUrl(publicUrl, tenantSlug, alert.id), cap: capDocumentUrl(publicUrl, tenantSlug, alert.id, alert.revision) },
    ...(revisions ? { revisions: revisions.map(r => ({ revision: r.revision, msgType: r.msgType, level: r.level, issuedAt: r.issuedAt.toISOString(), cap: capDocumentUrl(publicUrl, tenantSlug, alert.id, r.revision) })) } : {}),
  }
}
