import type { FastifyReply } from 'fastify'
import type { StoredFile, StoredMediaType } from './file-schema.js'
import { contentDisposition } from './file-names.js'

/**
 * Applies to the file response itself: even if a stored file were active content (a PDF with
 * script, a polyglot), the browser shows it in a sandbox with a unique origin that can run
 * nothing and load nothing but same-origin images.
 */
export const FILE_CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'; img-src 'self'"

const INLINE_TYPES: ReadonlySet<StoredMediaType> = new Set(['image/jpeg', 'image/png', 'image/webp', 'application/pdf'])

export interface SendFileOptions {
  /** inline shows images and PDFs in the browser; anything else is always an attachment. */
  disposition: 'inline' | 'attachment'
}

/**
 * Sends a stored file. The route decides who may see it (tenant, resident, staff permission);
 * this sets the headers that keep the bytes from ever running as part of the site: the stored
 * (content-detected) type with nosniff, a sandboxing CSP, RFC 5987 file name, no caching.
 */
export function sendStoredFile(reply: FastifyReply, file: StoredFile, options: SendFileOptions): FastifyReply {
  const disposition = options.disposition === 'inline' && INLINE_TYPES.has(file.mediaType) ? 'inline' : 'attachment'
  return reply
    .status(200)
    .header('content-type', file.mediaType)
    .header('content-length', String(file.content.length))
    .header('content-disposition', contentDisposition(disposition, file.originalName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', FILE_CONTENT_SECURITY_POLICY)
    .header('cache-control', 'private, no-store')
    .header('cross-origin-resource-policy', 'same-origin')
    .send(file.content)
}
