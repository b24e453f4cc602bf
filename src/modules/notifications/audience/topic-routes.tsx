/** Staff routes of topics (`notifications.manage`): list, add, edit, reorder, delete. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pageContext } from '../../../platform/views/page-context.js'
import { formValuesOf, text, type FormProblem, type FormValues } from './audience-form-values.js'
import { staffRequest } from './audience-request.js'
import { BASE, doneNotice, idParam, manageConfig as config, tenantBase } from './audience-route-helpers.js'
import { collectErrors } from './audience-views.js'
import { TopicDeletePage, TopicFormPage, TopicListPage } from './topic-pages.js'
import { topicFormValues } from './topic-form.js'
import type { TopicService } from './topic-service.js'

const DONE = ['created', 'saved', 'moved', 'deleted'] as const

export function registerTopicRoutes(app: FastifyInstance, topics: TopicService): void {
  const formPage = async (req: FastifyRequest, reply: FastifyReply, input: { id?: string; values?: FormValues; problems?: FormProblem[] }) => {
    const ctx = pageContext(req)
    const topic = input.id ? await topics.getTopic(staffRequest(req), input.id) : undefined
    const errors = collectErrors(ctx, input.problems ?? [])
    const values = input.values ?? (topic ? topicFormValues(topic) : { isDefault: '' })
    return reply.html(<TopicFormPage ctx={ctx} topic={topic} values={values} errors={errors.fields} summary={errors.summary} notice={doneNotice(req, 'topics', DONE)} />, input.problems ? 422 : 200)
  }

  app.get(`${BASE}/topics`, { config }, async (req, reply) => {
    const list = await topics.listTopics(staffRequest(req))
    return reply.html(<TopicListPage ctx={pageContext(req)} topics={list} notice={doneNotice(req, 'topics', DONE)} />)
  })

  app.get(`${BASE}/topics/new`, { config }, async (req, reply) => formPage(req, reply, {}))

  app.post(`${BASE}/topics/new`, { config }, async (req, reply) => {
    const values = formValuesOf(req.body)
    const outcome = await topics.createTopic(staffRequest(req), values)
    if (!outcome.ok) return formPage(req, reply, { values, problems: outcome.problems })
    return reply.redirect(`${tenantBase(req)}/topics?done=created`, 303)
  })

  app.get(`${BASE}/topics/:id`, { config }, async (req, reply) => {
    const id = idParam(req)
    if (!id) return reply.callNotFound()
    return formPage(req, reply, { id })
  })

  app.post(`${BASE}/topics/:id`, { config }, async (req, reply) => {
    const id = idParam(req)
    if (!id) return reply.callNotFound()
    const values = formValuesOf(req.body)
    const outcome = await topics.editTopic(staffRequest(req), id, values)
    if (!outcome.ok) return formPage(req, reply, { id, values, problems: outcome.problems })
    return reply.redirect(`${tenantBase(req)}/topics?done=saved`, 303)
  })

  app.post(`${BASE}/topics/:id/move`, { config }, async (req, reply) => {
    const id = idParam(req)
    const direction = text(formValuesOf(req.body), 'direction')
    if (!id || (direction !== 'up' && direction !== 'down')) return reply.callNotFound()
    await topics.moveTopic(staffRequest(req), id, direction)
    return reply.redirect(`${tenantBase(req)}/topics?done=moved`, 303)
  })

  app.get(`${BASE}/topics/:id/delete`, { config }, async (req, reply) => {
    const id = idParam(req)
    if (!id) return reply.callNotFound()
    const { topic, usage } = await topics.describeTopicDeletion(staffRequest(req), id)
    return reply.html(<TopicDeletePage ctx={pageContext(req)} topic={topic} usage={usage} />)
  })

  app.post(`${BASE}/topics/:id/delete`, { config }, async (req, reply) => {
    const id = idParam(req)
    if (!id) return reply.callNotFound()
    const outcome = await topics.deleteTopic(staffRequest(req), id)
    if (!outcome.ok) return reply.html(<TopicDeletePage ctx={pageContext(req)} topic={outcome.topic} usage={outcome.usage} refused />, 409)
    return reply.redirect(`${tenantBase(req)}/topics?done=deleted`, 303)
  })
}
