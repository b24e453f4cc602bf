/**
 * Noto Sans JP for official documents: TrueType files from the `@expo-google-fonts/noto-sans-jp`
 * package, read once per process and subset by pdfkit into each PDF (only the glyphs used).
 *
 * The font covers JIS X 0213 and more, including 𠮷 (U+20BB7), 𩸽, 髙 and 﨑. What it lacks (Hangul,
 * emoji, some rare ideographs) would print as an empty box that copies as nothing, so such
 * characters are replaced by 〓 (the 下駄記号 Japanese typesetting uses for a missing glyph) and can be
 * listed beforehand with `findUnsupportedCharacters`.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { splitGraphemes } from './line-breaking.js'

const require = createRequire(import.meta.url)

/** The font files, resolved through the package so they are found wherever npm installed it. */
export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
} as const

export type FontWeight = keyof typeof FONT_FILES

/** The character printed in place of one the font has no glyph for. */
export const MISSING_GLYPH_REPLACEMENT = '〓'

/** The part of fontkit's API used here; fontkit is pdfkit's own dependency and ships no types. */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean
}
interface Fontkit {
  create(buffer: Buffer): FontkitFont
}

export interface LoadedFonts {
  /** Parsed fonts for `registerFont`: pdfkit 0.20 takes a fontkit font as well as a file. */
  regular: PDFKit.Mixins.PDFFontSource
  bold: PDFKit.Mixins.PDFFontSource
  /** Tells whether the regular weight has a glyph for the code point (the bold has the same set). */
  hasGlyph(codePoint: number): boolean
}

let loading: Promise<LoadedFonts> | undefined

/**
 * Reads and parses both weights once per process (5.4 MB each). Documents share the parsed fonts,
 * which saves re-reading the font tables on every render; each document still makes its own subset.
 */
export function loadFonts(): Promise<LoadedFonts> {
  loading ??= (async () => {
    const [regularFile, boldFile] = await Promise.all([readFile(FONT_FILES.regular), readFile(FONT_FILES.bold)])
    // Resolved from pdfkit's own location: fontkit is its dependency, not ours.
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as Fontkit
    const regular = fontkit.create(regularFile)
    const bold = fontkit.create(boldFile)
    return {
      // @types/pdfkit lists only files and buffers; pdfkit checks for a `layout` method at run time.
      regular: regular as unknown as PDFKit.Mixins.PDFFontSource,
      bold: bold as unknown as PDFKit.Mixins.PDFFontSource,
      hasGlyph: codePoint => regular.hasGlyphForCodePoint(codePoint),
    }
  })()
  loading.catch(() => {
    loading = undefined // a failed read (e.g. a half-installed package) may be retried
  })
  return loading
}

// Variation selectors are consumed by font shaping (葛 + U+E0100 draws one glyph) even when the
// font has no glyph of their own, so they are kept.
const VARIATION_SELECTOR = /^[\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]$/u
// Invisible characters (zero-width space, joiners, soft hyphen, BOM, controls) are dropped even
// when the font has a glyph for them: a soft hyphen would print as a hyphen in the middle of a name.
const INVISIBLE = /^[\p{Cf}\p{Cc}]$/u
const TAB = /^[\t\v\f]$/u
const SPACE_SEPARATOR = /^\p{Zs}$/u

type CodePointTreatment = 'keep' | 'space' | 'drop' | 'replace'

function classifyCodePoint(char: string, hasGlyph: (codePoint: number) => boolean): CodePointTreatment {
  if (char === '\n' || char === '\r') return 'keep'
  if (TAB.test(char)) return 'space'
  if (INVISIBLE.test(char)) return 'drop'
  // codePointAt(0) is defined: `char` is one code point from a non-empty string.
  if (hasGlyph(char.codePointAt(0) as number) || VARIATION_SELECTOR.test(char)) return 'keep'
  if (SPACE_SEPARATOR.test(char)) return 'space'
  return 'replace'
}

/**
 * Makes text printable with the font: tabs and unusual spaces become spaces, invisible format
 * characters are dropped, and each character without a glyph becomes 〓. Line breaks are kept.
 */
export function toPrintableText(text: string, hasGlyph: (codePoint: number) => boolean): string {
  let printable = ''
  for (const grapheme of splitGraphemes(text)) {
    const chars = [...grapheme].map(char => ({ char, treatment: classifyCodePoint(char, hasGlyph) }))
    // One 〓 per user-perceived character, even one made of several code points (👍🏽, 🇯🇵).
    if (chars.some(c => c.treatment === 'replace')) {
      printable += MISSING_GLYPH_REPLACEMENT
      continue
    }
    for (const { char, treatment } of chars) {
      switch (treatment) {
        case 'keep':
          printable += char
          break
        case 'space':
          printable += ' '
          break
        case 'drop':
        case 'replace':
          break
        default: {
          const unknown: never = treatment
          throw new Error(`Unknown treatment ${String(unknown)}`)
        }
      }
    }
  }
  return printable
}

/** Lists, once each and in order of appearance, the characters that would print as 〓. */
export function listUnsupportedCharacters(texts: Iterable<string>, hasGlyph: (codePoint: number) => boolean): string[] {
  const found = new Set<string>()
  for (const text of texts) {
    for (const grapheme of splitGraphemes(text)) {
      if ([...grapheme].some(char => classifyCodePoint(char, hasGlyph) === 'replace')) found.add(grapheme)
    }
  }
  return [...found]
}
