/**
 * Line breaking for Japanese and mixed text, done here rather than by pdfkit so the layout knows
 * every line before drawing it: table rows and paragraphs can then be split across pages exactly.
 *
 * Japanese breaks between any two characters except where 禁則処理 (kinsoku) forbids it: closing
 * punctuation and small kana never start a line, opening brackets never end one. Latin words,
 * numbers, URLs and e-mail addresses stay whole unless a single one is wider than the line.
 */

/** Returns the drawn width of a string in points, in the font and size the lines will use. */
export type MeasureText = (text: string) => number

// Characters that may not begin a line (行頭禁則). All are in the BMP, so splitting the string is safe.
const NO_LINE_START = new Set(
  [...'、。，．・：；？！゛゜ヽヾゝゞ々〻ー―‐）］｝〕〉》」』】〙〗〟’”｠»ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ…‥〜～,.:;!?)]}%％'],
)
// Characters that may not end a line (行末禁則).
const NO_LINE_END = new Set([...'（［｛〔〈《「『【〘〖〝‘“｟«([{'])

// A grapheme that is part of a Latin-style word: it only breaks at spaces.
const WORD_GRAPHEME = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}\p{Mn}\p{Pc}'’\-+@#&*=/\\:.,;!?%$€£¥~_<>|^()[\]{}"]/u
const SPACE = /^\s+$/u

const graphemeSegmenter = new Intl.Segmenter('ja', { granularity: 'grapheme' })

/** Splits text into user-perceived characters, so surrogate pairs (𠮷) and combining marks stay whole. */
export function splitGraphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), s => s.segment)
}

/**
 * Cuts text into units that a line may break between: one unit per Japanese character, one per
 * Latin word, one per run of spaces, with kinsoku characters glued to their neighbour.
 */
function splitBreakUnits(text: string): string[] {
  const units: string[] = []
  let glueNext = false
  for (const grapheme of splitGraphemes(text)) {
    const previous = units.at(-1)
    const isSpace = SPACE.test(grapheme)
    const continuesWord =
      previous !== undefined && !isSpace && WORD_GRAPHEME.test(grapheme) && WORD_GRAPHEME.test(previous.slice(-1)) && !SPACE.test(previous)
    const continuesSpace = previous !== undefined && isSpace && SPACE.test(previous)
    const mustFollow = previous !== undefined && !isSpace && !SPACE.test(previous) && NO_LINE_START.has(grapheme)
    if (previous !== undefined && (glueNext || continuesWord || continuesSpace || mustFollow)) {
      units[units.length - 1] = previous + grapheme
    } else {
      units.push(grapheme)
    }
    glueNext = NO_LINE_END.has(grapheme)
  }
  return units
}

/** Breaks a unit wider than a whole line at grapheme boundaries (a very long URL, a 40-digit number). */
function splitOverwideUnit(unit: string, width: number, measure: MeasureText): string[] {
  const pieces: string[] = []
  let piece = ''
  for (const grapheme of splitGraphemes(unit)) {
    if (piece !== '' && measure(piece + grapheme) > width) {
      pieces.push(piece)
      piece = ''
    }
    piece += grapheme
  }
  if (piece !== '') pieces.push(piece)
  return pieces
}

/** Breaks one paragraph without hard line breaks into lines no wider than `width`. */
function breakParagraph(text: string, width: number, measure: MeasureText): string[] {
  const lines: string[] = []
  let line = ''
  let lineWidth = 0
  const unitWidths = new Map<string, number>()
  const widthOf = (unit: string) => {
    let w = unitWidths.get(unit)
    if (w === undefined) unitWidths.set(unit, (w = measure(unit)))
    return w
  }
  const pushLine = () => {
    lines.push(line.trimEnd())
    line = ''
    lineWidth = 0
  }

  for (const unit of splitBreakUnits(text)) {
    const isSpace = SPACE.test(unit)
    if (isSpace && line === '' && lines.length > 0) continue // no leading space after a soft break
    const w = widthOf(unit)
    // Spaces may hang past the margin: they are trimmed from the end of the line.
    if (line !== '' && !isSpace && lineWidth + w > width) pushLine()
    if (w > width && !isSpace) {
      // Only reached with an empty line: the unit alone is wider than a line.
      for (const [index, piece] of splitOverwideUnit(unit, width, measure).entries()) {
        if (index > 0) pushLine()
        line = piece
        lineWidth = measure(piece)
      }
      continue
    }
    line += unit
    lineWidth += w
  }
  if (line !== '' || lines.length === 0) pushLine()
  return lines
}

/**
 * Breaks text into lines that fit `width` points. Hard line breaks (\n, \r\n) are kept; an
 * empty paragraph gives one empty line so blank lines keep their height.
 */
export function breakLines(text: string, width: number, measure: MeasureText): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .flatMap(paragraph => breakParagraph(paragraph, width, measure))
}
