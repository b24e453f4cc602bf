/** A wrong command line for a benchmark: bench/run.ts prints it and exits 2 (as for an unknown name). */
export class BenchUsageError extends Error {
  override name = 'BenchUsageError'
}
