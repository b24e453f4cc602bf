/**
 * 利用許可証 (the permit): rendered from the stored booking on request, through the shared
 * official-document renderer, with a QR code of the staff check-in URL carrying the booking's
 * check-in code (the desk's scanner opens it; the code is also printed to type in).
 */
import type { Locale, Translate } from '../../../platform/i18n/i18n.js'
import { renderOfficialDocument, type OfficialDocument } from '../../../platform/pdf/pdf-document.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { formatSlotRange, formatYen, localized } from './booking-format.js'
import type { BookingDetail } from './booking-queries.js'

export function checkInUrl(publicUrl: string, tenant: Pick<TenantContext, 'slug'>, checkInCode: string): string {
  return `${publicUrl}/${tenant.slug}/staff/reservations/check-in?code=${encodeURIComponent(checkInCode)}`
}

export function permitDocument(input: { tenant: TenantContext; detail: BookingDetail; publicUrl: string; t: Translate; locale: Locale }): OfficialDocument {
  const { tenant, detail, t, locale } = input
  const { reservation: r, view } = detail
  const language = locale === 'en' ? 'en' : 'ja'
  const payment = r.feeYen === 0 ? t('reservations.booking.permit.noPayment') : `${t(`reservations.paymentMethod.${r.paymentMethod}`)}${r.paidAt ? ` (${t('reservations.booking.field.paid')})` : ''}`
  const fields = [
    { label: t('reservations.booking.field.reference'), value: r.reference },
    { label: t('reservations.booking.field.facility'), value: `${localized(view.facility.names, locale)} ${localized(view.resource.names, locale)}` },
    { label: t('reservations.booking.field.when'), value: formatSlotRange(view.slot.startsAt, view.slot.endsAt, t, locale) },
    { label: t('reservations.booking.field.partySize'), value: t('reservations.booking.slot.people', { count: r.partySize }) },
    { label: t('reservations.booking.field.purpose'), value: detail.purposeNames ? localized(detail.purposeNames, locale) : '—' },
    { label: t('reservations.booking.field.fee'), value: formatYen(r.feeYen, t) },
    { label: t('reservations.booking.field.payment'), value: payment },
    { label: t('reservations.booking.detail.checkInCode'), value: r.checkInCode },
  ]
  if (detail.groupName) fields.splice(4, 0, { label: t('reservations.booking.field.group'), value: detail.groupName })
  if (detail.exemptionNames) fields.splice(fields.length - 2, 0, { label: t('reservations.booking.field.exemption'), value: localized(detail.exemptionNames, locale) })
  return {
    letterhead: {
      municipalityName: language === 'en' ? tenant.nameEn : tenant.name,
      departmentName: localized(view.facility.names, locale),
      address: view.facility.address || tenant.settings.contact.address || undefined,
      phone: view.facility.phone || tenant.settings.contact.phone || undefined,
      email: tenant.settings.contact.email || undefined,
      brandColour: tenant.settings.brandColour,
    },
    title: t('reservations.booking.permit.title'),
    documentNumber: `${t('reservations.booking.field.reference')} ${r.reference}`,
    issuedAt: r.confirmedAt ?? r.createdAt,
    addressee: { name: r.applicantName },
    paragraphs: [t('reservations.booking.permit.lead')],
    fields,
    qr: { url: checkInUrl(input.publicUrl, tenant, r.checkInCode), caption: t('reservations.booking.permit.qr') },
    footer: t('reservations.booking.permit.footer'),
    language,
  }
}

export async function renderPermit(input: Parameters<typeof permitDocument>[0]): Promise<Buffer> {
  return renderOfficialDocument(permitDocument(input))
}
