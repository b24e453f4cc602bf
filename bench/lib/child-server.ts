import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ChildFunctionRef, ServerExtras } from './server-main.js'

const SERVER_MAIN = fileURLToPath(new URL('./server-main.ts', import.meta.url))

export interface ChildServer {
  kind: 'bare' | 'yakuba'
  pid: number
  port: number
  origin: string
  /** Settings as resolved inside the child. */
  detail: Record<string, string | number | boolean>
  /** Asks the child to close and exit; resolves when it has (kills it after a grace period). */
  stop(): Promise<void>
  /** CPU time used by the child so far (process.cpuUsage(), µs). */
  cpuUsage(): Promise<{ user: number; system: number }>
  /** Starts a CPU profile in the child (inspector), for the measured window only. */
  startProfile(): Promise<void>
  /** Stops it and has the child write it to `file` (.cpuprofile). */
  stopProfile(file: string): Promise<void>
  /**
   * Yakuba only: runs `ref.fn({ platform, app }, args)` inside the child and resolves with its
   * (JSON-serialisable) result; rejects with the child's error.
   */
  call<T>(ref: ChildFunctionRef, args?: unknown): Promise<T>
}

export interface StartOptions {
  /** For `yakuba`: the complete environment the config is loaded from (nothing else is read). */
  env?: Record<string, string>
  /** Extra Node flags for the child (e.g. `--max-old-space-size`). */
  nodeFlags?: string[]
  startTimeoutMs?: number
  /** For `yakuba`: a function of a module to run before the server listens (see server-main.ts). */
  extras?: ServerExtras
}

/**
 * Forks a server child (bench/lib/server-main.ts) with the same Node flags for every kind —
 * `--import tsx` to load TypeScript, which costs at start-up only — and waits for it to listen.
 */
export function startServer(kind: 'bare' | 'yakuba', options: StartOptions = {}): Promise<ChildServer> {
  const args = kind === 'yakuba' ? [kind, JSON.stringify(options.env ?? {}), JSON.stringify(options.extras ?? {})] : [kind]
  const child: ChildProcess = fork(SERVER_MAIN, args, {
    execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    if (child.connected) child.send({ type: 'stop' })
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await exited
    clearTimeout(timer)
  }

  const request = <T = void>(message: object, replyType: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (raw: unknown) => {
        if ((raw as { type?: string }).type !== replyType) return
        child.off('message', onMessage)
        child.off('exit', onExit)
        resolve(raw as T)
      }
      const onExit = () => reject(new Error(`${kind} server exited while waiting for ${replyType}`))
      child.on('message', onMessage)
      child.once('exit', onExit)
      child.send(message)
    })
  const startProfile = () => request({ type: 'profile-start' }, 'profile-started').then(() => undefined)
  const stopProfile = (file: string) => request({ type: 'profile-stop', file }, 'profile-stopped').then(() => undefined)
  let nextCallId = 0
  const call = <T>(ref: ChildFunctionRef, callArgs?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextCallId
      const onMessage = (raw: unknown) => {
        const message = raw as { type?: string; id?: number; result?: unknown; error?: string }
        if (message.type !== 'called' || message.id !== id) return
        child.off('message', onMessage)
        child.off('exit', onExit)
        if (message.error !== undefined) reject(new Error(`${ref.fn} in the ${kind} server: ${message.error}`))
        else resolve(message.result as T)
      }
      const onExit = () => reject(new Error(`${kind} server exited while running ${ref.fn}`))
      child.on('message', onMessage)
      child.once('exit', onExit)
      child.send({ type: 'call', id, module: ref.module, fn: ref.fn, args: callArgs })
    })
  const cpuUsage = () => request<{ user: number; system: number }>({ type: 'cpu' }, 'cpu').then(({ user, system }) => ({ user, system }))

  return new Promise<ChildServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${kind} server did not start within ${options.startTimeoutMs ?? 120_000} ms`))
    }, options.startTimeoutMs ?? 120_000)
    child.on('message', (raw: unknown) => {
      const message = raw as { type: string; port?: number; detail?: Record<string, string | number | boolean>; message?: string }
      if (message.type === 'ready' && message.port) {
        clearTimeout(timer)
        resolve({ kind, pid: child.pid!, port: message.port, origin: `http://127.0.0.1:${message.port}`, detail: message.detail ?? {}, stop, cpuUsage, startProfile, stopProfile, call })
      } else if (message.type === 'failed') {
        clearTimeout(timer)
        reject(new Error(`${kind} server failed to start:\n${message.message}`))
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${kind} server exited before it was ready (code ${code}, signal ${signal})`))
    })
  })
}
