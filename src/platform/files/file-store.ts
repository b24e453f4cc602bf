import type { Executor } from '../db/tenant-context.js'
import type { StoredFile, StoredFileMeta, StoredMediaType } from './file-schema.js'

export interface NewStoredFile {
  ownerType: string
  ownerId: string | null
  originalName: string
  mediaType: StoredMediaType
  sizeBytes: number
  sha256: string
  content: Buffer
  sanitised: boolean
}

/**
 * Where accepted files are kept. The database store keeps the bytes in `stored_files.content`
 * (nothing else to run in embedded mode); an object-storage store would keep the same metadata
 * rows and put the bytes elsewhere (content NULL), behind this same interface.
 * Every call runs in the caller's tenant-bound transaction (withTenant).
 */
export interface FileStore {
  readonly name: string
  save(trx: Executor, tenantId: string, file: NewStoredFile): Promise<StoredFileMeta>
  find(trx: Executor, tenantId: string, id: string): Promise<StoredFile | undefined>
  findMeta(trx: Executor, tenantId: string, id: string): Promise<StoredFileMeta | undefined>
  /** Sets the owner unless the file already belongs to another one; undefined when nothing matched. */
  linkToOwner(trx: Executor, tenantId: string, id: string, ownerType: string, ownerId: string, now: Date): Promise<StoredFileMeta | undefined>
  /** Removes files that never got an owner and were created before `createdBefore`. */
  deleteOrphans(trx: Executor, tenantId: string, createdBefore: Date): Promise<number>
}

const META_COLUMNS = ['id', 'tenantId', 'ownerType', 'ownerId', 'originalName', 'mediaType', 'sizeBytes', 'sha256', 'scanResult', 'sanitised', 'createdAt'] as const

export const databaseFileStore: FileStore = {
  name: 'database',

  async save(trx, tenantId, file) {
    return trx
      .insertInto('storedFiles')
      .values({ tenantId, ...file, scanResult: 'clean' })
      .returning(META_COLUMNS)
      .executeTakeFirstOrThrow()
  },

  async find(trx, tenantId, id) {
    const row = await trx
      .selectFrom('storedFiles')
      .select([...META_COLUMNS, 'content'])
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) return undefined
    // This store always writes content; a NULL would be a row written by another store.
    if (!row.content) throw new Error(`stored file ${id} has no content in the database`)
    return { ...row, content: row.content }
  },

  async findMeta(trx, tenantId, id) {
    return trx.selectFrom('storedFiles').select(META_COLUMNS).where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
  },

  async linkToOwner(trx, tenantId, id, ownerType, ownerId, now) {
    return trx
      .updateTable('storedFiles')
      .set({ ownerType, ownerId, updatedAt: now })
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .where(eb => eb.or([eb('ownerId', 'is', null), eb.and([eb('ownerType', '=', ownerType), eb('ownerId', '=', ownerId)])]))
      .returning(META_COLUMNS)
      .executeTakeFirst()
  },

  async deleteOrphans(trx, tenantId, createdBefore) {
    const result = await trx
      .deleteFrom('storedFiles')
      .where('tenantId', '=', tenantId)
      .where('ownerId', 'is', null)
      .where('createdAt', '<', createdBefore)
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  },
}
