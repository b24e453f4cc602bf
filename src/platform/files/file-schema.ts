import type { ColumnType, Generated } from 'kysely'

/** Media types a stored file can have (after re-encoding: HEIC is stored as JPEG). */
export type StoredMediaType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>

/** `stored_files` (migrations/0003_files_storage.sql). */
export interface StoredFilesTable {
  tenantId: string
  id: Generated<string>
  ownerType: string
  ownerId: string | null
  originalName: string
  mediaType: StoredMediaType
  sizeBytes: number
  sha256: string
  content: Buffer | null
  scanResult: 'clean'
  sanitised: boolean
  createdAt: CreatedAt
  updatedAt: Timestamp
}

// The files module owns its table type; it joins the shared Database interface by augmentation
// so platform/db/schema.ts need not know about it.
declare module '../db/schema.js' {
  interface Database {
    storedFiles: StoredFilesTable
  }
}

/** What callers see of a stored file: everything but the bytes. */
export interface StoredFileMeta {
  id: string
  tenantId: string
  ownerType: string
  ownerId: string | null
  originalName: string
  mediaType: StoredMediaType
  sizeBytes: number
  sha256: string
  scanResult: 'clean'
  sanitised: boolean
  createdAt: Date
}

/** A stored file with its bytes (for serving or attaching). */
export interface StoredFile extends StoredFileMeta {
  content: Buffer
}
