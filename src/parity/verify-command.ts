// `omeda-emulator verify session.har`: reads the session and the options, replays, prints the table,
// writes the JSON and JUnit reports asked for. Exit 0: no difference outside the ignores and known
// gaps; 1: differences; 2: a session file, known-gaps file or option it cannot use (one line).
import { basename } from 'node:path'
import type { Config } from '../config.js'
import { readKnownGaps, VerifyInputError } from './known-gaps.js'
import { readSession, SessionFileError, writeSession } from './session-file.js'
import { verifySession } from './verify.js'
import { reportJson, reportJunit, reportText } from './verify-report.js'

export interface VerifyIo {
  out: (text: string) => void
  err: (text: string) => void
}

function write(file: string, text: string, what: string): void {
  try {
    writeSession(file, text)
  } catch (error) {
    throw new VerifyInputError(`cannot write the ${what} report ${file}: ${(error as Error).message}`)
  }
}

export async function runVerify(args: string[], config: Config, io: VerifyIo): Promise<number> {
  try {
    if (args.length !== 1) {
      throw new VerifyInputError(`verify takes one session file, not ${args.length} (${args.join(', ')})`)
    }
    const [file] = args as [string]
    const session = readSession(file)
    const report = await verifySession(session, {
      config,
      ignore: config.verifyIgnore,
      ...(config.verifyAppId === undefined ? {} : { appId: config.verifyAppId }),
      ...(config.knownGaps === undefined ? {} : { knownGaps: readKnownGaps(config.knownGaps) }),
      sessionName: file,
    })
    io.out(reportText(report))
    if (config.verifyJson !== undefined) write(config.verifyJson, reportJson(report), 'JSON')
    if (config.verifyJunit !== undefined) write(config.verifyJunit, reportJunit(report, basename(file)), 'JUnit')
    return report.differences.length === 0 ? 0 : 1
  } catch (error) {
    if (!(error instanceof VerifyInputError || error instanceof SessionFileError)) throw error
    io.err(`${error.message}\n`)
    return 2
  }
}
