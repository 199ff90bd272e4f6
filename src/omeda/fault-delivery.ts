// How a fault spoils the delivery of an answer the emulator has already made: sent in pieces over
// a time (slow-body), or cut off after some bytes and closed (truncate: FIN) or reset (reset: RST).
// The answer's headers are sent as they are, with the length of the whole body, so the client
// learns only from the body that it was cut.
import { Socket } from 'node:net'
import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import type { FaultEffect } from '../contract/faults.js'

const DEFAULT_CHUNKS = 10
/** How long a cut waits for its bytes to leave before it closes the connection anyway. */
const FLUSH_LIMIT_MS = 2000
const FLUSH_POLL_MS = 5
/**
 * How long a reset waits once the bytes have left: a reset that arrives with bytes the client has
 * not read yet can reach it as a clean close, and the client must meet a reset.
 */
const RESET_GRACE_MS = 200

/** The bytes of a body a cut sends: as asked, or half; never the whole body, which would be no cut. */
export function cutLength({ bytes }: FaultEffect, length: number): number {
  return Math.min(bytes ?? Math.floor(length / 2), Math.max(0, length - 1))
}

/** The body in `chunks` pieces, the first at once and the last `durationMs` later. */
function trickle(body: Buffer, durationMs: number, chunks: number): Readable {
  const size = Math.max(1, Math.ceil(body.length / chunks))
  const pieces = Array.from({ length: Math.ceil(body.length / size) },
    (_, i) => body.subarray(i * size, (i + 1) * size))
  const started = Date.now()
  let timer: NodeJS.Timeout | undefined
  let next = 0
  const stream = new Readable({
    read() {},
    destroy(error, callback) {
      clearTimeout(timer)
      callback(error)
    },
  })
  const send = () => {
    stream.push(pieces[next])
    next += 1
    if (next >= pieces.length) {
      stream.push(null)
      return
    }
    const due = started + Math.round(durationMs * next / (pieces.length - 1))
    timer = setTimeout(send, Math.max(0, due - Date.now()))
  }
  if (pieces.length === 0) stream.push(null)
  else send()
  return stream
}

/** The TCP socket under a connection: a TLS connection's is the socket it wraps. */
function tcpOf(socket: Socket): Socket {
  const parent: unknown = (socket as Socket & { _parent?: unknown })._parent
  return parent instanceof Socket ? parent : socket
}

/**
 * Closes the connection once the cut bytes have left: handed from the stream to the response, and
 * from the socket to the system. Cleanly (truncate: FIN) or with a reset (RST).
 */
function breakOff(stream: Readable, reply: FastifyReply, reset: boolean): void {
  const socket = reply.request.raw.socket
  // No connection to break (app.inject()): the answer just ends with the bytes sent.
  if (!(socket instanceof Socket)) {
    stream.push(null)
    return
  }
  const until = Date.now() + FLUSH_LIMIT_MS
  const close = () => {
    if (socket.destroyed) return
    const pending = stream.readableLength > 0 || !reply.raw.headersSent || socket.writableLength > 0
    if (pending && Date.now() < until) {
      setTimeout(close, FLUSH_POLL_MS)
      return
    }
    // A client that stopped reading: its bytes never leave, and the connection is simply closed.
    if (pending) {
      socket.destroy()
      return
    }
    if (!reset) {
      // FIN once the bytes are out, then gone: a client that keeps its side open holds nothing here.
      socket.destroySoon()
      return
    }
    const tcp = tcpOf(socket)
    if (tcp.destroyed) socket.destroy()
    else setTimeout(() => { if (!tcp.destroyed) tcp.resetAndDestroy() }, RESET_GRACE_MS)
  }
  setImmediate(close)
}

/** A stream that sends the first bytes of the body, then breaks the connection; it never ends. */
function cut(body: Buffer, reply: FastifyReply, reset: boolean): Readable {
  let started = false
  const stream = new Readable({
    read() {
      if (started) return
      started = true
      // No bytes at all: the head alone is sent.
      if (body.length === 0) reply.raw.flushHeaders()
      else this.push(body)
      breakOff(stream, reply, reset)
    },
  })
  return stream
}

/**
 * What the client is sent in place of `body` under a delivery fault. The journal keeps what it
 * receives: the cut bytes, or the whole body of a slow one.
 */
export function spoiled(effect: FaultEffect, reply: FastifyReply, body: string): { sent: string; payload: Readable } {
  const bytes = Buffer.from(body)
  reply.header('content-length', bytes.length)
  if (effect.action === 'slow-body') {
    return { sent: body, payload: trickle(bytes, effect.durationMs ?? 0, effect.chunks ?? DEFAULT_CHUNKS) }
  }
  const part = bytes.subarray(0, cutLength(effect, bytes.length))
  return { sent: part.toString(), payload: cut(part, reply, effect.action === 'reset') }
}
