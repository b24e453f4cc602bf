import type { Logger } from 'pino'
import type { Config } from '../config.js'
import { clamdScanner } from './clamd-scanner.js'
import type { FileDeps } from './file-service.js'
import { databaseFileStore } from './file-store.js'
import { eicarScanner, type MalwareScanner } from './malware-scanner.js'

/** How long one clamd scan may take before the upload is refused as "try again later". */
const CLAMD_TIMEOUT_MS = 30_000

/** The scanner for this installation: ClamAV when CLAMD_HOST is set, otherwise the EICAR check. */
export function createMalwareScanner(config: Pick<Config, 'CLAMD_HOST' | 'CLAMD_PORT'>): MalwareScanner {
  if (config.CLAMD_HOST) return clamdScanner({ host: config.CLAMD_HOST, port: config.CLAMD_PORT, timeoutMs: CLAMD_TIMEOUT_MS })
  return eicarScanner
}

/** Upload dependencies from configuration; build once when a module registers its routes. */
export function createFileDeps(config: Pick<Config, 'CLAMD_HOST' | 'CLAMD_PORT'>, logger?: Pick<Logger, 'warn'>): FileDeps {
  return { scanner: createMalwareScanner(config), store: databaseFileStore, logger }
}
