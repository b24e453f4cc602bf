/** SQL of the shelters area. Every function takes the caller's tenant transaction. */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { ShelterHazard, ShelterRow } from './shelter-csv.js'
import { sheltersDb, type ImportSource, type Shelter, type ShelterCheckIn, type ShelterImportRun, type ShelterNames, type StoredNote } from './shelter-tables.js'

type Trx = Transaction<Database>

export async function listShelters(trx: Trx, tenantId: string, filter: { hazard?: ShelterHazard } = {}): Promise<Shelter[]> {
  let query = sheltersDb(trx).selectFrom('shelters').selectAll().where('tenantId', '=', tenantId)
  if (filter.hazard) query = query.where(sql<boolean>`${filter.hazard} = ANY(hazards)`)
  const rows = await query.execute()
  return rows.sort((a, b) => a.names.ja.localeCompare(b.names.ja, 'ja') || a.code.localeCompare(b.code))
}

export async function findShelter(trx: Trx, tenantId: string, id: string): Promise<Shelter | undefined> {
  return sheltersDb(trx).selectFrom('shelters').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

/** The shelter row locked until the transaction ends: check-ins and status changes of one place serialise here. */
export async function lockShelter(trx: Trx, tenantId: string, id: string): Promise<Shelter | undefined> {
  return sheltersDb(trx).selectFrom('shelters').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst()
}

/** Inserts or updates imported places by code; live status, counts and translated names are kept. */
export async function upsertImportedRows(trx: Trx, tenantId: string, rows: readonly ShelterRow[], source: ImportSource): Promise<{ created: number; updated: number }> {
  const db = sheltersDb(trx)
  let created = 0
  let updated = 0
  for (const row of rows) {
    const existing = await db.selectFrom('shelters').select(['id', 'names', 'isShelter', 'isEmergencyPlace', 'hazards', 'capacity', 'phone', 'nameKana']).where('tenantId', '=', tenantId).where('code', '=', row.code).executeTakeFirst()
    const isShelterFile = source === 'gsi-shelter'
    if (!existing) {
      await db
        .insertInto('shelters')
        .values({
          tenantId,
          code: row.code,
          names: JSON.stringify({ ja: row.name } satisfies ShelterNames),
          nameKana: row.nameKana,
          address: row.address,
          latitude: row.latitude,
          longitude: row.longitude,
          lgCode: row.lgCode,
          isEmergencyPlace: !isShelterFile,
          isShelter: row.isAlsoShelter,
          hazards: row.hazards,
          capacity: row.capacity,
          phone: row.phone,
          url: row.url,
          notes: row.notes,
        })
        .execute()
      created++
    } else {
      await db
        .updateTable('shelters')
        .set({
          names: JSON.stringify({ ...existing.names, ja: row.name }),
          nameKana: row.nameKana || existing.nameKana,
          address: row.address,
          latitude: row.latitude,
          longitude: row.longitude,
          lgCode: row.lgCode,
          // a 指定避難所 file says nothing about hazards or the emergency designation: keep them
          isEmergencyPlace: isShelterFile ? existing.isEmergencyPlace : true,
          isShelter: isShelterFile ? true : row.isAlsoShelter || (source !== 'standard' && existing.isShelter),
          hazards: isShelterFile ? existing.hazards : row.hazards,
          capacity: row.capacity ?? existing.capacity,
          phone: row.phone || existing.phone,
          url: row.url,
          notes: row.notes,
          updatedAt: new Date(),
        })
        .where('tenantId', '=', tenantId)
        .where('id', '=', existing.id)
        .execute()
      updated++
    }
  }
  return { created, updated }
}

export async function insertImportRun(
  trx: Trx,
  tenantId: string,
  run: { source: ImportSource; fileName: string; encoding: 'utf-8' | 'shift_jis'; format: string; createdCount: number; updatedCount: number; fixed: StoredNote[]; rejected: StoredNote[]; createdBy: string },
): Promise<string> {
  const row = await sheltersDb(trx)
    .insertInto('shelterImportRuns')
    .values({ tenantId, ...run, fixed: JSON.stringify(run.fixed), rejected: JSON.stringify(run.rejected) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function findImportRun(trx: Trx, tenantId: string, id: string): Promise<ShelterImportRun | undefined> {
  return sheltersDb(trx).selectFrom('shelterImportRuns').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

export async function listImportRuns(trx: Trx, tenantId: string, limit = 10): Promise<ShelterImportRun[]> {
  return sheltersDb(trx).selectFrom('shelterImportRuns').selectAll().where('tenantId', '=', tenantId).orderBy('createdAt', 'desc').limit(limit).execute()
}

export async function findCheckInByToken(trx: Trx, tenantId: string, clientToken: string): Promise<ShelterCheckIn | undefined> {
  return sheltersDb(trx).selectFrom('shelterCheckIns').selectAll().where('tenantId', '=', tenantId).where('clientToken', '=', clientToken).executeTakeFirst()
}

export async function findCheckIn(trx: Trx, tenantId: string, id: string): Promise<ShelterCheckIn | undefined> {
  return sheltersDb(trx).selectFrom('shelterCheckIns').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

/** Where a resident is checked in now, if anywhere. */
export async function findPresentCheckIn(trx: Trx, tenantId: string, residentId: string): Promise<(ShelterCheckIn & { shelterNames: ShelterNames }) | undefined> {
  return sheltersDb(trx)
    .selectFrom('shelterCheckIns as c')
    .innerJoin('shelters as s', join => join.onRef('s.tenantId', '=', 'c.tenantId').onRef('s.id', '=', 'c.shelterId'))
    .selectAll('c')
    .select('s.names as shelterNames')
    .where('c.tenantId', '=', tenantId)
    .where('c.residentId', '=', residentId)
    .where('c.checkedOutAt', 'is', null)
    .executeTakeFirst()
}

export interface PresentEvacuee extends ShelterCheckIn {
  residentName: string | null
}

/** Who is at a shelter now, latest first (names: the resident's verified name or display name). */
export async function listPresent(trx: Trx, tenantId: string, shelterId: string, limit = 200): Promise<PresentEvacuee[]> {
  return sheltersDb(trx)
    .selectFrom('shelterCheckIns as c')
    .leftJoin('residents as r', join => join.onRef('r.tenantId', '=', 'c.tenantId').onRef('r.id', '=', 'c.residentId'))
    .leftJoin('residentBasicInfo as b', join => join.onRef('b.tenantId', '=', 'c.tenantId').onRef('b.residentId', '=', 'c.residentId'))
    .selectAll('c')
    .select(sql<string | null>`coalesce(b.name, nullif(r.display_name, ''))`.as('residentName'))
    .where('c.tenantId', '=', tenantId)
    .where('c.shelterId', '=', shelterId)
    .where('c.checkedOutAt', 'is', null)
    .orderBy('c.checkedInAt', 'desc')
    .limit(limit)
    .execute()
}

export interface ResidentMatch {
  id: string
  name: string
  nameKana: string | null
  address: string | null
  birthdate: string | null
}

/** Residents whose verified name, kana or display name contains the text (at most 20). */
export async function searchResidents(trx: Trx, tenantId: string, text: string): Promise<ResidentMatch[]> {
  const pattern = `%${text.replace(/[\\%_]/g, m => `\\${m}`)}%`
  const rows = await trx
    .selectFrom('residents as r')
    .leftJoin('residentBasicInfo as b', join => join.onRef('b.tenantId', '=', 'r.tenantId').onRef('b.residentId', '=', 'r.id'))
    .select(['r.id', 'r.displayName', 'b.name', 'b.nameKana', 'b.address', sql<string | null>`to_char(b.birthdate, 'YYYY-MM-DD')`.as('birthdate')])
    .where('r.tenantId', '=', tenantId)
    .where(eb => eb.or([eb('b.name', 'like', pattern), eb('b.nameKana', 'like', pattern), eb('r.displayName', 'like', pattern)]))
    .orderBy('r.id')
    .limit(20)
    .execute()
  return rows.map(row => ({ id: row.id, name: row.name ?? row.displayName, nameKana: row.nameKana, address: row.address, birthdate: row.birthdate }))
}

export async function findResidentName(trx: Trx, tenantId: string, residentId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('residents as r')
    .leftJoin('residentBasicInfo as b', join => join.onRef('b.tenantId', '=', 'r.tenantId').onRef('b.residentId', '=', 'r.id'))
    .select(['r.displayName', 'b.name'])
    .where('r.tenantId', '=', tenantId)
    .where('r.id', '=', residentId)
    .executeTakeFirst()
  return row ? row.name ?? row.displayName : undefined
}
