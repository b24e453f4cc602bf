import { describe, expect, it } from 'vitest'
import { breakLines, splitGraphemes } from './line-breaking.js'

// Every character is one unit wide (a space half a unit), like a monospaced Japanese font.
const measure = (text: string) => splitGraphemes(text).reduce((width, g) => width + (g === ' ' ? 0.5 : 1), 0)
const lines = (text: string, width: number) => breakLines(text, width, measure)

describe('breakLines', () => {
  it('fills Japanese lines to the width, breaking between any two characters', () => {
    expect(lines('あいうえおかきくけこさし', 5)).toEqual(['あいうえお', 'かきくけこ', 'さし'])
  })

  it('never starts a line with closing punctuation or a small kana (行頭禁則)', () => {
    const result = lines('これは例です。次の文ですね」ちょっと', 6)
    expect(result.join('')).toBe('これは例です。次の文ですね」ちょっと')
    for (const line of result.slice(1)) expect(line).not.toMatch(/^[。、」ょっ]/)
    for (const line of result) expect(measure(line)).toBeLessThanOrEqual(6)
    // The character before the 。 moves down with it (追い出し), so no line runs past the margin.
    expect(result.slice(0, 2)).toEqual(['これは例で', 'す。次の文で'])
  })

  it('never ends a line with an opening bracket (行末禁則)', () => {
    const result = lines('申請者は「山田花子」です', 5)
    for (const line of result) expect(line).not.toMatch(/[「（]$/)
    expect(result.join('')).toBe('申請者は「山田花子」です')
  })

  it('keeps Latin words, numbers and URLs whole and breaks at spaces', () => {
    expect(lines('see https://example.jp/a/b now', 24)).toEqual(['see', 'https://example.jp/a/b', 'now'])
    expect(lines('月額 15,000円', 6)).toEqual(['月額', '15,000', '円'])
  })

  it('cuts a word wider than the line rather than letting it overflow', () => {
    const result = lines('abcdefghijkl', 5)
    expect(result).toEqual(['abcde', 'fghij', 'kl'])
    for (const line of result) expect(measure(line)).toBeLessThanOrEqual(5)
  })

  it('never splits a character outside the BMP or a character with a variation selector', () => {
    expect(lines('𠮷𠮷𠮷𠮷𠮷', 2)).toEqual(['𠮷𠮷', '𠮷𠮷', '𠮷'])
    expect(lines('葛\u{E0100}飾区葛\u{E0100}飾', 2)).toEqual(['葛\u{E0100}飾', '区葛\u{E0100}', '飾'])
  })

  it('keeps hard line breaks and blank lines, and the indent at the start of a paragraph', () => {
    expect(lines('　一行目\r\n\n三行目', 10)).toEqual(['　一行目', '', '三行目'])
    expect(lines('', 10)).toEqual([''])
  })

  it('drops spaces at a soft line break', () => {
    expect(lines('one two three', 7)).toEqual(['one two', 'three'])
  })
})
