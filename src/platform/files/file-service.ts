import { createHash } from 'node:crypto'
import type { Logger } from 'pino'
import { AppError, notFound } from '../errors.js'
import { withTenant, type Db, type Executor } from '../db/tenant-context.js'
import type { StoredFile, StoredFileMeta, StoredMediaType } from './file-schema.js'
import { databaseFileStore, type FileStore } from './file-store.js'
import { describeMediaTypes, detectMediaType, isUploadableMediaType, type UploadMediaType } from './file-types.js'
import { sanitiseFileName } from './file-names.js'
import { sanitiseImage, UnreadableImageError } from './image-sanitiser.js'
import type { MalwareScanner } from './malware-scanner.js'

/** What the upload functions need; build once with createFileDeps(config). */
export interface FileDeps {
  scanner: MalwareScanner
  /** Defaults to the database store. */
  store?: FileStore
  clock?: () => Date
  /** Scanner outages and detections are logged (no file names or personal data). */
  logger?: Pick<Logger, 'warn'>
}

export interface UploadInput {
  content: Buffer
  /** The name the browser sent; sanitised before it is stored. */
  declaredName?: string
  /** The Content-Type the browser sent. Informational only: the content decides the type. */
  declaredType?: string
  /** Media types the form field accepts (see UPLOADABLE_MEDIA_TYPES). */
  allowedTypes: readonly string[]
  /** The field's own size limit in bytes. */
  maxBytes: number
  /** What the file will belong to, e.g. `procedures.application`. */
  ownerType: string
  /** Unknown while the owner is still a draft: link later with linkFileToOwner. */
  ownerId?: string | null
}

export type UploadRejectionReason = 'too-large' | 'empty' | 'type-not-allowed' | 'infected' | 'scan-unavailable' | 'unreadable-image'

/** A refused upload is form feedback, not an exception: show `t(messageKey, params)` by the field. */
export interface UploadRejection {
  ok: false
  reason: UploadRejectionReason
  messageKey: string
  params: Record<string, string | number>
}

export type UploadResult = { ok: true; file: StoredFileMeta } | UploadRejection

/** An upload that passed every check, re-encoded and ready to store (no database touched yet). */
export interface InspectedUpload {
  ok: true
  ownerType: string
  ownerId: string | null
  originalName: string
  mediaType: StoredMediaType
  content: Buffer
  sha256: string
  sanitised: boolean
}

const OWNER_TYPE = /^[a-z][a-z0-9_.-]{0,63}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DAY_MS = 24 * 60 * 60 * 1000

const MESSAGE_KEYS: Record<UploadRejectionReason, string> = {
  'too-large': 'files.errors.tooLarge',
  empty: 'files.errors.empty',
  'type-not-allowed': 'files.errors.typeNotAllowed',
  infected: 'files.errors.infected',
  'scan-unavailable': 'files.errors.scanUnavailable',
  'unreadable-image': 'files.errors.unreadableImage',
}

function reject(reason: UploadRejectionReason, params: Record<string, string | number> = {}): UploadRejection {
  return { ok: false, reason, messageKey: MESSAGE_KEYS[reason], params }
}

/** "5MB", "1.5MB", "500KB" — the unit residents see on forms (1 MB = 1024 × 1024 bytes). */
export function formatBytes(bytes: number): string {
  const format = (value: number) => String(Math.floor(value * 10) / 10)
  if (bytes >= 1024 * 1024) return `${format(bytes / (1024 * 1024))}MB`
  if (bytes >= 1024) return `${format(bytes / 1024)}KB`
  return `${bytes}B`
}

/**
 * Checks an upload without touching the database: size, type from the content, malware scan
 * (of the original bytes, before anything is changed), then images are re-encoded without
 * metadata. Slow parts (scan, re-encoding) belong outside a transaction — in embedded mode an
 * open transaction pauses every other request — so routes call this first and storeUpload
 * inside withTenant.
 */
export async function inspectUpload(input: UploadInput, deps: FileDeps): Promise<InspectedUpload | UploadRejection> {
  if (!OWNER_TYPE.test(input.ownerType)) throw new Error(`invalid ownerType ${input.ownerType}`)
  if (input.ownerId != null && !UUID.test(input.ownerId)) throw new Error('ownerId must be a uuid')
  const allowed = input.allowedTypes.filter(isUploadableMediaType)
  // A form offering only kinds this installation cannot take is a definition error, not a resident's.
  if (allowed.length === 0) throw new Error(`no uploadable media type among ${input.allowedTypes.join(', ')}`)

  const { content } = input
  if (content.length === 0) return reject('empty')
  if (content.length > input.maxBytes) return reject('too-large', { max: formatBytes(input.maxBytes) })

  const detected = await detectMediaType(content)
  if (!detected || !allowed.includes(detected)) return reject('type-not-allowed', { types: describeMediaTypes(allowed) })

  let verdict
  try {
    verdict = await deps.scanner.scan(content)
  } catch (error) {
    deps.logger?.warn({ err: error, scanner: deps.scanner.name }, 'malware scanner unavailable: upload refused')
    return reject('scan-unavailable')
  }
  if (!verdict.clean) {
    deps.logger?.warn({ scanner: deps.scanner.name, signature: verdict.signature }, 'malware found in an upload: refused')
    return reject('infected')
  }

  let stored: { content: Buffer; mediaType: StoredMediaType; sanitised: boolean }
  if (detected === 'application/pdf') {
    // PDFs are kept byte for byte (a signed PDF must stay verifiable); they are only ever served
    // with a sandboxing Content-Security-Policy (sendStoredFile).
    stored = { content, mediaType: detected, sanitised: false }
  } else {
    try {
      const image = await sanitiseImage(content, detected)
      stored = { content: image.content, mediaType: image.mediaType, sanitised: true }
    } catch (error) {
      if (error instanceof UnreadableImageError) return reject('unreadable-image')
      throw error
    }
  }

  return {
    ok: true,
    ownerType: input.ownerType,
    ownerId: input.ownerId ?? null,
    originalName: sanitiseFileName(input.declaredName, stored.mediaType satisfies UploadMediaType),
    mediaType: stored.mediaType,
    content: stored.content,
    sha256: createHash('sha256').update(stored.content).digest('hex'),
    sanitised: stored.sanitised,
  }
}

/** Stores an inspected upload in the caller's tenant-bound transaction. */
export async function storeUpload(trx: Executor, tenantId: string, upload: InspectedUpload, deps: Pick<FileDeps, 'store'> = {}): Promise<StoredFileMeta> {
  const store = deps.store ?? databaseFileStore
  return store.save(trx, tenantId, {
    ownerType: upload.ownerType,
    ownerId: upload.ownerId,
    originalName: upload.originalName,
    mediaType: upload.mediaType,
    sizeBytes: upload.content.length,
    sha256: upload.sha256,
    content: upload.content,
    sanitised: upload.sanitised,
  })
}

/**
 * Accepts one uploaded file for a form field: checks, scans, re-encodes and stores it. A refusal
 * is returned as data with a translated message key (form validation, not an exception); nothing
 * is stored then. Prefer inspectUpload + storeUpload when the transaction does other work too.
 */
export async function acceptUpload(trx: Executor, tenantId: string, input: UploadInput, deps: FileDeps): Promise<UploadResult> {
  const inspected = await inspectUpload(input, deps)
  if (!inspected.ok) return inspected
  return { ok: true, file: await storeUpload(trx, tenantId, inspected, deps) }
}

/** A stored file with its bytes, or undefined. */
export async function findStoredFile(trx: Executor, tenantId: string, id: string, deps: Pick<FileDeps, 'store'> = {}): Promise<StoredFile | undefined> {
  if (!UUID.test(id)) return undefined
  return (deps.store ?? databaseFileStore).find(trx, tenantId, id)
}

/** A stored file with its bytes; NOT_FOUND (also for another tenant's file: RLS hides it). */
export async function getStoredFile(trx: Executor, tenantId: string, id: string, deps: Pick<FileDeps, 'store'> = {}): Promise<StoredFile> {
  const file = await findStoredFile(trx, tenantId, id, deps)
  if (!file) throw notFound('FILES.NOT_FOUND')
  return file
}

/** A stored file's metadata without its bytes, or undefined. */
export async function findStoredFileMeta(trx: Executor, tenantId: string, id: string, deps: Pick<FileDeps, 'store'> = {}): Promise<StoredFileMeta | undefined> {
  if (!UUID.test(id)) return undefined
  return (deps.store ?? databaseFileStore).findMeta(trx, tenantId, id)
}

export const fileAlreadyLinked = () => new AppError('CONFLICT', 'FILES.ALREADY_LINKED', 'files.errors.alreadyLinked')

/**
 * Attaches an uploaded file to what it belongs to (once the draft became an application).
 * Linking again to the same owner is a no-op; a file already linked elsewhere is a CONFLICT.
 */
export async function linkFileToOwner(
  trx: Executor,
  tenantId: string,
  fileId: string,
  ownerType: string,
  ownerId: string,
  deps: Pick<FileDeps, 'store' | 'clock'> = {},
): Promise<StoredFileMeta> {
  if (!OWNER_TYPE.test(ownerType)) throw new Error(`invalid ownerType ${ownerType}`)
  if (!UUID.test(ownerId)) throw new Error('ownerId must be a uuid')
  if (!UUID.test(fileId)) throw notFound('FILES.NOT_FOUND')
  const store = deps.store ?? databaseFileStore
  const linked = await store.linkToOwner(trx, tenantId, fileId, ownerType, ownerId, (deps.clock ?? (() => new Date()))())
  if (linked) return linked
  if (await store.findMeta(trx, tenantId, fileId)) throw fileAlreadyLinked()
  throw notFound('FILES.NOT_FOUND')
}

export interface OrphanCleanupOptions {
  store?: FileStore
  now?: Date
  /** Files without an owner older than this are removed (default: one day). */
  maxAgeMs?: number
}

/** Removes one tenant's files that never got an owner (abandoned drafts), in the caller's transaction. */
export async function deleteTenantOrphanFiles(trx: Executor, tenantId: string, options: OrphanCleanupOptions = {}): Promise<number> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - (options.maxAgeMs ?? DAY_MS))
  return (options.store ?? databaseFileStore).deleteOrphans(trx, tenantId, cutoff)
}

/**
 * Job-friendly cleanup across every tenant: one short transaction per tenant, so a large
 * installation never holds one long transaction. Returns how many files were removed.
 */
export async function deleteOrphanFiles(db: Db, options: OrphanCleanupOptions = {}): Promise<number> {
  const tenants = await db.selectFrom('tenants').select('id').execute()
  let deleted = 0
  for (const tenant of tenants) deleted += await withTenant(db, tenant.id, trx => deleteTenantOrphanFiles(trx, tenant.id, options))
  return deleted
}
