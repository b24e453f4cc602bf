/**
 * Templates (テンプレート): versioned notice texts per language and channel with
 * `((placeholders))`, their staff pages (list, create, edit, history, preview, test send) and the
 * rendering every channel uses.
 *
 * | Method | Path (under /:tenant/staff/notifications/templates) | Permission |
 * |---|---|---|
 * | GET | `` (list), `/:id` (?version=), `/:id/preview`, `/:id/preview/email` | notifications.send |
 * | POST | `/:id/test-send` (email to oneself, 10 an hour) | notifications.send |
 * | GET/POST | `/new`, `` (create), `/:id/edit`, `/:id` (save → new version) | notifications.manage |
 *
 * Others call (inside their tenant transaction): `getTemplateVersion`, `getTemplateVersionByKey`,
 * `templateContentFor`, `listTemplates`; and the pure `renderNotice`, `renderEmailHtml`,
 * `smsSegments`, `listPlaceholders`, `checkPersonalisation`, `checkNoticeContent`.
 */
import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../../platform/platform.js'
import { registerTemplateRoutes } from './template-routes.js'
import { createTemplateService } from './template-service.js'

export {
  getTemplateVersion,
  getTemplateVersionByKey,
  templateContentFor,
  listTemplates,
  createTemplateService,
  TEST_SEND_LIMIT_PER_HOUR,
  type TemplateVersion,
  type TemplateService,
} from './template-service.js'
export {
  renderNotice,
  renderEmailHtml,
  smsSegments,
  fitSmsText,
  fillPlaceholders,
  chooseNoticeLanguage,
  truncateText,
  LINE_TEXT_MAX,
  PUSH_BODY_MAX,
  type RenderedMessage,
  type SmsSegments,
  type EmailHtmlOptions,
} from './render-notice.js'
export { listPlaceholders, checkPersonalisation, findPlaceholderMismatches, PLACEHOLDER_NAME } from './template-placeholders.js'
export { checkNoticeContent, contentIssueMessage, type ContentIssue } from './template-content.js'
export { checkLineFlex, parseLineFlex, type FlexCheck, type FlexProblem } from './line-flex.js'
export { templateNotFound, templateVersionNotFound } from './template-errors.js'

/** Registers the template pages (staff surface only: templates are never public). */
export function registerTemplates(app: FastifyInstance, platform: Platform, surfaces: { public: boolean; staff: boolean }): void {
  if (!surfaces.staff) return
  registerTemplateRoutes(app, createTemplateService(platform), platform.config)
}
