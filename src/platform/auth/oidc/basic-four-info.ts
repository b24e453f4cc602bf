import { AppError } from '../../errors.js'

/**
 * 基本4情報: the four attributes a My Number Card login vouches for (from the card's 券面事項入力補助AP
 * via the デジタル認証アプリ). They are the resident's registered (住民票) values, so they are stored
 * exactly as received — no normalisation of 外字 or surrogate pairs (𠮷 stays 𠮷).
 */
export interface BasicFourInfo {
  name: string
  /** Not one of the four; only some IdPs send it (OIDC `name#ja-Kana-JP`). */
  nameKana?: string
  address: string
  /** YYYY-MM-DD */
  birthdate: string
  gender: Gender
}

export type Gender = 'male' | 'female' | 'other' | 'unknown'

export const claimsMissing = () =>
  new AppError('UNAUTHENTICATED', 'AUTH.OIDC_CLAIMS_MISSING', 'auth.errors.oidcFailed')

/**
 * Maps UserInfo claims to BasicFourInfo. Tolerant about formats because the published profile
 * and the sandbox differ in detail (see README): `address` may be a plain string or an OIDC
 * address object, `birthdate` YYYY-MM-DD or YYYYMMDD, `gender` OIDC words or JPKI codes.
 * Throws AUTH.OIDC_CLAIMS_MISSING when name, address or birthdate is absent or unusable —
 * a login without them cannot be matched to a resident.
 */
export function parseBasicFourInfo(claims: Record<string, unknown>): BasicFourInfo {
  const name = readText(claims.name)
  const address = readAddress(claims.address)
  const birthdate = readBirthdate(claims.birthdate)
  if (name === undefined || address === undefined || birthdate === undefined) throw claimsMissing()
  // Longer than any real card value (and than the columns allow): refuse rather than fail to store.
  if ([...name].length > 200 || [...address].length > 500) throw claimsMissing()

  const nameKana = readText(claims['name#ja-Kana-JP']) ?? readText(claims.name_kana)
  return {
    name,
    ...(nameKana === undefined ? {} : { nameKana }),
    address,
    birthdate,
    gender: readGender(claims.gender),
  }
}

function readText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function readAddress(value: unknown): string | undefined {
  if (typeof value === 'string') return readText(value)
  if (typeof value !== 'object' || value === null) return undefined
  const address = value as Record<string, unknown>
  const formatted = readText(address.formatted)
  if (formatted !== undefined) return formatted
  // Japanese order, no separators: 都道府県 + 市区町村 + 町名番地.
  const parts = [address.region, address.locality, address.street_address].map(readText)
  const composed = parts.filter(part => part !== undefined).join('')
  return composed === '' ? undefined : composed
}

function readBirthdate(value: unknown): string | undefined {
  const text = readText(value)
  if (text === undefined) return undefined
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text)
  if (!match) return undefined
  const [, year, month, day] = match
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  // Rejects 1990-02-30 and the like, which Date would silently roll over.
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined
  return `${year}-${month}-${day}`
}

const genderByClaim = new Map<string, Gender>([
  ['male', 'male'],
  ['female', 'female'],
  ['other', 'other'],
  // JPKI codes (券面事項入力補助AP / 電子証明書): 1 男, 2 女, 3 不明.
  ['1', 'male'],
  ['2', 'female'],
  ['3', 'unknown'],
  ['男', 'male'],
  ['男性', 'male'],
  ['女', 'female'],
  ['女性', 'female'],
])

function readGender(value: unknown): Gender {
  const text = typeof value === 'number' ? String(value) : readText(value)
  if (text === undefined) return 'unknown'
  return genderByClaim.get(text.toLowerCase()) ?? 'unknown'
}
