/**
 * The 受付票 (receipt slip): rendered from the stored application on request, so it always
 * matches what was submitted (the PDF renderer is deterministic for the same input).
 */
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'
import type { Translate, Locale } from '../../platform/i18n/i18n.js'
import { renderOfficialDocument, type OfficialDocument } from '../../platform/pdf/pdf-document.js'
import type { Application } from './procedure-tables.js'
import type { ProcedureDocument } from './form/form-definition.js'
import { listFields } from './form/form-definition.js'
import { formatAnswer } from './form/answer-summary.js'
import { localize } from './form/localize.js'
import type { PersonNameValue, AddressValue } from './form/form-answers.js'

/** The applicant's name and address from the answers (the first 氏名 / 住所 fields), for addressing documents. */
export function applicantOf(doc: ProcedureDocument, application: Application): { name: string; address?: string } | undefined {
  const fields = listFields(doc.form)
  const nameField = fields.find(f => f.type === 'personName')
  const addressField = fields.find(f => f.type === 'address')
  const name = nameField ? (application.answers[nameField.id] as PersonNameValue | undefined) : undefined
  const address = addressField ? (application.answers[addressField.id] as AddressValue | undefined) : undefined
  if (!name?.familyName) return undefined
  return {
    name: `${name.familyName} ${name.givenName ?? ''}`.trim(),
    address: address ? [address.prefecture, address.city, address.town, address.street, address.building].filter(Boolean).join('') : undefined,
  }
}

export function receiptDocument(input: { tenant: TenantContext; departmentName?: string; application: Application; doc: ProcedureDocument; publicUrl: string; t: Translate; locale: Locale }): OfficialDocument {
  const { tenant, application: a, doc, t, locale } = input
  const language = locale === 'en' ? 'en' : 'ja'
  const fields = listFields(doc.form)
    .filter(f => f.type !== 'repeatingGroup' && f.type !== 'myNumber' && a.answers[f.id] !== undefined)
    .slice(0, 30)
    .map(f => ({ label: localize(f.label, locale), value: f.type === 'repeatingGroup' ? '' : formatAnswer(f, a.answers[f.id], locale, t) }))
  return {
    letterhead: {
      municipalityName: language === 'en' ? tenant.nameEn : tenant.name,
      departmentName: input.departmentName,
      address: tenant.settings.contact.address || undefined,
      phone: tenant.settings.contact.phone || undefined,
      email: tenant.settings.contact.email || undefined,
      brandColour: tenant.settings.brandColour,
    },
    title: t('procedures.receipt.title'),
    documentNumber: `${t('procedures.mine.receipt')} ${a.receiptNumber ?? ''}`,
    issuedAt: a.submittedAt ?? new Date(),
    addressee: applicantOf(doc, a),
    paragraphs: [t('procedures.receipt.lead', { procedure: localize(doc.title, locale) }), ...(a.feeYen > 0 ? [t('procedures.receipt.fee', { amount: a.feeYen.toLocaleString('ja-JP') })] : [])],
    fields,
    qr: { url: `${input.publicUrl}/${tenant.slug}/applications/${a.id}`, caption: t('procedures.receipt.qr') },
    footer: t('procedures.receipt.footer'),
    language,
  }
}

export async function renderReceipt(input: Parameters<typeof receiptDocument>[0]): Promise<Buffer> {
  return renderOfficialDocument(receiptDocument(input))
}
