#!/usr/bin/env node
// Entry point: reads env and flags, builds the app, listens, and closes cleanly on SIGTERM/SIGINT.
import { buildApp } from './app.js'
import { helpText, PACKAGE_VERSION, readConfig } from './config.js'
import { ConfigError } from './options.js'
import { FixtureError } from './seed/files.js'
import { DatabaseError } from './db/database.js'
import { SnapshotFileError } from './seed/snapshot-file.js'
import type { AddressInfo } from 'node:net'
import { isLoopback, urlFor } from './addresses.js'
import { DASHBOARD_URL } from './http/front-door.js'
import { runCommand } from './cli.js'
import { TlsError, tlsDirectory, tlsMaterial } from './tls/authority.js'

// Also installed as omeda-cancel-emulator, its name before the emulator grew past the Cancel API.
const NAME = 'omeda-emulator'

function fail(message: string, code: number): never {
  process.stderr.write(`${NAME}: ${message}\n`)
  process.exit(code)
}

let invocation
try {
  invocation = readConfig(process.argv.slice(2), process.env)
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 2)
  throw error
}
if (invocation.help) {
  process.stdout.write(`${helpText()}\n`)
  process.exit(0)
}
if (invocation.version) {
  process.stdout.write(`${PACKAGE_VERSION}\n`)
  process.exit(0)
}

const { config } = invocation
// `record` serves, as the emulator does, but forwards to the upstream (src/parity/record-app.ts).
const recording = invocation.command === 'record'
if (invocation.command && invocation.command !== 'record') {
  const io = {
    out: (text: string) => process.stdout.write(text),
    err: (text: string) => process.stderr.write(`${NAME}: ${text}`)
  }
  process.exitCode = await runCommand(invocation.command, invocation.args, config, io)
  // Output to a pipe is written asynchronously: exiting before it drains cuts it short (the
  // OpenAPI document is large). An empty write's callback runs once everything before it is out.
  const flushed = (stream: NodeJS.WriteStream) => new Promise((resolve) => stream.write('', resolve))
  await Promise.all([process.stdout, process.stderr].map(flushed))
  process.exit()
}

let tls
try {
  tls = await tlsMaterial(config)
} catch (error) {
  fail(error instanceof TlsError ? error.message : `cannot set up HTTPS: ${(error as Error).message}`, 2)
}

let app
try {
  app = recording
    ? await (await import('./parity/record-app.js')).buildRecorder(config, tls ? { tls } : {})
    : await buildApp(config, tls ? { tls } : {})
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 2)
  if (error instanceof FixtureError) fail(`invalid fixtures:\n  ${error.problems.join('\n  ')}`, 1)
  if (error instanceof DatabaseError || error instanceof SnapshotFileError) fail(error.message, 2)
  fail(`cannot start: ${(error as Error).message}`, 1)
}

let closing = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) process.exit(1)
    closing = true
    app.log.info({ signal }, 'closing')
    app.close().then(() => process.exit(0), () => process.exit(1))
  })
}

/** Why the server cannot listen, in words that point at the fix. */
function whyNotListening(error: Error & { code?: string }, portOption = '--port or PORT'): string {
  switch (error.code) {
    case 'EADDRINUSE': return `the port is already in use (pick another with ${portOption})`
    case 'EACCES': return 'permission denied (ports below 1024 need privileges; use a higher port)'
    case 'EADDRNOTAVAIL': return 'the address is not one of this machine\'s'
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'the host name does not resolve'
    default: return error.message
  }
}

// HTTPS first: once the HTTP port answers (health checks ask it), both ports do.
let https: string | undefined
if (app.listenHttps && config.tlsPort !== undefined) {
  try {
    https = await app.listenHttps(config.tlsPort, config.host)
  } catch (error) {
    await app.close()
    fail(
      `cannot listen for HTTPS on ${config.host}:${config.tlsPort}: ` +
        `${whyNotListening(error as Error, '--tls-port or OMEDA_TLS_PORT')}`,
      2
    )
  }
  app.log.info(
    { url: https, ...(config.tlsCert ? { cert: config.tlsCert } : { ca: tlsDirectory(config.tlsDir, config.db) }) },
    'HTTPS listening'
  )
}
try {
  await app.listen({ port: config.port, host: config.host })
} catch (error) {
  await app.close()
  fail(`cannot listen on ${config.host}:${config.port}: ${whyNotListening(error as Error)}`, 2)
}
const listening = urlFor('http', config.host, (app.server.address() as AddressInfo).port)
if (recording) {
  app.log.info({ url: listening, upstream: config.upstream, out: config.recordOut, ...(https ? { https } : {}) },
    'recording ready')
} else {
  const served = app.servedCounts()
  app.log.info({
    dashboard: `${listening}${DASHBOARD_URL}`,
    deployments: served.deployments, apps: served.apps, db: config.db, timezone: config.timezone,
    isolation: config.isolation, ...(https ? { https } : {}),
  }, 'emulator ready')
}
// In record mode the drift report is the admin API there is (it holds recorded answers).
if ((!recording || config.recordDrift) && !config.adminToken && !isLoopback(config.host)) {
  app.log.warn(
    { host: config.host },
    'the admin API is open to the network: set OMEDA_ADMIN_TOKEN to require a bearer token'
  )
}
