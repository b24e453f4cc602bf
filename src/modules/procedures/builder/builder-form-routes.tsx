/**
 * Routes that edit the form: settings, pages (add, edit, move, delete), elements and group
 * members (add, edit, move, delete). Each POST reads the form against the draft inside the
 * service's transaction, then redirects (303) or re-renders with problems (422).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pageContext } from '../../../platform/views/page-context.js'
import { FIELD_ID_PATTERN, type FormElement, type ProcedureDocument } from '../form/form-definition.js'
import { findElement, newElement, newMember, nextId, type BuilderEdit, type ElementRef, type MoveDirection } from './builder-edits.js'
import { elementToForm, readElementForm } from './builder-element-form.js'
import { conditionCandidates, formValuesOf, text, type FormProblem, type FormValues } from './builder-form-values.js'
import { ElementEditorPage, PageEditorPage, SettingsPage } from './builder-editor-pages.js'
import { ADDABLE_TYPES, canAddMyNumber } from './builder-overview-page.js'
import { BASE, builderParams, config, doneNotice, newElementTexts, overviewSummary } from './builder-route-helpers.js'
import { renderOverview } from './builder-routes.js'
import { builderRequest, type EditOutcome, type PlannedEdit, type ProcedureBuilderService } from './builder-service.js'
import { pageToForm, readPageForm, readSettingsForm, settingsToForm } from './builder-settings-form.js'
import { collectErrors } from './builder-views.js'

const SETTINGS_ALIASES: Record<string, string> = {
  'form.declaration.ja': 'declarationJa',
  'form.declaration.ja-easy': 'declarationEasy',
  'form.declaration.en': 'declarationEn',
  // a My Number field left in the form when the permission is switched off
  'form.pages': 'myNumberAllowed',
  'quota.maxApplications': 'maxApplications',
  'quota.maxPerResident': 'maxPerResident',
  'publication.opensAt': 'opensOn',
  'publication.closesAt': 'closesOn',
}
const ELEMENT_ALIASES: Record<string, string> = { 'pattern.regex': 'patternRegex', 'pattern.message.ja': 'patternMessageJa', 'pattern.message': 'patternRegex', fields: 'id', type: 'id' }

const MEMBER_TYPES = new Set(['text', 'longText', 'number', 'email', 'phone', 'date', 'personName', 'address', 'singleChoice', 'multipleChoice', 'select', 'agreement'])

/** The element (or member) a request names, with where it sits in the document. */
function locate(doc: ProcedureDocument, ref: ElementRef) {
  const found = findElement(doc, ref)
  if (!found) return undefined
  const candidates = found.group ? [] : conditionCandidates(doc.form, found.pageIndex, found.index)
  return { ...found, candidates }
}

/** `direction=up|down` (buttons), or `toPage` + `toIndex` (drag and drop). */
function readMove(values: FormValues): MoveDirection | { pageId: string; index: number } | undefined {
  const direction = text(values, 'direction')
  if (direction === 'up' || direction === 'down') return direction
  const pageId = text(values, 'toPage')
  const index = text(values, 'toIndex')
  if (FIELD_ID_PATTERN.test(pageId) && /^\d{1,3}$/.test(index)) return { pageId, index: Number(index) }
  return undefined
}

export function registerBuilderFormRoutes(app: FastifyInstance, builder: ProcedureBuilderService) {
  const base = (req: FastifyRequest, id: string) => `/${req.tenant?.slug}/staff/procedures/${id}`
  const edit = (req: FastifyRequest, id: string, plan: (doc: ProcedureDocument) => PlannedEdit) => builder.editDraft(builderRequest(req), id, plan)

  /** An action posted from the builder page: redirect back to it, or show it again with the problems. */
  async function overviewAction(req: FastifyRequest, reply: FastifyReply, id: string, outcome: EditOutcome, success: string, extra: { newElementPage?: string; newPageTitle?: string } = {}) {
    if (outcome.ok) return reply.redirect(`${base(req, id)}${success}`, 303)
    const ctx = pageContext(req)
    const form = collectErrors(ctx, outcome.formProblems, [])
    const summary = [
      ...form.summary.map(item => (item.field === 'type' && extra.newElementPage ? { ...item, field: `type-${extra.newElementPage}` } : item.field === 'titleJa' ? { ...item, field: 'newPageTitle' } : item)),
      ...overviewSummary(req.t, outcome.problems, outcome.candidate ?? outcome.document, outcome.document),
    ]
    return renderOverview(
      req,
      reply,
      builder,
      id,
      {
        summary,
        newElement: extra.newElementPage ? { pageId: extra.newElementPage, error: form.fields.type } : undefined,
        newPage: extra.newPageTitle !== undefined ? { titleJa: extra.newPageTitle, errors: form.fields } : undefined,
      },
      422,
    )
  }

  // ---- settings ------------------------------------------------------------------------------

  app.get(`${BASE}/:id/settings`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id) return reply.callNotFound()
    const request = builderRequest(req)
    const [view, departments] = await Promise.all([builder.getProcedure(request, params.id), builder.listDepartments(request)])
    return reply.html(<SettingsPage ctx={pageContext(req)} procedureId={params.id} document={view.document} values={settingsToForm(view.document)} departments={departments} />)
  })

  app.post(`${BASE}/:id/settings`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id) return reply.callNotFound()
    const values = formValuesOf(req.body)
    const outcome = await edit(req, params.id, doc => {
      const read = readSettingsForm(values, doc)
      return read.settings ? { edit: { kind: 'update-settings', settings: read.settings } } : { formProblems: read.problems }
    })
    if (outcome.ok) return reply.redirect(`${base(req, params.id)}?done=settings-saved`, 303)
    const ctx = pageContext(req)
    const errors = collectErrors(ctx, outcome.formProblems, outcome.problems, { base: [], aliases: SETTINGS_ALIASES, inputs: Object.keys(settingsToForm(outcome.document)), source: outcome.candidate })
    const departments = await builder.listDepartments(builderRequest(req))
    return reply.html(<SettingsPage ctx={ctx} procedureId={params.id} document={outcome.document} values={values} errors={errors.fields} summary={errors.summary} departments={departments} />, 422)
  })

  // ---- pages ---------------------------------------------------------------------------------

  app.post(`${BASE}/:id/pages`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id) return reply.callNotFound()
    const title = text(formValuesOf(req.body), 'titleJa')
    let pageId = ''
    const outcome = await edit(req, params.id, doc => {
      if (title === '') return { formProblems: [{ field: 'titleJa', key: 'builder.form.required' }] }
      pageId = nextId(doc, 'page')
      return { edit: { kind: 'add-page', page: { id: pageId, title: { ja: title }, elements: [] } } }
    })
    return overviewAction(req, reply, params.id, outcome, `?done=page-added#page-${pageId}`, { newPageTitle: title })
  })

  app.get(`${BASE}/:id/pages/:pageId`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id || !params.pageId) return reply.callNotFound()
    const view = await builder.getProcedure(builderRequest(req), params.id)
    const index = view.document.form.pages.findIndex(p => p.id === params.pageId)
    if (index < 0) return reply.callNotFound()
    return reply.html(<PageEditorPage ctx={pageContext(req)} procedureId={params.id} document={view.document} pageId={params.pageId} values={pageToForm(view.document.form.pages[index])} candidates={conditionCandidates(view.document.form, index)} />)
  })

  app.post(`${BASE}/:id/pages/:pageId`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id || !params.pageId) return reply.callNotFound()
    const { id, pageId } = params as { id: string; pageId: string }
    const values = formValuesOf(req.body)
    let newId = pageId
    const outcome = await edit(req, id, doc => {
      const index = doc.form.pages.findIndex(p => p.id === pageId)
      if (index < 0) return { formProblems: [{ field: 'id', key: 'builder.problems.notFound' }] }
      const read = readPageForm(values, doc, index)
      if (!read.page) return { formProblems: read.problems }
      newId = read.page.id
      return { edit: { kind: 'update-page', pageId, ...read.page } }
    })
    if (outcome.ok) return reply.redirect(`${base(req, id)}?done=page-saved#page-${newId}`, 303)
    const index = outcome.document.form.pages.findIndex(p => p.id === pageId)
    if (index < 0) return reply.callNotFound()
    const ctx = pageContext(req)
    const errors = collectErrors(ctx, outcome.formProblems, outcome.problems, { base: ['form', 'pages', index], inputs: Object.keys(pageToForm(outcome.document.form.pages[index])), source: outcome.candidate })
    return reply.html(<PageEditorPage ctx={ctx} procedureId={id} document={outcome.document} pageId={pageId} values={values} errors={errors.fields} summary={errors.summary} candidates={conditionCandidates(outcome.document.form, index)} />, 422)
  })

  app.post(`${BASE}/:id/pages/:pageId/move`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id || !params.pageId) return reply.callNotFound()
    const { id, pageId } = params as { id: string; pageId: string }
    const values = formValuesOf(req.body)
    const direction = text(values, 'direction')
    const index = text(values, 'toIndex')
    const to = direction === 'up' || direction === 'down' ? direction : /^\d{1,2}$/.test(index) ? { index: Number(index) } : undefined
    const outcome = await edit(req, id, () => (to ? { edit: { kind: 'move-page', pageId, to } } : { formProblems: [{ field: 'pages', key: 'builder.problems.cannotMove' }] }))
    return overviewAction(req, reply, id, outcome, `?done=page-moved#page-${pageId}`)
  })

  app.post(`${BASE}/:id/pages/:pageId/delete`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id || !params.pageId) return reply.callNotFound()
    const outcome = await edit(req, params.id, () => ({ edit: { kind: 'delete-page', pageId: params.pageId as string } }))
    return overviewAction(req, reply, params.id, outcome, '?done=page-deleted#pages')
  })

  app.post(`${BASE}/:id/pages/:pageId/elements`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id || !params.pageId) return reply.callNotFound()
    const { id, pageId } = params as { id: string; pageId: string }
    const type = text(formValuesOf(req.body), 'type')
    let elementId = ''
    const outcome = await edit(req, id, doc => {
      const known = (ADDABLE_TYPES as readonly string[]).includes(type)
      if (!known) return { formProblems: [{ field: 'type', key: 'builder.form.chooseFromList' }] }
      if (type === 'myNumber' && !canAddMyNumber(doc)) return { formProblems: [{ field: 'type', key: 'builder.problems.myNumberNotAllowed' }] }
      const element = newElement(doc, type as FormElement['type'], newElementTexts(type))
      elementId = element.id
      return { edit: { kind: 'add-element', pageId, element } }
    })
    if (outcome.ok) return reply.redirect(`${base(req, id)}/elements/${elementId}?done=element-added`, 303)
    return overviewAction(req, reply, id, outcome, '', { newElementPage: pageId })
  })

  // ---- elements and group members ------------------------------------------------------------

  const refOf = (params: { elementId?: string; memberId?: string }): ElementRef => ({ elementId: params.elementId as string, ...(params.memberId ? { memberId: params.memberId } : {}) })

  async function showElement(req: FastifyRequest, reply: FastifyReply) {
    const params = builderParams(req)
    if (!params?.id || !params.elementId) return reply.callNotFound()
    const view = await builder.getProcedure(builderRequest(req), params.id)
    const found = locate(view.document, refOf(params))
    if (!found) return reply.callNotFound()
    return reply.html(
      <ElementEditorPage ctx={pageContext(req)} procedureId={params.id} document={view.document} element={found.element} group={found.group} values={elementToForm(found.element)} candidates={found.candidates} notice={doneNotice(req)} />,
    )
  }

  async function saveElement(req: FastifyRequest, reply: FastifyReply) {
    const params = builderParams(req)
    if (!params?.id || !params.elementId) return reply.callNotFound()
    const id = params.id
    const ref = refOf(params)
    const values = formValuesOf(req.body)
    let savedId = ref.memberId ?? ref.elementId
    const outcome = await edit(req, id, doc => {
      const found = locate(doc, ref)
      if (!found) return { formProblems: [{ field: 'id', key: 'builder.problems.notFound' }] }
      const read = readElementForm(values, found.element, { candidates: found.candidates, isMember: Boolean(found.group) })
      if (!read.element) return { formProblems: read.problems }
      savedId = read.element.id
      return { edit: { kind: 'update-element', ref, element: read.element } }
    })
    if (outcome.ok) {
      const target = ref.memberId ? `${base(req, id)}/elements/${ref.elementId}?done=member-saved` : `${base(req, id)}?done=element-saved#element-${savedId}`
      return reply.redirect(target, 303)
    }
    const found = locate(outcome.document, ref)
    if (!found) return reply.callNotFound()
    const ctx = pageContext(req)
    const errors = collectErrors(ctx, outcome.formProblems, outcome.problems, {
      base: found.path,
      aliases: ELEMENT_ALIASES,
      inputs: [...Object.keys(elementToForm(found.element)), 'accept', 'maxMegabytes'],
      source: outcome.candidate,
    })
    return reply.html(<ElementEditorPage ctx={ctx} procedureId={id} document={outcome.document} element={found.element} group={found.group} values={values} errors={errors.fields} summary={errors.summary} candidates={found.candidates} />, 422)
  }

  async function moveElement(req: FastifyRequest, reply: FastifyReply) {
    const params = builderParams(req)
    if (!params?.id || !params.elementId) return reply.callNotFound()
    const ref = refOf(params)
    const to = readMove(formValuesOf(req.body))
    const outcome = await edit(req, params.id, (): PlannedEdit => (to ? { edit: { kind: 'move-element', ref, to } } : { formProblems: [{ field: 'pages', key: 'builder.problems.cannotMove' }] }))
    if (ref.memberId) return memberAction(req, reply, params.id, ref, outcome, 'member-moved')
    return overviewAction(req, reply, params.id, outcome, `?done=element-moved#element-${ref.elementId}`)
  }

  async function deleteElement(req: FastifyRequest, reply: FastifyReply) {
    const params = builderParams(req)
    if (!params?.id || !params.elementId) return reply.callNotFound()
    const ref = refOf(params)
    const outcome = await edit(req, params.id, (): PlannedEdit => ({ edit: { kind: 'delete-element', ref } }))
    if (ref.memberId) return memberAction(req, reply, params.id, ref, outcome, 'member-deleted')
    return overviewAction(req, reply, params.id, outcome, '?done=element-deleted#pages')
  }

  /** Member actions are posted from the group's editor: back to it, or it again with the problems. */
  async function memberAction(req: FastifyRequest, reply: FastifyReply, id: string, ref: ElementRef, outcome: EditOutcome, done: string, memberProblems: FormProblem[] = []) {
    if (outcome.ok) return reply.redirect(`${base(req, id)}/elements/${ref.elementId}?done=${done}#members-heading`, 303)
    const found = locate(outcome.document, { elementId: ref.elementId })
    if (!found) return reply.callNotFound()
    const ctx = pageContext(req)
    const errors = collectErrors(ctx, [...outcome.formProblems, ...memberProblems], outcome.problems, { source: outcome.candidate, general: 'members-heading' })
    return reply.html(
      <ElementEditorPage ctx={ctx} procedureId={id} document={outcome.document} element={found.element} values={elementToForm(found.element)} summary={errors.summary.map(s => (s.field === 'type' ? { ...s, field: 'memberType' } : s))} candidates={found.candidates} memberError={errors.fields.type} />,
      422,
    )
  }

  app.get(`${BASE}/:id/elements/:elementId`, { config }, showElement)
  app.post(`${BASE}/:id/elements/:elementId`, { config }, saveElement)
  app.post(`${BASE}/:id/elements/:elementId/move`, { config }, moveElement)
  app.post(`${BASE}/:id/elements/:elementId/delete`, { config }, deleteElement)

  app.post(`${BASE}/:id/elements/:elementId/members`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id || !params.elementId) return reply.callNotFound()
    const groupId = params.elementId
    const type = text(formValuesOf(req.body), 'type')
    let memberId = ''
    const outcome = await edit(req, params.id, doc => {
      const found = findElement(doc, { elementId: groupId })
      if (!found || found.element.type !== 'repeatingGroup') return { formProblems: [{ field: 'type', key: 'builder.problems.notFound' }] }
      if (!MEMBER_TYPES.has(type)) return { formProblems: [{ field: 'type', key: 'builder.form.chooseFromList' }] }
      const member = newMember(found.element, type as Parameters<typeof newMember>[1], newElementTexts(type))
      memberId = member.id
      const planned: BuilderEdit = { kind: 'add-member', groupId, member }
      return { edit: planned }
    })
    if (outcome.ok) return reply.redirect(`${base(req, params.id)}/elements/${groupId}/members/${memberId}?done=member-added`, 303)
    return memberAction(req, reply, params.id, { elementId: groupId }, outcome, 'member-added')
  })

  app.get(`${BASE}/:id/elements/:elementId/members/:memberId`, { config }, showElement)
  app.post(`${BASE}/:id/elements/:elementId/members/:memberId`, { config }, saveElement)
  app.post(`${BASE}/:id/elements/:elementId/members/:memberId/move`, { config }, moveElement)
  app.post(`${BASE}/:id/elements/:elementId/members/:memberId/delete`, { config }, deleteElement)
}
