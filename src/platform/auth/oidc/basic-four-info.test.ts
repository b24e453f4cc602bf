import { describe, expect, it } from 'vitest'

import { isAppError } from '../../errors.js'
import { parseBasicFourInfo } from './basic-four-info.js'

const complete = {
  sub: 'abc',
  name: '𠮷田　花子',
  address: '東京都デモ市桜町三丁目１０番地の５',
  birthdate: '1992-11-03',
  gender: 'female',
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    return isAppError(error) ? error.code : `not an AppError: ${String(error)}`
  }
  return undefined
}

describe('parseBasicFourInfo', () => {
  it('keeps the name exactly, surrogate pair and 全角 space included', () => {
    const info = parseBasicFourInfo(complete)

    expect(info).toEqual({
      name: '𠮷田　花子',
      address: '東京都デモ市桜町三丁目１０番地の５',
      birthdate: '1992-11-03',
      gender: 'female',
    })
    expect([...info.name]).toHaveLength(5)
  })

  it('takes an OIDC address object by its formatted value', () => {
    const info = parseBasicFourInfo({ ...complete, address: { formatted: '東京都デモ市中央一丁目２番３号', postal_code: '100-0001' } })

    expect(info.address).toBe('東京都デモ市中央一丁目２番３号')
  })

  it('composes an address object without formatted in Japanese order', () => {
    const info = parseBasicFourInfo({
      ...complete,
      address: { region: '東京都', locality: 'デモ市', street_address: '北町五丁目８番地' },
    })

    expect(info.address).toBe('東京都デモ市北町五丁目８番地')
  })

  it.each([
    ['male', 'male'],
    ['female', 'female'],
    ['other', 'other'],
    ['1', 'male'],
    ['2', 'female'],
    ['3', 'unknown'],
    [1, 'male'],
    ['男性', 'male'],
    ['女', 'female'],
    ['Female', 'female'],
    ['9', 'unknown'],
    ['constructor', 'unknown'],
    [undefined, 'unknown'],
  ])('maps gender %j to %s', (gender, expected) => {
    expect(parseBasicFourInfo({ ...complete, gender }).gender).toBe(expected)
  })

  it('accepts a JPKI-style YYYYMMDD birthdate and normalises it', () => {
    expect(parseBasicFourInfo({ ...complete, birthdate: '19340226' }).birthdate).toBe('1934-02-26')
  })

  it('reads the kana name when the IdP sends one', () => {
    expect(parseBasicFourInfo({ ...complete, 'name#ja-Kana-JP': 'ヨシダ　ハナコ' }).nameKana).toBe('ヨシダ　ハナコ')
    expect(parseBasicFourInfo({ ...complete, name_kana: 'ヨシダ　ハナコ' }).nameKana).toBe('ヨシダ　ハナコ')
    expect(parseBasicFourInfo(complete)).not.toHaveProperty('nameKana')
  })

  it.each([
    ['name', { name: undefined }],
    ['blank name', { name: '  ' }],
    ['address', { address: undefined }],
    ['address object without parts', { address: { country: 'JP' } }],
    ['birthdate', { birthdate: undefined }],
    ['impossible birthdate', { birthdate: '1990-02-30' }],
    ['birthdate in another format', { birthdate: '平成2年1月1日' }],
    ['non-string name', { name: 42 }],
  ])('refuses claims without a usable %s', (_what, override) => {
    expect(codeOf(() => parseBasicFourInfo({ ...complete, ...override }))).toBe('AUTH.OIDC_CLAIMS_MISSING')
  })

  it('does not need gender', () => {
    const { gender: _gender, ...withoutGender } = complete

    expect(parseBasicFourInfo(withoutGender).gender).toBe('unknown')
  })
})
