import { beforeAll, describe, expect, it } from 'vitest'
import { computeMyNumberCheckDigit } from '../../../jp/my-number.js'
import { LOCALES, registerCatalog, translator } from '../../../platform/i18n/i18n.js'
import { proceduresCatalog } from '../procedures-catalog.js'
import { ElementSchema, FormDefinitionSchema, type Field, type FieldType, type FormPage } from './form-definition.js'
import { groupItemCount, normalizeJsonAnswer, readDate, readPageForm, validateAnswers, validateField, type AnswerError, type Answers, type FormBody } from './form-answers.js'
import { translateAnswerError } from './form-fields.js'
import { checkAnswersAgainstSchema, toJsonSchema } from './form-json-schema.js'

const text = (ja: string) => ({ ja, en: `${ja} (en)` })
const ctx = { today: '2026-04-01' }

/** Extra settings per field type: the minimum a definition needs, plus limits to hit. */
const TYPE_SETTINGS: Record<FieldType, Record<string, unknown>> = {
  text: { maxLength: 20 },
  longText: { maxLength: 100 },
  number: { min: 1, max: 10 },
  email: {},
  phone: {},
  date: {},
  personName: {},
  address: {},
  singleChoice: { options: [{ value: 'a', label: text('A') }, { value: 'b', label: text('B') }] },
  select: { options: [{ value: 'a', label: text('A') }, { value: 'b', label: text('B') }] },
  multipleChoice: { options: [{ value: 'a', label: text('A') }, { value: 'b', label: text('B') }, { value: 'c', label: text('C') }], maxSelected: 2 },
  file: { accept: ['application/pdf'] },
  agreement: { statement: text('規約に同意します') },
  myNumber: {},
  repeatingGroup: { itemLabel: text('お子さん'), minItems: 1, maxItems: 3, fields: [{ id: 'childName', type: 'text', label: text('お名前'), required: true }, { id: 'age', type: 'number', label: text('年齢'), max: 17 }] },
}

/** A required field of the type, with id `f`; `extra` overrides the settings. */
function buildField(type: FieldType, extra: Record<string, unknown> = {}): Field {
  return ElementSchema.parse({ id: 'f', type, label: text('項目'), required: true, ...TYPE_SETTINGS[type], ...extra }) as Field
}

function onePage(...elements: Field[]): FormPage {
  return { id: 'page', title: text('ページ'), elements }
}

/** Posts one value for a field, under every HTML name the field type reads. */
function postAs(type: FieldType, value: unknown): FormBody {
  if (type === 'personName') return { 'f.familyName': value, 'f.givenName': value, 'f.familyNameKana': value, 'f.givenNameKana': value }
  if (type === 'address') return { 'f.postalCode': value, 'f.prefecture': value, 'f.city': value, 'f.street': value }
  if (type === 'repeatingGroup') return { 'f[0].childName': value, 'f[0].age': value }
  return { f: value }
}

function read(field: Field, body: FormBody, files: Answers = {}) {
  return readPageForm(onePage(field), body, {}, ctx, files)
}

function validMyNumber(): string {
  const body = '12345678901'
  return body + String(computeMyNumberCheckDigit(body))
}

/** Every error names a message that exists in all three catalogs and points into the field. */
function expectTranslatable(errors: AnswerError[]) {
  for (const error of errors) {
    expect(error.path.startsWith('f')).toBe(true)
    for (const locale of LOCALES) {
      expect(proceduresCatalog[locale][error.messageKey], `${error.messageKey} in ${locale}`).toBeTruthy()
      expect(translator(locale)(error.messageKey)).not.toBe(error.messageKey)
    }
  }
}

beforeAll(() => registerCatalog(proceduresCatalog))

const FIELD_TYPES = Object.keys(TYPE_SETTINGS) as FieldType[]

describe('hostile input, every field type', () => {
  // Values a posted HTML form can carry that no field type accepts.
  const postedValues: [string, unknown][] = [
    ['50,000 characters', 'x'.repeat(50_000)],
    ['a bell character', 'a\u0007b'],
    ['a right-to-left override', 'abc\u202Eexe.pdf'],
    ['a NUL character', '\u0000'],
    ['only spaces', '   '],
    ['nothing', ''],
    ['a number instead of text', 42],
    ['an object', { nested: 'x' }],
  ]
  const cases = FIELD_TYPES.flatMap(type => postedValues.map(([name, value]) => [type, name, value] as const))

  it.each(cases)('a posted %s field holding %s gets a translatable error, never a throw', (type, _name, value) => {
    const field = buildField(type)
    let errors: AnswerError[] = []
    expect(() => (errors = read(field, postAs(type, value)).errors)).not.toThrow()
    expect(errors.length).toBeGreaterThan(0)
    expectTranslatable(errors)
  })

  // Values a JSON client can send that no field type accepts.
  const jsonValues: [string, unknown][] = [
    ['a negative number', -1],
    ['a fraction', 1.5],
    ['an object', { a: 1 }],
    ['a list holding null', [null]],
    ['a nested list', [[1]]],
    ['50,000 characters', 'x'.repeat(50_000)],
    ['a bell character', 'a\u0007b'],
    ['a right-to-left override', 'abc\u202Eexe'],
    ['null', null],
    ['an empty list', []],
    ['false', false],
  ]
  const jsonCases = FIELD_TYPES.flatMap(type => jsonValues.map(([name, value]) => [type, name, value] as const))

  it.each(jsonCases)('a JSON %s answer holding %s gets a translatable error, never a throw', (type, _name, value) => {
    const field = buildField(type)
    let errors: AnswerError[] = []
    expect(() => (errors = validateField(field, normalizeJsonAnswer(field, value), 'f', ctx))).not.toThrow()
    expect(errors.length).toBeGreaterThan(0)
    expectTranslatable(errors)
  })

  it.each(FIELD_TYPES)('validateField on a raw, un-normalised hostile %s value never throws', type => {
    const field = buildField(type)
    for (const [, value] of jsonValues) {
      expect(() => validateField(field, value as never, 'f', ctx)).not.toThrow()
    }
  })
})

describe('wrong types in JSON', () => {
  it('refuses a number for a text field as the wrong form', () => {
    const field = buildField('text')
    expect(validateField(field, normalizeJsonAnswer(field, 5), 'f', ctx).map(e => e.messageKey)).toEqual(['procedures.validation.wrongType'])
  })

  it('refuses an object for a date as not a date', () => {
    const field = buildField('date')
    expect(validateField(field, normalizeJsonAnswer(field, { year: 2026 }), 'f', ctx).map(e => e.messageKey)).toEqual(['procedures.validation.date'])
  })

  it('refuses a list for a single choice as not one of the options', () => {
    const field = buildField('singleChoice')
    expect(validateField(field, normalizeJsonAnswer(field, ['a']), 'f', ctx).map(e => e.messageKey)).toEqual(['procedures.validation.choice'])
  })

  it('refuses a list for a name as the wrong form', () => {
    const field = buildField('personName')
    expect(validateField(field, normalizeJsonAnswer(field, ['山田']), 'f', ctx).map(e => e.messageKey)).toEqual(['procedures.validation.wrongType'])
  })
})

describe('text', () => {
  it('refuses text over the limit with the limit in the message', () => {
    const errors = read(buildField('text'), { f: 'あ'.repeat(21) }).errors
    expect(errors).toEqual([expect.objectContaining({ path: 'f', messageKey: 'procedures.validation.tooLong', params: { max: 20 } })])
    expect(translateAnswerError(errors[0], 'ja', translator('ja'))).toBe('項目は20文字以内で入力してください')
  })

  it('counts characters, not UTF-16 units, so 20 emoji or 𠮷 fit a 20 character limit', () => {
    expect(read(buildField('text'), { f: '𠮷'.repeat(20) }).errors).toEqual([])
  })

  it('refuses a posted string over 20,000 characters before any other rule', () => {
    expect(read(buildField('longText', { maxLength: 10_000 }), { f: 'x'.repeat(50_000) }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.tooLong'])
  })

  it('refuses a bell character and a right-to-left override', () => {
    for (const value of ['a\u0007b', 'invoice\u202Efdp.exe']) {
      expect(read(buildField('text'), { f: value }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.controlCharacters'])
    }
  })

  it('keeps line breaks in long text and turns them into spaces in short text', () => {
    expect(read(buildField('longText'), { f: '一行目\r\n二行目' }).values.f).toBe('一行目\n二行目')
    expect(read(buildField('text'), { f: '一行目\r\n二行目' }).values.f).toBe('一行目 二行目')
  })

  it('shows the staff-written message when a pattern does not match', () => {
    const field = buildField('text', { pattern: { regex: '^[0-9]{7}$', message: text('口座番号は7桁の数字です') } })
    const errors = read(field, { f: '12345' }).errors
    expect(errors.map(e => e.messageKey)).toEqual(['procedures.validation.pattern'])
    expect(translateAnswerError(errors[0], 'en', translator('en'))).toBe('口座番号は7桁の数字です (en)')
    expect(read(field, { f: '1234567' }).errors).toEqual([])
  })

  it('treats a blank required field as missing, with the label in every language', () => {
    const errors = read(buildField('text'), { f: '   ' }).errors
    expect(errors.map(e => e.messageKey)).toEqual(['procedures.validation.required'])
    expect(translateAnswerError(errors[0], 'ja', translator('ja'))).toBe('項目を入力してください')
    expect(translateAnswerError(errors[0], 'en', translator('en'))).toBe('Enter 項目 (en)')
  })
})

describe('number', () => {
  it('reads full-width digits and thousands separators', () => {
    expect(read(buildField('number'), { f: '２' })).toMatchObject({ values: { f: 2 }, errors: [] })
    expect(read(buildField('number', { max: 5000 }), { f: '１，０００' })).toMatchObject({ values: { f: 1000 }, errors: [] })
  })

  it.each([
    ['text', 'two', 'procedures.validation.notNumber'],
    ['an exponent', '1e3', 'procedures.validation.notNumber'],
    ['a number too large for a double', '9'.repeat(400), 'procedures.validation.notNumber'],
    ['a fraction for a whole number', '1.5', 'procedures.validation.notInteger'],
    ['a number below the minimum', '0', 'procedures.validation.tooSmall'],
    ['a number above the maximum', '11', 'procedures.validation.tooLarge'],
  ])('refuses %s', (_name, value, messageKey) => {
    expect(read(buildField('number'), { f: value }).errors.map(e => e.messageKey)).toEqual([messageKey])
  })

  it('reads a numeric string from JSON as a number', () => {
    expect(normalizeJsonAnswer(buildField('number'), '３')).toBe(3)
  })
})

describe('phone', () => {
  it('accepts a full-width number with full-width hyphens and stores the digits', () => {
    expect(read(buildField('phone'), { f: '０９０－１２３４－５６７８' })).toMatchObject({ values: { f: '09012345678' }, errors: [] })
  })

  it('accepts +81 and parentheses', () => {
    expect(read(buildField('phone'), { f: '+81 90-1234-5678' }).values.f).toBe('09012345678')
    expect(read(buildField('phone'), { f: '03(1234)5678' }).values.f).toBe('0312345678')
  })

  it.each(['090-1234-567', '110', '060-1234-5678', 'call me', '090-1234-5678 ext 2'])('refuses %s', value => {
    expect(read(buildField('phone'), { f: value }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.phone'])
  })

  it('refuses digits that are not in the stored form when validated directly', () => {
    expect(validateField(buildField('phone'), '090-1234-5678', 'f', ctx).map(e => e.messageKey)).toEqual(['procedures.validation.phone'])
  })
})

describe('dates', () => {
  it('accepts 令和元年5月1日, the first day of 令和', () => {
    expect(read(buildField('date'), { f: '令和元年5月1日' })).toMatchObject({ values: { f: '2019-05-01' }, errors: [] })
  })

  it('refuses 平成32年1月1日, a 平成 year that never happened', () => {
    expect(read(buildField('date'), { f: '平成32年1月1日' }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.date'])
  })

  it('refuses 2026-02-30', () => {
    expect(read(buildField('date'), { f: '2026-02-30' }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.date'])
  })

  it('reads full-width, slashed and kanji Gregorian dates', () => {
    expect(['２０２６－０２－０３', '2026/2/3', '2026年2月3日', 'R8.2.3'].map(readDate)).toEqual(['2026-02-03', '2026-02-03', '2026-02-03', '2026-02-03'])
  })

  it('refuses dates before the minimum and after the maximum, naming the limit', () => {
    const field = buildField('date', { minDate: 'today', maxDate: '2026-12-31' })
    expect(read(field, { f: '2026-03-31' }).errors).toEqual([expect.objectContaining({ messageKey: 'procedures.validation.dateTooEarly', params: { date: '2026-04-01' } })])
    expect(read(field, { f: '2027-01-01' }).errors).toEqual([expect.objectContaining({ messageKey: 'procedures.validation.dateTooLate', params: { date: '2026-12-31' } })])
    expect(read(field, { f: '2026-04-01' }).errors).toEqual([])
  })

  it('reads a 和暦 date sent as JSON into the ISO form', () => {
    expect(normalizeJsonAnswer(buildField('date'), '令和8年4月1日')).toBe('2026-04-01')
  })
})

describe('address', () => {
  const address = { 'f.prefecture': '東京都', 'f.city': '千代田区', 'f.street': '千代田1-1' }

  it.each(['123', 'abcdefg', '12345678'])('refuses the postal code %s on the postal code input', postalCode => {
    expect(read(buildField('address'), { ...address, 'f.postalCode': postalCode }).errors).toEqual([expect.objectContaining({ path: 'f.postalCode', messageKey: 'procedures.validation.postalCode' })])
  })

  it.each(['100-0001', '１００－０００１', '〒100-0001', '100 0001'])('stores %s as seven digits the JSON Schema accepts', postalCode => {
    const parsed = read(buildField('address'), { ...address, 'f.postalCode': postalCode })
    expect(parsed.errors).toEqual([])
    expect(parsed.values.f).toMatchObject({ postalCode: '1000001' })
  })

  it('stores a postal code sent as JSON as seven digits', () => {
    expect(normalizeJsonAnswer(buildField('address'), { postalCode: '〒１００－０００１', prefecture: '東京都', city: '千代田区', street: '1' })).toMatchObject({ postalCode: '1000001' })
  })

  it('asks for each missing part on its own input', () => {
    expect(read(buildField('address'), { 'f.postalCode': '1000001' }).errors.map(e => [e.path, e.messageKey])).toEqual([
      ['f.prefecture', 'procedures.validation.address.prefecture'],
      ['f.city', 'procedures.validation.address.city'],
      ['f.street', 'procedures.validation.address.street'],
    ])
  })

  it('points a wholly missing required address at the postal code input', () => {
    expect(read(buildField('address'), {}).errors).toEqual([expect.objectContaining({ path: 'f.postalCode', messageKey: 'procedures.validation.required' })])
  })
})

describe('My Number', () => {
  it('accepts a number with a valid check digit, with spaces or full-width digits', () => {
    const number = validMyNumber()
    expect(read(buildField('myNumber'), { f: number })).toMatchObject({ values: { f: number }, errors: [] })
    const spaced = `${number.slice(0, 4)} ${number.slice(4, 8)} ${number.slice(8)}`
    expect(read(buildField('myNumber'), { f: spaced.normalize('NFKC').replace(/\d/g, d => String.fromCharCode(d.charCodeAt(0) + 0xfee0)) }).values.f).toBe(number)
  })

  it('refuses a number whose check digit is wrong', () => {
    const number = validMyNumber()
    const wrong = number.slice(0, 11) + String((Number(number[11]) + 1) % 10)
    expect(read(buildField('myNumber'), { f: wrong }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.myNumber'])
  })

  it('refuses eleven digits and letters', () => {
    for (const value of ['12345678901', '1234567890ab']) expect(read(buildField('myNumber'), { f: value }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.myNumber'])
  })

  it('accepts the masked form stored in answers', () => {
    expect(validateField(buildField('myNumber'), '********9018', 'f', ctx)).toEqual([])
  })
})

describe('names and kana', () => {
  const name = (kana: [string, string]) => ({ 'f.familyName': '山田', 'f.givenName': '太郎', 'f.familyNameKana': kana[0], 'f.givenNameKana': kana[1] })

  it('converts hiragana フリガナ to katakana', () => {
    expect(read(buildField('personName'), name(['やまだ', 'たろう']))).toMatchObject({ values: { f: { familyNameKana: 'ヤマダ', givenNameKana: 'タロウ' } }, errors: [] })
  })

  it('converts half-width katakana to full-width', () => {
    expect(read(buildField('personName'), name(['ﾔﾏﾀﾞ', 'ﾀﾛｳ'])).values.f).toMatchObject({ familyNameKana: 'ヤマダ', givenNameKana: 'タロウ' })
  })

  it('accepts a long vowel mark, a middle dot and = in a foreign name', () => {
    expect(read(buildField('personName'), name(['スミス', 'ジョン・ポール=ジュニア'])).errors).toEqual([])
  })

  it('refuses kanji or Latin letters in a フリガナ input, on that input', () => {
    expect(read(buildField('personName'), name(['山田', 'Taro'])).errors.map(e => [e.path, e.messageKey])).toEqual([
      ['f.familyNameKana', 'procedures.validation.kana'],
      ['f.givenNameKana', 'procedures.validation.kana'],
    ])
  })

  it('asks for each missing part of a name', () => {
    expect(read(buildField('personName'), { 'f.familyName': '山田' }).errors.map(e => e.messageKey)).toEqual([
      'procedures.validation.name.givenName',
      'procedures.validation.name.familyNameKana',
      'procedures.validation.name.givenNameKana',
    ])
  })

  it('does not ask for フリガナ when the field has none', () => {
    expect(read(buildField('personName', { kana: false }), { 'f.familyName': 'Smith', 'f.givenName': 'John' }).errors).toEqual([])
  })

  it('refuses a name part over 50 characters', () => {
    expect(read(buildField('personName'), { ...name(['ヤマダ', 'タロウ']), 'f.givenName': '太'.repeat(51) }).errors).toEqual([expect.objectContaining({ path: 'f.givenName', messageKey: 'procedures.validation.tooLong', params: { max: 50 } })])
  })

  it('converts hiragana in a name sent as JSON too', () => {
    expect(normalizeJsonAnswer(buildField('personName'), { familyName: '山田', givenName: '太郎', familyNameKana: 'やまだ', givenNameKana: 'たろう' })).toEqual({ familyName: '山田', givenName: '太郎', familyNameKana: 'ヤマダ', givenNameKana: 'タロウ' })
  })
})

describe('email', () => {
  it('stores a full-width, upper-case address in lower-case ASCII', () => {
    expect(read(buildField('email'), { f: 'ＴＡＲＯ@Example.JP' })).toMatchObject({ values: { f: 'taro@example.jp' }, errors: [] })
  })

  it.each(['taro', 'taro@example', 'taro@@example.jp', 'taro yamada@example.jp', '<taro@example.jp>', `${'a'.repeat(250)}@example.jp`])('refuses %s', value => {
    expect(read(buildField('email'), { f: value }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.email'])
  })

  it('refuses control characters in an address sent as JSON', () => {
    const field = buildField('email')
    for (const value of ['taro\u0007@example.jp', 'taro\u202E@example.jp']) {
      expect(validateField(field, normalizeJsonAnswer(field, value), 'f', ctx).map(e => e.messageKey)).toEqual(['procedures.validation.email'])
    }
  })
})

describe('choices', () => {
  it('refuses an option that is not offered', () => {
    expect(read(buildField('singleChoice'), { f: 'c' }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.choice'])
    expect(read(buildField('select'), { f: 'c' }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.choice'])
  })

  it('refuses the same option ticked twice and an unknown option', () => {
    expect(read(buildField('multipleChoice'), { f: ['a', 'a'] }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.choice'])
    expect(read(buildField('multipleChoice'), { f: ['a', 'z'] }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.choice'])
  })

  it('refuses more options than allowed and fewer than needed', () => {
    expect(read(buildField('multipleChoice'), { f: ['a', 'b', 'c'] }).errors).toEqual([expect.objectContaining({ messageKey: 'procedures.validation.tooManySelected', params: { max: 2 } })])
    expect(read(buildField('multipleChoice', { minSelected: 2 }), { f: 'a' }).errors).toEqual([expect.objectContaining({ messageKey: 'procedures.validation.tooFewSelected', params: { min: 2 } })])
  })

  it('reads one ticked box as a list of one', () => {
    expect(read(buildField('multipleChoice'), { f: 'b' })).toMatchObject({ values: { f: ['b'] }, errors: [] })
  })
})

describe('agreement', () => {
  it('asks for agreement when the box is not ticked', () => {
    expect(read(buildField('agreement'), {}).errors.map(e => e.messageKey)).toEqual(['procedures.validation.agreement'])
    expect(read(buildField('agreement'), { f: 'no' }).errors.map(e => e.messageKey)).toEqual(['procedures.validation.agreement'])
  })

  it('records a ticked box as true', () => {
    expect(read(buildField('agreement'), { f: 'yes' })).toMatchObject({ values: { f: true }, errors: [] })
  })
})

describe('file', () => {
  it('asks for a required file that was not uploaded', () => {
    expect(read(buildField('file'), { f: 'C:\\fakepath\\a.pdf' }).errors).toEqual([expect.objectContaining({ path: 'f', messageKey: 'procedures.validation.fileRequired' })])
  })

  it('takes the file from accepted uploads, never from the posted body', () => {
    const upload = { fileId: '0b9f3a4e-8d1c-4f2a-9e57-1c2d3e4f5a6b', name: 'a.pdf', mediaType: 'application/pdf', sizeBytes: 2000 }
    expect(read(buildField('file'), {}, { f: upload })).toMatchObject({ values: { f: upload }, errors: [] })
  })
})

describe('repeating group', () => {
  it('asks for at least the minimum number of items', () => {
    expect(read(buildField('repeatingGroup', { minItems: 2 }), { 'f[0].childName': '花子' }).errors).toEqual([expect.objectContaining({ path: 'f', messageKey: 'procedures.validation.tooFewItems', params: { min: 2 } })])
    expect(read(buildField('repeatingGroup'), {}).errors.map(e => e.messageKey)).toEqual(['procedures.validation.tooFewItems'])
  })

  it('refuses more than the maximum number of items sent as JSON', () => {
    const field = buildField('repeatingGroup')
    const items = Array.from({ length: 10 }, (_, i) => ({ childName: `子${i}` }))
    expect(validateField(field, normalizeJsonAnswer(field, items), 'f', ctx)).toEqual([expect.objectContaining({ messageKey: 'procedures.validation.tooManyItems', params: { max: 3 } })])
  })

  it('reads no more posted items than the maximum', () => {
    const field = buildField('repeatingGroup')
    if (field.type !== 'repeatingGroup') throw new Error('unreachable')
    expect(groupItemCount(field, { 'f[0].childName': 'a', 'f[2].childName': 'c', 'f[99].childName': 'x', 'f[-1].childName': 'y' })).toBe(3)
  })

  it('reports member errors with the item number and the item label', () => {
    const errors = read(buildField('repeatingGroup'), { 'f[0].childName': '花子', 'f[0].age': '3', 'f[1].childName': '', 'f[1].age': '20' }).errors
    expect(errors.map(e => [e.path, e.messageKey, e.params?.item])).toEqual([
      ['f[1].childName', 'procedures.validation.required', 2],
      ['f[1].age', 'procedures.validation.tooLarge', 2],
    ])
    expect(translateAnswerError(errors[0], 'ja', translator('ja'))).toBe('お子さん 2: お名前を入力してください')
  })

  it('reports an unreadable member value once, not also as missing', () => {
    const errors = read(buildField('repeatingGroup'), { 'f[0].childName': '花子', 'f[0].age': 'three' }).errors
    expect(errors.map(e => [e.path, e.messageKey])).toEqual([['f[0].age', 'procedures.validation.notNumber']])
  })

  it('lets a required group that allows zero items be left empty, as its JSON Schema does', () => {
    const field = buildField('repeatingGroup', { minItems: 0 })
    expect(read(field, {}).errors).toEqual([])
    expect(validateField(field, undefined, 'f', ctx)).toEqual([])
  })
})

describe('reading a page', () => {
  const page = (): FormPage => onePage(
    buildField('singleChoice', { id: 'applicant', options: [{ value: 'self', label: text('本人') }, { value: 'proxy', label: text('代理人') }] }),
    buildField('text', { id: 'relation', showIf: { field: 'applicant', equals: 'proxy' } }),
  )

  it('reads and checks a field shown by an earlier answer on the same page', () => {
    const parsed = readPageForm(page(), { applicant: 'proxy' }, {}, ctx)
    expect(parsed.errors.map(e => [e.path, e.messageKey])).toEqual([['relation', 'procedures.validation.required']])
  })

  it('drops a hidden field’s value and its errors', () => {
    const parsed = readPageForm(page(), { applicant: 'self', relation: 'x\u0007' }, {}, ctx)
    expect(parsed).toMatchObject({ values: { applicant: 'self' }, errors: [] })
    expect(parsed.values).not.toHaveProperty('relation')
  })

  it('keeps what was typed, cut short, to show it again', () => {
    const parsed = readPageForm(page(), { applicant: 'proxy', relation: 'x'.repeat(5000) }, {}, ctx)
    expect((parsed.raw.relation as string).length).toBe(2000)
  })

  it('uses only the first value when a single field is posted twice', () => {
    expect(readPageForm(page(), { applicant: ['self', 'proxy'] }, {}, ctx).values.applicant).toBe('self')
  })
})

describe('answers sent as JSON', () => {
  it('drops an empty list and an unticked box, so optional questions can be left blank', () => {
    const form = FormDefinitionSchema.parse({
      declaration: text('宣誓'),
      pages: [onePage(buildField('multipleChoice', { required: false }), buildField('agreement', { id: 'consent', required: false }))],
    })
    const answers: Answers = {}
    for (const [id, value] of Object.entries({ f: [], consent: false })) {
      const field = form.pages[0].elements.find(e => e.id === id) as Field
      const normal = normalizeJsonAnswer(field, value)
      if (normal !== undefined) answers[id] = normal
    }
    expect(answers).toEqual({})
    expect(validateAnswers(form, answers, ctx)).toEqual([])
    expect(checkAnswersAgainstSchema(toJsonSchema(form), answers)).toEqual([])
  })

  it('turns a null group item into an empty item that reports its missing members', () => {
    const field = buildField('repeatingGroup')
    expect(validateField(field, normalizeJsonAnswer(field, [null]), 'f', ctx).map(e => e.path)).toEqual(['f[0].childName'])
  })
})
