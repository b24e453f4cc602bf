/**
 * Buttons and links that look like buttons. Use Button for actions that change something
 * (submit a form), ButtonLink for navigation (start a procedure).
 */
import type { Child } from 'hono/jsx'
import { dataAttributes } from './field-parts.js'

/** 'link' looks like a text link (for a secondary action beside a primary button). */
export type ButtonVariant = 'primary' | 'secondary' | 'warning' | 'link'

const buttonClass = (variant: ButtonVariant) => `button button--${variant}`

export interface ButtonProps {
  children: Child
  variant?: ButtonVariant
  type?: 'submit' | 'button'
  name?: string
  value?: string
  formnovalidate?: boolean
  /** Extra `data-*` attributes (anything else throws). */
  attrs?: Record<string, string>
}

export function Button({ children, variant = 'primary', type = 'submit', name, value, formnovalidate, attrs }: ButtonProps) {
  return (
    <button {...dataAttributes(attrs)} type={type} class={buttonClass(variant)} name={name} value={value} formnovalidate={formnovalidate || undefined}>
      {children}
    </button>
  )
}

export interface ButtonLinkProps {
  href: string
  children: Child
  variant?: ButtonVariant
}

/** A link styled as a button. Deliberately no role="button": it navigates, and Space would not work without JS. */
export function ButtonLink({ href, children, variant = 'primary' }: ButtonLinkProps) {
  return (
    <a href={href} class={buttonClass(variant)}>
      {children}
    </a>
  )
}

export interface CopyButtonProps {
  /** The text put on the clipboard. */
  text: string
  children: Child
  /** Announced after copying, e.g. 'コピーしました'. */
  copiedLabel: string
}

/**
 * Copies `text` to the clipboard. Rendered `hidden` and shown by enhance.js, because it can do
 * nothing without JavaScript; the text itself must also be on the page.
 */
export function CopyButton({ text, children, copiedLabel }: CopyButtonProps) {
  return (
    <span class="copy-button">
      <button type="button" class="button button--secondary" data-copy={text} data-copied-label={copiedLabel} hidden>
        {children}
      </button>
      <span class="copy-button__status" role="status"></span>
    </span>
  )
}
