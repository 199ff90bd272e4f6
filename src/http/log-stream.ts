// Where the request log goes when it is not pretty-printed: standard output, written a block of a
// few KB at a time instead of a write per line (a write per request cost about a tenth of a
// request's CPU), and at least every LOG_FLUSH_MS, so a quiet emulator's lines still show at once.
// Writes are synchronous: an asynchronous one costs a thread hand-off, more than the write itself.
import pino from 'pino'

export const LOG_FLUSH_MS = 100
const BLOCK_BYTES = 4096

export interface LogStream {
  stream: pino.DestinationStream
  /** Stops the timer and writes what is buffered. */
  close: () => void
}

export function bufferedStdout(): LogStream {
  const stream = pino.destination({ dest: 1, sync: true, minLength: BLOCK_BYTES })
  const flush = () => stream.flushSync()
  const timer = setInterval(flush, LOG_FLUSH_MS).unref()
  process.on('exit', flush)
  return {
    stream,
    close: () => {
      clearInterval(timer)
      process.off('exit', flush)
      flush()
    },
  }
}
