// HTTP/1.1 exchanges written byte for byte on a raw socket, as libcurl sends what PHP clients hand it.
import { connect } from 'node:net'

export interface RawAnswer { interim: string | null; status: number; head: string; body: string }

/**
 * One exchange on a raw socket, the head's lines sent exactly as given (curl sends CURLOPT_HTTPHEADER
 * so); with `expectContinue`, the body waits for the interim 100 Continue, as libcurl does. Resolves
 * once the whole answer (by its Content-Length) is in.
 */
export async function curlExchange(
  port: number, head: string[], body: string, expectContinue = false
): Promise<RawAnswer> {
  const socket = connect(port, '127.0.0.1')
  let received = Buffer.alloc(0)
  let interim: string | null = null
  let bodySent = !expectContinue
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    socket.on('error', reject)
    socket.on('close', () => reject(new Error(`closed before a whole answer: ${received.toString()}`)))
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      const end = received.indexOf('\r\n\r\n')
      if (end < 0) return
      const headText = received.subarray(0, end).toString()
      if (/^HTTP\/1\.1 100 /.test(headText)) {
        interim = headText
        received = received.subarray(end + 4)
        if (!bodySent) { bodySent = true; socket.write(body) }
        return
      }
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headText)?.[1] ?? 0)
      if (received.length < end + 4 + length) return
      socket.removeAllListeners('close')
      socket.end()
      resolve({
        interim, status: Number(headText.slice(9, 12)), head: headText,
        body: received.subarray(end + 4, end + 4 + length).toString(),
      })
    })
  })
  socket.write(`${head.join('\r\n')}\r\n\r\n${bodySent ? body : ''}`)
  return answer
}

/**
 * Symfony's HeaderBag as a string (what the cygnus bundle hands curl): names sorted, each dash-part
 * capitalised, padded to the longest name plus one, then a space and the value.
 */
export function headerBag(headers: Record<string, string>): string[] {
  const names = Object.keys(headers).map((name) => name.toLowerCase()).sort()
  const width = Math.max(...names.map((name) => name.length)) + 1
  return names.map((name) => {
    const shown = name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('-')
    const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1] ?? ''
    return `${`${shown}:`.padEnd(width)} ${value}`
  })
}
