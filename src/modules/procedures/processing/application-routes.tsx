import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { isAppError } from '../../../platform/errors.js'
import { sendStoredFile } from '../../../platform/files/index.js'
import { isUuid } from '../../../platform/http/params.js'
import { pageContext } from '../../../platform/views/page-context.js'
import type { ActionService } from './action-service.js'
import type { ApprovalService } from './approval-service.js'
import { ActionRefusedPage, ApplicationDetailPage, DETAIL_DONE_FLAGS } from './detail-pages.js'
import type { DetailService } from './detail-service.js'
import { processingRequest } from './processing-context.js'
import { FormProblem } from './processing-errors.js'
import { AssignSchema, DecideSchema, formErrors, formFields, NoteSchema, RequestCorrectionSchema, ReturnSchema, RevealSchema, SignSchema } from './processing-schemas.js'
import { doneNotice, translateErrors } from './processing-views.js'

const config = { auth: 'staff', permission: 'procedures.process' } as const

function queryValue(query: unknown, name: string): string | undefined {
  const value = typeof query === 'object' && query !== null ? (query as Record<string, unknown>)[name] : undefined
  return typeof value === 'string' ? value : undefined
}

/** The application id of `/:tenant/staff/applications/:id/…`, lower-cased; undefined when not a uuid (→ 404). */
function applicationId(req: FastifyRequest): string | undefined {
  const { id } = req.params as { id: string }
  return isUuid(id) ? id.toLowerCase() : undefined
}

export interface ApplicationRouteServices {
  detail: DetailService
  actions: ActionService
  approvals: ApprovalService
}

/** 申請の詳細 and the actions on one application (POST forms with CSRF; PRG with ?done=). */
export function registerApplicationRoutes(app: FastifyInstance, { detail, actions, approvals }: ApplicationRouteServices) {
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store')

  /** The detail page again, with the form's errors (the view is audited again: the data is shown again). */
  async function rerender(req: FastifyRequest, reply: FastifyReply, id: string, errors: Record<string, string>, form: Record<string, string>) {
    const data = await detail.openApplication(processingRequest(req), id)
    noStore(reply)
    return reply.html(<ApplicationDetailPage ctx={pageContext(req)} detail={data} errors={translateErrors(req.t, errors)} form={form} />, 422)
  }

  /**
   * Runs one action: a form problem re-renders the page (422), a stale state or a refused
   * signer gets a console page (409 / 403), success redirects to the page with a notice.
   */
  async function act<S extends z.ZodType>(
    req: FastifyRequest,
    reply: FastifyReply,
    input: { schema: S; fields: readonly string[]; rename?: Record<string, string> },
    run: (id: string, data: z.infer<S>) => Promise<string>,
  ) {
    const id = applicationId(req)
    if (!id) return reply.callNotFound()
    const form = formFields(req.body, input.fields)
    const rename = (errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([field, key]) => [input.rename?.[field] ?? field, key]))
    const shown = rename(form)
    const parsed = input.schema.safeParse(form)
    if (!parsed.success) return rerender(req, reply, id, rename(formErrors(parsed.error)), shown)
    try {
      const done = await run(id, parsed.data)
      return reply.redirect(`/${processingRequest(req).tenant.slug}/staff/applications/${id}?done=${done}`, 303)
    } catch (error) {
      if (error instanceof FormProblem) return rerender(req, reply, id, rename(error.errors), shown)
      if (isAppError(error) && (error.code === 'PROCEDURES.STALE_APPLICATION' || error.code === 'PROCEDURES.CANNOT_SIGN')) {
        const titleKey = error.code === 'PROCEDURES.STALE_APPLICATION' ? 'processing.stale.title' : 'processing.refused.title'
        return reply.html(<ActionRefusedPage ctx={pageContext(req)} applicationId={id} titleKey={titleKey} messageKey={error.messageKey} />, error.status)
      }
      throw error
    }
  }

  app.get('/:tenant/staff/applications/:id', { config }, async (req, reply) => {
    const id = applicationId(req)
    if (!id) return reply.callNotFound()
    const data = await detail.openApplication(processingRequest(req), id)
    noStore(reply)
    return reply.html(<ApplicationDetailPage ctx={pageContext(req)} detail={data} notice={doneNotice(req.t, queryValue(req.query, 'done'), DETAIL_DONE_FLAGS)} />)
  })

  // POST, not GET: revealing is an audited act, and the number must never be in a URL or a cache.
  app.post('/:tenant/staff/applications/:id/reveal-my-number', { config }, async (req, reply) => {
    const id = applicationId(req)
    if (!id) return reply.callNotFound()
    const parsed = RevealSchema.safeParse(formFields(req.body, ['field']))
    if (!parsed.success) return rerender(req, reply, id, { reveal: 'processing.form.invalid' }, {})
    const data = await detail.openApplication(processingRequest(req), id, { reveal: parsed.data.field })
    noStore(reply)
    return reply.html(<ApplicationDetailPage ctx={pageContext(req)} detail={data} />)
  })

  app.post('/:tenant/staff/applications/:id/claim', { config }, (req, reply) =>
    act(req, reply, { schema: z.object({}), fields: [] }, async id => {
      await actions.claimApplication(processingRequest(req), id)
      return 'claimed'
    }),
  )

  app.post('/:tenant/staff/applications/:id/assign', { config }, (req, reply) =>
    act(req, reply, { schema: AssignSchema, fields: ['assignee'] }, async (id, data) => {
      await actions.assignApplication(processingRequest(req), id, data.assignee)
      return 'assigned'
    }),
  )

  app.post('/:tenant/staff/applications/:id/request-correction', { config }, (req, reply) =>
    act(req, reply, { schema: RequestCorrectionSchema, fields: ['message'] }, async (id, data) => {
      await actions.requestCorrection(processingRequest(req), id, data)
      return 'correctionRequested'
    }),
  )

  app.post('/:tenant/staff/applications/:id/decide', { config }, (req, reply) =>
    act(req, reply, { schema: DecideSchema, fields: ['decision', 'reason'] }, async (id, data) => {
      const outcome = await actions.decideApplication(processingRequest(req), id, data)
      return outcome === 'proposed' ? 'proposed' : 'decided'
    }),
  )

  app.post('/:tenant/staff/applications/:id/approvals/sign', { config }, (req, reply) =>
    act(req, reply, { schema: SignSchema, fields: ['step', 'onBehalfOf', 'comment'], rename: { comment: 'signComment', step: 'sign', onBehalfOf: 'sign' } }, async (id, data) => {
      const outcome = await approvals.signStep(processingRequest(req), id, data)
      return outcome === 'decided' ? 'decided' : 'signed'
    }),
  )

  app.post('/:tenant/staff/applications/:id/approvals/return', { config }, (req, reply) =>
    act(req, reply, { schema: ReturnSchema, fields: ['step', 'onBehalfOf', 'comment'], rename: { comment: 'returnComment', step: 'sign', onBehalfOf: 'sign' } }, async (id, data) => {
      await approvals.returnStep(processingRequest(req), id, data)
      return 'returned'
    }),
  )

  app.post('/:tenant/staff/applications/:id/notes', { config }, (req, reply) =>
    act(req, reply, { schema: NoteSchema, fields: ['body'] }, async (id, data) => {
      await detail.addNote(processingRequest(req), id, data.body)
      return 'noteAdded'
    }),
  )

  app.get('/:tenant/staff/applications/:id/files/:fileId', { config }, async (req, reply) => {
    const id = applicationId(req)
    const { fileId } = req.params as { fileId: string }
    if (!id || !isUuid(fileId)) return reply.callNotFound()
    const file = await detail.getAttachment(processingRequest(req), id, fileId.toLowerCase())
    // inline only for types the browser shows safely (images, PDF); sendStoredFile enforces it
    return sendStoredFile(reply, file, { disposition: 'inline' })
  })

  app.get('/:tenant/staff/applications/:id/documents/:documentId', { config }, async (req, reply) => {
    const id = applicationId(req)
    const { documentId } = req.params as { documentId: string }
    if (!id || !isUuid(documentId)) return reply.callNotFound()
    const doc = await detail.getDocument(processingRequest(req), id, documentId.toLowerCase())
    return sendStoredFile(
      reply,
      {
        id: doc.id,
        tenantId: processingRequest(req).tenant.id,
        ownerType: 'procedures.application',
        ownerId: id,
        originalName: `${doc.title}_${doc.receiptNumber ?? id}.pdf`,
        mediaType: 'application/pdf',
        sizeBytes: doc.content.length,
        sha256: '',
        scanResult: 'clean',
        sanitised: false,
        createdAt: doc.issuedAt,
        content: doc.content,
      },
      { disposition: 'inline' },
    )
  })
}
