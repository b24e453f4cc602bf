/**
 * A delivery worker in its own process, for the kill test (delivery-kill.postgres.int.test.ts): it runs
 * the pump against the database and LINE endpoint in its environment until it is killed.
 */
import { loadConfig } from '../../../../platform/config.js'
import { createPlatform } from '../../../../platform/platform.js'
import { allJobs } from '../../../../jobs.js'
import { runDeliveryPumpOnce } from '../delivery-pump.js'

const platform = await createPlatform(loadConfig(), { jobs: allJobs, migrate: false })
process.stdout.write('pump-child ready\n')
for (;;) {
  await runDeliveryPumpOnce(platform)
  await new Promise(resolve => setTimeout(resolve, 20))
}
