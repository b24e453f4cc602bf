/**
 * platform/files — uploads that are safe to keep and show: size limits, type from the content,
 * malware-scan hook (ClamAV when configured), images re-encoded without metadata, storage
 * behind FileStore, multipart forms with CSRF, and safe serving. See README.md.
 */
export type { StoredFile, StoredFileMeta, StoredMediaType, StoredFilesTable } from './file-schema.js'
export { UPLOADABLE_MEDIA_TYPES, isUploadableMediaType, describeMediaTypes, detectMediaType, type UploadMediaType } from './file-types.js'
export { sanitiseFileName, contentDisposition, MAX_FILE_NAME_LENGTH } from './file-names.js'
export { sanitiseImage, MAX_IMAGE_DIMENSION } from './image-sanitiser.js'
export { eicarScanner, ScannerUnavailableError, EICAR_TEST_STRING, type MalwareScanner, type ScanResult } from './malware-scanner.js'
export { clamdScanner, type ClamdOptions } from './clamd-scanner.js'
export { databaseFileStore, type FileStore, type NewStoredFile } from './file-store.js'
export {
  acceptUpload,
  inspectUpload,
  storeUpload,
  getStoredFile,
  findStoredFile,
  findStoredFileMeta,
  linkFileToOwner,
  deleteOrphanFiles,
  deleteTenantOrphanFiles,
  formatBytes,
  type FileDeps,
  type UploadInput,
  type UploadResult,
  type UploadRejection,
  type UploadRejectionReason,
  type InspectedUpload,
  type OrphanCleanupOptions,
} from './file-service.js'
export { createFileDeps, createMalwareScanner } from './file-deps.js'
export { registerMultipartForms, readMultipartForm, MAX_FILES_PER_FORM, type SubmittedForm, type UploadedPart } from './multipart.js'
export { sendStoredFile, FILE_CONTENT_SECURITY_POLICY, type SendFileOptions } from './file-response.js'
export { deleteOrphanFilesJob } from './jobs/delete-orphan-files.js'
