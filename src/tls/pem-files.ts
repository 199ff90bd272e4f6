// The TLS folder's files as PEM text: a key and certificate read as a pair, and files written so
// that a reader sees the old or the new one, never half of one, private unless said otherwise.
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { TlsError } from './tls-error.js'

export { TlsError }

export interface Pair { key: string; cert: string }

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----\n?/g
export function split(pem: string): Pair {
  const blocks = [...pem.matchAll(PEM_BLOCK)]
  return {
    key: blocks.find((b) => b[1]!.endsWith('PRIVATE KEY'))?.[0] ?? '',
    cert: blocks.find((b) => b[1] === 'CERTIFICATE')?.[0] ?? '',
  }
}

export function readPair(file: string): Pair | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new TlsError(`cannot read ${file}: ${(error as Error).message}`)
  }
  const pair = split(text)
  if (!pair.key || !pair.cert) {
    throw new TlsError(`${file} must hold a private key and a certificate (PEM); remove it to have a new one made`)
  }
  return pair
}

export function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

/** Writes `text` to a temporary file beside `file` (private unless `mode` says otherwise) and returns its name. */
export function writeTemporary(file: string, text: string, mode = 0o600): string {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    writeFileSync(temporary, text, { mode })
    chmodSync(temporary, mode) // whatever the umask
  } catch (error) {
    rmSync(temporary, { force: true })
    throw new TlsError(`cannot write in the TLS folder ${dirname(file)}: ${(error as Error).message}`)
  }
  return temporary
}

/** Swaps `file` for one holding `text`, so a reader sees the old or the new file, never half of one. */
export function replace(file: string, text: string, mode?: number): void {
  const temporary = writeTemporary(file, text, mode)
  try {
    renameSync(temporary, file)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw new TlsError(`cannot write ${file}: ${(error as Error).message}`)
  }
}
