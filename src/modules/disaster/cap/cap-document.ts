/**
 * CAP 1.2 (OASIS Common Alerting Protocol) documents for evacuation information. Pure: an alert in,
 * the XML text out, in the element order of the CAP 1.2 schema (test/fixtures/CAP-v1.2.xsd), which
 * the tests validate every document against with xmllint.
 *
 * Times are written with the +09:00 offset (CAP 1.2 forbids a `Z` suffix). Polygons are closed
 * rings of at least four "lat,lon" points, as the CAP spec requires.
 */

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2'

export type CapStatus = 'Actual' | 'Exercise'
export type CapMsgType = 'Alert' | 'Update' | 'Cancel'
export type CapCategory = 'Geo' | 'Met' | 'Safety' | 'Security' | 'Rescue' | 'Fire' | 'Health' | 'Env' | 'Transport' | 'Infra' | 'CBRNE' | 'Other'
export type CapResponseType = 'Shelter' | 'Evacuate' | 'Prepare' | 'Execute' | 'Avoid' | 'Monitor' | 'Assess' | 'AllClear' | 'None'
export type CapUrgency = 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown'
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown'
export type CapCertainty = 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown'

export interface CapValue {
  valueName: string
  value: string
}

/** A point as [latitude, longitude] in WGS 84. */
export type CapPoint = readonly [number, number]

export interface CapArea {
  areaDesc: string
  /** closed rings (first point = last point), at least four points each */
  polygons: readonly (readonly CapPoint[])[]
  geocodes: readonly CapValue[]
}

export interface CapInfo {
  /** RFC 3066 tag: ja-JP, en-US, or ja-JP-x-easy for やさしい日本語 */
  language: string
  categories: readonly CapCategory[]
  event: string
  responseTypes: readonly CapResponseType[]
  urgency: CapUrgency
  severity: CapSeverity
  certainty: CapCertainty
  eventCodes: readonly CapValue[]
  effective?: Date
  expires?: Date
  senderName: string
  headline: string
  description: string
  instruction?: string
  web?: string
  contact?: string
  areas: readonly CapArea[]
}

/** An earlier message this one updates or cancels. */
export interface CapReference {
  sender: string
  identifier: string
  sent: Date
}

export interface CapAlert {
  identifier: string
  sender: string
  sent: Date
  status: CapStatus
  msgType: CapMsgType
  /** required for Update and Cancel: every earlier message of the same alert */
  references: readonly CapReference[]
  note?: string
  infos: readonly CapInfo[]
}

const JST_OFFSET_MINUTES = 9 * 60
/** CAP forbids spaces, commas and the XML-reserved < and & in identifiers and senders. */
const CAP_TOKEN = /^[^\s,<&]+$/

/** A CAP dateTime: seconds precision with a numeric offset (+09:00 by default). */
export function capDateTime(at: Date, offsetMinutes = JST_OFFSET_MINUTES): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('capDateTime: invalid date')
  const local = new Date(at.getTime() + offsetMinutes * 60_000)
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
  return `${local.toISOString().slice(0, 19)}${offset}`
}

/** Text content and attribute values escaped for XML; characters XML 1.0 cannot carry are dropped. */
export function xmlText(value: string): string {
  return value
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** The checks the schema cannot make (or makes with a poor message); throws RangeError. */
export function checkCapAlert(alert: CapAlert): void {
  if (!CAP_TOKEN.test(alert.identifier)) throw new RangeError(`CAP identifier "${alert.identifier}" has a space, comma, < or &`)
  if (!CAP_TOKEN.test(alert.sender)) throw new RangeError(`CAP sender "${alert.sender}" has a space, comma, < or &`)
  if (alert.msgType !== 'Alert' && alert.references.length === 0) throw new RangeError(`a CAP ${alert.msgType} needs the references of the messages it follows`)
  for (const ref of alert.references) {
    if (!CAP_TOKEN.test(ref.identifier) || !CAP_TOKEN.test(ref.sender)) throw new RangeError('a CAP reference has a space, comma, < or &')
  }
  for (const info of alert.infos) {
    if (info.categories.length === 0) throw new RangeError('a CAP info needs at least one category')
    for (const area of info.areas) {
      for (const polygon of area.polygons) checkPolygon(polygon)
    }
  }
}

function checkPolygon(polygon: readonly CapPoint[]): void {
  if (polygon.length < 4) throw new RangeError('a CAP polygon needs at least four points')
  const [first, last] = [polygon[0], polygon[polygon.length - 1]]
  if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) throw new RangeError('a CAP polygon must end at its first point')
  for (const [lat, lon] of polygon) {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) throw new RangeError(`a CAP polygon point is out of range: ${lat},${lon}`)
  }
}

const element = (name: string, value: string | undefined, indent: string): string => (value === undefined ? '' : `${indent}<${name}>${xmlText(value)}</${name}>\n`)
const values = (name: string, list: readonly CapValue[], indent: string): string =>
  list.map(v => `${indent}<${name}>\n${element('valueName', v.valueName, `${indent}  `)}${element('value', v.value, `${indent}  `)}${indent}</${name}>\n`).join('')

function encodeArea(area: CapArea, indent: string): string {
  const inner = `${indent}  `
  return (
    `${indent}<area>\n` +
    element('areaDesc', area.areaDesc, inner) +
    area.polygons.map(polygon => element('polygon', polygon.map(([lat, lon]) => `${lat},${lon}`).join(' '), inner)).join('') +
    values('geocode', area.geocodes, inner) +
    `${indent}</area>\n`
  )
}

function encodeInfo(info: CapInfo, indent: string): string {
  const inner = `${indent}  `
  return (
    `${indent}<info>\n` +
    element('language', info.language, inner) +
    info.categories.map(category => element('category', category, inner)).join('') +
    element('event', info.event, inner) +
    info.responseTypes.map(type => element('responseType', type, inner)).join('') +
    element('urgency', info.urgency, inner) +
    element('severity', info.severity, inner) +
    element('certainty', info.certainty, inner) +
    values('eventCode', info.eventCodes, inner) +
    element('effective', info.effective && capDateTime(info.effective), inner) +
    element('expires', info.expires && capDateTime(info.expires), inner) +
    element('senderName', info.senderName, inner) +
    element('headline', info.headline, inner) +
    element('description', info.description, inner) +
    element('instruction', info.instruction, inner) +
    element('web', info.web, inner) +
    element('contact', info.contact, inner) +
    info.areas.map(area => encodeArea(area, inner)).join('') +
    `${indent}</info>\n`
  )
}

/** The CAP 1.2 XML document of an alert (UTF-8, with the XML declaration). */
export function encodeCapAlert(alert: CapAlert): string {
  checkCapAlert(alert)
  const inner = '  '
  const references = alert.references.length > 0 ? alert.references.map(ref => `${ref.sender},${ref.identifier},${capDateTime(ref.sent)}`).join(' ') : undefined
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<alert xmlns="${CAP_NAMESPACE}">\n` +
    element('identifier', alert.identifier, inner) +
    element('sender', alert.sender, inner) +
    element('sent', capDateTime(alert.sent), inner) +
    element('status', alert.status, inner) +
    element('msgType', alert.msgType, inner) +
    element('scope', 'Public', inner) +
    element('note', alert.note, inner) +
    element('references', references, inner) +
    alert.infos.map(info => encodeInfo(info, inner)).join('') +
    '</alert>\n'
  )
}
