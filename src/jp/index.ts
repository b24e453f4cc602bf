/**
 * Japanese conventions shared by every Yakuba module: 和暦, kana, postal codes, lgCode,
 * 個人番号 check digits, holidays and business days, phone numbers.
 */
export {
  toIsoDate,
  addCalendarDays,
  toDayOfWeek,
  type CalendarDateInput,
  type CalendarDateParts,
} from './calendar-date.js'
export {
  ERAS,
  findEra,
  formatWareki,
  parseWareki,
  formatWarekiYear,
  type Era,
  type WarekiStyle,
  type FormatWarekiOptions,
} from './wareki.js'
export { normalizeText, isKatakana, isHiragana, toKatakana, toHiragana } from './kana.js'
export {
  normalizePostalCode,
  formatPostalCode,
  lookupAddress,
  warmPostalCodeData,
  type PostalAddress,
} from './postal.js'
export { computeLgCheckDigit, completeLgCode, isValidLgCode, normalizeLgCode } from './lg-code.js'
export { computeMyNumberCheckDigit, isValidMyNumber, maskMyNumber } from './my-number.js'
export {
  isNationalHoliday,
  holidayName,
  listHolidays,
  isYearEndClosure,
  isOpenBusinessDay,
  addBusinessDays,
  type NationalHoliday,
} from './holidays.js'
export { normalizePhoneNumber, isValidPhoneNumber, formatPhoneNumber } from './phone.js'
