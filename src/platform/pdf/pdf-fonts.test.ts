import { describe, expect, it } from 'vitest'
import { loadFonts, toPrintableText, listUnsupportedCharacters, MISSING_GLYPH_REPLACEMENT } from './pdf-fonts.js'

describe('Noto Sans JP coverage', () => {
  it('has glyphs for names outside the BMP and for old and variant kanji', async () => {
    const { hasGlyph } = await loadFonts()
    for (const char of ['𠮷', '𩸽', '髙', '﨑', '㍻', '①']) expect(hasGlyph(char.codePointAt(0) as number), char).toBe(true)
    expect(hasGlyph(0x1f44d)).toBe(false) // 👍
  })
})

describe('toPrintableText', () => {
  it('replaces each character the font lacks with one 〓, keeps the rest', async () => {
    const { hasGlyph } = await loadFonts()
    expect(MISSING_GLYPH_REPLACEMENT).toBe('〓')
    expect(toPrintableText('𠮷田👍🏽さん🇯🇵', hasGlyph)).toBe('𠮷田〓さん〓')
  })

  it('turns tabs into spaces, drops invisible characters and keeps line breaks and variation selectors', async () => {
    const { hasGlyph } = await loadFonts()
    expect(toPrintableText('氏名\t山田\u200b\u00ad花子\n葛\u{E0100}飾', hasGlyph)).toBe('氏名 山田花子\n葛\u{E0100}飾')
  })
})

describe('listUnsupportedCharacters', () => {
  it('lists each unprintable character once, in order', async () => {
    const { hasGlyph } = await loadFonts()
    expect(listUnsupportedCharacters(['한국 👍', '👍 𠮷'], hasGlyph)).toEqual(['한', '국', '👍'])
  })
})
