// Reads a snapshot file given at start (--snapshot): a regular file that no other local user can
// have written, holding JSON. What it holds is checked when it is loaded (snapshot-document.ts).
import { readFileSync, statSync } from 'node:fs'

/** A snapshot file that cannot be used: one line saying why, and the emulator does not start. */
export class SnapshotFileError extends Error {
  constructor(file: string, problem: string) {
    super(`cannot load the snapshot ${file}: ${problem}`)
    this.name = 'SnapshotFileError'
  }
}

/** Root, and the user the emulator runs as: no one else's file is trusted to hold a world. */
const trusted = (uid: number): boolean => uid === 0 || uid === process.getuid?.()

function whyNot(file: string): string | undefined {
  let stat
  try {
    stat = statSync(file)
  } catch (error) {
    return `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`
  }
  if (!stat.isFile()) return 'it is not a regular file'
  if (process.getuid !== undefined && !trusted(stat.uid)) return `it belongs to another user (uid ${stat.uid})`
  if (process.getuid !== undefined && (stat.mode & 0o022) !== 0) {
    return `other users can write it (mode 0${(stat.mode & 0o777).toString(8)}); remove their write access`
  }
  return undefined
}

/** The file's JSON, not yet checked as a snapshot. */
export function readSnapshotFile(file: string): unknown {
  const problem = whyNot(file)
  if (problem !== undefined) throw new SnapshotFileError(file, problem)
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new SnapshotFileError(file, `it is not JSON (${(error as Error).message})`)
  }
}
