// The TLS folder and the keys in it decide what a user's machine trusts: another local user who owns
// or can write them could have the emulator sign with a CA of theirs, which the user was told to
// trust system-wide. Such files are refused, as ssh refuses loose key files; their modes are never
// changed. Each check answers what is wrong, in words that point at the fix, or undefined.
import { lstatSync, statSync, type Stats } from 'node:fs'

/** Owners trusted besides the user the emulator runs as: root, who can write anything anyway. */
const trustedOwner = (uid: number, self: number): boolean => uid === self || uid === 0

const octal = (mode: number): string => `0${(mode & 0o777).toString(8)}`

function statIfThere(path: string, follow: boolean): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * A path as these checks see it: another user's stake in it (the link itself too, when it is one)
 * and its mode; undefined where the system has no users to tell apart (Windows).
 */
function inspect(path: string): { foreign: string | undefined; mode: number | undefined } | undefined {
  const self = process.getuid?.()
  if (self === undefined) return undefined
  const link = statIfThere(path, false)
  const target = link?.isSymbolicLink() === true ? statIfThere(path, true) : link
  const stranger = [link, target].find((stats) => stats !== undefined && !trustedOwner(stats.uid, self))
  return {
    foreign: stranger &&
      `${path} belongs to another user (uid ${stranger.uid}), who could have put a CA or key of theirs in it`,
    mode: target?.mode,
  }
}

/** What is wrong with the folder that holds the CA: another owner, or write access for others. */
export function folderProblem(dir: string): string | undefined {
  const seen = inspect(dir)
  if (seen?.foreign !== undefined) return `the TLS folder ${seen.foreign}; use a folder of your own (--tls-dir)`
  const mode = seen?.mode ?? 0
  if ((mode & 0o022) !== 0) {
    return `the TLS folder ${dir} can be written by other users (mode ${octal(mode)}); remove their write access ` +
      '(chmod go-w) or use a folder of your own (--tls-dir)'
  }
  return undefined
}

/**
 * What is wrong with a file in the TLS folder, if it exists: another owner, or, for a private key,
 * any access by others (for the published CA certificate, write access).
 */
export function fileProblem(file: string, kind: 'private' | 'public'): string | undefined {
  const seen = inspect(file)
  if (seen?.foreign !== undefined) return `${seen.foreign}; remove it to have a new one made`
  const mode = seen?.mode
  if (mode === undefined) return undefined
  if (kind === 'private' && (mode & 0o077) !== 0) {
    return `${file} holds a private key that other users can read or write (mode ${octal(mode)}); make it yours ` +
      'alone (chmod 600) or remove it to have a new one made'
  }
  if (kind === 'public' && (mode & 0o022) !== 0) {
    return `${file} can be written by other users (mode ${octal(mode)}); remove ` +
      'their write access (chmod go-w) or remove it to have it written again'
  }
  return undefined
}

/**
 * What is wrong with a file of the user's own that decides what is trusted (--tls-key, the
 * recorder's --upstream-ca), named `label`: another owner, or write access for others. Reading is
 * theirs to allow.
 */
export function userFileProblem(file: string, label: string): string | undefined {
  const seen = inspect(file)
  if (seen?.foreign !== undefined) return `the ${label} ${seen.foreign}`
  const mode = seen?.mode
  if (mode !== undefined && (mode & 0o022) !== 0) {
    return `the ${label} ${file} can be written by other users (mode ` +
      `${octal(mode)}); remove their write access (chmod go-w)`
  }
  return undefined
}
