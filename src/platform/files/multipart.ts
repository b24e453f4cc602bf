import type { FastifyInstance, FastifyRequest } from 'fastify'
import multipart, { type MultipartFile } from '@fastify/multipart'
import type { Config } from '../config.js'
import { AppError, isAppError } from '../errors.js'
import { verifyCsrf } from '../http/csrf.js'
import { formatBytes } from './file-service.js'

/** One file part of a multipart form, buffered (at most UPLOAD_MAX_BYTES). */
export interface UploadedPart {
  /** the form field name */
  field: string
  /** as the browser sent it: pass it to acceptUpload as declaredName, never use it as a path */
  filename: string
  /** as the browser sent it: informational only */
  mimetype: string
  content: Buffer
}

export interface SubmittedForm {
  fields: Record<string, string | string[]>
  files: UploadedPart[]
}

/** Most file fields one form may send at once, and most text fields. */
export const MAX_FILES_PER_FORM = 10
const MAX_FIELDS_PER_FORM = 500

const uploadsByRequest = new WeakMap<FastifyRequest, UploadedPart[]>()

const uploadTooLarge = (maxBytes: number) => new AppError('PAYLOAD_TOO_LARGE', 'FILES.UPLOAD_TOO_LARGE', 'files.errors.tooLarge', { max: formatBytes(maxBytes) })
const tooManyFiles = () => new AppError('PAYLOAD_TOO_LARGE', 'FILES.TOO_MANY_FILES', 'files.errors.tooManyFiles', { max: MAX_FILES_PER_FORM })
const formTooLarge = () => new AppError('PAYLOAD_TOO_LARGE', 'PLATFORM.PAYLOAD_TOO_LARGE', 'errors.payloadTooLarge')
const malformedForm = () => new AppError('BAD_REQUEST', 'FILES.MALFORMED_FORM', 'errors.badRequest')

/**
 * Lets every route receive `multipart/form-data` (text fields and files) the same way as an
 * urlencoded form: before validation the whole form is read, text fields become `req.body` (so
 * the pipeline's NUL check and CSRF check see `_csrf` as usual) and files are kept for
 * readMultipartForm(). Memory is bounded: each file ≤ UPLOAD_MAX_BYTES, ≤ 10 files, text fields
 * ≤ BODY_LIMIT_BYTES each. Urlencoded and JSON requests are untouched.
 *
 * CSRF is also checked before the first file byte is buffered, so a forged cross-site upload is
 * refused without reading it: the `_csrf` field must precede file fields (CsrfField first in the
 * form, as every form renders it) or come in the X-CSRF-Token header.
 *
 * Call before registerPipeline: this preValidation hook must run before the pipeline's.
 */
export async function registerMultipartForms(app: FastifyInstance, config: Pick<Config, 'UPLOAD_MAX_BYTES' | 'BODY_LIMIT_BYTES' | 'sessionSecret'>): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: config.UPLOAD_MAX_BYTES,
      files: MAX_FILES_PER_FORM,
      fields: MAX_FIELDS_PER_FORM,
      fieldSize: config.BODY_LIMIT_BYTES,
      parts: MAX_FILES_PER_FORM + MAX_FIELDS_PER_FORM,
      headerPairs: 100,
    },
  })

  app.addHook('preValidation', async req => {
    if (!req.isMultipart()) return
    const fields: Record<string, string | string[]> = {}
    const files: UploadedPart[] = []
    let csrfPending = needsCsrf(req)
    try {
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          if (part.fieldnameTruncated || part.valueTruncated) throw formTooLarge()
          // a part declared application/json arrives parsed: forms send text only
          if (typeof part.value !== 'string') throw malformedForm()
          addField(fields, part.fieldname, part.value)
          continue
        }
        if (csrfPending) {
          req.body = fields
          verifyCsrf(req, config.sessionSecret)
          csrfPending = false
        }
        const content = await bufferFile(part, config.UPLOAD_MAX_BYTES)
        // a file input left empty is sent as a part with no name and no bytes
        if (part.filename === '' && content.length === 0) continue
        files.push({ field: part.fieldname, filename: part.filename, mimetype: part.mimetype, content })
      }
    } catch (error) {
      throw asClientError(error, config.UPLOAD_MAX_BYTES)
    }
    req.body = fields
    uploadsByRequest.set(req, files)
  })
}

/** Mirrors the pipeline's preHandler: which requests it verifies a CSRF token for. */
function needsCsrf(req: FastifyRequest): boolean {
  const { csrf, auth } = req.routeOptions.config
  const method = req.method
  // API-key routes authenticate by a header a cross-site form cannot set (see pipeline.ts)
  return csrf !== false && (auth as string | undefined) !== 'api-key' && method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS'
}

async function bufferFile(part: MultipartFile, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of part.file) chunks.push(chunk as Buffer)
  // busboy stops at the limit and marks the stream truncated: never keep half a file
  if (part.file.truncated) throw uploadTooLarge(maxBytes)
  return Buffer.concat(chunks)
}

function addField(fields: Record<string, string | string[]>, name: string, value: string) {
  const existing = fields[name]
  if (existing === undefined) fields[name] = value
  else if (Array.isArray(existing)) existing.push(value)
  else fields[name] = [existing, value]
}

/** Limits become translated 413s; anything busboy could not parse is a 400, never a 500. */
function asClientError(error: unknown, maxBytes: number): unknown {
  if (isAppError(error)) return error
  const { code, statusCode } = error as { code?: string; statusCode?: number }
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return uploadTooLarge(maxBytes)
    case 'FST_FILES_LIMIT':
      return tooManyFiles()
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return formTooLarge()
    default:
      return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? error : malformedForm()
  }
}

/**
 * The submitted form of a request: text fields (from multipart or urlencoded bodies alike) and
 * the buffered files of a multipart body. Pass each file to acceptUpload with the field's
 * allowed types and size limit.
 */
export function readMultipartForm(req: FastifyRequest): SubmittedForm {
  const fields: Record<string, string | string[]> = {}
  const body = req.body
  if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string') fields[name] = value
      else if (Array.isArray(value) && value.every(v => typeof v === 'string')) fields[name] = value as string[]
    }
  }
  return { fields, files: uploadsByRequest.get(req) ?? [] }
}
