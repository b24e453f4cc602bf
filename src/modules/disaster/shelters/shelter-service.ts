/**
 * What staff do with shelters: import the CSV, change the live status, check evacuees in and out,
 * look residents up. Each write is one transaction with its audit entry; counts on the shelter
 * row change in the same transaction as the check-in that changes them.
 */
import { sql } from 'kysely'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { Platform } from '../../../platform/platform.js'
import { readShelterCsv, type ShelterCsvNote, type ShelterCsvReport } from './shelter-csv.js'
import { decodeCsv } from '../../../platform/files/csv.js'
import { detectShelterFile, encodingProblem, readGsiCsv } from './gsi-csv.js'
import { alreadyElsewhere, checkInNotFound, passInvalid, residentUnknown, shelterClosed, shelterNotFound, tokenReused } from './shelter-errors.js'
import { shelterPassKey, verifyShelterPass } from './shelter-pass.js'
import * as repository from './shelter-repository.js'
import { requirePermission, type StaffRequest } from './shelter-request.js'
import { totalsOf } from './shelter-rules.js'
import type { ShelterDetails } from './shelter-details.js'
import { sheltersDb, type ShelterCheckIn, type ShelterNeed, type ShelterStatus } from './shelter-tables.js'

const actorOf = (request: StaffRequest) => ({ type: 'staff' as const, id: request.actor.id })

export type ImportOutcome = { ok: true; runId: string } | { ok: false; problems: ShelterCsvNote[] }

/**
 * Imports a 指定緊急避難場所一覧 (v2 or 正式版) or a GSI CSV, upserting places by code. A file
 * without one importable row (a wrong header, a wrong encoding, every row rejected) stores nothing
 * and returns its problems; otherwise the run and its report are stored.
 */
export async function importShelterFile(platform: Platform, request: StaffRequest, file: { bytes: Uint8Array | undefined; fileName: string }): Promise<ImportOutcome> {
  requirePermission(request, 'disaster.manage')
  const bytes = file.bytes
  if (!bytes || bytes.length === 0) return { ok: false, problems: [{ line: 1, key: 'disaster.shelters.import.noFile' }] }
  const encoding = encodingProblem(bytes)
  if (encoding) return { ok: false, problems: [{ line: 1, key: encoding }] }
  const source = detectShelterFile(decodeCsv(bytes).text)
  const report: ShelterCsvReport = source === undefined || source === 'standard' ? readShelterCsv(bytes, request.tenant.lgCode) : readGsiCsv(bytes, request.tenant.lgCode, source)
  if (report.rows.length === 0) return { ok: false, problems: report.rejected.length > 0 ? report.rejected : [{ line: 1, key: 'disaster.shelters.import.noRows' }] }
  const runId = await withTenant(platform.database.db, request.tenant.id, async trx => {
    const counts = await repository.upsertImportedRows(trx, request.tenant.id, report.rows, source ?? 'standard')
    const id = await repository.insertImportRun(trx, request.tenant.id, {
      source: source ?? 'standard',
      fileName: file.fileName.slice(0, 255),
      encoding: report.encoding,
      format: report.format ?? source ?? '',
      createdCount: counts.created,
      updatedCount: counts.updated,
      fixed: report.fixed,
      rejected: report.rejected,
      createdBy: request.actor.id,
    })
    await recordAudit(trx, request.tenant.id, {
      actor: actorOf(request),
      action: 'disaster.shelters.import',
      subjectType: 'shelter_import_run',
      subjectId: id,
      details: { source: source ?? 'standard', created: counts.created, updated: counts.updated, fixed: report.fixed.length, rejected: report.rejected.length },
      requestId: request.requestId,
    })
    return id
  })
  return { ok: true, runId }
}

export interface StatusInput {
  status: ShelterStatus
  manualEvacuees: number
  manualHouseholds: number
  needs: ShelterNeed[]
  needsNote: string
}

/** Sets what staff see on site: status, the head count of people not checked in, and needs. */
export async function updateShelterStatus(platform: Platform, request: StaffRequest, shelterId: string, input: StatusInput): Promise<void> {
  requirePermission(request, 'disaster.operate')
  await withTenant(platform.database.db, request.tenant.id, async trx => {
    const tenantId = request.tenant.id
    const shelter = await repository.lockShelter(trx, tenantId, shelterId)
    if (!shelter) throw shelterNotFound()
    const now = new Date()
    const isOpening = shelter.status === 'closed' && input.status !== 'closed'
    await sheltersDb(trx)
      .updateTable('shelters')
      .set({
        status: input.status,
        openedAt: isOpening ? now : shelter.openedAt,
        manualEvacuees: input.manualEvacuees,
        manualHouseholds: input.manualHouseholds,
        needs: input.needs,
        needsNote: input.needsNote,
        statusUpdatedAt: now,
        statusUpdatedBy: request.actor.id,
        updatedAt: now,
      })
      .where('tenantId', '=', tenantId)
      .where('id', '=', shelterId)
      .execute()
    const totals = totalsOf({ ...shelter, manualEvacuees: input.manualEvacuees, manualHouseholds: input.manualHouseholds })
    await sheltersDb(trx)
      .insertInto('shelterStatusHistory')
      .values({ tenantId, shelterId, status: input.status, evacuees: totals.evacuees, households: totals.households, needs: input.needs, needsNote: input.needsNote, changedBy: request.actor.id })
      .execute()
    await recordAudit(trx, tenantId, {
      actor: actorOf(request),
      action: 'disaster.shelters.status',
      subjectType: 'shelter',
      subjectId: shelterId,
      details: { from: shelter.status, to: input.status, manualEvacuees: input.manualEvacuees, manualHouseholds: input.manualHouseholds, needs: input.needs },
      requestId: request.requestId,
    })
  })
}

export type Evacuee = { kind: 'pass'; pass: string } | { kind: 'resident'; residentId: string } | { kind: 'unregistered'; name: string; nameKana: string }

export interface CheckInInput {
  evacuee: Evacuee
  householdSize: number
  notes: string
  /** from the form: a retry with the same token is the same check-in */
  clientToken: string
}

export interface CheckInOutcome {
  checkIn: ShelterCheckIn
  /** true when this token (or this resident) was already checked in here: nothing changed */
  isReplay: boolean
}

/**
 * Checks a household in. The shelter row is locked first (check-ins at one place serialise), then
 * the resident (one shelter at a time, also across places), and the counts move by the household.
 */
export async function checkInEvacuee(platform: Platform, request: StaffRequest, shelterId: string, input: CheckInInput): Promise<CheckInOutcome> {
  requirePermission(request, 'disaster.operate')
  const tenantId = request.tenant.id
  let residentId: string | undefined
  if (input.evacuee.kind === 'pass') {
    residentId = verifyShelterPass(shelterPassKey(platform.config.sessionSecret), tenantId, input.evacuee.pass)
    if (!residentId) throw passInvalid()
  } else if (input.evacuee.kind === 'resident') {
    residentId = input.evacuee.residentId
  }
  return withTenant(platform.database.db, tenantId, async trx => {
    // The same token sent to two shelters at once: the second sees the first's row, never a unique violation.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`shelter-token:${tenantId}:${input.clientToken}`}))`.execute(trx)
    const shelter = await repository.lockShelter(trx, tenantId, shelterId)
    if (!shelter) throw shelterNotFound()
    const replay = await repository.findCheckInByToken(trx, tenantId, input.clientToken)
    if (replay) {
      if (replay.shelterId !== shelterId) throw tokenReused()
      return { checkIn: replay, isReplay: true }
    }
    if (shelter.status === 'closed') throw shelterClosed()
    if (residentId) {
      // One resident, one shelter: two desks scanning the same pass at once serialise here.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`shelter-resident:${tenantId}:${residentId}`}))`.execute(trx)
      if ((await repository.findResidentName(trx, tenantId, residentId)) === undefined) throw residentUnknown()
      const present = await repository.findPresentCheckIn(trx, tenantId, residentId)
      if (present && present.shelterId === shelterId) return { checkIn: present, isReplay: true }
      if (present) throw alreadyElsewhere(present.shelterNames.ja)
    }
    const checkIn = await sheltersDb(trx)
      .insertInto('shelterCheckIns')
      .values({
        tenantId,
        shelterId,
        residentId: residentId ?? null,
        name: input.evacuee.kind === 'unregistered' ? input.evacuee.name : '',
        nameKana: input.evacuee.kind === 'unregistered' ? input.evacuee.nameKana : '',
        householdSize: input.householdSize,
        notes: input.notes,
        clientToken: input.clientToken,
        checkedInAt: new Date(),
        checkedInBy: request.actor.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await sql`UPDATE shelters SET registered_evacuees = registered_evacuees + ${input.householdSize}, registered_households = registered_households + 1, updated_at = now()
      WHERE tenant_id = ${tenantId} AND id = ${shelterId}`.execute(trx)
    await recordAudit(trx, tenantId, {
      actor: actorOf(request),
      action: 'disaster.shelters.check-in',
      subjectType: 'shelter_check_in',
      subjectId: checkIn.id,
      details: { shelterId, how: input.evacuee.kind, residentId: residentId ?? null, householdSize: input.householdSize },
      requestId: request.requestId,
    })
    return { checkIn, isReplay: false }
  })
}

/** Checks a household out; a second check-out of the same check-in changes nothing. */
export async function checkOutEvacuee(platform: Platform, request: StaffRequest, shelterId: string, checkInId: string): Promise<{ isReplay: boolean }> {
  requirePermission(request, 'disaster.operate')
  const tenantId = request.tenant.id
  return withTenant(platform.database.db, tenantId, async trx => {
    const shelter = await repository.lockShelter(trx, tenantId, shelterId)
    if (!shelter) throw shelterNotFound()
    const out = await sheltersDb(trx)
      .updateTable('shelterCheckIns')
      .set({ checkedOutAt: new Date(), checkedOutBy: request.actor.id, updatedAt: new Date() })
      .where('tenantId', '=', tenantId)
      .where('id', '=', checkInId)
      .where('shelterId', '=', shelterId)
      .where('checkedOutAt', 'is', null)
      .returning(['id', 'householdSize'])
      .executeTakeFirst()
    if (!out) {
      const existing = await repository.findCheckIn(trx, tenantId, checkInId)
      if (!existing || existing.shelterId !== shelterId) throw checkInNotFound()
      return { isReplay: true }
    }
    await sql`UPDATE shelters SET registered_evacuees = greatest(0, registered_evacuees - ${out.householdSize}), registered_households = greatest(0, registered_households - 1), updated_at = now()
      WHERE tenant_id = ${tenantId} AND id = ${shelterId}`.execute(trx)
    await recordAudit(trx, tenantId, {
      actor: actorOf(request),
      action: 'disaster.shelters.check-out',
      subjectType: 'shelter_check_in',
      subjectId: checkInId,
      details: { shelterId, householdSize: out.householdSize },
      requestId: request.requestId,
    })
    return { isReplay: false }
  })
}

/** Resident search at the desk: personal data, so it needs residents.read-basic-info and is audited. */
export async function lookupResidents(platform: Platform, request: StaffRequest, shelterId: string, text: string): Promise<repository.ResidentMatch[]> {
  requirePermission(request, 'disaster.operate')
  requirePermission(request, 'residents.read-basic-info')
  const tenantId = request.tenant.id
  return withTenant(platform.database.db, tenantId, async trx => {
    const matches = await repository.searchResidents(trx, tenantId, text)
    await recordAudit(trx, tenantId, {
      actor: actorOf(request),
      action: 'disaster.shelters.resident-lookup',
      subjectType: 'shelter',
      subjectId: shelterId,
      // the searched text is itself personal data: only its length and what was shown
      details: { queryLength: [...text].length, residentIds: matches.map(m => m.id) },
      requestId: request.requestId,
    })
    return matches
  })
}

/** The resident a pass names (for showing who is about to be checked in), read under audit. */
export async function identifyPass(platform: Platform, request: StaffRequest, shelterId: string, pass: string): Promise<{ residentId: string; name: string; present?: { shelterId: string; checkInId: string; shelterName: string } }> {
  requirePermission(request, 'disaster.operate')
  const tenantId = request.tenant.id
  const residentId = verifyShelterPass(shelterPassKey(platform.config.sessionSecret), tenantId, pass)
  if (!residentId) throw passInvalid()
  return withTenant(platform.database.db, tenantId, async trx => {
    const name = await repository.findResidentName(trx, tenantId, residentId)
    if (name === undefined) throw residentUnknown()
    const present = await repository.findPresentCheckIn(trx, tenantId, residentId)
    await recordAudit(trx, tenantId, { actor: actorOf(request), action: 'disaster.shelters.pass-read', subjectType: 'resident', subjectId: residentId, details: { shelterId }, requestId: request.requestId })
    return { residentId, name, present: present ? { shelterId: present.shelterId, checkInId: present.id, shelterName: present.shelterNames.ja } : undefined }
  })
}

/**
 * Saves a shelter's details typed by staff: a new place (its number must be new), or the details
 * of one that exists (the live status, counts and check-ins are untouched). Audited.
 */
export async function saveShelterDetails(platform: Platform, request: StaffRequest, shelterId: string | null, input: ShelterDetails): Promise<{ shelterId: string } | { codeTaken: true }> {
  requirePermission(request, 'disaster.manage')
  return withTenant(platform.database.db, request.tenant.id, async trx => {
    const tenantId = request.tenant.id
    const details = {
      names: JSON.stringify(input.names),
      address: input.address,
      latitude: input.latitude,
      longitude: input.longitude,
      isEmergencyPlace: input.isEmergencyPlace,
      isShelter: input.isShelter,
      hazards: input.hazards,
      capacity: input.capacity,
      phone: input.phone,
      isAccessible: input.isAccessible,
      updatedAt: new Date(),
    }
    let id = shelterId
    if (id === null) {
      const inserted = await sheltersDb(trx)
        .insertInto('shelters')
        .values({ tenantId, code: input.code, lgCode: request.tenant.lgCode, ...details })
        .onConflict(oc => oc.columns(['tenantId', 'code']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!inserted) return { codeTaken: true as const }
      id = inserted.id
    } else {
      const shelter = await repository.lockShelter(trx, tenantId, id)
      if (!shelter) throw shelterNotFound()
      await sheltersDb(trx).updateTable('shelters').set(details).where('tenantId', '=', tenantId).where('id', '=', id).execute()
    }
    await recordAudit(trx, tenantId, { actor: actorOf(request), action: shelterId === null ? 'disaster.shelter-create' : 'disaster.shelter-edit', subjectType: 'shelter', subjectId: id, details: { code: input.code || undefined, capacity: input.capacity } })
    return { shelterId: id }
  })
}
