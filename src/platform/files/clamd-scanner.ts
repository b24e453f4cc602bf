import { connect } from 'node:net'
import { ScannerUnavailableError, type MalwareScanner, type ScanResult } from './malware-scanner.js'

export interface ClamdOptions {
  host: string
  port: number
  /** Whole scan (connect, send, verdict) must finish within this time. */
  timeoutMs: number
}

/** clamd's default StreamMaxLength is 25 MB; chunks are far smaller than its buffer. */
const CHUNK_BYTES = 64 * 1024
/** A verdict line is short; anything longer is not clamd. */
const MAX_REPLY_BYTES = 4096

/**
 * A ClamAV daemon client speaking INSTREAM over TCP: `zINSTREAM\0`, then chunks each prefixed
 * with its length as a 4-byte big-endian integer, then a zero length. clamd answers one
 * NUL-terminated line: `stream: OK`, `stream: <signature> FOUND`, or `… ERROR`.
 */
export function clamdScanner(options: ClamdOptions): MalwareScanner {
  return {
    name: `clamd ${options.host}:${options.port}`,
    async scan(content) {
      const reply = await exchange(options, content)
      return parseReply(reply)
    },
  }
}

export function parseReply(reply: string): ScanResult {
  const line = reply.replace(/\0+$/, '').trim()
  if (line === 'stream: OK') return { clean: true }
  const found = /^stream: (.+) FOUND$/.exec(line)
  if (found) return { clean: false, signature: found[1] }
  // `INSTREAM size limit exceeded. ERROR`, `stream: Can't allocate memory ERROR`, …
  throw new ScannerUnavailableError(`clamd did not scan the file: ${line.slice(0, 200)}`)
}

function framed(content: Buffer): Buffer[] {
  const frames: Buffer[] = [Buffer.from('zINSTREAM\0', 'latin1')]
  for (let offset = 0; offset < content.length; offset += CHUNK_BYTES) {
    const chunk = content.subarray(offset, offset + CHUNK_BYTES)
    const length = Buffer.alloc(4)
    length.writeUInt32BE(chunk.length)
    frames.push(length, chunk)
  }
  frames.push(Buffer.alloc(4))
  return frames
}

function exchange({ host, port, timeoutMs }: ClamdOptions, content: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port })
    const received: Buffer[] = []
    let receivedBytes = 0
    let settled = false

    const finish = (error: Error | undefined, reply?: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      if (error) reject(error)
      else resolve(reply ?? '')
    }
    const timer = setTimeout(() => finish(new ScannerUnavailableError(`clamd at ${host}:${port} did not answer within ${timeoutMs} ms`)), timeoutMs)

    socket.on('connect', () => {
      for (const frame of framed(content)) socket.write(frame)
    })
    socket.on('data', (data: Buffer) => {
      received.push(data)
      receivedBytes += data.length
      if (data.includes(0)) finish(undefined, Buffer.concat(received).toString('utf8'))
      else if (receivedBytes > MAX_REPLY_BYTES) finish(new ScannerUnavailableError(`clamd at ${host}:${port} sent an unexpected reply`))
    })
    // clamd closes the connection after answering (and, on a size-limit error, possibly before it
    // has read everything we sent): a reply that arrived still counts.
    socket.on('end', () => {
      if (receivedBytes > 0) finish(undefined, Buffer.concat(received).toString('utf8'))
      else finish(new ScannerUnavailableError(`clamd at ${host}:${port} closed the connection without a reply`))
    })
    socket.on('error', error => {
      finish(new ScannerUnavailableError(`clamd at ${host}:${port} is unavailable: ${error.message}`, { cause: error }))
    })
  })
}
