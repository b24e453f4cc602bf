/**
 * The staff form builder (手続きの作成・編集): procedure list, create from blank or a template,
 * import / export as JSON, the no-code editor of pages, fields, conditions and fees, preview,
 * publish (frozen versions) and archive. All routes `auth: 'staff'`, permission `procedures.manage`.
 */
import type { FastifyInstance } from 'fastify'
import { registerCatalog } from '../../../platform/i18n/i18n.js'
import type { Platform } from '../../../platform/platform.js'
import { builderCatalog } from './builder-catalog.js'
import { registerBuilderFeeRoutes } from './builder-fee-routes.js'
import { registerBuilderFormRoutes } from './builder-form-routes.js'
import { registerBuilderRoutes } from './builder-routes.js'
import { createProcedureBuilderService } from './builder-service.js'

export { builderCatalog } from './builder-catalog.js'
export { createProcedureBuilderService, type ProcedureBuilderService } from './builder-service.js'
export { applyBuilderEdit, validateDocument, type BuilderEdit, type EditResult } from './builder-edits.js'
export {
  listProcedureTemplates,
  findProcedureTemplate,
  createProcedureFromTemplate,
  PROCEDURE_TEMPLATE_SLUGS,
  type ProcedureTemplate,
  type ProcedureTemplateSlug,
} from '../templates/procedure-templates.js'

let isCatalogRegistered = false
const registeredApps = new WeakSet<FastifyInstance>()

/**
 * Registers the builder's messages (once per process) and its routes under
 * `/:tenant/staff/procedures`. A second call for the same app does nothing, so tests can register
 * it whether or not the module's wiring already has.
 */
export function registerProcedureBuilder(app: FastifyInstance, platform: Platform): void {
  if (!isCatalogRegistered) {
    registerCatalog(builderCatalog)
    isCatalogRegistered = true
  }
  if (registeredApps.has(app)) return
  registeredApps.add(app)
  const builder = createProcedureBuilderService({ db: platform.database.db })
  registerBuilderRoutes(app, builder)
  registerBuilderFormRoutes(app, builder)
  registerBuilderFeeRoutes(app, builder)
}
