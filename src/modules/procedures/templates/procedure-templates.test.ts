import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { checkFormIntegrity, listFields, parseProcedureDocument, type LocalizedText } from '../form/form-definition.js'
import { toJsonSchema, toUiSchema } from '../form/form-json-schema.js'
import { listProcedureTemplates, PROCEDURE_TEMPLATE_SLUGS } from './procedure-templates.js'

/** Every LocalizedText in a document (objects with a `ja` string), with where it is. */
function localizedTexts(node: unknown, path = ''): { path: string; text: LocalizedText }[] {
  if (Array.isArray(node)) return node.flatMap((child, i) => localizedTexts(child, `${path}[${i}]`))
  if (node === null || typeof node !== 'object') return []
  const record = node as Record<string, unknown>
  if (typeof record.ja === 'string') return [{ path, text: record as LocalizedText }]
  return Object.entries(record).flatMap(([key, child]) => localizedTexts(child, path ? `${path}.${key}` : key))
}

describe('procedure templates', () => {
  it.each(PROCEDURE_TEMPLATE_SLUGS)('%s parses as an import would, with its own slug', slug => {
    const raw: unknown = JSON.parse(readFileSync(new URL(`./${slug}.json`, import.meta.url), 'utf8'))
    const parsed = parseProcedureDocument(raw)
    expect(parsed.ok ? [] : parsed.issues).toEqual([])
    if (!parsed.ok) return
    expect(parsed.document.slug).toBe(slug)
    expect(checkFormIntegrity(parsed.document)).toEqual([])
  })

  it.each(PROCEDURE_TEMPLATE_SLUGS)('%s generates a JSON Schema that compiles', slug => {
    const template = listProcedureTemplates().find(t => t.slug === slug)
    if (!template) throw new Error(`no template ${slug}`)
    const schema = toJsonSchema(template.document.form, { title: template.document.title, version: 1 })
    const ajv = new Ajv2020({ strict: false })
    ajv.addFormat('date', true).addFormat('email', true).addFormat('uuid', true)
    expect(() => ajv.compile(schema)).not.toThrow()
    expect(Object.keys(schema.properties as object)).toEqual(listFields(template.document.form).map(f => f.id))
    expect(toUiSchema(template.document.form)).toHaveProperty('pages')
  })

  it.each(PROCEDURE_TEMPLATE_SLUGS)('%s has やさしい日本語 and English for every resident-facing text', slug => {
    const template = listProcedureTemplates().find(t => t.slug === slug)
    if (!template) throw new Error(`no template ${slug}`)
    const untranslated = localizedTexts(template.document).filter(({ text }) => !text['ja-easy'] || !text.en).map(({ path }) => path)
    expect(untranslated).toEqual([])
  })

  it('keeps the details each template promises', () => {
    const bySlug = Object.fromEntries(listProcedureTemplates().map(t => [t.slug, t.document]))
    const juminhyo = bySlug['juminhyo-copy']
    expect(juminhyo.identityLevel).toBe('my-number-card')
    expect(juminhyo.approvalSteps).toBe(2)
    expect(juminhyo.fee?.items[0]).toMatchObject({ unitYen: 300, quantityField: 'copies' })
    expect(juminhyo.fee?.exemptions.length).toBeGreaterThan(0)

    const jidou = bySlug['jidou-teate']
    expect(jidou).toMatchObject({ myNumberAllowed: true, approvalSteps: 1 })
    expect(jidou.legalBasis).toContain('児童手当法')
    expect(jidou.fee).toBeUndefined()
    const children = listFields(jidou.form).find(f => f.type === 'repeatingGroup')
    expect(children?.type === 'repeatingGroup' && children.fields.map(f => f.type)).toEqual(['personName', 'date', 'select', 'singleChoice'])

    expect(bySlug['dog-registration'].fee?.items[0].unitYen).toBe(3000)

    const gomi = bySlug['sodai-gomi']
    expect(gomi.fee?.items[0]).toMatchObject({ unitYen: 400, quantityField: 'ticketCount' })
    expect(listFields(gomi.form).find(f => f.id === 'collectionDate')).toMatchObject({ type: 'date', minDate: 'today' })
    expect(listFields(gomi.form).find(f => f.type === 'address')).toMatchObject({ prefill: 'address' })

    const school = bySlug['school-absence']
    expect(school).toMatchObject({ identityLevel: 'email', departmentCode: 'school-1', processingDays: 0 })
    expect(school.fee).toBeUndefined()
    expect(listFields(school.form).find(f => f.id === 'reasonOther')?.showIf).toEqual({ field: 'reason', equals: 'other' })
  })

  it('hands out copies, so a caller changing one cannot change the next', () => {
    const [first] = listProcedureTemplates()
    first.document.title.ja = 'changed'
    expect(listProcedureTemplates()[0].document.title.ja).not.toBe('changed')
  })
})
