/**
 * Entry point of the `fanout` benchmark's provider child (forked by `startFanoutSinks` in
 * ./fanout-sinks.ts): everything the delivery engine hands messages to, in a process of its own
 * so that the providers' work does not share the engine's event loop.
 *
 * - LINE: the project's faithful fake (channels/line/fake-line.ts) served over HTTP with its own
 *   plugin, accepting the development channel access token; its rate limit (2,000 requests/s per
 *   token by default, as LINE's) is raised out of reach so that the engine is what is measured.
 * - Email: an SMTP server (smtp-server) that accepts every mail and records its envelope recipients.
 * - SMS: `POST /sms/v1/messages` answering 202 as the provider API does (sms/sms-client.ts).
 * - Web push: `POST /push/:id` answering 201 as a push service does.
 *
 * IPC: `{ type: 'stats' }` → counts so far; `{ type: 'dump', dir }` → writes every recipient
 * received, one per line and duplicates included, to `<dir>/<channel>.txt`; `{ type: 'cpu' }`;
 * `{ type: 'stop' }`.
 */
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import Fastify from 'fastify'
import { SMTPServer } from 'smtp-server'
import { createFakeLine, fakeLinePlugin } from '../../src/modules/notifications/channels/line/fake-line.js'
import { DEV_LINE_ACCESS_TOKEN } from '../../src/modules/notifications/channels/line/line-credentials.js'

export interface SinkStats {
  line: { requests: number; recipients: number; unique: number }
  email: { messages: number; recipients: number; unique: number }
  sms: { messages: number; unique: number }
  push: { messages: number; unique: number }
}

export type SinkReply =
  | { type: 'ready'; httpPort: number; smtpPort: number }
  | { type: 'failed'; message: string }
  | { type: 'stats'; stats: SinkStats }
  | { type: 'dumped' }
  | { type: 'cpu'; user: number; system: number }

const send = (message: SinkReply) => process.send?.(message)

/** Recipients in arrival order (duplicates kept) and the distinct ones. */
class Recorder {
  readonly all: string[] = []
  readonly distinct = new Set<string>()
  record(address: string) {
    this.all.push(address)
    this.distinct.add(address)
  }
}

async function main() {
  const fake = createFakeLine({ channelAccessTokens: [DEV_LINE_ACCESS_TOKEN], knobs: { rateLimit: { max: 1e9, windowMs: 1000 } } })
  const line = new Recorder()
  let lineSeen = 0
  /** Folds the fake's accepted requests into the recorder (the fake keeps them in `received`). */
  const collectLine = () => {
    for (; lineSeen < fake.received.length; lineSeen++) for (const to of fake.received[lineSeen].to) line.record(to)
  }
  const email = new Recorder()
  let emailMessages = 0
  const sms = new Recorder()
  const push = new Recorder()

  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 })
  await app.register(fakeLinePlugin, { fake, prefix: '/line' })
  app.post('/sms/v1/messages', async (request, reply) => {
    const body = request.body as { to?: unknown }
    sms.record(String(body.to))
    return reply.status(202).send({ id: `msg_${randomUUID()}`, status: 'queued', segments: 1 })
  })
  app.post('/push/:id', async (request, reply) => {
    push.record((request.params as { id: string }).id)
    return reply.status(201).send()
  })
  // Push bodies are encrypted octets; SMS bodies JSON (Fastify's default parser).
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  await app.listen({ host: '127.0.0.1', port: 0 })

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => undefined)
      stream.on('end', () => {
        emailMessages++
        for (const rcpt of session.envelope.rcptTo) email.record(rcpt.address)
        callback()
      })
    },
  })
  await new Promise<void>(resolve => smtp.listen(0, '127.0.0.1', () => resolve()))

  process.on('message', (raw: unknown) => {
    const message = raw as { type: string; dir?: string }
    if (message.type === 'stats') {
      collectLine()
      send({
        type: 'stats',
        stats: {
          line: { requests: fake.received.length, recipients: line.all.length, unique: line.distinct.size },
          email: { messages: emailMessages, recipients: email.all.length, unique: email.distinct.size },
          sms: { messages: sms.all.length, unique: sms.distinct.size },
          push: { messages: push.all.length, unique: push.distinct.size },
        },
      })
    } else if (message.type === 'dump' && message.dir) {
      collectLine()
      const dir = message.dir
      for (const [name, recorder] of [['line', line], ['email', email], ['sms', sms], ['push', push]] as const)
        writeFileSync(join(dir, `${name}.txt`), recorder.all.length ? `${recorder.all.join('\n')}\n` : '')
      send({ type: 'dumped' })
    } else if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage()
      send({ type: 'cpu', user, system })
    } else if (message.type === 'stop') {
      void Promise.all([app.close(), new Promise<void>(resolve => smtp.close(() => resolve()))]).finally(() => process.exit(0))
    }
  })
  process.on('disconnect', () => process.exit(0))
  send({ type: 'ready', httpPort: (app.server.address() as AddressInfo).port, smtpPort: (smtp.server.address() as AddressInfo).port })
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) })
  process.exit(1)
})
