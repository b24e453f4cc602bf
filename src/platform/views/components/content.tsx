/** Small content components: Tag, Details, BackLink and the hidden CSRF field. */
import type { Child } from 'hono/jsx'

export type TagTone = 'grey' | 'blue' | 'green' | 'red' | 'yellow'

export interface TagProps {
  children: Child
  tone?: TagTone
}

/** A status label (受付中, 完了). Its text carries the meaning; the tone only reinforces it. */
export function Tag({ children, tone = 'blue' }: TagProps) {
  return <strong class={`tag tag--${tone}`}>{children}</strong>
}

export interface DetailsProps {
  summary: Child
  children: Child
}

/** Native disclosure: opens and closes without JavaScript. */
export function Details({ summary, children }: DetailsProps) {
  return (
    <details class="details">
      <summary class="details__summary">
        <span class="details__summary-text">{summary}</span>
      </summary>
      <div class="details__text">{children}</div>
    </details>
  )
}

/** The anti-CSRF token every state-changing form carries (checked by platform/http). */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}

/** A link back to the page above (「一覧に戻る」), as its own paragraph. */
export function BackLink({ href, children }: { href: string; children: Child }) {
  return (
    <p>
      <a href={href} class="back-link">
        {children}
      </a>
    </p>
  )
}
