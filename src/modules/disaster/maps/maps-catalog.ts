import { buildCatalog, type Messages } from '../../../platform/i18n/catalog-builder.js'

/** Messages of the disaster module's maps area: key → [日本語, やさしい日本語, English]. */
const messages: Messages = {}

export const mapsCatalog = buildCatalog(messages)
