// Where the request log goes when it is not pretty-printed: standard output, written a block of a
// few KB at a time instead of a write per line (a write per request cost a tenth of a request's
// CPU), and at least every LOG_FLUSH_MS, so a quiet emulator's lines still show at once. Writes are
// synchronous: an asynchronous one costs a thread hand-off, more than the write itself. A reader
// that went away (EPIPE) ends the logging, never the server; a full pipe keeps the lines for later.
import { writeSync } from 'node:fs'

export const LOG_FLUSH_MS = 100
const BLOCK_BYTES = 4096
/** What a stalled reader may leave waiting before the oldest lines are dropped. */
const MAX_WAITING_BYTES = 8 * 2 ** 20
const STDOUT = 1

export interface LogStream {
  /** Where pino writes its lines. */
  stream: { write: (line: string) => void }
  /** Writes what is buffered and stops buffering: later lines are written at once. */
  close: () => void
}

export function bufferedStdout(): LogStream {
  let waiting: string[] = []
  let size = 0
  let closed = false
  let broken = false

  const flush = (): void => {
    if (size === 0 || broken) return
    const data = Buffer.from(waiting.join(''))
    waiting = []
    size = 0
    let written = 0
    try {
      while (written < data.length) written += writeSync(STDOUT, data, written)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
        broken = true
        return
      }
      const rest = data.subarray(written)
      if (rest.length <= MAX_WAITING_BYTES) {
        waiting = [rest.toString()]
        size = rest.length
      }
    }
  }

  const timer = setInterval(flush, LOG_FLUSH_MS).unref()
  process.on('exit', flush)
  return {
    stream: {
      write: (line) => {
        waiting.push(line)
        size += line.length
        if (closed || size >= BLOCK_BYTES) flush()
      },
    },
    close: () => {
      closed = true
      clearInterval(timer)
      process.off('exit', flush)
      flush()
    },
  }
}
