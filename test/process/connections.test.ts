// Connections on both ports, on the built process: a SIGTERM lets go of keep-alive clients and slow
// uploaders within the shutdown timeout; a request that does not arrive in time gets a 408 in the
// vendor's shape; a TLS handshake that never happens is cut; a port holds at most its cap.
import t, { type Test } from 'tap'
import { Agent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { connect as tcpConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AdminClient } from '../../src/client.js'
import { APP_ID, spawnEmulator, type RunningEmulator } from '../helpers.js'
import { freePort } from '../spawn.mjs'

const CANCEL = '/webservices/rest/brand/FOO/omail/deployment/cancel/*'
/** Far below the 72 s a keep-alive connection could hold a closing emulator before. */
const PROMPT_EXIT_MS = 15_000

interface Port { url: string; ca?: string }

/** Starts the built emulator with HTTPS too; both ports' URLs. */
async function start(t: Test, args: string[] = []): Promise<{ emulator: RunningEmulator; http: Port; https: Port }> {
  const dir = t.testdir()
  const tlsPort = await freePort()
  const emulator = await spawnEmulator(['--tls-port', String(tlsPort), '--tls-dir', dir, ...args], {}, { built: true })
  t.teardown(() => emulator.stop('SIGKILL'))
  return { emulator, http: { url: emulator.url }, https: { url: `https://127.0.0.1:${tlsPort}`, ca: readFileSync(join(dir, 'ca.pem'), 'utf8') } }
}

/** A cancel on a kept-alive connection; resolves with its status and Connection header. */
function call(port: Port, agent: Agent, trackId = 'FOO261124002'): Promise<{
  status: number
  connection: string | undefined
}> {
  const send = port.ca ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = send(`${port.url}${CANCEL}`, {
      method: 'POST', agent, ...(port.ca ? { ca: port.ca } : {}),
      headers: { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' },
    }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }))
    })
    req.on('error', reject)
    req.end(JSON.stringify({ UserId: 'omailAccount1', TrackId: trackId }))
  })
}

/** A raw connection to a port (TLS for HTTPS), resolving once connected. */
function open(port: Port): Promise<Socket> {
  const { hostname, port: number } = new URL(port.url)
  return new Promise((resolve, reject) => {
    const socket: Socket = port.ca
      ? tlsConnect(
        { host: hostname, port: Number(number), ca: port.ca, servername: 'localhost' },
        () => resolve(socket)
      )
      : tcpConnect(Number(number), hostname, () => resolve(socket))
    socket.once('error', reject)
  })
}

const closed = (socket: Socket) => new Promise<void>((resolve) => {
  if (socket.destroyed) resolve(); else socket.once('close', () => resolve())
})
const received = (socket: Socket) => {
  let text = ''
  socket.on('data', (chunk: Buffer) => { text += chunk.toString() })
  return () => text
}

for (const scheme of ['http', 'https'] as const) {
  t.test(`${scheme}: SIGTERM answers requests in flight with Connection: close ` +
    'and exits promptly despite kept-alive clients and a slow uploader', async (t) => {
    const { emulator, ...ports } = await start(t)
    const port = ports[scheme]
    const options = { keepAlive: true, maxSockets: 4 }
    const agent = port.ca ? new HttpsAgent(options) : new Agent(options)
    t.teardown(() => agent.destroy())
    t.same(await call(port, agent), { status: 200, connection: 'keep-alive' }, 'kept alive while serving')
    // Idle kept-alive sockets, a request held in flight by a delay, and a body that never finishes.
    await new AdminClient({ baseUrl: emulator.url }).fault({
      action: 'delay',
      delayMs: 400,
      trackId: 'FOO261124001',
      times: 1
    })
    const inFlight = call(port, agent, 'FOO261124001')
    const uploader = await open(port)
    uploader.write(`POST ${CANCEL} HTTP/1.1\r\nHost: localhost\r\nx-omeda-appid: ${APP_ID}\r\nContent-Type: ` +
      'application/json\r\nContent-Length: 1000\r\n\r\n{')
    const trickle = setInterval(() => { if (uploader.writable) uploader.write(' ') }, 50)
    t.teardown(() => clearInterval(trickle))
    // Once the delayed request has reached the server (its fault is used up), stop it.
    const admin = new AdminClient({ baseUrl: emulator.url })
    while ((await admin.faults()).length > 0) await new Promise((resolve) => setTimeout(resolve, 10))
    const started = Date.now()
    const exit = emulator.stop('SIGTERM')
    t.same(
      await inFlight,
      { status: 200, connection: 'close' },
      'the request in flight is answered, and told the connection closes'
    )
    t.equal(await exit, 0, 'exit code 0')
    t.ok(Date.now() - started < PROMPT_EXIT_MS, `exited ${Date.now() - started} ms after SIGTERM`)
    await closed(uploader)
  })

  t.test(`${scheme}: a request that does not arrive within the request ` +
    "timeout gets a 408 in the vendor's shape, and is journaled so", async (t) => {
    const { emulator, ...ports } = await start(t, ['--request-timeout', '500'])
    const port = ports[scheme]
    const silent = await open(port)
    const heardSilent = received(silent)
    const trickler = await open(port)
    const heardTrickler = received(trickler)
    trickler.write(`POST ${CANCEL} HTTP/1.1\r\nHost: localhost\r\nx-omeda-appid: ${APP_ID}\r\nContent-Type: ` +
      'application/json\r\nContent-Length: 100\r\n\r\n{')
    const trickle = setInterval(() => { if (trickler.writable) trickler.write(' ') }, 50)
    t.teardown(() => clearInterval(trickle))
    await Promise.all([closed(silent), closed(trickler)])
    for (const [what, text] of [
      ['no request at all', heardSilent()],
      ['a body still arriving', heardTrickler()]
    ] as const) {
      t.match(
        text,
        /^HTTP\/1\.1 408 Request Timeout\r\n[\s\S]*Connection: close\r\n/,
        `${what}: 408, connection closed`
      )
      const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as {
        Errors: { Error: string }[]
        SubmissionId: string
      }
      t.same(
        body.Errors,
        [{ Error: 'The request did not arrive in full within the request ' +
          'timeout (OMEDA_REQUEST_TIMEOUT); the connection is closed.' }]
      )
    }
    const [journaled] = await new AdminClient({ baseUrl: emulator.url }).submissions()
    t.match(journaled, { StatusCode: 408, Path: CANCEL }, 'the journal shows what the client saw')
  })

  t.test(`${scheme}: each port holds at most --max-connections; a slot freed is usable again`, async (t) => {
    const { emulator, ...ports } = await start(t, ['--max-connections', '4'])
    const port = ports[scheme]
    const held = await Promise.all(Array.from({ length: 4 }, () => open(port)))
    const { hostname, port: number } = new URL(port.url)
    const extra = tcpConnect(Number(number), hostname)
    extra.on('error', () => {})
    await closed(extra)
    t.ok(extra.destroyed, 'a fifth connection is closed at once')
    const said = () => emulator.lines.find((line) => line.includes('connections refused: the port ' +
      'holds its limit (--max-connections)'))
    while (said() === undefined) await new Promise((resolve) => setTimeout(resolve, 20))
    t.match(JSON.parse(said()!), { level: 40, maxConnections: 4, dropped: 1 }, 'and the log says why')
    held[0]!.destroy()
    await closed(held[0]!)
    // The server notices the close on its own schedule: ask until a slot is free.
    const agent = port.ca ? new HttpsAgent({ keepAlive: false }) : new Agent({ keepAlive: false })
    let answer
    while (!answer) answer = await call(port, agent).catch(() => undefined)
    t.equal(answer.status, 200, 'then a request is served')
    for (const socket of held) socket.destroy()
  })
}

t.test('a TLS handshake that never happens is cut after --tls-handshake-timeout', async (t) => {
  const { https } = await start(t, ['--tls-handshake-timeout', '300'])
  const { hostname, port } = new URL(https.url)
  const silent = tcpConnect(Number(port), hostname)
  silent.on('error', () => {})
  await closed(silent)
  t.ok(silent.destroyed, 'the server hung up on a connection that never started its handshake')
})
