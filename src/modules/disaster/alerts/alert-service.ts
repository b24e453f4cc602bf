/**
 * Disaster mode and evacuation information: the writes (mode switch, drafts, proposals, issue with
 * or without a second person, discard) and the reads of the staff and public pages. Every write is
 * one transaction with the alert row locked and an audit record; an issue stores the revision with
 * its CAP document, sends the critical notice through the notifications hub and queues the
 * Lアラート relay in that same transaction, so nothing acknowledged is half-done.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { Platform } from '../../../platform/platform.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { recordAudit, type AuditActor } from '../../../platform/audit/audit-log.js'
import { AppError, forbidden } from '../../../platform/errors.js'
import type { Permission } from '../../../platform/auth/permissions.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { StaffPrincipal } from '../../../platform/http/types.js'
import { countEmergencyTargets, createEmergencyNotice, findLineCredentials, listDistrictLabels, listDistricts, queueEmergencyDeliveries, switchLineMenuMode, type DeliveryTargetCount, type DistrictLabel } from '../../notifications/index.js'
import type { CapMsgType } from '../cap/cap-document.js'
import type { EvacuationLevel, Hazard } from '../cap/cap-evacuation.js'
import { alertsDb, type AlertProposal, type AlertTexts, type DisasterModeChange, type DisasterModeState, type EmergencyContact, type EvacuationAlert, type EvacuationAlertRevision } from './alert-tables.js'
import { approvalRefusal, isProposalEditable, issueDecision, lineMenuFor, proposalKind, stateAfterIssue } from './alert-rules.js'
import { noticeContentOf, templateTexts } from './alert-texts.js'
import { capIdentifier, capXmlOf, type CapDistrict } from './alert-cap.js'
import { relayToLalert } from './lalert-relay.js'

type Trx = Transaction<Database>

export interface StaffRequest {
  tenant: TenantContext
  actor: StaffPrincipal
}

const e = (kind: ConstructorParameters<typeof AppError>[0], reason: string, key: string, params: Record<string, string | number> = {}) => new AppError(kind, `DISASTER.${reason}`, `disaster.errors.${key}`, params)
export const alertNotFound = () => e('NOT_FOUND', 'ALERT_NOT_FOUND', 'alertNotFound')
export const notEditable = () => e('CONFLICT', 'NOT_EDITABLE', 'notEditable')
const noProposal = () => e('CONFLICT', 'NO_PROPOSAL', 'noProposal')
const ownApproval = () => e('FORBIDDEN', 'OWN_APPROVAL', 'ownApproval')
const notAwaiting = () => e('CONFLICT', 'NOT_AWAITING', 'notAwaiting')

function requirePermission(request: StaffRequest, permission: Permission): void {
  if (!request.actor.permissions.has(permission)) throw forbidden('AUTH.PERMISSION_DENIED')
}
const staffActor = (request: StaffRequest): AuditActor => ({ type: 'staff', id: request.actor.id })

export interface ProposalInput {
  level: EvacuationLevel
  hazards: Hazard[]
  districtIds: string[]
}

export interface AlertDetail {
  alert: EvacuationAlert
  revisions: EvacuationAlertRevision[]
  districts: DistrictLabel[]
  reach: DeliveryTargetCount | null
  relays: { revision: number; status: string; receipt: string | null; lastError: string | null }[]
  requesterName: string | null
  twoPersonRule: boolean
}

export interface DisasterOverview {
  mode: { state: DisasterModeState; since: string }
  history: (DisasterModeChange & { staffName: string | null })[]
  twoPersonRule: boolean
  emergencyContacts: EmergencyContact[]
  alerts: EvacuationAlert[]
}

export interface ModeSwitchResult {
  state: DisasterModeState
  lineMenu: 'applied' | 'not-configured' | 'failed' | 'training'
}

// ---------------------------------------------------------------------------------------------
// Reads shared by the staff and public sides

export async function readSettings(trx: Trx, tenantId: string): Promise<{ twoPersonRule: boolean; emergencyContacts: EmergencyContact[] }> {
  const row = await alertsDb(trx).selectFrom('disasterSettings').select(['twoPersonRule', 'emergencyContacts']).where('tenantId', '=', tenantId).executeTakeFirst()
  return { twoPersonRule: row?.twoPersonRule ?? false, emergencyContacts: row?.emergencyContacts ?? [] }
}

async function readMode(trx: Trx, tenantId: string): Promise<{ state: DisasterModeState; since: string }> {
  const row = await trx.selectFrom('tenants').select('settings').where('id', '=', tenantId).executeTakeFirstOrThrow()
  const mode = (row.settings as { disasterMode?: { state?: DisasterModeState; since?: string } } | null)?.disasterMode
  return { state: mode?.state ?? 'off', since: mode?.since ?? '' }
}

/** Alerts in force (newest first), drills included (they are marked). */
export async function listCurrentAlerts(trx: Trx, tenantId: string): Promise<EvacuationAlert[]> {
  return alertsDb(trx).selectFrom('evacuationAlerts').selectAll().where('tenantId', '=', tenantId).where('state', '=', 'active').orderBy('level', 'desc').orderBy('issuedAt', 'desc').execute()
}

/** Alerts cancelled in the last `days` days (newest first). */
export async function listPastAlerts(trx: Trx, tenantId: string, since: Date, limit = 100): Promise<EvacuationAlert[]> {
  return alertsDb(trx).selectFrom('evacuationAlerts').selectAll().where('tenantId', '=', tenantId).where('state', '=', 'cancelled').where('cancelledAt', '>=', since).orderBy('cancelledAt', 'desc').limit(limit).execute()
}

/** An issued alert (active or cancelled) with its revisions, oldest first; drafts do not exist publicly. */
export async function findPublishedAlert(trx: Trx, tenantId: string, alertId: string): Promise<{ alert: EvacuationAlert; revisions: EvacuationAlertRevision[] } | undefined> {
  const alert = await alertsDb(trx).selectFrom('evacuationAlerts').selectAll().where('tenantId', '=', tenantId).where('id', '=', alertId).where('state', 'in', ['active', 'cancelled']).executeTakeFirst()
  if (!alert) return undefined
  const revisions = await alertsDb(trx).selectFrom('evacuationAlertRevisions').selectAll().where('tenantId', '=', tenantId).where('alertId', '=', alertId).orderBy('revision').execute()
  return { alert, revisions }
}

export async function findCapDocument(trx: Trx, tenantId: string, alertId: string, revision: number): Promise<{ xml: string; sent: Date } | undefined> {
  const row = await alertsDb(trx).selectFrom('evacuationAlertRevisions').select(['capXml', 'capSent']).where('tenantId', '=', tenantId).where('alertId', '=', alertId).where('revision', '=', revision).executeTakeFirst()
  return row ? { xml: row.capXml, sent: row.capSent } : undefined
}

async function findAlertForUpdate(trx: Trx, tenantId: string, alertId: string): Promise<EvacuationAlert> {
  const alert = await alertsDb(trx).selectFrom('evacuationAlerts').selectAll().where('tenantId', '=', tenantId).where('id', '=', alertId).forUpdate().executeTakeFirst()
  if (!alert || alert.state === 'discarded') throw alertNotFound()
  return alert
}

function districtsById<D extends DistrictLabel>(districts: D[], ids: readonly string[]): D[] {
  const byId = new Map(districts.map(d => [d.id, d]))
  return ids.map(id => byId.get(id)).filter((d): d is D => d !== undefined)
}

async function municipalityOf(trx: Trx, tenantId: string): Promise<{ slug: string; lgCode: string; name: string; nameEn: string }> {
  return trx.selectFrom('tenants').select(['slug', 'lgCode', 'name', 'nameEn']).where('id', '=', tenantId).executeTakeFirstOrThrow()
}

/** Checks the ids against the tenant's districts; returns the known ones in the tenant's order. */
async function checkedDistricts(trx: Trx, tenantId: string, ids: readonly string[]): Promise<DistrictLabel[]> {
  const all = await listDistrictLabels(trx, tenantId)
  const known = districtsById(all, [...new Set(ids)])
  if (known.length !== new Set(ids).size || known.length === 0) throw e('UNPROCESSABLE', 'DISTRICT_UNKNOWN', 'notEditable')
  return all.filter(d => known.includes(d))
}

function proposalOf(input: ProposalInput & { msgType: CapMsgType; texts: AlertTexts; requestedBy: string | null }, now: Date): AlertProposal {
  return { msgType: input.msgType, level: input.level, hazards: input.hazards, districtIds: input.districtIds, texts: input.texts, requestedBy: input.requestedBy, requestedAt: now.toISOString(), awaitingApproval: false }
}

// ---------------------------------------------------------------------------------------------
// Drafts (staff and sensors)

export interface SensorAlertDraftInput {
  sensorId: string
  sensorName: string
  level: 'warning' | 'danger'
  hazard: Hazard
  districtIds: string[]
  value: number
  unit: string
  observedAt: Date
}

/**
 * A sensor crossed its 警戒 or 危険 threshold: a draft for staff to check and issue (never sent
 * by itself). One open draft per sensor: a further rise raises that draft's level instead of
 * adding drafts. 警戒 proposes level 3, 危険 level 4. Without districts (a sensor watching none)
 * the draft proposes every district, for staff to narrow.
 */
export async function createSensorAlertDraft(trx: Trx, tenantId: string, input: SensorAlertDraftInput): Promise<{ alertId: string; isNew: boolean }> {
  const db = alertsDb(trx)
  const level: EvacuationLevel = input.level === 'danger' ? 4 : 3
  const all = await listDistrictLabels(trx, tenantId)
  const chosen = input.districtIds.length > 0 ? districtsById(all, input.districtIds) : all
  if (chosen.length === 0) throw e('UNPROCESSABLE', 'NO_DISTRICTS', 'notEditable')
  const municipality = await municipalityOf(trx, tenantId)
  const mode = await readMode(trx, tenantId)
  const texts = templateTexts({ msgType: 'Alert', level, hazards: [input.hazard], districtNames: chosen.map(d => d.names), municipality: { ja: municipality.name, en: municipality.nameEn } })
  const now = new Date()
  const proposal = proposalOf({ msgType: 'Alert', level, hazards: [input.hazard], districtIds: chosen.map(d => d.id), texts, requestedBy: null }, now)
  const reading = { sensorName: input.sensorName, value: input.value, unit: input.unit, observedAt: input.observedAt.toISOString(), level: input.level }
  const open = await db.selectFrom('evacuationAlerts').select(['id', 'level']).where('tenantId', '=', tenantId).where('sensorId', '=', input.sensorId).where('state', '=', 'draft').forUpdate().executeTakeFirst()
  if (open) {
    if (level > open.level) {
      await db
        .updateTable('evacuationAlerts')
        .set({ level, hazards: [input.hazard], districtIds: proposal.districtIds, texts: JSON.stringify(texts), proposal: JSON.stringify(proposal), sensorReading: JSON.stringify(reading), updatedAt: now })
        .where('tenantId', '=', tenantId)
        .where('id', '=', open.id)
        .execute()
    } else {
      await db.updateTable('evacuationAlerts').set({ sensorReading: JSON.stringify(reading), updatedAt: now }).where('tenantId', '=', tenantId).where('id', '=', open.id).execute()
    }
    return { alertId: open.id, isNew: false }
  }
  const row = await db
    .insertInto('evacuationAlerts')
    .values({
      tenantId,
      isTraining: mode.state === 'training',
      level,
      hazards: [input.hazard],
      districtIds: proposal.districtIds,
      texts: JSON.stringify(texts),
      proposal: JSON.stringify(proposal),
      source: 'sensor',
      sensorId: input.sensorId,
      sensorReading: JSON.stringify(reading),
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(trx, tenantId, { actor: { type: 'system', id: null }, action: 'disaster.alert-draft', subjectType: 'evacuation-alert', subjectId: row.id, details: { source: 'sensor', sensorId: input.sensorId, level, value: input.value } })
  return { alertId: row.id, isNew: true }
}

export function createAlertService(platform: Platform) {
  const { db } = platform.database
  const { config } = platform

  /**
   * Issues the alert's proposal as its next revision (inside the caller's transaction, alert
   * locked). The notice is made here; its deliveries after the commit (`deliver`).
   */
  async function issueProposal(trx: Trx, tenant: TenantContext, alert: EvacuationAlert, approvedBy: string | null, now: Date): Promise<{ revision: number; noticeId: string }> {
    const proposal = alert.proposal
    if (!proposal) throw noProposal()
    const revision = alert.revision + 1
    const all = await listDistricts(trx, tenant.id)
    const districts = districtsById(all, proposal.districtIds)
    if (districts.length === 0) throw e('UNPROCESSABLE', 'DISTRICT_UNKNOWN', 'notEditable')
    const earlier = await alertsDb(trx).selectFrom('evacuationAlertRevisions').select(['capIdentifier', 'capSent', 'districtIds']).where('tenantId', '=', tenant.id).where('alertId', '=', alert.id).orderBy('revision').execute()
    const municipality = await municipalityOf(trx, tenant.id)
    const capDistricts: CapDistrict[] = districts.map(d => ({ code: d.code, names: d.names, geometry: d.geometry }))
    const contact = [tenant.settings.contact.department, tenant.settings.contact.phone].filter(Boolean).join(' ')
    const capXml = capXmlOf({
      tenant: municipality,
      publicUrl: config.publicUrl,
      alertId: alert.id,
      revision,
      msgType: proposal.msgType,
      isTraining: alert.isTraining,
      level: proposal.level,
      hazards: proposal.hazards,
      districts: capDistricts,
      texts: proposal.texts,
      sent: now,
      earlier: earlier.map(r => ({ identifier: r.capIdentifier, sent: r.capSent })),
      contact,
    })
    // An update or a cancellation also reaches districts the alert covered before: residents of a
    // district dropped from an order learn that it no longer applies to them.
    const reached = new Set(proposal.districtIds)
    if (proposal.msgType !== 'Alert') for (const r of earlier) for (const id of r.districtIds) reached.add(id)
    const sent = await createEmergencyNotice(
      trx,
      platform,
      tenant.id,
      {
        content: noticeContentOf(proposal.texts, new URL(`/${tenant.slug}/alerts/${alert.id}`, config.publicUrl).toString()),
        districtIds: [...reached].filter(id => all.some(d => d.id === id)),
        linkUrl: `/${tenant.slug}/alerts/${alert.id}`,
        isTraining: alert.isTraining,
        createdByStaffId: proposal.requestedBy,
        idempotencyKey: `disaster:${alert.id}:${revision}`,
      },
    )
    await alertsDb(trx)
      .insertInto('evacuationAlertRevisions')
      .values({
        tenantId: tenant.id,
        alertId: alert.id,
        revision,
        msgType: proposal.msgType,
        isTraining: alert.isTraining,
        level: proposal.level,
        hazards: proposal.hazards,
        districtIds: proposal.districtIds,
        texts: JSON.stringify(proposal.texts),
        capIdentifier: capIdentifier(tenant.slug, alert.id, revision),
        capSent: now,
        capXml,
        noticeId: sent.noticeId,
        recipients: 0,
        requestedByStaffId: proposal.requestedBy,
        approvedByStaffId: approvedBy,
      })
      .execute()
    const state = stateAfterIssue(proposal.msgType)
    await alertsDb(trx)
      .updateTable('evacuationAlerts')
      .set({
        state,
        level: proposal.level,
        hazards: proposal.hazards,
        districtIds: proposal.districtIds,
        texts: JSON.stringify(proposal.texts),
        revision,
        proposal: null,
        updatedAt: now,
        issuedAt: alert.issuedAt ?? now,
        cancelledAt: state === 'cancelled' ? now : null,
      })
      .where('tenantId', '=', tenant.id)
      .where('id', '=', alert.id)
      .execute()
    const relayable = !alert.isTraining && config.lalertRelayUrl !== undefined
    await alertsDb(trx)
      .insertInto('lalertRelays')
      .values({ tenantId: tenant.id, alertId: alert.id, revision, status: relayable ? 'pending' : 'skipped', lastError: relayable ? null : alert.isTraining ? 'training' : 'not-configured' })
      .execute()
    if (relayable) await platform.jobs.enqueue(trx, relayToLalert, { tenantId: tenant.id, alertId: alert.id, revision })
    await recordAudit(trx, tenant.id, {
      actor: approvedBy ? { type: 'staff', id: approvedBy } : proposal.requestedBy ? { type: 'staff', id: proposal.requestedBy } : { type: 'system', id: null },
      action: 'disaster.alert-issue',
      subjectType: 'evacuation-alert',
      subjectId: alert.id,
      details: { revision, msgType: proposal.msgType, level: proposal.level, hazards: proposal.hazards, districts: proposal.districtIds.length, training: alert.isTraining, noticeId: sent.noticeId, requestedBy: proposal.requestedBy, approvedBy },
    })
    return { revision, noticeId: sent.noticeId }
  }

  /**
   * After the issuing commit: the deliveries, district slice by slice (the first residents' phones
   * ring while the rest are queued), then the revision's recipient count. If this process dies
   * before the end, the hub's safety job finishes the queueing.
   */
  async function deliver(tenantId: string, alertId: string, issued: { revision: number; noticeId: string }): Promise<{ revision: number; recipients: number }> {
    const { recipients } = await queueEmergencyDeliveries(platform, tenantId, issued.noticeId)
    await withTenant(db, tenantId, trx => alertsDb(trx).updateTable('evacuationAlertRevisions').set({ recipients }).where('tenantId', '=', tenantId).where('alertId', '=', alertId).where('revision', '=', issued.revision).execute())
    return { revision: issued.revision, recipients }
  }

  return {
    async loadOverview(request: StaffRequest): Promise<DisasterOverview> {
      return withTenant(db, request.tenant.id, async trx => {
        const mode = await readMode(trx, request.tenant.id)
        const settings = await readSettings(trx, request.tenant.id)
        const history = await alertsDb(trx)
          .selectFrom('disasterModeChanges as c')
          .leftJoin('staffUsers as s', join => join.onRef('s.tenantId', '=', 'c.tenantId').onRef('s.id', '=', 'c.changedByStaffId'))
          .selectAll('c')
          .select('s.displayName as staffName')
          .where('c.tenantId', '=', request.tenant.id)
          .orderBy('c.changedAt', 'desc')
          .limit(10)
          .execute()
        const alerts = await alertsDb(trx)
          .selectFrom('evacuationAlerts')
          .selectAll()
          .where('tenantId', '=', request.tenant.id)
          .where(eb => eb.or([eb('state', 'in', ['draft', 'active']), eb('cancelledAt', '>=', new Date(Date.now() - 7 * 86_400_000))]))
          .orderBy('updatedAt', 'desc')
          .limit(200)
          .execute()
        return { mode, history, twoPersonRule: settings.twoPersonRule, emergencyContacts: settings.emergencyContacts, alerts }
      })
    },

    /**
     * Switches disaster / training mode: the tenant's settings (banner, mode) and the history in
     * one transaction; then the LINE rich menu through the notifications hub (a LINE failure is
     * reported, never undoes the switch: the portal must change even when LINE is down).
     */
    async switchMode(request: StaffRequest, input: { state: DisasterModeState; reason: string; scope: string; banner: string }, now = new Date()): Promise<ModeSwitchResult> {
      requirePermission(request, 'disaster.manage')
      const previous = await withTenant(db, request.tenant.id, async trx => {
        await sql`SELECT 1 FROM tenants WHERE id = ${request.tenant.id} FOR UPDATE`.execute(trx)
        const current = await readMode(trx, request.tenant.id)
        if (current.state === input.state) throw e('CONFLICT', 'SAME_MODE', 'notEditable')
        const banner = input.state === 'off' ? '' : input.banner
        await sql`UPDATE tenants SET settings = settings || jsonb_build_object('disasterMode', jsonb_build_object('state', ${input.state}::text, 'since', ${input.state === 'off' ? '' : now.toISOString()}::text), 'emergencyBanner', ${banner}::text) WHERE id = ${request.tenant.id}`.execute(trx)
        if (current.state === 'training') {
          // The drill is over: its alerts stop being "in force" (nothing is sent for that).
          await alertsDb(trx).updateTable('evacuationAlerts').set({ state: 'cancelled', cancelledAt: now, updatedAt: now, proposal: null }).where('tenantId', '=', request.tenant.id).where('isTraining', '=', true).where('state', '=', 'active').execute()
          await alertsDb(trx).updateTable('evacuationAlerts').set({ state: 'discarded', updatedAt: now, proposal: null }).where('tenantId', '=', request.tenant.id).where('isTraining', '=', true).where('state', '=', 'draft').execute()
        }
        await alertsDb(trx)
          .insertInto('disasterModeChanges')
          .values({ tenantId: request.tenant.id, state: input.state, previousState: current.state, reason: input.reason, scope: input.scope, banner, changedByStaffId: request.actor.id, lineMenu: lineMenuFor(current.state, input.state) ? 'pending' : 'training' })
          .execute()
        await recordAudit(trx, request.tenant.id, { actor: staffActor(request), action: 'disaster.mode-switch', subjectType: 'tenant', subjectId: request.tenant.id, details: { from: current.state, to: input.state, reason: input.reason, scope: input.scope } })
        return current.state
      })
      platform.tenants.forget(request.tenant.slug)
      const menu = lineMenuFor(previous, input.state)
      let lineMenu: ModeSwitchResult['lineMenu'] = 'training'
      if (menu) {
        const hasLine = await withTenant(db, request.tenant.id, async trx => (await findLineCredentials(trx, config, request.tenant.id)) !== undefined)
        if (!hasLine) lineMenu = 'not-configured'
        else {
          try {
            await switchLineMenuMode(platform, request.tenant.id, menu, { backoffMs: 200 })
            lineMenu = 'applied'
          } catch (error) {
            platform.logger.warn({ err: error, tenantId: request.tenant.id }, 'disaster mode: LINE menu switch failed')
            lineMenu = 'failed'
          }
        }
        await withTenant(db, request.tenant.id, trx =>
          sql`UPDATE disaster_mode_changes SET line_menu = ${lineMenu} WHERE tenant_id = ${request.tenant.id} AND id = (SELECT id FROM disaster_mode_changes WHERE tenant_id = ${request.tenant.id} ORDER BY changed_at DESC LIMIT 1)`.execute(trx),
        )
      }
      return { state: input.state, lineMenu }
    },

    async saveSettings(request: StaffRequest, input: { twoPersonRule: boolean; emergencyContacts: EmergencyContact[] }): Promise<void> {
      requirePermission(request, 'disaster.manage')
      await withTenant(db, request.tenant.id, async trx => {
        const values = { twoPersonRule: input.twoPersonRule, emergencyContacts: JSON.stringify(input.emergencyContacts), updatedAt: new Date() }
        await alertsDb(trx)
          .insertInto('disasterSettings')
          .values({ tenantId: request.tenant.id, ...values })
          .onConflict(oc => oc.column('tenantId').doUpdateSet(values))
          .execute()
        await recordAudit(trx, request.tenant.id, { actor: staffActor(request), action: 'disaster.settings-update', subjectType: 'disaster-settings', details: { twoPersonRule: input.twoPersonRule, emergencyContacts: input.emergencyContacts.length } })
      })
    },

    listDistricts(tenantId: string): Promise<DistrictLabel[]> {
      return withTenant(db, tenantId, trx => listDistrictLabels(trx, tenantId))
    },

    /** A new draft (the first 発令) with the level's template texts; idempotent on the form's token. */
    async createDraft(request: StaffRequest, input: ProposalInput, now = new Date()): Promise<string> {
      requirePermission(request, 'disaster.manage')
      return withTenant(db, request.tenant.id, async trx => {
        const districts = await checkedDistricts(trx, request.tenant.id, input.districtIds)
        const mode = await readMode(trx, request.tenant.id)
        const municipality = await municipalityOf(trx, request.tenant.id)
        const texts = templateTexts({ msgType: 'Alert', level: input.level, hazards: input.hazards, districtNames: districts.map(d => d.names), municipality: { ja: municipality.name, en: municipality.nameEn } })
        const proposal = proposalOf({ ...input, districtIds: districts.map(d => d.id), msgType: 'Alert', texts, requestedBy: request.actor.id }, now)
        const row = await alertsDb(trx)
          .insertInto('evacuationAlerts')
          .values({ tenantId: request.tenant.id, isTraining: mode.state === 'training', level: input.level, hazards: input.hazards, districtIds: proposal.districtIds, texts: JSON.stringify(texts), proposal: JSON.stringify(proposal), createdByStaffId: request.actor.id, updatedAt: now })
          .returning('id')
          .executeTakeFirstOrThrow()
        await recordAudit(trx, request.tenant.id, { actor: staffActor(request), action: 'disaster.alert-draft', subjectType: 'evacuation-alert', subjectId: row.id, details: { level: input.level, hazards: input.hazards, districts: proposal.districtIds.length, training: mode.state === 'training' } })
        return row.id
      })
    },

    /** A 更新 or 解除 of an alert in force (or a new level / districts for a draft), with fresh template texts. */
    async propose(request: StaffRequest, alertId: string, input: ProposalInput & { cancel: boolean }, now = new Date()): Promise<void> {
      requirePermission(request, 'disaster.manage')
      await withTenant(db, request.tenant.id, async trx => {
        const alert = await findAlertForUpdate(trx, request.tenant.id, alertId)
        if (!isProposalEditable(alert.state, alert.proposal)) throw notEditable()
        const msgType = proposalKind(alert.state, input.cancel)
        if (!msgType) throw notEditable()
        const ids = msgType === 'Cancel' ? alert.districtIds : input.districtIds
        const districts = await checkedDistricts(trx, request.tenant.id, ids)
        const level = msgType === 'Cancel' ? alert.level : input.level
        const hazards = msgType === 'Cancel' ? alert.hazards : input.hazards
        const municipality = await municipalityOf(trx, request.tenant.id)
        const texts = templateTexts({ msgType, level, hazards, districtNames: districts.map(d => d.names), municipality: { ja: municipality.name, en: municipality.nameEn } })
        const proposal = proposalOf({ level, hazards, districtIds: districts.map(d => d.id), msgType, texts, requestedBy: request.actor.id }, now)
        const draftColumns = alert.state === 'draft' ? { level, hazards, districtIds: proposal.districtIds, texts: JSON.stringify(texts) } : {}
        await alertsDb(trx).updateTable('evacuationAlerts').set({ ...draftColumns, proposal: JSON.stringify(proposal), updatedAt: now }).where('tenantId', '=', request.tenant.id).where('id', '=', alertId).execute()
        await recordAudit(trx, request.tenant.id, { actor: staffActor(request), action: 'disaster.alert-propose', subjectType: 'evacuation-alert', subjectId: alertId, details: { msgType, level, hazards, districts: proposal.districtIds.length } })
      })
    },

    async saveTexts(request: StaffRequest, alertId: string, texts: AlertTexts, now = new Date()): Promise<void> {
      requirePermission(request, 'disaster.manage')
      await withTenant(db, request.tenant.id, async trx => {
        const alert = await findAlertForUpdate(trx, request.tenant.id, alertId)
        if (!alert.proposal || !isProposalEditable(alert.state, alert.proposal)) throw notEditable()
        const proposal: AlertProposal = { ...alert.proposal, texts, requestedBy: request.actor.id, requestedAt: now.toISOString() }
        const draftColumns = alert.state === 'draft' ? { texts: JSON.stringify(texts) } : {}
        await alertsDb(trx).updateTable('evacuationAlerts').set({ ...draftColumns, proposal: JSON.stringify(proposal), updatedAt: now }).where('tenantId', '=', request.tenant.id).where('id', '=', alertId).execute()
        await recordAudit(trx, request.tenant.id, { actor: staffActor(request), action: 'disaster.alert-texts', subjectType: 'evacuation-alert', subjectId: alertId, details: { msgType: proposal.msgType } })
      })
    },

    /** "Issue": at once, or — under the two-person rule — a request for a second person's approval. A repeat changes nothing. */
    async issue(request: StaffRequest, alertId: string, now = new Date()): Promise<{ outcome: 'issued'; recipients: number; revision: number } | { outcome: 'requested' } | { outcome: 'already' }> {
      requirePermission(request, 'disaster.manage')
      const result = await withTenant(db, request.tenant.id, async trx => {
        const alert = await findAlertForUpdate(trx, request.tenant.id, alertId)
        if (!alert.proposal) return { outcome: 'already' as const }
        if (alert.proposal.awaitingApproval) return { outcome: 'requested' as const }
        const settings = await readSettings(trx, request.tenant.id)
        if (issueDecision(settings.twoPersonRule) === 'request-approval') {
          const proposal: AlertProposal = { ...alert.proposal, requestedBy: request.actor.id, requestedAt: now.toISOString(), awaitingApproval: true }
          await alertsDb(trx).updateTable('evacuationAlerts').set({ proposal: JSON.stringify(proposal), updatedAt: now }).where('tenantId', '=', request.tenant.id).where('id', '=', alertId).execute()
          await recordAudit(trx, request.tenant.id, { actor: staffActor(request), action: 'disaster.alert-request', subjectType: 'evacuation-alert', subjectId: alertId, details: { msgType: proposal.msgType, level: proposal.level } })
          return { outcome: 'requested' as const }
        }
        const issuing = { ...alert, proposal: { ...alert.proposal, requestedBy: request.actor.id } }
        return { outcome: 'issued' as const, issued: await issueProposal(trx, request.tenant, issuing, null, now) }
      })
      if (result.outcome !== 'issued') return result
      return { outcome: 'issued' as const, ...(await deliver(request.tenant.id, alertId, result.issued)) }
    },

    async approve(request: StaffRequest, alertId: string, now = new Date()): Promise<{ recipients: number; revision: number }> {
      requirePermission(request, 'disaster.approve')
      const issued = await withTenant(db, request.tenant.id, async trx => {
        const alert = await findAlertForUpdate(trx, request.tenant.id, alertId)
        const refusal = approvalRefusal(alert.proposal, request.actor.id)
        if (refusal === 'own-request') throw ownApproval()
        if (refusal === 'not-awaiting') throw notAwaiting()
        return issueProposal(trx, request.tenant, alert, request.actor.id, now)
      })
      return deliver(request.tenant.id, alertId, issued)
    },

    async reject(request: StaffRequest, alertId: string, now = new Date()): Promise<void> {
      requirePermission(request, 'disaster.approve')
      await withTenant(db, request.tenant.id, async trx => {
        const alert = await findAlertForUpdate(trx, request.tenant.id, alertId)
        if (!alert.proposal?.awaitingApproval) throw notAwaiting()
        const proposal: AlertProposal = { ...alert.proposal, awaitingApproval: false }
        await alertsDb(trx).updateTable('evacuationAlerts').set({ proposal: JSON.stringify(proposal), updatedAt: now }).where('tenantId', '=', request.tenant.id).where('id', '=', alertId).execute()
        await recordAudit(trx, request.tenant.id, { actor: staffActor(request), action: 'disaster.alert-reject', subjectType: 'evacuation-alert', subjectId: alertId, details: { msgType: proposal.msgType } })
      })
    },

    /** Throws a draft away, or drops the pending change of an alert in force (which stays in force). */
    async discard(request: StaffRequest, alertId: string, now = new Date()): Promise<void> {
      requirePermission(request, 'disaster.manage')
      await withTenant(db, request.tenant.id, async trx => {
        const alert = await findAlertForUpdate(trx, request.tenant.id, alertId)
        if (alert.state !== 'draft' && !alert.proposal) throw notEditable()
        if (alert.state === 'draft') await alertsDb(trx).updateTable('evacuationAlerts').set({ state: 'discarded', proposal: null, updatedAt: now }).where('tenantId', '=', request.tenant.id).where('id', '=', alertId).execute()
        else await alertsDb(trx).updateTable('evacuationAlerts').set({ proposal: null, updatedAt: now }).where('tenantId', '=', request.tenant.id).where('id', '=', alertId).execute()
        await recordAudit(trx, request.tenant.id, { actor: staffActor(request), action: 'disaster.alert-discard', subjectType: 'evacuation-alert', subjectId: alertId, details: { state: alert.state } })
      })
    },

    async getAlert(request: StaffRequest, alertId: string): Promise<AlertDetail> {
      requirePermission(request, 'disaster.operate')
      return withTenant(db, request.tenant.id, async trx => {
        const alert = await alertsDb(trx).selectFrom('evacuationAlerts').selectAll().where('tenantId', '=', request.tenant.id).where('id', '=', alertId).executeTakeFirst()
        if (!alert || alert.state === 'discarded') throw alertNotFound()
        const revisions = await alertsDb(trx).selectFrom('evacuationAlertRevisions').selectAll().where('tenantId', '=', request.tenant.id).where('alertId', '=', alertId).orderBy('revision').execute()
        const districts = await listDistrictLabels(trx, request.tenant.id)
        const reach = alert.proposal ? await countEmergencyTargets(trx, request.tenant.id, alert.proposal.districtIds, alert.isTraining) : null
        const relays = await alertsDb(trx).selectFrom('lalertRelays').select(['revision', 'status', 'receipt', 'lastError']).where('tenantId', '=', request.tenant.id).where('alertId', '=', alertId).orderBy('revision').execute()
        const requester = alert.proposal?.requestedBy
          ? await trx.selectFrom('staffUsers').select('displayName').where('tenantId', '=', request.tenant.id).where('id', '=', alert.proposal.requestedBy).executeTakeFirst()
          : undefined
        const settings = await readSettings(trx, request.tenant.id)
        return { alert, revisions, districts, reach, relays, requesterName: requester?.displayName ?? null, twoPersonRule: settings.twoPersonRule }
      })
    },
  }
}

export type AlertService = ReturnType<typeof createAlertService>
