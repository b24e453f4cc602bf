import { defineNotificationTemplate } from '../../../platform/notify/notify.js'

/**
 * What residents are told about their application's processing (inbox + email). Data:
 * `municipality`, `procedure` (in the resident's language), `receiptNumber`, and `message`
 * (差戻し), `reason` or `feeYen` as the template needs.
 */
export const correctionRequestedNotice = defineNotificationTemplate({
  id: 'procedures.correction-requested',
  subjectKey: 'processing.notify.correction.subject',
  bodyKey: 'processing.notify.correction.body',
  channels: ['inbox', 'email'],
})

export const applicationApprovedNotice = defineNotificationTemplate({
  id: 'procedures.decision-approved',
  subjectKey: 'processing.notify.approved.subject',
  bodyKey: 'processing.notify.approved.body',
  channels: ['inbox', 'email'],
})

export const applicationApprovedPaymentDueNotice = defineNotificationTemplate({
  id: 'procedures.decision-approved-payment-due',
  subjectKey: 'processing.notify.approvedPaymentDue.subject',
  bodyKey: 'processing.notify.approvedPaymentDue.body',
  channels: ['inbox', 'email'],
})

export const applicationRejectedNotice = defineNotificationTemplate({
  id: 'procedures.decision-rejected',
  subjectKey: 'processing.notify.rejected.subject',
  bodyKey: 'processing.notify.rejected.body',
  channels: ['inbox', 'email'],
})

/** The resident's own page of the application (relative: the inbox shows only same-site links). */
export function residentApplicationPath(tenantSlug: string, applicationId: string): string {
  return `/${tenantSlug}/applications/${applicationId}`
}
