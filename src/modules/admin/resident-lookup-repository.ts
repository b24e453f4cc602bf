import { sql } from 'kysely'
import type { Executor } from '../../platform/db/tenant-context.js'
import type { Gender } from '../../platform/db/schema.js'
import { escapeLikePattern } from './admin-rules.js'

/** Reads of the platform's residents and resident_basic_info tables for the staff lookup. */

export interface ResidentMatch {
  id: string
  /** the verified name when there is one, else the name the resident gave */
  name: string
}

export interface ResidentBasicInfoRow {
  id: string
  displayName: string
  basicInfo?: {
    name: string
    nameKana: string | null
    address: string
    birthdate: string
    gender: Gender
    provider: string
    verifiedAt: Date
  }
}

/** Residents whose verified name, kana, given name or email contains the text (case-insensitive). */
export async function searchResidents(trx: Executor, tenantId: string, text: string, limit: number): Promise<ResidentMatch[]> {
  const pattern = `%${escapeLikePattern(text)}%`
  const rows = await trx
    .selectFrom('residents as r')
    .leftJoin('residentBasicInfo as b', join => join.onRef('b.tenantId', '=', 'r.tenantId').onRef('b.residentId', '=', 'r.id'))
    .select(['r.id', 'r.displayName', 'b.name'])
    .where('r.tenantId', '=', tenantId)
    .where(eb => eb.or([eb('b.name', 'ilike', pattern), eb('b.nameKana', 'ilike', pattern), eb('r.displayName', 'ilike', pattern), eb('r.email', 'ilike', pattern)]))
    .orderBy(sql`coalesce(b.name, r.display_name)`)
    .orderBy('r.id')
    .limit(limit)
    .execute()
  return rows.map(r => ({ id: r.id, name: r.name ?? r.displayName }))
}

export async function findResidentBasicInfo(trx: Executor, tenantId: string, residentId: string): Promise<ResidentBasicInfoRow | undefined> {
  const row = await trx
    .selectFrom('residents as r')
    .leftJoin('residentBasicInfo as b', join => join.onRef('b.tenantId', '=', 'r.tenantId').onRef('b.residentId', '=', 'r.id'))
    .select(['r.id', 'r.displayName', 'b.name', 'b.nameKana', 'b.address', 'b.birthdate', 'b.gender', 'b.provider', 'b.verifiedAt'])
    .where('r.tenantId', '=', tenantId)
    .where('r.id', '=', residentId)
    .executeTakeFirst()
  if (!row) return undefined
  const { name, address, birthdate, gender, provider, verifiedAt } = row
  const basicInfo =
    name !== null && address !== null && birthdate !== null && gender !== null && provider !== null && verifiedAt !== null
      ? { name, nameKana: row.nameKana, address, birthdate: String(birthdate), gender, provider, verifiedAt }
      : undefined
  return { id: row.id, displayName: row.displayName, basicInfo }
}
