/**
 * The JSON the procedures API answers with. Texts come in all three languages (ja, やさしい日本語,
 * English), each falling back to Japanese, so a kiosk can switch language without another call.
 */
import type { LOCALES } from '../../../platform/i18n/i18n.js'
import type { Application, ApplicationEvent } from '../procedure-tables.js'
import type { FeeRules, LocalizedText, ProcedureDocument } from '../form/form-definition.js'
import type { FeeLine } from '../form/form-fees.js'
import { localize } from '../form/localize.js'

export type Texts = Record<(typeof LOCALES)[number], string>

export function texts(text: LocalizedText): Texts {
  return { ja: text.ja, 'ja-easy': localize(text, 'ja-easy'), en: localize(text, 'en') }
}

export interface FeeSummaryJson {
  timing: FeeRules['timing']
  methods: FeeRules['methods']
  items: { id: string; label: Texts; unitYen: number; quantityField: string | null }[]
  exemptions: { label: Texts; items: string[] | null }[]
}

function feeSummary(fee: FeeRules | undefined): FeeSummaryJson | null {
  if (!fee) return null
  return {
    timing: fee.timing,
    methods: fee.methods,
    items: fee.items.map(item => ({ id: item.id, label: texts(item.label), unitYen: item.unitYen, quantityField: item.quantityField ?? null })),
    exemptions: fee.exemptions.map(e => ({ label: texts(e.label), items: e.items ?? null })),
  }
}

export interface ProcedureSummaryJson {
  slug: string
  version: number
  title: Texts
  summary: Texts
  category: ProcedureDocument['category']
  lifeEvents: ProcedureDocument['lifeEvents']
  identityLevel: ProcedureDocument['identityLevel']
  channels: ProcedureDocument['channels']
  fee: FeeSummaryJson | null
  processingDays: number
  /** Open now (publication period, online channel): a submission would be accepted. */
  acceptingApplications: boolean
}

export function procedureSummary(slug: string, version: number, doc: ProcedureDocument, acceptingApplications: boolean): ProcedureSummaryJson {
  return {
    slug,
    version,
    title: texts(doc.title),
    summary: texts(doc.summary),
    category: doc.category,
    lifeEvents: doc.lifeEvents,
    identityLevel: doc.identityLevel,
    channels: doc.channels,
    fee: feeSummary(doc.fee),
    processingDays: doc.processingDays,
    acceptingApplications,
  }
}

export interface ProcedureDetailJson extends ProcedureSummaryJson {
  eligibility: Texts
  requirements: Texts
  publication: { opensAt: string | null; closesAt: string | null }
  publishedAt: string
  /** JSON Schema (2020-12) of `answers`, frozen with this version. */
  jsonSchema: Record<string, unknown>
  /** Pages, order, widgets and texts of the form. */
  uiSchema: Record<string, unknown>
}

export function procedureDetail(
  summary: ProcedureSummaryJson,
  doc: ProcedureDocument,
  version: { publishedAt: Date; jsonSchema: Record<string, unknown>; uiSchema: Record<string, unknown> },
): ProcedureDetailJson {
  return {
    ...summary,
    eligibility: texts(doc.eligibility),
    requirements: texts(doc.requirements),
    publication: { opensAt: doc.publication.opensAt ?? null, closesAt: doc.publication.closesAt ?? null },
    publishedAt: version.publishedAt.toISOString(),
    jsonSchema: version.jsonSchema,
    uiSchema: version.uiSchema,
  }
}

export interface FeeJson {
  totalYen: number
  lines: { itemId: string; label: Texts; unitYen: number; quantity: number; amountYen: number; exemptedBy: Texts | null }[]
}

function feeOf(application: Application): FeeJson {
  const lines: FeeLine[] = Array.isArray(application.feeLines) ? application.feeLines : []
  return {
    totalYen: application.feeYen,
    lines: lines.map(l => ({ itemId: l.itemId, label: texts(l.label), unitYen: l.unitYen, quantity: l.quantity, amountYen: l.amountYen, exemptedBy: l.exemptedBy ? texts(l.exemptedBy) : null })),
  }
}

export interface SubmissionJson {
  receiptNumber: string
  status: 'submitted'
  procedure: { slug: string; version: number }
  submittedAt: string
  dueAt: string | null
  fee: FeeJson & { paymentRequired: boolean; methods: FeeRules['methods'] }
  links: { status: string }
}

/**
 * The 201 body. Built only from what submission fixed (never the current status), so a replay
 * under the same Idempotency-Key answers with the same body even after staff have acted.
 */
export function submissionResponse(application: Application, procedure: { slug: string; version: number; document: ProcedureDocument }, statusUrl: string): SubmissionJson {
  const fee = feeOf(application)
  return {
    receiptNumber: application.receiptNumber ?? '',
    status: 'submitted',
    procedure: { slug: procedure.slug, version: procedure.version },
    submittedAt: (application.submittedAt ?? application.createdAt).toISOString(),
    dueAt: application.dueAt?.toISOString() ?? null,
    fee: { ...fee, paymentRequired: fee.totalYen > 0 && procedure.document.fee?.timing === 'on-submission', methods: procedure.document.fee?.methods ?? [] },
    links: { status: statusUrl },
  }
}

export interface ApplicationStatusJson {
  receiptNumber: string
  procedure: { slug: string; version: number; title: Texts }
  status: Application['status']
  submittedAt: string | null
  decidedAt: string | null
  fee: FeeJson & { paymentState: Application['paymentState'] }
  history: { at: string; status: Application['status']; message: string | null }[]
}

/** Actions residents never see in their history (drafts are saved constantly). */
const HIDDEN_ACTIONS = new Set(['save-draft'])

/** The status as the applicant may see it: the same history a resident sees on My page, no staff notes. */
export function applicationStatus(application: Application, procedure: { slug: string; version: number; document: ProcedureDocument }, events: ApplicationEvent[]): ApplicationStatusJson {
  return {
    receiptNumber: application.receiptNumber ?? '',
    procedure: { slug: procedure.slug, version: procedure.version, title: texts(procedure.document.title) },
    status: application.status,
    submittedAt: application.submittedAt?.toISOString() ?? null,
    decidedAt: application.decidedAt?.toISOString() ?? null,
    fee: { ...feeOf(application), paymentState: application.paymentState },
    history: events.filter(e => !HIDDEN_ACTIONS.has(e.action)).map(e => ({ at: e.occurredAt.toISOString(), status: e.toStatus, message: e.message })),
  }
}
