import type { FastifyInstance } from 'fastify'
import { pageContext } from '../../platform/views/page-context.js'
import { adminRequest } from './admin-context.js'
import type { ConsoleService } from './console-service.js'
import { ConsoleHomePage } from './console-pages.js'

/** The staff console's home page (every logged-in staff member). */
export function registerConsoleRoutes(app: FastifyInstance, consoleService: ConsoleService) {
  app.get('/:tenant/staff', { config: { auth: 'staff' } }, async (req, reply) => {
    const home = await consoleService.getConsoleHome(adminRequest(req))
    return reply.html(<ConsoleHomePage ctx={pageContext(req)} displayName={home.displayName} roles={home.roles} />)
  })
}
