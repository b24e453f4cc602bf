/**
 * LINE flex messages in templates: the structural checks we can make before LINE sees the JSON
 * (an object whose `type` is `bubble` or `carousel`, a carousel of 1–12 bubbles, block sections
 * that are components, LINE's size limits), and filling `((placeholders))` in its strings.
 * LINE validates the rest on send; these checks catch what staff commonly get wrong when pasting
 * from the Flex Message Simulator (the whole message instead of its `contents`, an array).
 */

/** LINE's limits: a bubble's JSON up to 30 KB, a carousel's up to 50 KB, 12 bubbles per carousel. */
export const FLEX_BUBBLE_MAX_BYTES = 30_000
export const FLEX_CAROUSEL_MAX_BYTES = 50_000
export const FLEX_CAROUSEL_MAX_BUBBLES = 12
const MAX_DEPTH = 20

export type FlexProblem =
  | 'not_json'
  | 'not_object'
  | 'whole_message'
  | 'type'
  | 'carousel_contents'
  | 'carousel_too_many'
  | 'bubble_section'
  | 'too_deep'
  | 'too_large'

export type FlexCheck = { ok: true; flex: Record<string, unknown> } | { ok: false; problem: FlexProblem }

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_DEPTH) return depth
  if (Array.isArray(value)) return Math.max(depth, ...value.map(item => depthOf(item, depth + 1)))
  if (isObject(value)) return Math.max(depth, ...Object.values(value).map(item => depthOf(item, depth + 1)))
  return depth
}

const BUBBLE_SECTIONS = ['header', 'hero', 'body', 'footer'] as const

function checkBubble(bubble: unknown): FlexProblem | undefined {
  if (!isObject(bubble) || bubble.type !== 'bubble') return 'carousel_contents'
  for (const section of BUBBLE_SECTIONS) {
    const part = bubble[section]
    if (part === undefined) continue
    if (!isObject(part) || typeof part.type !== 'string') return 'bubble_section'
  }
  return undefined
}

/** Checks a flex message's `contents` (what a template stores). */
export function checkLineFlex(value: unknown): FlexCheck {
  if (!isObject(value)) return { ok: false, problem: 'not_object' }
  // Pasted from the simulator with the envelope: {"type":"flex","altText":…,"contents":{…}}.
  if (value.type === 'flex') return { ok: false, problem: 'whole_message' }
  if (value.type !== 'bubble' && value.type !== 'carousel') return { ok: false, problem: 'type' }
  if (depthOf(value) > MAX_DEPTH) return { ok: false, problem: 'too_deep' }
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8')
  if (value.type === 'bubble') {
    const problem = checkBubble(value)
    if (problem) return { ok: false, problem: problem === 'carousel_contents' ? 'type' : problem }
    if (bytes > FLEX_BUBBLE_MAX_BYTES) return { ok: false, problem: 'too_large' }
    return { ok: true, flex: value }
  }
  const contents = value.contents
  if (!Array.isArray(contents) || contents.length === 0) return { ok: false, problem: 'carousel_contents' }
  if (contents.length > FLEX_CAROUSEL_MAX_BUBBLES) return { ok: false, problem: 'carousel_too_many' }
  for (const bubble of contents) {
    const problem = checkBubble(bubble)
    if (problem) return { ok: false, problem }
  }
  if (bytes > FLEX_CAROUSEL_MAX_BYTES) return { ok: false, problem: 'too_large' }
  return { ok: true, flex: value }
}

/** Parses the JSON staff typed into the template form and checks it. */
export function parseLineFlex(text: string): FlexCheck {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, problem: 'not_json' }
  }
  return checkLineFlex(value)
}

/** A copy of the flex contents with every string's placeholders filled (keys are left alone). */
export function fillFlexPlaceholders(value: unknown, fill: (text: string) => string, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value
  if (typeof value === 'string') return fill(value)
  if (Array.isArray(value)) return value.map(item => fillFlexPlaceholders(item, fill, depth + 1))
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillFlexPlaceholders(item, fill, depth + 1)]))
  return value
}
