// A client that reads an answer off the wire as it arrives: the head, the body's bytes with when
// each piece came, and how the connection ended (a clean close, a reset, or a whole answer), which
// is what a client meets when a fault cuts, resets or slows an answer.
import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'

export interface WireAnswer {
  status: number
  head: string
  /** The Content-Length the head announced. */
  length: number
  body: Buffer
  /** 'complete': the whole body came; 'closed': the server closed first (FIN); 'reset': ECONNRESET. */
  ending: 'complete' | 'closed' | 'reset'
  /** When the request was written, and when each piece of the body arrived (ms, performance.now). */
  sentAt: number
  arrivals: number[]
}

export interface WireRequest {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string
  /** The CA to trust for an https URL. */
  ca?: string
}

export function wireExchange(url: string, request: WireRequest): Promise<WireAnswer> {
  const { hostname, port, protocol } = new URL(url)
  const socket: Socket = protocol === 'https:'
    ? connectTls({
      host: hostname, port: Number(port), servername: 'ows.omeda.com', ...(request.ca ? { ca: request.ca } : {}),
    })
    : connectTcp(Number(port), hostname)
  const { method = 'GET', path, headers = {}, body = '' } = request
  const lines = [`${method} ${path} HTTP/1.1`, `host: ${hostname}:${port}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ...(body === '' ? [] : [`content-length: ${Buffer.byteLength(body)}`])]
  let received = Buffer.alloc(0)
  let headEnd = -1
  const arrivals: number[] = []
  const sentAt = performance.now()
  return new Promise((resolve, reject) => {
    const finish = (ending: WireAnswer['ending']) => {
      socket.removeAllListeners()
      socket.on('error', () => {})
      socket.destroy()
      // A connection closed or reset before the head: status 0, and what bytes came as the head.
      const head = received.subarray(0, headEnd < 0 ? received.length : headEnd).toString()
      resolve({
        status: headEnd < 0 ? 0 : Number(head.slice(9, 12)), head,
        length: Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? -1),
        body: headEnd < 0 ? Buffer.alloc(0) : received.subarray(headEnd + 4), ending, sentAt, arrivals,
      })
    }
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      if (headEnd < 0) headEnd = received.indexOf('\r\n\r\n')
      if (headEnd < 0) return
      if (received.length > headEnd + 4) arrivals.push(performance.now())
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(received.subarray(0, headEnd).toString())?.[1] ?? 0)
      if (received.length >= headEnd + 4 + length) finish('complete')
    })
    socket.on('end', () => finish('closed'))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') finish('reset')
      else reject(error)
    })
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`)
  })
}
