import pg from 'pg'

/**
 * `COPY … TO STDOUT` and `COPY … FROM STDIN` over the `pg` client's own connection, for the
 * `fanout` benchmark's baseline. pg-copy-streams is not a dependency; the protocol part it adds is
 * small: pg's `Query` already handles everything around the copy (command complete, errors,
 * ready-for-query), and only refuses the copy itself ("No source stream defined"). These two
 * subclasses answer the copy messages instead.
 */

/** The parts of pg's internal Connection a copy needs (not in @types/pg). */
interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void
  endCopyFrom(): void
  sendCopyFail(message: string): void
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean }
}

/** Copy-out data is one CopyData message per row: gather them into chunks of about this size. */
const CHUNK_BYTES = 1 << 20

class CopyToQuery extends pg.Query {
  readonly chunks: Buffer[] = []
  bytes = 0
  private pending: Buffer[] = []
  private pendingBytes = 0

  handleCopyData(message: { chunk: Buffer }): void {
    // The message buffer belongs to pg's reader and is reused: copy it.
    this.pending.push(Buffer.from(message.chunk))
    this.pendingBytes += message.chunk.length
    this.bytes += message.chunk.length
    if (this.pendingBytes >= CHUNK_BYTES) this.flush()
  }

  flush(): void {
    if (this.pending.length === 0) return
    this.chunks.push(Buffer.concat(this.pending, this.pendingBytes))
    this.pending = []
    this.pendingBytes = 0
  }
}

class CopyFromQuery extends pg.Query {
  constructor(
    text: string,
    private readonly source: readonly Buffer[],
  ) {
    super(text)
  }

  handleCopyInResponse(connection: CopyConnection): void {
    void this.sendAll(connection)
  }

  /** Sends the data, waiting for the socket to drain so that it is streamed, not buffered twice. */
  private async sendAll(connection: CopyConnection): Promise<void> {
    try {
      for (const chunk of this.source) {
        connection.sendCopyFromChunk(chunk)
        if (connection.stream.writableNeedDrain) await new Promise<void>(resolve => connection.stream.once('drain', () => resolve()))
      }
      connection.endCopyFrom()
    } catch (error) {
      connection.sendCopyFail(error instanceof Error ? error.message : String(error))
    }
  }
}

function submit<Q extends pg.Query>(client: pg.ClientBase, query: Q): Promise<{ query: Q; rowCount: number }> {
  return new Promise((resolve, reject) => {
    ;(query as unknown as { callback: (error: Error | undefined, result: { rowCount: number | null }) => void }).callback = (error, result) => {
      if (error) reject(error)
      else resolve({ query, rowCount: result?.rowCount ?? 0 })
    }
    void client.query(query)
  })
}

/** Runs `COPY (…) TO STDOUT …` and returns the data in chunks of about 1 MB. */
export async function copyOut(client: pg.ClientBase, copyToStatement: string): Promise<{ chunks: Buffer[]; bytes: number; rows: number }> {
  const { query, rowCount } = await submit(client, new CopyToQuery(copyToStatement))
  query.flush()
  return { chunks: query.chunks, bytes: query.bytes, rows: rowCount }
}

/** Runs `COPY … FROM STDIN …` with the given data; resolves with the number of rows copied. */
export async function copyIn(client: pg.ClientBase, copyFromStatement: string, data: readonly Buffer[]): Promise<number> {
  const { rowCount } = await submit(client, new CopyFromQuery(copyFromStatement, data))
  return rowCount
}
