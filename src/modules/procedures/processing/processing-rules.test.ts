import { describe, expect, it } from 'vitest'
import { canProcessApplication, canRevealMyNumber, departmentScope, isInScope, rolesWith } from './access-rules.js'
import { approvalBlocker, needsApprovalChain, paymentStateAfterDecision } from './decision-rules.js'
import { dueAtFor, isOverdue } from './due-date.js'
import { DEFAULT_FILTER, filterQueryString, parseInboxFilter } from './inbox-filters.js'
import { answerCell, answerColumns, csvCell, csvLine, exportFileName, toTokyoIso } from './export-format.js'
import { buildNoticeDocument } from './notice-document.js'
import { ProcedureDocumentSchema, type ProcedureDocumentInput } from '../form/form-definition.js'
import { TenantSettingsSchema } from '../../../platform/tenancy/tenant-settings.js'

const fee = (timing: 'on-submission' | 'after-approval') => ({ timing, items: [{ id: 'copy', label: { ja: '写し' }, unitYen: 300 }], exemptions: [], methods: ['online' as const] })

describe('who sees which applications', () => {
  it('scopes a department role to its department and a municipality-wide role to all', () => {
    expect(departmentScope([{ role: 'clerk', departmentId: 'd1' }, { role: 'partner_member', departmentId: 'd2' }], 'procedures.process')).toEqual({ kind: 'departments', ids: ['d1', 'd2'] })
    expect(departmentScope([{ role: 'clerk', departmentId: 'd1' }, { role: 'supervisor', departmentId: null }], 'procedures.process')).toEqual({ kind: 'all' })
    expect(departmentScope([{ role: 'partner_member', departmentId: 'd1' }], 'procedures.approve')).toEqual({ kind: 'departments', ids: [] })
    expect(isInScope({ kind: 'departments', ids: ['d1'] }, 'd1')).toBe(true)
    expect(isInScope({ kind: 'departments', ids: ['d1'] }, null)).toBe(false)
    expect(isInScope({ kind: 'all' }, null)).toBe(true)
  })

  it('lets a partner member process only their department, and never see My Numbers', () => {
    const partner = [{ role: 'partner_member' as const, departmentId: 'school' }]
    expect(canProcessApplication(partner, 'school')).toBe(true)
    expect(canProcessApplication(partner, 'shimin')).toBe(false)
    expect(canProcessApplication(partner, null)).toBe(false)
    expect(canRevealMyNumber(partner, 'school')).toBe(false)
    expect(canRevealMyNumber([{ role: 'clerk', departmentId: 'shimin' }], 'shimin')).toBe(true)
    expect(canRevealMyNumber([{ role: 'outsourced_operator', departmentId: 'shimin' }], 'shimin')).toBe(false)
    expect(rolesWith('procedures.approve').sort()).toEqual(['administrator', 'supervisor'])
  })
})

describe('decisions', () => {
  it('refuses to approve while a fee payable on submission is unpaid, and only then', () => {
    expect(approvalBlocker({ fee: fee('on-submission') }, { paymentState: 'due' })).toBe('payment-outstanding')
    expect(approvalBlocker({ fee: fee('on-submission') }, { paymentState: 'paid' })).toBeUndefined()
    expect(approvalBlocker({ fee: fee('after-approval') }, { paymentState: 'due' })).toBeUndefined()
    expect(approvalBlocker({ fee: undefined }, { paymentState: 'none' })).toBeUndefined()
  })

  it('makes an after-approval fee payable when approved', () => {
    expect(paymentStateAfterDecision('approved', { fee: fee('after-approval') }, { feeYen: 300, paymentState: 'none' })).toBe('due')
    expect(paymentStateAfterDecision('rejected', { fee: fee('after-approval') }, { feeYen: 300, paymentState: 'none' })).toBeUndefined()
    expect(paymentStateAfterDecision('approved', { fee: fee('after-approval') }, { feeYen: 0, paymentState: 'none' })).toBeUndefined()
    expect(paymentStateAfterDecision('approved', { fee: fee('on-submission') }, { feeYen: 300, paymentState: 'paid' })).toBeUndefined()
    expect(needsApprovalChain({ approvalSteps: 2 })).toBe(true)
    expect(needsApprovalChain({ approvalSteps: 0 })).toBe(false)
  })
})

describe('due dates', () => {
  it('counts open business days from the Tokyo day of submission, skipping weekends and holidays', () => {
    // Friday 2025-05-02 23:30 JST; 5/3–5/6 are 憲法記念日, みどりの日, こどもの日, 振替休日
    const submitted = new Date('2025-05-02T14:30:00Z')
    expect(dueAtFor(submitted, 1).toISOString()).toBe('2025-05-07T08:00:00.000Z')
    expect(dueAtFor(submitted, 0).toISOString()).toBe('2025-05-02T08:00:00.000Z')
  })

  it('is overdue only while the municipality holds the application', () => {
    const now = new Date('2025-05-10T00:00:00Z')
    const dueAt = new Date('2025-05-09T00:00:00Z')
    expect(isOverdue({ status: 'in_review', dueAt }, now)).toBe(true)
    expect(isOverdue({ status: 'correction_requested', dueAt }, now)).toBe(false)
    expect(isOverdue({ status: 'approved', dueAt }, now)).toBe(false)
    expect(isOverdue({ status: 'submitted', dueAt: null }, now)).toBe(false)
    expect(isOverdue({ status: 'submitted', dueAt: new Date('2025-05-11T00:00:00Z') }, now)).toBe(false)
  })
})

describe('inbox filters', () => {
  it('reads a query with defaults and writes back only what differs, in a fixed order', () => {
    const parsed = parseInboxFilter({ status: 'in_review', assignee: 'me', overdue: '1', from: '令和7年4月1日', page: '3' })
    expect(parsed).toEqual({ ok: true, filter: { ...DEFAULT_FILTER, status: 'in_review', assignee: 'me', overdue: true, from: '2025-04-01' } })
    if (!parsed.ok) return
    expect(filterQueryString(parsed.filter)).toBe('status=in_review&from=2025-04-01&assignee=me&overdue=1')
    expect(filterQueryString(parsed.filter, { page: 2 })).toBe('status=in_review&from=2025-04-01&assignee=me&overdue=1&page=2')
    expect(filterQueryString(DEFAULT_FILTER)).toBe('')
  })

  it('reports malformed values by field instead of failing', () => {
    const parsed = parseInboxFilter({ status: 'deleted', procedure: "1' OR 1=1", from: '2025-02-30', to: '2025-01-01', assignee: ['me', 'x'] })
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.errors).toEqual({ status: 'processing.filter.errors.invalid', procedure: 'processing.filter.errors.invalid', from: 'processing.filter.errors.date' })
    expect(parseInboxFilter({ from: '2025-04-02', to: '2025-04-01' })).toMatchObject({ ok: false, errors: { to: 'processing.filter.errors.toBeforeFrom' } })
  })
})

function documentWith(overrides: Partial<ProcedureDocumentInput>) {
  return ProcedureDocumentSchema.parse({
    format: 'yakuba.procedure/v1',
    slug: 'test-procedure',
    title: { ja: 'テスト' },
    summary: { ja: 'テスト' },
    category: 'other',
    eligibility: { ja: 'だれでも' },
    requirements: { ja: 'なし' },
    processingDays: 3,
    identityLevel: 'none',
    channels: { online: true, post: false, counter: false },
    form: {
      pages: [
        {
          id: 'p1',
          title: { ja: '申請者' },
          elements: [
            { id: 'applicantName', type: 'personName', label: { ja: '氏名' }, kana: true, prefill: 'name' },
            { id: 'address', type: 'address', label: { ja: '住所' } },
            { id: 'copies', type: 'number', label: { ja: '通数' } },
            { id: 'purposes', type: 'multipleChoice', label: { ja: '用途' }, options: [{ value: 'a', label: { ja: 'A' } }, { value: 'b', label: { ja: 'B' } }] },
          ],
        },
      ],
      declaration: { ja: '相違ありません' },
    },
    ...overrides,
  })
}

describe('export files', () => {
  it('flattens names and addresses into parts, across versions, newest fields first', () => {
    const v2 = documentWith({})
    const v1 = documentWith({ form: { pages: [{ id: 'p1', title: { ja: 'x' }, elements: [{ id: 'oldField', type: 'text', label: { ja: '旧' } }] }], declaration: { ja: 'x' } } })
    const columns = answerColumns([v2, v1])
    expect(columns.map(c => c.key)).toEqual([
      'answers.applicantName.familyName', 'answers.applicantName.givenName', 'answers.applicantName.familyNameKana', 'answers.applicantName.givenNameKana',
      'answers.address.postalCode', 'answers.address.prefecture', 'answers.address.city', 'answers.address.town', 'answers.address.street', 'answers.address.building',
      'answers.copies', 'answers.purposes', 'answers.oldField',
    ])
    const answers = { applicantName: { familyName: '山田', givenName: '花子' }, copies: 2, purposes: ['a', 'b'] }
    expect(columns.map(c => answerCell(answers, c)).filter(Boolean)).toEqual(['山田', '花子', '2', 'a;b'])
  })

  it('quotes CSV cells that need it and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`)
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('-5')).toBe('-5')
    expect(csvLine(['a', 'b'])).toBe('a,b\r\n')
  })

  it('writes times in Japan time with their offset', () => {
    expect(toTokyoIso(new Date('2025-03-31T15:30:00Z'))).toBe('2025-04-01T00:30:00+09:00')
    expect(toTokyoIso(null)).toBe('')
    expect(exportFileName(new Date('2025-03-31T15:30:00Z'), 'csv')).toBe('applications-20250401-0030.csv')
  })
})

describe('decision notices', () => {
  it('prints a rejection with its reason and how to appeal, and an approval with the fee due', () => {
    const tenant = { name: 'テスト市', settings: TenantSettingsSchema.parse({}) }
    const base = { tenant, departmentName: '市民課', procedureTitle: '住民票の写し', receiptNumber: 'K7M4-PQ9X-2C', submittedAt: new Date('2025-04-01T01:00:00Z'), decidedAt: new Date('2025-04-03T01:00:00Z'), addressee: { name: '山田 花子' }, applicationUrl: 'http://x/t/applications/1' }
    const rejected = buildNoticeDocument({ ...base, decision: 'rejected', reason: '要件を満たしていません' })
    expect(rejected.title).toBe('却下通知書')
    expect(rejected.fields).toContainEqual({ label: '却下の理由', value: '要件を満たしていません' })
    expect(rejected.paragraphs.join('')).toContain('審査請求')
    expect(rejected.paragraphs[0]).toContain('令和7年4月1日付け')
    const approved = buildNoticeDocument({ ...base, decision: 'approved', reason: null, paymentDueYen: 1200 })
    expect(approved.title).toBe('交付決定通知書')
    expect(approved.paragraphs.join('')).toContain('手数料 1,200円')
    expect(approved.qr?.url).toBe('http://x/t/applications/1')
  })
})
