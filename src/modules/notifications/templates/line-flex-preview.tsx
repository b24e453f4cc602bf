/**
 * A simple HTML approximation of a LINE flex message for the preview: its texts in reading
 * order, buttons by their labels, images and videos named (not loaded: the staff console's CSP
 * allows no outside images, and a preview must not call out to them). Layout, sizes and colours
 * are LINE's to draw; staff check the wording here and the look in LINE's own simulator.
 */
import type { Child } from 'hono/jsx'
import type { Translate } from '../../../platform/i18n/i18n.js'

type Node = Record<string, unknown>

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown) => (typeof value === 'string' ? value : '')

function FlexNode({ node, t, depth }: { node: unknown; t: Translate; depth: number }): Child {
  if (!isNode(node) || depth > 20) return null
  switch (node.type) {
    case 'box': {
      const contents = Array.isArray(node.contents) ? node.contents : []
      return (
        <div class="line-flex__box">
          {contents.map(child => (
            <FlexNode node={child} t={t} depth={depth + 1} />
          ))}
        </div>
      )
    }
    case 'text': {
      const spans = Array.isArray(node.contents) ? node.contents.map(span => (isNode(span) ? text(span.text) : '')).join('') : ''
      return <p>{spans || text(node.text)}</p>
    }
    case 'image':
    case 'video':
      return <p class="muted">{t(node.type === 'image' ? 'notifications.templates.preview.flexImage' : 'notifications.templates.preview.flexVideo', { description: text(node.altText) || text(node.url) })}</p>
    case 'button': {
      const action = isNode(node.action) ? node.action : {}
      return (
        <p>
          <strong>{t('notifications.templates.preview.flexButton', { label: text(action.label) || text(action.uri) })}</strong>
        </p>
      )
    }
    case 'separator':
      return <hr />
    default:
      return null
  }
}

function Bubble({ bubble, t }: { bubble: unknown; t: Translate }) {
  if (!isNode(bubble)) return null
  return (
    <div class="card">
      {(['header', 'hero', 'body', 'footer'] as const).map(section => (
        <FlexNode node={bubble[section]} t={t} depth={0} />
      ))}
    </div>
  )
}

export function FlexPreview({ flex, t }: { flex: unknown; t: Translate }) {
  if (!isNode(flex)) return null
  if (flex.type === 'carousel' && Array.isArray(flex.contents)) {
    return (
      <ol class="card-list">
        {flex.contents.map(bubble => (
          <li>
            <Bubble bubble={bubble} t={t} />
          </li>
        ))}
      </ol>
    )
  }
  return <Bubble bubble={flex} t={t} />
}
