/**
 * One revision of evacuation information as a CAP 1.2 alert (pure): one `info` per language, one
 * `area` per district with its boundary's outer rings as polygons and its code as a geocode, and
 * `references` to every earlier revision for updates and cancellations.
 */
import type { AreaGeometry } from '../../notifications/index.js'
import { encodeCapAlert, type CapAlert, type CapArea, type CapMsgType, type CapPoint } from '../cap/cap-document.js'
import { CAP_LANGUAGE, categoriesOf, evacuationCapProfile, type EvacuationLevel, type Hazard } from '../cap/cap-evacuation.js'
import { ALERT_LANGUAGES, type AlertLanguage, type AlertTexts } from './alert-tables.js'
import { hazardNames, levelName } from './alert-texts.js'

export interface CapDistrict {
  code: string
  names: Partial<Record<AlertLanguage, string>> & { ja: string }
  geometry: AreaGeometry | null
}

export interface CapRevisionInput {
  tenant: { slug: string; lgCode: string; name: string; nameEn: string }
  publicUrl: string
  alertId: string
  revision: number
  msgType: CapMsgType
  isTraining: boolean
  level: EvacuationLevel
  hazards: readonly Hazard[]
  districts: readonly CapDistrict[]
  texts: AlertTexts
  sent: Date
  /** every earlier revision of the alert, oldest first */
  earlier: readonly { identifier: string; sent: Date }[]
  contact: string
}

/** A CAP identifier unique for the sender: municipality, alert and revision. */
export function capIdentifier(tenantSlug: string, alertId: string, revision: number): string {
  return `yakuba.${tenantSlug}.${alertId}.${revision}`
}

/** The sender: the municipality at this installation's host. */
export function capSender(tenantSlug: string, publicUrl: string): string {
  return `${tenantSlug}@${new URL(publicUrl).host}`
}

/** Outer rings of a GeoJSON polygon or multipolygon as CAP points (latitude first). */
export function capPolygons(geometry: AreaGeometry | null): CapPoint[][] {
  if (!geometry) return []
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  return polygons.map(rings => (rings[0] ?? []).map(([lng, lat]) => [lat, lng] as CapPoint)).filter(ring => ring.length >= 4)
}

export function alertPageUrl(publicUrl: string, tenantSlug: string, alertId: string): string {
  return new URL(`/${tenantSlug}/alerts/${alertId}`, publicUrl).toString()
}

export function capDocumentUrl(publicUrl: string, tenantSlug: string, alertId: string, revision: number): string {
  return new URL(`/${tenantSlug}/alerts/${alertId}/cap/${revision}.xml`, publicUrl).toString()
}

export function buildCapAlert(input: CapRevisionInput): CapAlert {
  const sender = capSender(input.tenant.slug, input.publicUrl)
  const isCancel = input.msgType === 'Cancel'
  const profile = evacuationCapProfile(input.level, isCancel)
  const infos = ALERT_LANGUAGES.map(language => {
    const text = input.texts[language]
    const areas: CapArea[] = input.districts.map(district => ({
      areaDesc: district.names[language] || district.names.ja,
      polygons: capPolygons(district.geometry),
      geocodes: [
        { valueName: 'JP-LGCode', value: input.tenant.lgCode },
        { valueName: 'yakuba-district', value: district.code },
      ],
    }))
    return {
      language: CAP_LANGUAGE[language],
      categories: categoriesOf(input.hazards),
      event: `${levelName(input.level, language)} (${hazardNames(input.hazards, language)})`,
      responseTypes: profile.responseTypes,
      urgency: profile.urgency,
      severity: profile.severity,
      certainty: profile.certainty,
      eventCodes: [
        { valueName: 'JP-EvacuationLevel', value: String(input.level) },
        ...input.hazards.map(hazard => ({ valueName: 'yakuba-hazard', value: hazard })),
      ],
      effective: input.sent,
      senderName: language === 'en' ? input.tenant.nameEn : input.tenant.name,
      headline: text.headline,
      description: text.description,
      instruction: text.instruction || undefined,
      web: alertPageUrl(input.publicUrl, input.tenant.slug, input.alertId),
      contact: input.contact || undefined,
      areas,
    }
  })
  return {
    identifier: capIdentifier(input.tenant.slug, input.alertId, input.revision),
    sender,
    sent: input.sent,
    status: input.isTraining ? 'Exercise' : 'Actual',
    msgType: input.msgType,
    references: input.earlier.map(ref => ({ sender, identifier: ref.identifier, sent: ref.sent })),
    note: input.isTraining ? '訓練 (drill): not a real emergency' : undefined,
    infos,
  }
}

/** The XML document of a revision (checked and encoded). */
export function capXmlOf(input: CapRevisionInput): string {
  return encodeCapAlert(buildCapAlert(input))
}
