// startEmulator's HTTPS material. Given a tlsDir, a certificate of the user's, or a database file
// (the tls/ folder beside it), as the command line has it. Otherwise nothing is written to the
// user's home: the process makes one local CA, and a server certificate per set of names, each in
// a temporary folder removed as soon as it is read, and keeps them in memory for every later start.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../config.js'
import { localAuthority, tlsMaterial, type TlsMaterial } from './authority.js'
import { replace, type Pair } from './pem-files.js'

type TlsConfig = Parameters<typeof tlsMaterial>[0]

let authority: Promise<Pair> | undefined
const servers = new Map<string, Promise<TlsMaterial | undefined>>()

async function inTemporaryFolder<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'omeda-emulator-tls-'))
  try {
    return await use(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Forgets a failed promise, so that the next start tries again. */
function kept<T>(made: Promise<T>, forget: () => void): Promise<T> {
  made.catch(forget)
  return made
}

export function inProcessMaterial(config: TlsConfig & Pick<Config, 'tlsPort'>): Promise<TlsMaterial | undefined> {
  const own = config.tlsDir !== undefined || config.db !== ':memory:' ||
    (config.tlsCert !== undefined && config.tlsKey !== undefined)
  if (config.tlsPort === undefined || own) return tlsMaterial(config)
  authority ??= kept(inTemporaryFolder((dir) => localAuthority(dir)), () => { authority = undefined })
  const names = JSON.stringify([config.host, config.tlsNames])
  let server = servers.get(names)
  if (server === undefined) {
    server = kept(authority.then((ca) => inTemporaryFolder((dir) => {
      // The process's CA, where tlsMaterial looks for it (private, as it would have made it).
      replace(join(dir, 'ca-key.pem'), ca.key + ca.cert)
      return tlsMaterial({ ...config, tlsDir: dir })
    })), () => servers.delete(names))
    servers.set(names, server)
  }
  return server
}
