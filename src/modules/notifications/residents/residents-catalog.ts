import { buildCatalog, type Messages } from '../catalog-builder.js'

const MESSAGES: Messages = {}

export const residentsCatalog = buildCatalog(MESSAGES)
