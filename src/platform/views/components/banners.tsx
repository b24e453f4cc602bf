/** Page-level messages: the notification banner and the site-wide emergency banner. */
import type { Child } from 'hono/jsx'
import { idFromText } from './field-parts.js'

export interface NotificationBannerProps {
  title: string
  children: Child
  variant?: 'info' | 'success'
  /** Id of the title (default derived from the title text). */
  titleId?: string
}

/**
 * A message about the whole page. 'info' is a labelled region; 'success' (the outcome of what the
 * resident just did, e.g. after a redirect) is an alert so it is announced. The variant is also
 * carried by the title text and the border style, not only by colour.
 */
export function NotificationBanner({ title, children, variant = 'info', titleId }: NotificationBannerProps) {
  const id = titleId ?? idFromText('notification-banner', title)
  return (
    <div class={`notification-banner notification-banner--${variant}`} role={variant === 'success' ? 'alert' : 'region'} aria-labelledby={id}>
      <h2 id={id} class="notification-banner__title">
        {title}
      </h2>
      <div class="notification-banner__content">{children}</div>
    </div>
  )
}

export interface EmergencyBannerProps {
  title: string
  children: Child
  titleId?: string
}

/**
 * The site-wide emergency message (evacuation orders, disasters). The layout renders it first in
 * <body>, right after the skip link, on every page. It is a labelled region rather than an alert
 * so that it is not re-announced on every page view; high contrast (white on dark red, thick
 * black border) and a heading carry its urgency.
 */
export function EmergencyBanner({ title, children, titleId = 'emergency-banner-title' }: EmergencyBannerProps) {
  return (
    <section class="emergency-banner" aria-labelledby={titleId}>
      <div class="emergency-banner__inner">
        <h2 id={titleId} class="emergency-banner__title">
          {title}
        </h2>
        <div class="emergency-banner__content">{children}</div>
      </div>
    </section>
  )
}
