import { AppError } from '../../platform/errors.js'

/** Expected failures of the payments module. Codes are stable; messages are catalog keys. */
export const paymentNotFound = () => new AppError('NOT_FOUND', 'PAYMENTS.NOT_FOUND', 'errors.notFound')
export const invalidPayment = () => new AppError('UNPROCESSABLE', 'PAYMENTS.INVALID_PAYMENT', 'payments.errors.invalidPayment')
export const idempotencyKeyReused = () => new AppError('CONFLICT', 'PAYMENTS.IDEMPOTENCY_KEY_REUSED', 'payments.errors.idempotencyKeyReused')
export const onlinePaymentUnavailable = () => new AppError('UNPROCESSABLE', 'PAYMENTS.ONLINE_UNAVAILABLE', 'payments.errors.onlineUnavailable')
export const payEasyUnavailable = () => new AppError('UNPROCESSABLE', 'PAYMENTS.PAY_EASY_UNAVAILABLE', 'payments.errors.payEasyUnavailable')
export const providerUnavailable = () => new AppError('UNAVAILABLE', 'PAYMENTS.PROVIDER_UNAVAILABLE', 'payments.errors.providerUnavailable')
export const unknownProvider = () => new AppError('NOT_FOUND', 'PAYMENTS.UNKNOWN_PROVIDER', 'errors.notFound')
export const webhookSignatureInvalid = () => new AppError('BAD_REQUEST', 'PAYMENTS.WEBHOOK_SIGNATURE_INVALID', 'payments.errors.signatureInvalid')
export const webhookPayloadInvalid = () => new AppError('BAD_REQUEST', 'PAYMENTS.WEBHOOK_PAYLOAD_INVALID', 'payments.errors.payloadInvalid')
/** 404 makes the provider redeliver later (e.g. after a webhook URL of the wrong tenant is fixed). */
export const unknownCheckout = () => new AppError('NOT_FOUND', 'PAYMENTS.UNKNOWN_CHECKOUT', 'payments.errors.unknownCheckout')
export const paymentStatusChanged = () => new AppError('CONFLICT', 'PAYMENTS.STATUS_CHANGED', 'payments.errors.statusChanged')
export const notRefundable = () => new AppError('CONFLICT', 'PAYMENTS.NOT_REFUNDABLE', 'payments.errors.notRefundable')
export const notPayableAtCounter = () => new AppError('CONFLICT', 'PAYMENTS.NOT_PAYABLE_AT_COUNTER', 'payments.errors.notPayableAtCounter')
export const refundFailed = () => new AppError('UNAVAILABLE', 'PAYMENTS.REFUND_FAILED', 'payments.errors.refundFailed')
export const invalidReconciliationQuery = () => new AppError('BAD_REQUEST', 'PAYMENTS.INVALID_RECONCILIATION_QUERY', 'payments.errors.invalidReconciliationQuery')
