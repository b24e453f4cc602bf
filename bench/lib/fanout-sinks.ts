import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { SinkReply, SinkStats } from './fanout-sinks-main.js'

export type { SinkStats } from './fanout-sinks-main.js'

const SINKS_MAIN = fileURLToPath(new URL('./fanout-sinks-main.ts', import.meta.url))

export interface FanoutSinks {
  pid: number
  /** Base URL of the fake LINE Messaging API (LINE_API_BASE_URL). */
  lineBaseUrl: string
  /** SMTP_URL of the mail sink. */
  smtpUrl: string
  /** SMS_API_BASE_URL of the SMS sink. */
  smsBaseUrl: string
  /** Base of push endpoints (`<base>/<id>`). */
  pushBase: string
  stats(): Promise<SinkStats>
  /** Writes every recipient received to `<dir>/{line,email,sms,push}.txt`. */
  dump(dir: string): Promise<void>
  cpuUsage(): Promise<{ user: number; system: number }>
  stop(): Promise<void>
}

/** Forks the providers' child (./fanout-sinks-main.ts) and waits until it listens. */
export function startFanoutSinks(): Promise<FanoutSinks> {
  const child = fork(SINKS_MAIN, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const request = <T extends SinkReply['type']>(message: object, replyType: T) =>
    new Promise<Extract<SinkReply, { type: T }>>((resolve, reject) => {
      const onMessage = (raw: unknown) => {
        if ((raw as SinkReply).type !== replyType) return
        child.off('message', onMessage)
        child.off('exit', onExit)
        resolve(raw as Extract<SinkReply, { type: T }>)
      }
      const onExit = () => reject(new Error(`the providers' child exited while waiting for ${replyType}`))
      child.on('message', onMessage)
      child.once('exit', onExit)
      child.send(message)
    })
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    if (child.connected) child.send({ type: 'stop' })
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error("the providers' child did not start within 60 s"))
    }, 60_000)
    child.on('message', (raw: unknown) => {
      const message = raw as SinkReply
      if (message.type === 'ready') {
        clearTimeout(timer)
        const http = `http://127.0.0.1:${message.httpPort}`
        resolve({
          pid: child.pid ?? 0,
          lineBaseUrl: `${http}/line`,
          // Plain: the engine's email transport chooses its own pooling.
          smtpUrl: `smtp://127.0.0.1:${message.smtpPort}`,
          smsBaseUrl: `${http}/sms`,
          pushBase: `${http}/push`,
          stats: () => request({ type: 'stats' }, 'stats').then(r => r.stats),
          dump: dir => request({ type: 'dump', dir }, 'dumped').then(() => undefined),
          cpuUsage: () => request({ type: 'cpu' }, 'cpu').then(({ user, system }) => ({ user, system })),
          stop,
        })
      } else if (message.type === 'failed') {
        clearTimeout(timer)
        reject(new Error(`the providers' child failed to start:\n${message.message}`))
      }
    })
    child.once('exit', code => {
      clearTimeout(timer)
      reject(new Error(`the providers' child exited before it was ready (code ${code})`))
    })
  })
}
