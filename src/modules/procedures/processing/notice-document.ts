/**
 * 通知書: the decision notice issued to the resident, 交付決定通知書 or 却下通知書. Official
 * documents are printed in Japanese whatever the reader's screen language (they are the legal
 * record), so their wording lives here rather than in the UI catalogs.
 */
import type { OfficialDocument } from '../../../platform/pdf/pdf-document.js'
import type { TenantSettings } from '../../../platform/tenancy/tenant-settings.js'
import { formatWareki } from '../../../jp/wareki.js'
import type { Decision } from '../procedure-tables.js'

export interface NoticeInput {
  tenant: { name: string; settings: TenantSettings }
  departmentName: string | null
  procedureTitle: string
  receiptNumber: string
  submittedAt: Date
  decidedAt: Date
  decision: Decision
  reason: string | null
  addressee: { name: string; address?: string }
  /** Set when the approval makes a fee payable (事後決済). */
  paymentDueYen?: number
  /** The resident's application page (printed as a QR code). */
  applicationUrl: string
}

export function noticeTitle(decision: Decision): string {
  return decision === 'approved' ? '交付決定通知書' : '却下通知書'
}

const yen = new Intl.NumberFormat('ja-JP')

export function buildNoticeDocument(input: NoticeInput): OfficialDocument {
  const contact = input.tenant.settings.contact
  const submitted = formatWareki(input.submittedAt)
  const paragraphs =
    input.decision === 'approved'
      ? [`${submitted}付けで申請のありました「${input.procedureTitle}」について、次のとおり交付することに決定しましたので通知します。`]
      : [`${submitted}付けで申請のありました「${input.procedureTitle}」について、次の理由により却下することに決定しましたので通知します。`]
  if (input.paymentDueYen !== undefined) {
    paragraphs.push(`手数料 ${yen.format(input.paymentDueYen)}円のお支払いが必要です。下のQRコードから申請のページを開き、お支払いください。お支払いを確認した後に交付します。`)
  }
  if (input.decision === 'rejected') {
    // 教示 (行政不服審査法 第82条): a refusal must say how to appeal and by when.
    paragraphs.push(
      'この決定に不服がある場合は、この決定があったことを知った日の翌日から起算して3か月以内に、審査請求をすることができます。また、この決定の取消しの訴えは、この決定があったことを知った日の翌日から起算して6か月以内に提起することができます。',
    )
  }
  const fields = [
    { label: '受付番号', value: input.receiptNumber },
    { label: '手続き', value: input.procedureTitle },
    { label: '申請日', value: submitted },
    { label: '決定', value: input.decision === 'approved' ? '交付決定' : '却下' },
    ...(input.reason ? [{ label: input.decision === 'approved' ? '備考' : '却下の理由', value: input.reason }] : []),
    ...(input.paymentDueYen !== undefined ? [{ label: '手数料', value: `${yen.format(input.paymentDueYen)}円(未払い)` }] : []),
  ]
  return {
    letterhead: {
      municipalityName: input.tenant.name,
      departmentName: input.departmentName ?? undefined,
      address: contact.address || undefined,
      phone: contact.phone || undefined,
      email: contact.email || undefined,
      brandColour: input.tenant.settings.brandColour,
    },
    title: noticeTitle(input.decision),
    documentNumber: `受付番号 ${input.receiptNumber}`,
    issuedAt: input.decidedAt,
    addressee: input.addressee,
    paragraphs,
    fields,
    qr: { url: input.applicationUrl, caption: '申請の状況はこちら' },
    footer: 'この通知書は電子的に発行されました。',
    language: 'ja',
  }
}
