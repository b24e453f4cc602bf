import { registerCatalog } from '../i18n.js'
import { platformCatalog } from './platform.js'
import { authCatalog } from './auth.js'
import { filesCatalog } from './files.js'

let registered = false
/** Registers the platform's message catalogs once per process. */
export function registerPlatformCatalogs(): void {
  if (registered) return
  registered = true
  registerCatalog(platformCatalog)
  registerCatalog(authCatalog)
  registerCatalog(filesCatalog)
}
