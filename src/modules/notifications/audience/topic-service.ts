/**
 * Topics (防災, 子育て, ごみ, …): create, edit, reorder and delete, each in one transaction with
 * its audit entry. A topic that notices or templates use is not deleted: they would lose what
 * they are about, and residents' history would read wrong.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import type { NotificationTopic } from '../notification-tables.js'
import { topicNotFound } from './audience-errors.js'
import type { FormProblem, FormValues } from './audience-form-values.js'
import { requireManage, type StaffRequest } from './audience-request.js'
import { readTopicForm } from './topic-form.js'
import { countTopicUsage, deleteTopic, findTopic, findTopicByKey, insertTopic, listTopics, moveTopic, updateTopic, type TopicUsage } from './topic-repository.js'

export type TopicOutcome = { ok: true; id: string } | { ok: false; problems: FormProblem[] }

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505'

export function createTopicService(db: Db) {
  const audit = (request: StaffRequest) => ({ actor: { type: 'staff' as const, id: request.actor.id }, requestId: request.requestId })
  return {
    async listTopics(request: StaffRequest): Promise<NotificationTopic[]> {
      requireManage(request)
      return withTenant(db, request.tenant.id, trx => listTopics(trx, request.tenant.id))
    },

    async getTopic(request: StaffRequest, id: string): Promise<NotificationTopic> {
      requireManage(request)
      const topic = await withTenant(db, request.tenant.id, trx => findTopic(trx, request.tenant.id, id))
      if (!topic) throw topicNotFound()
      return topic
    },

    async createTopic(request: StaffRequest, form: FormValues): Promise<TopicOutcome> {
      requireManage(request)
      const read = readTopicForm(form, true)
      if (!read.ok) return read
      const tenantId = request.tenant.id
      try {
        return await withTenant(db, tenantId, async trx => {
          if (await findTopicByKey(trx, tenantId, read.values.key)) return { ok: false, problems: [{ field: 'key', key: 'audience.topics.keyTaken' }] }
          const topic = await insertTopic(trx, tenantId, read.values)
          await recordAudit(trx, tenantId, { ...audit(request), action: 'notifications.create-topic', subjectType: 'notification_topic', subjectId: topic.id, details: { key: topic.key } })
          return { ok: true, id: topic.id }
        })
      } catch (error) {
        // two staff creating the same key at once: the unique constraint decides
        if (isUniqueViolation(error)) return { ok: false, problems: [{ field: 'key', key: 'audience.topics.keyTaken' }] }
        throw error
      }
    },

    async editTopic(request: StaffRequest, id: string, form: FormValues): Promise<TopicOutcome> {
      requireManage(request)
      const read = readTopicForm(form, false)
      if (!read.ok) return read
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => {
        const topic = await updateTopic(trx, tenantId, id, read.values)
        if (!topic) throw topicNotFound()
        await recordAudit(trx, tenantId, { ...audit(request), action: 'notifications.edit-topic', subjectType: 'notification_topic', subjectId: id, details: { key: topic.key } })
        return { ok: true, id }
      })
    },

    async moveTopic(request: StaffRequest, id: string, direction: 'up' | 'down'): Promise<void> {
      requireManage(request)
      const tenantId = request.tenant.id
      await withTenant(db, tenantId, async trx => {
        if (!(await findTopic(trx, tenantId, id))) throw topicNotFound()
        if (await moveTopic(trx, tenantId, id, direction)) {
          await recordAudit(trx, tenantId, { ...audit(request), action: 'notifications.move-topic', subjectType: 'notification_topic', subjectId: id, details: { direction } })
        }
      })
    },

    /** The topic and what refers to it, for the confirmation page. */
    async describeTopicDeletion(request: StaffRequest, id: string): Promise<{ topic: NotificationTopic; usage: TopicUsage }> {
      requireManage(request)
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => {
        const topic = await findTopic(trx, tenantId, id)
        if (!topic) throw topicNotFound()
        return { topic, usage: await countTopicUsage(trx, tenantId, id) }
      })
    },

    /** Deletes the topic unless notices or templates use it; residents' subscriptions go with it. */
    async deleteTopic(request: StaffRequest, id: string): Promise<{ ok: true; topic: NotificationTopic } | { ok: false; topic: NotificationTopic; usage: TopicUsage }> {
      requireManage(request)
      const tenantId = request.tenant.id
      const attempt = () => withTenant(db, tenantId, async trx => {
        const topic = await findTopic(trx, tenantId, id)
        if (!topic) throw topicNotFound()
        const usage = await countTopicUsage(trx, tenantId, id)
        if (usage.notices > 0 || usage.templates > 0) return { ok: false as const, topic, usage }
        await deleteTopic(trx, tenantId, id)
        await recordAudit(trx, tenantId, { ...audit(request), action: 'notifications.delete-topic', subjectType: 'notification_topic', subjectId: id, details: { key: topic.key, subscribers: usage.subscribers } })
        return { ok: true as const, topic }
      })
      try {
        return await attempt()
      } catch (error) {
        // a notice took the topic between the count and the delete: the foreign key refused it
        if ((error as { code?: string }).code !== '23503') throw error
        const { topic, usage } = await this.describeTopicDeletion(request, id)
        return { ok: false, topic, usage: { ...usage, notices: Math.max(usage.notices, 1) } }
      }
    },
  }
}

export type TopicService = ReturnType<typeof createTopicService>
