import type { Logger } from 'pino'

/**
 * A long-running loop beside the job workers (`yakuba worker`, and `yakuba start` with the worker
 * in the web process): runs `work` at once and then every `everyMs`; a failure is logged and the
 * next round comes as usual; `stop()` ends the wait and resolves after the round in progress.
 * The timer does not keep the process alive.
 */
export function startBackgroundLoop(platform: { logger: Logger }, name: string, everyMs: number, work: () => Promise<void>): { stop(): Promise<void> } {
  let isStopped = false
  let wake: (() => void) | undefined
  const loop = (async () => {
    while (!isStopped) {
      try {
        await work()
      } catch (error) {
        platform.logger.error({ err: error, loop: name }, 'background loop round failed')
      }
      if (isStopped) break
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, everyMs)
        timer.unref()
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  })()
  return {
    async stop() {
      isStopped = true
      wake?.()
      await loop
    },
  }
}
