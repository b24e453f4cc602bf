import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CookieJar, createTestApp, csrfFrom, PUBLIC_URL, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestDepartment, createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { computeMyNumberCheckDigit } from '../../../jp/my-number.js'
import { toIsoDate, addCalendarDays } from '../../../jp/calendar-date.js'
import type { StaffRole } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { databaseFileStore } from '../../../platform/files/index.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { proceduresDb } from '../procedure-tables.js'
import { createPublishedProcedure, createSubmittedApplication, createTestResident, testProcedureDocument } from './test-support.js'

function validMyNumber(eleven: string): string {
  return `${eleven}${computeMyNumberCheckDigit(eleven)}`
}

describe(`processing applications (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
    await t.platform.jobs.startWorkers()
  })
  afterAll(async () => t?.close())

  /** A municipality with 市民課 (shimin) and a school (gakko), each with a procedure routed to it. */
  async function municipality() {
    const tenant = await createTestTenant(t.platform)
    const shimin = await createTestDepartment(t.platform, tenant, 'shimin', '市民課')
    const school = await createTestDepartment(t.platform, tenant, 'gakko', '第一小学校')
    const juminhyo = await createPublishedProcedure(t.platform, tenant.id, testProcedureDocument({ departmentCode: 'shimin', title: { ja: '住民票の写しの請求', en: 'Residence record copy' } }))
    const absence = await createPublishedProcedure(t.platform, tenant.id, testProcedureDocument({ departmentCode: 'gakko', title: { ja: '欠席連絡', en: 'Absence notice' } }))
    return { tenant, shimin, school, juminhyo, absence }
  }

  /** A logged-in staff member with helpers to browse as them. */
  async function asStaff(tenant: TenantContext, role: StaffRole, departmentCode?: string) {
    const staff = await createTestStaff(t.platform, tenant, role, { departmentCode })
    const jar: CookieJar = await loginStaff(t, tenant, staff)
    const home = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })
    const csrf = csrfFrom(home.body)
    const get = (path: string) => t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff${path}`, headers: { cookie: jar.header() } })
    const post = (path: string, payload: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff${path}`, headers: { cookie: jar.header() }, payload: { _csrf: csrf, ...payload } })
    return { staff, jar, get, post }
  }

  function db<T>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) {
    return withTenant(t.platform.database.db, tenant.id, fn)
  }

  function auditRows(tenant: TenantContext, action: string) {
    return db(tenant, trx => trx.selectFrom('auditLog').select(['actorId', 'subjectType', 'subjectId', 'details']).where('tenantId', '=', tenant.id).where('action', '=', action).orderBy('seq').execute())
  }

  function application(tenant: TenantContext, id: string) {
    return db(tenant, trx => proceduresDb(trx).selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
  }

  it('lists a department’s applications with filters and overdue highlighting; a partner of another department sees none of them', async () => {
    const { tenant, juminhyo, absence } = await municipality()
    const clerk = await asStaff(tenant, 'clerk', 'shimin')
    const teacher = await asStaff(tenant, 'partner_member', 'gakko')
    const overdue = await createSubmittedApplication(t.platform, tenant.id, { ...juminhyo, submittedAt: new Date(Date.now() - 20 * 86_400_000) })
    const mine = await createSubmittedApplication(t.platform, tenant.id, { ...juminhyo, status: 'in_review', assigneeStaffId: clerk.staff.id, answers: { applicantName: { familyName: '佐藤', givenName: '一郎' } } })
    const schoolOnly = await createSubmittedApplication(t.platform, tenant.id, { ...absence })

    const inbox = await clerk.get('/applications')
    expect(inbox.statusCode).toBe(200)
    expect(inbox.body).toContain(overdue.receiptNumber)
    expect(inbox.body).toContain(mine.receiptNumber)
    expect(inbox.body).not.toContain(schoolOnly.receiptNumber)
    expect(inbox.body).toContain('山田 花子')
    expect(inbox.body).toContain('佐藤 一郎')
    expect(inbox.body).toContain('期限超過')
    expect(inbox.body).toContain('該当する申請: 2件')

    const onlyMine = await clerk.get('/applications?assignee=me')
    expect(onlyMine.body).toContain(mine.receiptNumber)
    expect(onlyMine.body).not.toContain(overdue.receiptNumber)
    const unassigned = await clerk.get('/applications?assignee=unassigned')
    expect(unassigned.body).toContain(overdue.receiptNumber)
    expect(unassigned.body).not.toContain(mine.receiptNumber)
    const late = await clerk.get('/applications?overdue=1')
    expect(late.body).toContain('該当する申請: 1件')
    expect(late.body).toContain(overdue.receiptNumber)
    const reviewing = await clerk.get('/applications?status=in_review')
    expect(reviewing.body).toContain(mine.receiptNumber)
    expect(reviewing.body).not.toContain(overdue.receiptNumber)
    const today = toIsoDate(new Date())
    const recent = await clerk.get(`/applications?from=${today}&to=${today}`)
    expect(recent.body).toContain(mine.receiptNumber)
    expect(recent.body).not.toContain(overdue.receiptNumber)
    const otherDepartment = await clerk.get(`/applications?procedure=${absence.procedure.id}`)
    expect(otherDepartment.body).toContain('条件に合う申請はありません')
    const malformed = await clerk.get('/applications?from=2025-02-30&status=nope')
    expect(malformed.statusCode).toBe(422)
    expect(malformed.body).toContain('href="#from"')

    const schoolInbox = await teacher.get('/applications')
    expect(schoolInbox.body).toContain(schoolOnly.receiptNumber)
    expect(schoolInbox.body).not.toContain(overdue.receiptNumber)
    expect((await teacher.get(`/applications/${overdue.id}`)).statusCode).toBe(404)
    expect((await teacher.post(`/applications/${overdue.id}/claim`)).statusCode).toBe(404)
    expect((await teacher.get(`/applications/${schoolOnly.id}`)).statusCode).toBe(200)
  })

  it('records every opening of an application with the department, for the resident’s My page', async () => {
    const { tenant, shimin, juminhyo } = await municipality()
    const clerk = await asStaff(tenant, 'clerk', 'shimin')
    const app = await createSubmittedApplication(t.platform, tenant.id, { ...juminhyo })
    const page = await clerk.get(`/applications/${app.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toContain('住民票の写しの請求')
    expect(page.body).toContain('山田 花子')
    const views = await auditRows(tenant, 'application.view')
    expect(views).toEqual([{ actorId: clerk.staff.id, subjectType: 'application', subjectId: app.id, details: { departmentId: shimin.id, departmentName: '市民課' } }])
    expect((await clerk.get('/applications/not-a-uuid')).statusCode).toBe(404)
  })

  it('saves a staff member’s filters under a name, for them only, and deletes them', async () => {
    const { tenant } = await municipality()
    const clerk = await asStaff(tenant, 'clerk', 'shimin')
    const colleague = await asStaff(tenant, 'clerk', 'shimin')
    const saved = await clerk.post('/applications/saved-filters', { name: '自分の期限超過', query: 'overdue=1&assignee=me' })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/${tenant.slug}/staff/applications?assignee=me&overdue=1&done=filterSaved`)
    const inbox = await clerk.get('/applications')
    expect(inbox.body).toContain('自分の期限超過')
    expect(inbox.body).toContain(`href="/${tenant.slug}/staff/applications?assignee=me&amp;overdue=1"`)
    expect((await colleague.get('/applications')).body).not.toContain('自分の期限超過')
    const empty = await clerk.post('/applications/saved-filters', { name: '', query: '' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('名前を入力してください')

    const [filter] = await db(tenant, trx => proceduresDb(trx).selectFrom('savedInboxFilters').select('id').execute())
    expect((await colleague.post(`/applications/saved-filters/${filter.id}/delete`)).statusCode).toBe(303)
    expect((await clerk.get('/applications')).body).toContain('自分の期限超過')
    await clerk.post(`/applications/saved-filters/${filter.id}/delete`)
    expect((await clerk.get('/applications')).body).not.toContain('自分の期限超過')
  })

  it('lets staff claim an application and hand it to a colleague of the department only', async () => {
    const { tenant, juminhyo } = await municipality()
    const clerk = await asStaff(tenant, 'clerk', 'shimin')
    const colleague = await asStaff(tenant, 'clerk', 'shimin')
    const teacher = await asStaff(tenant, 'partner_member', 'gakko')
    const app = await createSubmittedApplication(t.platform, tenant.id, { ...juminhyo })
    const claimed = await clerk.post(`/applications/${app.id}/claim`)
    expect(claimed.statusCode).toBe(303)
    expect(claimed.headers.location).toBe(`/${tenant.slug}/staff/applications/${app.id}?done=claimed`)
    expect(await application(tenant, app.id)).toMatchObject({ status: 'in_review', assigneeStaffId: clerk.staff.id })

    expect((await clerk.post(`/applications/${app.id}/assign`, { assignee: colleague.staff.id })).statusCode).toBe(303)
    expect((await application(tenant, app.id)).assigneeStaffId).toBe(colleague.staff.id)
    const wrong = await clerk.post(`/applications/${app.id}/assign`, { assignee: teacher.staff.id })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('この所属の申請を処理できる職員を選んでください')
    expect((await application(tenant, app.id)).assigneeStaffId).toBe(colleague.staff.id)
    expect((await auditRows(tenant, 'application.claim')).map(r => r.subjectId)).toEqual([app.id])
    expect(await auditRows(tenant, 'application.assign')).toHaveLength(1)
  })

  it('sends an application back for correction with a message the resident receives', async () => {
    const { tenant, juminhyo } = await municipality()
    const clerk = await asStaff(tenant, 'clerk', 'shimin')
    const residentId = await createTestResident(t.platform, tenant.id)
    const app = await createSubmittedApplication(t.platform, tenant.id, { ...juminhyo, residentId })
    const missing = await clerk.post(`/applications/${app.id}/request-correction`, { message: '  ' })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('申請者へのメッセージを入力してください')

    const sent = await clerk.post(`/applications/${app.id}/request-correction`, { message: '住所の番地が抜けています。\r\n番地まで入力してください。' })
    expect(sent.statusCode).toBe(303)
    expect((await application(tenant, app.id)).status).toBe('correction_requested')
    const events = await db(tenant, trx => proceduresDb(trx).selectFrom('applicationEvents').select(['action', 'message']).where('applicationId', '=', app.id).orderBy('occurredAt').execute())
    expect(events.at(-1)).toEqual({ action: 'request-correction', message: '住所の番地が抜けています。\n番地まで入力してください。' })
    await t.platform.jobs.drain()
    const messages = await db(tenant, trx => trx.selectFrom('messages').select(['template', 'subject', 'body', 'linkUrl']).where('residentId', '=', residentId).execute())
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ template: 'procedures.correction-requested', linkUrl: `/${tenant.slug}/applications/${app.id}` })
    expect(messages[0].subject).toContain(app.receiptNumber)
    expect(messages[0].body).toContain('番地まで入力してください。')

    const again = await clerk.post(`/applications/${app.id}/request-correction`, { message: 'もう一度' })
    expect(again.statusCode).toBe(409)
    expect(again.body).toContain('状態が変わっています')
  })

  it('requires a reason to reject, issues the notice PDF, tells the resident, and answers a second decision with 409', async () => {
    const { tenant, juminhyo } = await municipality()
    const clerk = await asStaff(tenant, 'clerk', 'shimin')
    const residentId = await createTestResident(t.platform, tenant.id, { basicInfo: { name: '山田 花子', address: '東京都千代田区1-1' } })
    const app = await createSubmittedApplication(t.platform, tenant.id, { ...juminhyo, residentId })
    const noReason = await clerk.post(`/applications/${app.id}/decide`, { decision: 'rejected', reason: '' })
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('却下の理由を入力してください')
    expect((await application(tenant, app.id)).status).toBe('submitted')

    const rejected = await clerk.post(`/applications/${app.id}/decide`, { decision: 'rejected', reason: '請求できる方の要件を満たしていません。' })
    expect(rejected.statusCode).toBe(303)
    expect(rejected.headers.location).toBe(`/${tenant.slug}/staff/applications/${app.id}?done=decided`)
    const decided = await application(tenant, app.id)
    expect(decided).toMatchObject({ status: 'rejected', decision: 'rejected', decisionReason: '請求できる方の要件を満たしていません。' })
    expect(decided.decidedAt).toBeInstanceOf(Date)
    const documents = await db(tenant, trx => proceduresDb(trx).selectFrom('applicationDocuments').select(['id', 'kind', 'title', 'content']).where('applicationId', '=', app.id).execute())
    expect(documents).toHaveLength(1)
    expect(documents[0]).toMatchObject({ kind: 'notice', title: '却下通知書' })
    expect(documents[0].content.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const pdf = await clerk.get(`/applications/${app.id}/documents/${documents[0].id}`)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')

    await t.platform.jobs.drain()
    const messages = await db(tenant, trx => trx.selectFrom('messages').select(['template', 'body', 'linkUrl']).where('residentId', '=', residentId).execute())
    expect(messages).toEqual([expect.objectContaining({ template: 'procedures.decision-rejected', linkUrl: `/${tenant.slug}/applications/${app.id}` })])
    expect(messages[0].body).toContain('要件を満たしていません')

    const second = await clerk.post(`/applications/${app.id}/decide`, { decision: 'approved', reason: '' })
    expect(second.statusCode).toBe(409)
    expect(second.body).toContain('状態が変わっています')
    expect((await application(tenant, app.id)).status).toBe('rejected')
    expect(await auditRows(tenant, 'application.decide')).toHaveLength(1)
  })

  it('refuses to approve while a fee payable on submission is unpaid, and makes an after-approval fee due', async () => {
    const { tenant } = await municipality()
    const clerk = await asStaff(tenant, 'clerk', 'shimin')
    const feeRule = (timing: 'on-submission' | 'after-approval') => ({ timing, items: [{ id: 'copy', label: { ja: '写し' }, unitYen: 300 }] })
    const prepaid = await createPublishedProcedure(t.platform, tenant.id, testProcedureDocument({ departmentCode: 'shimin', fee: feeRule('on-submission') }))
    const unpaid = await createSubmittedApplication(t.platform, tenant.id, { ...prepaid, feeYen: 300, paymentState: 'due' })
    const page = await clerk.get(`/applications/${unpaid.id}`)
    expect(page.body).toContain('手数料が未払いのため、今は承認できません')
    const refused = await clerk.post(`/applications/${unpaid.id}/decide`, { decision: 'approved', reason: '' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('まだ支払われていないため承認できません')
    expect((await application(tenant, unpaid.id)).status).toBe('submitted')

    const afterwards = await createPublishedProcedure(t.platform, tenant.id, testProcedureDocument({ departmentCode: 'shimin', fee: feeRule('after-approval') }))
    const residentId = await createTestResident(t.platform, tenant.id)
    const later = await createSubmittedApplication(t.platform, tenant.id, { ...afterwards, residentId, feeYen: 300, feeLines: [{ itemId: 'copy', label: { ja: '写し' }, unitYen: 300, quantity: 1, amountYen: 300 }] })
    expect((await clerk.post(`/applications/${later.id}/decide`, { decision: 'approved', reason: '' })).statusCode).toBe(303)
    expect(await application(tenant, later.id)).toMatchObject({ status: 'approved', paymentState: 'due' })
    await t.platform.jobs.drain()
    const [message] = await db(tenant, trx => trx.selectFrom('messages').select(['template', 'body']).where('residentId', '=', residentId).execute())
    expect(message.template).toBe('procedures.decision-approved-payment-due')
    expect(message.body).toContain('300円')
  })

  it('runs a two-step approval chain: no self-approval, one step per person, a delegate signs for an absent approver, a return starts a new round', async () => {
    const { tenant, juminhyo } = await municipality()
    const chained = await createPublishedProcedure(t.platform, tenant.id, testProcedureDocument({ departmentCode: 'shimin', approvalSteps: 2 }))
    const kakaricho = await asStaff(tenant, 'supervisor', 'shimin')
    const kacho = await asStaff(tenant, 'supervisor', 'shimin')
    const bucho = await asStaff(tenant, 'supervisor', 'shimin')
    const clerk = await asStaff(tenant, 'clerk', 'shimin')
    void juminhyo
    const residentId = await createTestResident(t.platform, tenant.id)
    const app = await createSubmittedApplication(t.platform, tenant.id, { ...chained, residentId })

    const proposed = await kakaricho.post(`/applications/${app.id}/decide`, { decision: 'approved', reason: '要件を確認しました。' })
    expect(proposed.headers.location).toBe(`/${tenant.slug}/staff/applications/${app.id}?done=proposed`)
    expect(await application(tenant, app.id)).toMatchObject({ status: 'pending_approval', proposedDecision: 'approved', proposedBy: kakaricho.staff.id, decision: null })
    const steps = () => db(tenant, trx => proceduresDb(trx).selectFrom('applicationApprovals').select(['round', 'step', 'status', 'decidedBy', 'onBehalfOf']).where('applicationId', '=', app.id).orderBy('round').orderBy('step').execute())
    expect(await steps()).toEqual([
      { round: 1, step: 1, status: 'pending', decidedBy: null, onBehalfOf: null },
      { round: 1, step: 2, status: 'pending', decidedBy: null, onBehalfOf: null },
    ])

    const self = await kakaricho.post(`/applications/${app.id}/approvals/sign`, { step: '1', onBehalfOf: '', comment: '' })
    expect(self.statusCode).toBe(403)
    expect(self.body).toContain('起案した人は、自分の決定案を決裁できません')
    const queue = await kacho.get('/applications/approvals')
    expect(queue.body).toContain(app.receiptNumber)
    expect(queue.body).toContain('決裁できます')

    expect((await kacho.post(`/applications/${app.id}/approvals/sign`, { step: '1', onBehalfOf: '', comment: '' })).statusCode).toBe(303)
    const twice = await kacho.post(`/applications/${app.id}/approvals/sign`, { step: '2', onBehalfOf: '', comment: '' })
    expect(twice.statusCode).toBe(403)
    expect(twice.body).toContain('同じ人が同じ回の2つの段階を決裁することはできません')
    const stale = await bucho.post(`/applications/${app.id}/approvals/sign`, { step: '1', onBehalfOf: '', comment: '' })
    expect(stale.statusCode).toBe(409)

    // 部長 is away: the clerk signs in their stead for the period
    const today = toIsoDate(new Date())
    const delegated = await bucho.post('/applications/delegations', { to: clerk.staff.id, startsOn: addCalendarDays(today, -1), endsOn: addCalendarDays(today, 1) })
    expect(delegated.statusCode).toBe(303)
    const withoutDelegation = await clerk.post(`/applications/${app.id}/approvals/sign`, { step: '2', onBehalfOf: '', comment: '' })
    expect(withoutDelegation.statusCode).toBe(403)
    const detail = await clerk.get(`/applications/${app.id}`)
    expect(detail.body).toContain('第2段階を決裁する')
    const signed = await clerk.post(`/applications/${app.id}/approvals/sign`, { step: '2', onBehalfOf: bucho.staff.id, comment: '部長不在のため代決' })
    expect(signed.headers.location).toBe(`/${tenant.slug}/staff/applications/${app.id}?done=decided`)
    expect(await steps()).toEqual([
      { round: 1, step: 1, status: 'approved', decidedBy: kacho.staff.id, onBehalfOf: null },
      { round: 1, step: 2, status: 'approved', decidedBy: clerk.staff.id, onBehalfOf: bucho.staff.id },
    ])
    expect(await application(tenant, app.id)).toMatchObject({ status: 'approved', decision: 'approved', decisionReason: '要件を確認しました。' })
    const notice = await db(tenant, trx => proceduresDb(trx).selectFrom('applicationDocuments').select(['title', 'content']).where('applicationId', '=', app.id).executeTakeFirstOrThrow())
    expect(notice.title).toBe('交付決定通知書')
    expect(notice.content.subarray(0, 4).toString('latin1')).toBe('%PDF')
    await t.platform.jobs.drain()
    expect(await db(tenant, trx => trx.selectFrom('messages').select('template').where('residentId', '=', residentId).execute())).toEqual([{ template: 'procedures.decision-approved' }])
    expect((await auditRows(tenant, 'application.approve-step')).map(r => (r.details as { onBehalfOf: string | null }).onBehalfOf)).toEqual([null, bucho.staff.id])

    // a return sends it back to review; the next proposal is a new round
    const second = await createSubmittedApplication(t.platform, tenant.id, { ...chained })
    await kakaricho.post(`/applications/${second.id}/decide`, { decision: 'rejected', reason: '書類不足' })
    const noComment = await kacho.post(`/applications/${second.id}/approvals/return`, { step: '1', onBehalfOf: '', comment: '' })
    expect(noComment.statusCode).toBe(422)
    expect((await kacho.post(`/applications/${second.id}/approvals/return`, { step: '1', onBehalfOf: '', comment: '理由をもう少し具体的に' })).statusCode).toBe(303)
    expect(await application(tenant, second.id)).toMatchObject({ status: 'in_review', proposedDecision: null })
    await kakaricho.post(`/applications/${second.id}/decide`, { decision: 'rejected', reason: '添付書類(本人確認書類)が不足しています。' })
    const rounds = await db(tenant, trx => proceduresDb(trx).selectFrom('applicationApprovals').select(['round', 'step', 'status', 'comment']).where('applicationId', '=', second.id).orderBy('round').orderBy('step').execute())
    expect(rounds).toEqual([
      { round: 1, step: 1, status: 'returned', comment: '理由をもう少し具体的に' },
      { round: 1, step: 2, status: 'pending', comment: null },
      { round: 2, step: 1, status: 'pending', comment: null },
      { round: 2, step: 2, status: 'pending', comment: null },
    ])
    // the internal return comment is never shown to the resident (not on the status history)
    const events = await db(tenant, trx => proceduresDb(trx).selectFrom('applicationEvents').select('message').where('applicationId', '=', second.id).execute())
    expect(events.map(e => e.message)).not.toContain('理由をもう少し具体的に')
  })

  it('reveals a My Number only to staff allowed special-care data, auditing every reveal', async () => {
    const { tenant } = await municipality()
    const withMyNumber = await createPublishedProcedure(t.platform, tenant.id, testProcedureDocument({ departmentCode: 'shimin' }, { myNumber: true }))
    const digits = validMyNumber('12345678901')
    const app = await createSubmittedApplication(t.platform, tenant.id, { ...withMyNumber, myNumber: { field: 'myNumber', digits } })
    const clerk = await asStaff(tenant, 'clerk', 'shimin')
    const operator = await asStaff(tenant, 'outsourced_operator', 'shimin')

    const page = await clerk.get(`/applications/${app.id}`)
    expect(page.body).toContain(`********${digits.slice(-4)}`)
    expect(page.body).not.toContain(digits)
    expect(page.body).toContain('reveal-my-number')
    const revealed = await clerk.post(`/applications/${app.id}/reveal-my-number`, { field: 'myNumber' })
    expect(revealed.statusCode).toBe(200)
    expect(revealed.headers['cache-control']).toBe('no-store')
    expect(revealed.body).toContain(digits)
    const reveals = await auditRows(tenant, 'application.reveal-my-number')
    expect(reveals).toEqual([expect.objectContaining({ actorId: clerk.staff.id, subjectId: app.id, details: expect.objectContaining({ fieldPath: 'myNumber', found: true }) })])

    const operatorPage = await operator.get(`/applications/${app.id}`)
    expect(operatorPage.statusCode).toBe(200)
    expect(operatorPage.body).not.toContain('reveal-my-number')
    const refused = await operator.post(`/applications/${app.id}/reveal-my-number`, { field: 'myNumber' })
    expect(refused.statusCode).toBe(403)
    expect(refused.body).not.toContain(digits)
    expect(await auditRows(tenant, 'application.reveal-my-number')).toHaveLength(1)
  })

  it('shows an application’s attachments inline, audited, and no one else’s', async () => {
    const { tenant, shimin } = await municipality()
    const withFile = await createPublishedProcedure(t.platform, tenant.id, testProcedureDocument({ departmentCode: 'shimin' }, { file: true }))
    const clerk = await asStaff(tenant, 'clerk', 'shimin')
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1')
    const store = (name: string) =>
      db(tenant, trx =>
        databaseFileStore.save(trx, tenant.id, { ownerType: 'procedures.application', ownerId: null, originalName: name, mediaType: 'application/pdf', sizeBytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex'), content: pdf, sanitised: false }),
      )
    const mine = await store('運転免許証.pdf')
    const theirs = await store('other.pdf')
    const app = await createSubmittedApplication(t.platform, tenant.id, { ...withFile, answers: { proof: { fileId: mine.id, name: '運転免許証.pdf', mediaType: 'application/pdf', sizeBytes: pdf.length } } })
    const page = await clerk.get(`/applications/${app.id}`)
    expect(page.body).toContain(`href="/${tenant.slug}/staff/applications/${app.id}/files/${mine.id}"`)
    const file = await clerk.get(`/applications/${app.id}/files/${mine.id}`)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(String(file.headers['content-disposition'])).toMatch(/^inline;/)
    expect(file.headers['content-security-policy']).toContain('sandbox')
    expect((await clerk.get(`/applications/${app.id}/files/${theirs.id}`)).statusCode).toBe(404)
    expect(await auditRows(tenant, 'application.view-attachment')).toEqual([expect.objectContaining({ subjectId: app.id, details: { departmentId: shimin.id, fileId: mine.id } })])
  })

  it('exports the filtered applications as CSV with a BOM and as JSON, streamed or in the background, audited', async () => {
    const { tenant, juminhyo } = await municipality()
    const clerk = await asStaff(tenant, 'clerk', 'shimin')
    const first = await createSubmittedApplication(t.platform, tenant.id, { ...juminhyo, submittedAt: new Date(Date.now() - 2 * 86_400_000), answers: { purpose: '=HYPERLINK("http://evil")' } })
    const second = await createSubmittedApplication(t.platform, tenant.id, { ...juminhyo, answers: { applicantName: { familyName: '佐藤', givenName: '一郎' }, purpose: '就職, 提出用' } })

    const form = await clerk.get(`/applications/export?procedure=${juminhyo.procedure.id}`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Shift_JIS には対応していません')
    const csv = await clerk.post('/applications/export', { procedure: juminhyo.procedure.id, status: 'open', format: 'csv', encoding: 'utf-8-bom', background: '' })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(String(csv.headers['content-disposition'])).toMatch(/^attachment; filename="applications-\d{8}-\d{4}\.csv"/)
    expect(csv.body.startsWith('\uFEFF')).toBe(true)
    const lines = csv.body.slice(1).trimEnd().split('\r\n')
    expect(lines).toHaveLength(3)
    const header = lines[0].split(',')
    expect(header.slice(0, 3)).toEqual(['receipt_number', 'procedure', 'procedure_version'])
    expect(header).toContain('answers.applicantName.familyName')
    expect(header).toContain('answers.purpose')
    expect(lines[1]).toContain(first.receiptNumber)
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`)
    expect(lines[2]).toContain(second.receiptNumber)
    expect(lines[2]).toContain('"就職, 提出用"')
    expect(lines[2]).toContain('佐藤')

    const sjis = await clerk.post('/applications/export', { procedure: juminhyo.procedure.id, status: 'open', format: 'csv', encoding: 'shift_jis', background: '' })
    expect(sjis.headers['content-type']).toContain('charset=shift_jis')
    expect(sjis.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false)
    const decoded = new TextDecoder('shift_jis').decode(sjis.rawPayload)
    expect(decoded.split('\r\n')[0]).toBe(lines[0])
    expect(decoded).toContain('佐藤')
    expect(sjis.rawPayload.includes(Buffer.from('佐藤', 'utf8'))).toBe(false)

    const json = await clerk.post('/applications/export', { procedure: juminhyo.procedure.id, format: 'json', encoding: 'utf-8', background: '' })
    expect(json.headers['content-type']).toContain('application/json')
    const rows = JSON.parse(json.body) as Record<string, string>[]
    expect(rows.map(r => r.receipt_number)).toEqual([first.receiptNumber, second.receiptNumber])
    expect(rows[1]['answers.applicantName.familyName']).toBe('佐藤')

    const queued = await clerk.post('/applications/export', { procedure: juminhyo.procedure.id, format: 'csv', encoding: 'utf-8-bom', background: '1' })
    expect(queued.statusCode).toBe(303)
    const statusPath = String(queued.headers.location).replace(`/${tenant.slug}/staff`, '')
    expect(statusPath).toMatch(/^\/applications\/exports\/[0-9a-f-]{36}$/)
    await t.platform.jobs.drain()
    const status = await clerk.get(statusPath)
    expect(status.body).toContain('ファイルができました')
    expect(status.body).not.toContain('data-auto-reload')
    const download = await clerk.get(`${statusPath}/download`)
    expect(download.statusCode).toBe(200)
    expect(download.body).toBe(csv.body)
    const colleague = await asStaff(tenant, 'clerk', 'shimin')
    expect((await colleague.get(`${statusPath}/download`)).statusCode).toBe(404)

    const exports = await auditRows(tenant, 'application.export')
    expect(exports.map(r => (r.details as { format: string; count: number; background: boolean }))).toEqual([
      expect.objectContaining({ format: 'csv', count: 2, background: false }),
      expect.objectContaining({ format: 'csv', encoding: 'shift_jis', count: 2, background: false }),
      expect.objectContaining({ format: 'json', count: 2, background: false }),
      expect.objectContaining({ format: 'csv', count: 2, background: true }),
    ])
    expect(await auditRows(tenant, 'application.export-download')).toHaveLength(1)
  })

  it('shows a background export’s progress with an automatic refresh until it is ready', async () => {
    const { tenant, juminhyo } = await municipality()
    const clerk = await asStaff(tenant, 'clerk', 'shimin')
    await createSubmittedApplication(t.platform, tenant.id, { ...juminhyo })
    // queued directly, without a job, so that the page is seen before the file exists
    const exportId = await db(tenant, async trx => {
      const { insertExport } = await import('./export-repository.js')
      return insertExport(trx, tenant.id, { staffUserId: clerk.staff.id, format: 'csv', encoding: 'utf-8-bom', criteria: { filter: { department: '', procedure: '', status: 'open', from: '', to: '', assignee: '', overdue: false, sort: 'due' }, scope: { kind: 'all' }, requestedAt: new Date().toISOString() }, totalCount: 1, expiresAt: new Date(Date.now() + 3_600_000) })
    })
    const page = await clerk.get(`/applications/exports/${exportId}`)
    expect(page.body).toContain('data-auto-reload="3000"')
    expect(page.body).not.toContain('http-equiv="refresh"')
    expect(page.body).toContain('1件中 0件を作成しました')
    expect((await clerk.get(`/applications/exports/${exportId}/download`)).statusCode).toBe(409)
  })

  it('keeps municipalities apart', async () => {
    const one = await municipality()
    const app = await createSubmittedApplication(t.platform, one.tenant.id, { ...one.juminhyo })
    const other = await createTestTenant(t.platform)
    const admin = await asStaff(other, 'administrator')
    const inbox = await admin.get('/applications?status=all')
    expect(inbox.statusCode).toBe(200)
    expect(inbox.body).not.toContain(app.receiptNumber)
    expect((await admin.get(`/applications/${app.id}`)).statusCode).toBe(404)
    expect((await admin.post(`/applications/${app.id}/decide`, { decision: 'rejected', reason: 'x' })).statusCode).toBe(404)
    expect((await application(one.tenant, app.id)).status).toBe('submitted')
  })
})
