import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { AppError, unauthenticated } from '../../platform/errors.js'
import { tenantOf } from '../../platform/http/pipeline.js'
import { isSafeReturnPath, isUuid, pageNumber } from '../../platform/http/params.js'
import type { Translate } from '../../platform/i18n/i18n.js'
import { pageContext } from '../../platform/views/page-context.js'
import { invalidReconciliationQuery } from './payment-errors.js'
import { PaymentReturnPage } from './payment-pages.js'
import { tokyoDate } from './payment-rules.js'
import { PaymentListFilterSchema, ReconciliationQuerySchema, RefundFormSchema, type PaymentListFilter } from './payment-schemas.js'
import type { PaymentService, PaymentStaffRequest } from './payment-service.js'
import { PAYMENT_STATUSES, type PaymentStatus } from './payment-tables.js'
import { PaymentDetailPage, PaymentListPage, type FieldErrors } from './staff-payment-pages.js'

/** A query parameter as one string (a repeated parameter counts as absent). */
function queryValue(req: FastifyRequest, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value : undefined
}

function formValue(req: FastifyRequest, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value : ''
}

/** Schema messages are catalog keys of this module; anything else gets the generic message. */
function fieldErrors(error: z.ZodError, t: Translate): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form')
    out[field] ??= t(issue.message.startsWith('payments.errors.') ? issue.message : 'payments.errors.invalidDate')
  }
  return out
}

function staffRequest(req: FastifyRequest): PaymentStaffRequest {
  const tenant = tenantOf(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenant, actor: req.staff, requestId: req.id }
}

function paymentIdOf(req: FastifyRequest): string {
  const { paymentId } = req.params as { paymentId?: string }
  if (!isUuid(paymentId)) throw new AppError('NOT_FOUND', 'PAYMENTS.NOT_FOUND', 'errors.notFound')
  return paymentId
}

const DONE_FLAGS = ['markedPaid', 'refunded'] as const

/** The resident's return page and the staff console's payment pages. */
export function registerPaymentRoutes(app: FastifyInstance, payments: PaymentService, surfaces: { resident: boolean; staff: boolean }) {
  if (surfaces.resident) registerResidentRoutes(app, payments)
  if (surfaces.staff) registerStaffRoutes(app, payments)
}

function registerResidentRoutes(app: FastifyInstance, payments: PaymentService) {
  app.get('/:tenant/payments/:paymentId/return', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const resident = req.resident
    if (!resident) throw new AppError('UNAUTHENTICATED', 'AUTH.RESIDENT_LOGIN_REQUIRED', 'errors.loginRequired')
    const payment = await payments.getResidentPayment(tenant.id, resident.id, paymentIdOf(req))
    const selfPath = `/${tenant.slug}/payments/${payment.id}/return`
    const backHref = isSafeReturnPath(tenant.slug, payment.returnUrl) ? payment.returnUrl : undefined
    return reply
      .header('cache-control', 'no-store')
      .html(<PaymentReturnPage ctx={pageContext(req)} payment={payment} autoRefresh={queryValue(req, 'auto') !== '0'} selfPath={selfPath} backHref={backHref} />)
  })
}

function registerStaffRoutes(app: FastifyInstance, payments: PaymentService) {
  app.get('/:tenant/staff/payments', { config: { auth: 'staff', permission: 'payments.read' } }, async (req, reply) => {
    const staff = staffRequest(req)
    const raw = { status: queryValue(req, 'status') ?? '', from: queryValue(req, 'from') ?? '', to: queryValue(req, 'to') ?? '' }
    const today = tokyoDate(new Date())
    const csvDefaults = { from: `${today.slice(0, 8)}01`, to: today }
    const parsed = PaymentListFilterSchema.safeParse(raw)
    if (!parsed.success) {
      const echo: PaymentListFilter = {
        status: (PAYMENT_STATUSES as readonly string[]).includes(raw.status) ? (raw.status as PaymentStatus) : '',
        from: raw.from.slice(0, 20),
        to: raw.to.slice(0, 20),
      }
      return reply.html(<PaymentListPage ctx={pageContext(req)} rows={[]} total={0} page={1} pageCount={1} filter={echo} errors={fieldErrors(parsed.error, req.t)} csvDefaults={csvDefaults} />, 422)
    }
    const result = await payments.listPayments(staff, { filter: parsed.data, page: pageNumber(queryValue(req, 'page')) })
    return reply.header('cache-control', 'no-store').html(<PaymentListPage ctx={pageContext(req)} {...result} filter={parsed.data} csvDefaults={csvDefaults} />)
  })

  app.get('/:tenant/staff/payments/reconciliation.csv', { config: { auth: 'staff', permission: 'payments.read' } }, async (req, reply) => {
    const staff = staffRequest(req)
    const parsed = ReconciliationQuerySchema.safeParse({ from: queryValue(req, 'from') ?? '', to: queryValue(req, 'to') ?? '', encoding: queryValue(req, 'encoding') || undefined })
    if (!parsed.success) throw invalidReconciliationQuery()
    const file = await payments.exportReconciliation(staff, parsed.data)
    reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'no-store')
    if (file.replaced > 0) reply.header('x-unencodable-characters', String(file.replaced))
    return reply.send(file.bytes)
  })

  async function renderDetail(req: FastifyRequest, options: { notice?: string; errors?: FieldErrors; reason?: string } = {}) {
    const staff = staffRequest(req)
    const { payment, events } = await payments.getPaymentDetail(staff, paymentIdOf(req))
    const canRefund = staff.actor.permissions.has('payments.refund')
    return <PaymentDetailPage ctx={pageContext(req)} payment={payment} events={events} canCollect={canRefund} canRefund={canRefund} {...options} />
  }

  app.get('/:tenant/staff/payments/:paymentId', { config: { auth: 'staff', permission: 'payments.read' } }, async (req, reply) => {
    const done = queryValue(req, 'done')
    const notice = done && (DONE_FLAGS as readonly string[]).includes(done) ? req.t(`payments.staff.done.${done}`) : undefined
    return reply.header('cache-control', 'no-store').html(await renderDetail(req, { notice }))
  })

  app.post('/:tenant/staff/payments/:paymentId/mark-paid', { config: { auth: 'staff', permission: 'payments.refund' } }, async (req, reply) => {
    const staff = staffRequest(req)
    const payment = await payments.markPaidAtCounter(staff, paymentIdOf(req))
    return reply.redirect(`/${staff.tenant.slug}/staff/payments/${payment.id}?done=markedPaid`, 303)
  })

  app.post('/:tenant/staff/payments/:paymentId/refund', { config: { auth: 'staff', permission: 'payments.refund' } }, async (req, reply) => {
    const staff = staffRequest(req)
    const paymentId = paymentIdOf(req)
    const parsed = RefundFormSchema.safeParse({ reason: formValue(req, 'reason') })
    if (!parsed.success) return reply.html(await renderDetail(req, { errors: fieldErrors(parsed.error, req.t), reason: formValue(req, 'reason').slice(0, 300) }), 422)
    await payments.refundPayment(staff, paymentId, parsed.data.reason)
    return reply.redirect(`/${staff.tenant.slug}/staff/payments/${paymentId}?done=refunded`, 303)
  })

}
