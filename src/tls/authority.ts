// The emulator's local certificate authority and the server certificate it signs, kept in one
// folder so trust is set up once: ca.pem (share it), ca-key.pem and server.pem (keep them private).
// Clients that hard-code https://ows.omeda.com then reach the emulator unchanged.
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { linkSync, readFileSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { createSecureContext } from 'node:tls'
import { isIP } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import type { Config } from '../config.js'
import { bareHost, isAnyAddress } from '../addresses.js'
import { fileProblem, folderProblem, userFileProblem } from './file-trust.js'
import { makeFolder } from './make-folder.js'
import { readIfThere, readPair, replace, TlsError, writeTemporary, type Pair } from './pem-files.js'

/** What an HTTPS listener needs: its key and certificate, and the CA that signed it when it is ours. */
export interface TlsMaterial {
  key: string
  cert: string
  /** Our CA's certificate (PEM); undefined when the user brought their own certificate. */
  ca: string | undefined
}

export { TlsError }

/** The names every server certificate covers: Omeda's hosts and this machine. */
export const DEFAULT_TLS_NAMES = ['ows.omeda.com', 'ows.omedastaging.com', 'localhost', '127.0.0.1', '::1']

const DAY = 86_400_000
const CA_DAYS = 3650
// Under the 398 days browsers and Apple's TLS stack accept for a server certificate.
const SERVER_DAYS = 397
// A server certificate this close to expiring is replaced at start.
const RENEW_BEFORE_DAYS = 30
const CA_NAME = 'omeda-cancel-emulator local CA'

/** Where the CA lives: the flag, else a tls/ folder beside the database file, else the user's data folder. */
export function tlsDirectory(tlsDir: string | undefined, db: string, env: NodeJS.ProcessEnv = process.env): string {
  if (tlsDir !== undefined) return resolve(tlsDir)
  if (db !== ':memory:') return join(dirname(resolve(db)), 'tls')
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'omeda-cancel-emulator', 'tls')
}

/** Refuses what another local user could have planted or can change (file-trust.ts). */
function mustBeTrusted(problem: string | undefined): void {
  if (problem !== undefined) throw new TlsError(problem)
}

function ensureFolder(dir: string): void {
  try {
    makeFolder(dir, 0o755)
  } catch (error) {
    throw new TlsError(`cannot create the TLS folder ${dir}: ${(error as Error).message}`)
  }
  mustBeTrusted(folderProblem(dir))
}

// Loaded on first use: certificate making is needed once per folder, not on every start.
async function generate(
  commonName: string,
  options: NonNullable<Parameters<typeof import('selfsigned').generate>[1]>
): Promise<Pair> {
  try {
    // A CommonJS package: its exports are the default of the import, bundled or not (named ones are not, bundled).
    const { generate } = (await import('selfsigned')).default
    const made = await generate(
      [{ name: 'commonName', value: commonName }],
      { keyType: 'ec', curve: 'P-256', algorithm: 'sha256', ...options }
    )
    return { key: made.private, cert: made.cert }
  } catch (error) {
    throw new TlsError(`cannot make a certificate for ${commonName}: ${(error as Error).message}`)
  }
}

/**
 * The local CA in `dir`, made on first use. Creation is atomic: the key and certificate are written
 * to a private file and linked into place, which fails if another process got there first; the
 * loser then uses the winner's CA, so a server and `ca` started together agree.
 */
export async function localAuthority(dir: string): Promise<Pair> {
  ensureFolder(dir)
  const file = join(dir, 'ca-key.pem')
  const published = join(dir, 'ca.pem')
  mustBeTrusted(fileProblem(file, 'private') ?? fileProblem(published, 'public'))
  let pair = readPair(file)
  if (pair === undefined) {
    const now = Date.now()
    const made = await generate(CA_NAME, {
      notBeforeDate: new Date(now - DAY), notAfterDate: new Date(now + CA_DAYS * DAY),
      extensions: [
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    })
    const temporary = writeTemporary(file, made.key + made.cert)
    try {
      linkSync(temporary, file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new TlsError(`cannot write ${file}: ${(error as Error).message}`)
      }
    } finally {
      rmSync(temporary, { force: true })
    }
    pair = readPair(file)!
  }
  checkAuthority(pair, file)
  // The public half, for NODE_EXTRA_CA_CERTS, curl --cacert and update-ca-certificates.
  if (readIfThere(published) !== pair.cert) replace(published, pair.cert, 0o644)
  return pair
}

/** A CA file someone damaged or replaced is reported, not used. */
function checkAuthority(pair: Pair, file: string): void {
  let usable: boolean
  try {
    const cert = new X509Certificate(pair.cert)
    usable = cert.ca && cert.checkPrivateKey(createPrivateKey(pair.key))
  } catch {
    usable = false
  }
  if (!usable) {
    throw new TlsError(`${file} does not hold a CA certificate and its private ` +
    "key; remove the TLS folder's files to have a new CA made")
  }
}

function covers(cert: X509Certificate, name: string): boolean {
  return isIP(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name, { wildcards: false }) !== undefined
}

function stillGood(pair: Pair, ca: X509Certificate, names: string[]): boolean {
  try {
    const cert = new X509Certificate(pair.cert)
    return cert.verify(ca.publicKey) &&
      cert.checkPrivateKey(createPrivateKey(pair.key)) &&
      Date.parse(cert.validTo) > Date.now() + RENEW_BEFORE_DAYS * DAY &&
      names.every((name) => covers(cert, name))
  } catch {
    return false
  }
}

/**
 * A server certificate signed by the local CA for `names` (plus the defaults), reused while it is
 * valid and covers them, else made anew and swapped in with a rename.
 */
export async function localServerMaterial(dir: string, extraNames: string[] = []): Promise<TlsMaterial> {
  const authority = await localAuthority(dir)
  const names = [...new Set([...DEFAULT_TLS_NAMES, ...extraNames])]
  const file = join(dir, 'server.pem')
  mustBeTrusted(fileProblem(file, 'private'))
  let pair: Pair | undefined
  try {
    pair = readPair(file)
  } catch {
    pair = undefined
  }
  if (pair === undefined || !stillGood(pair, new X509Certificate(authority.cert), names)) {
    const now = Date.now()
    pair = await generate(names[0]!, {
      notBeforeDate: new Date(now - DAY), notAfterDate: new Date(now + SERVER_DAYS * DAY),
      ca: authority,
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: names.map((name) => (isIP(name)
            ? { type: 7 as const, ip: name }
            : {
                type: 2 as const,
                value: name
              }))
        },
      ],
    })
    replace(file, pair.key + pair.cert)
  }
  return { ...pair, ca: authority.cert }
}

/** The user's own key and certificate files, read and checked. */
export function userMaterial(certFile: string, keyFile: string): TlsMaterial {
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file, 'utf8')
    } catch (error) {
      throw new TlsError(`cannot read the TLS ${what} ${file}: ${(error as Error).message}`)
    }
  }
  mustBeTrusted(userFileProblem(keyFile, 'TLS key'))
  const material = { cert: read(certFile, 'certificate'), key: read(keyFile, 'key'), ca: undefined }
  try {
    createSecureContext(material)
  } catch (error) {
    throw new TlsError(`the TLS key ${keyFile} and certificate ${certFile} ` +
      `are not a usable PEM pair: ${(error as Error).message}`)
  }
  return material
}

/** The HTTPS material a configuration asks for: none (TLS off), the user's files, or ours. */
export async function tlsMaterial(
  config: Pick<Config, 'tlsPort' | 'tlsCert' | 'tlsKey' | 'tlsDir' | 'tlsNames' | 'db' | 'host'>
): Promise<TlsMaterial | undefined> {
  if (config.tlsPort === undefined) return undefined
  if (config.tlsCert !== undefined && config.tlsKey !== undefined) return userMaterial(config.tlsCert, config.tlsKey)
  // A specific address the emulator listens on is a name clients will use too.
  const host = isAnyAddress(config.host) ? [] : [bareHost(config.host)]
  return localServerMaterial(tlsDirectory(config.tlsDir, config.db), [...host, ...config.tlsNames])
}
