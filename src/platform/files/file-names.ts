import { extensionsOf, type UploadMediaType } from './file-types.js'

export const MAX_FILE_NAME_LENGTH = 200
const FALLBACK_NAME = 'file'

/**
 * Makes a browser-supplied file name safe to store and to send back in Content-Disposition:
 * the last path segment only, NFC, no control, bidi-override or zero-width characters, none of
 * the characters Windows refuses in names, no leading dots, at most 200 characters — and an
 * extension that matches the content (a PNG named `scan.pdf` is kept as `scan.png`, so the
 * resident's and the clerk's computers open it with the right program).
 */
export function sanitiseFileName(declaredName: string | undefined, type: UploadMediaType): string {
  const lastSegment = (declaredName ?? '').split(/[/\\]/).pop() ?? ''
  const cleaned = lastSegment
    .replace(/\p{Cs}/gu, '') // lone surrogates: not text, and PostgreSQL refuses them
    .normalize('NFC')
    // Cc: control characters (C0, DEL, C1); Cf: format characters such as U+202E (RIGHT-TO-LEFT
    // OVERRIDE, used to show "invoice‮fdp.exe" as "invoiceexe.pdf") and zero-width spaces;
    // Zl/Zp: line and paragraph separators.
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[.\s]+/u, '')
    .replace(/[.\s]+$/u, '')

  const dot = cleaned.lastIndexOf('.')
  const extension = dot > 0 ? cleaned.slice(dot + 1) : ''
  const ownExtensions = extensionsOf(type)
  let base = cleaned
  let finalExtension = ownExtensions[0]
  if (extension && ownExtensions.includes(extension.toLowerCase())) {
    base = cleaned.slice(0, dot)
    finalExtension = extension
  } else if (/^[A-Za-z0-9]{1,5}$/.test(extension)) {
    base = cleaned.slice(0, dot)
  }
  base = base.replace(/[.\s]+$/u, '') || FALLBACK_NAME

  // Count code points, not UTF-16 units, so a cut never splits a surrogate pair.
  const room = MAX_FILE_NAME_LENGTH - finalExtension.length - 1
  const codePoints = Array.from(base)
  if (codePoints.length > room) base = codePoints.slice(0, room).join('').trimEnd() || FALLBACK_NAME
  return `${base}.${finalExtension}`
}

/**
 * A Content-Disposition value with an ASCII fallback `filename` and the real name in RFC 5987
 * `filename*` (UTF-8, percent-encoded), so Japanese names survive in every browser.
 */
export function contentDisposition(disposition: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_')
  const encoded = encodeURIComponent(name).replace(/['()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
