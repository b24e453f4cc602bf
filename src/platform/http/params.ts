const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Path ids are uuids; anything else is a 404 before it reaches the database (never a 500). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

/** `?page=` as a positive integer, 1 when absent or malformed. */
export function pageNumber(value: unknown): number {
  const n = Number(value)
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1
}

/**
 * A path inside the tenant to return to after login or a language switch: same tenant, relative,
 * printable ASCII only (anything else could become an open redirect or an invalid Location).
 */
export function isSafeReturnPath(slug: string, value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 500 &&
    (value === `/${slug}` || value.startsWith(`/${slug}/`) || value.startsWith(`/${slug}?`)) &&
    /^[\x21-\x7e]+$/.test(value) &&
    !value.includes('\\') &&
    !value.startsWith('//')
  )
}
