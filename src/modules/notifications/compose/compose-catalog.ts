import { buildCatalog, type Messages } from '../catalog-builder.js'

const MESSAGES: Messages = {}

export const composeCatalog = buildCatalog(MESSAGES)
