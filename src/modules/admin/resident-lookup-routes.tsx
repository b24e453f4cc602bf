import type { FastifyInstance } from 'fastify'
import { pageContext } from '../../platform/views/page-context.js'
import { adminRequest } from './admin-context.js'
import { fieldErrors, isUuid, queryValue } from './admin-forms.js'
import { ResidentSearchSchema } from './resident-lookup-schemas.js'
import type { ResidentLookupService } from './resident-lookup-service.js'
import { ResidentBasicInfoPage, ResidentSearchPage } from './resident-lookup-pages.js'

const config = { auth: 'staff', permission: 'residents.read-basic-info' } as const

/** 住民情報: search by name or email, then one resident's 基本4情報 (audited). */
export function registerResidentLookupRoutes(app: FastifyInstance, residents: ResidentLookupService) {
  app.get('/:tenant/staff/residents', { config }, async (req, reply) => {
    const admin = adminRequest(req)
    const raw = queryValue(req.query, 'q') ?? ''
    const parsed = ResidentSearchSchema.safeParse({ q: raw })
    if (!parsed.success) return reply.html(<ResidentSearchPage ctx={pageContext(req)} q={raw.slice(0, 100)} errors={fieldErrors(parsed.error, req.t)} />, 422)
    const q = parsed.data.q
    if (q === '') return reply.html(<ResidentSearchPage ctx={pageContext(req)} q="" />)
    const result = await residents.searchResidents(admin, q)
    reply.header('cache-control', 'no-store')
    return reply.html(<ResidentSearchPage ctx={pageContext(req)} q={q} result={result} />)
  })

  app.get('/:tenant/staff/residents/:id', { config }, async (req, reply) => {
    const { id } = req.params as { id: string }
    if (!isUuid(id)) return reply.callNotFound()
    const resident = await residents.getResidentBasicInfo(adminRequest(req), id.toLowerCase())
    // personal data: never kept in a shared or browser cache
    reply.header('cache-control', 'no-store')
    return reply.html(<ResidentBasicInfoPage ctx={pageContext(req)} resident={resident} />)
  })
}
