// The verify command's options: their rows of the options table (options.ts spreads them in at its
// end). Each belongs to verify, so the emulator refuses them when it serves.
import type { Option } from '../options.js'

export function verifyOptions(splitList: (raw: string) => string[]): Option[] {
  return [
    { flag: 'ignore', env: 'OMEDA_VERIFY_IGNORE', default: '', shown: 'none', command: 'verify',
      help: 'verify: comma-separated differences not to report: endpoint names, JSON paths ($.Errors[*].Error), ' +
        'status, content-type or header:<name>',
      set: (c, raw) => { c.verifyIgnore = splitList(raw) } },
    { flag: 'known-gaps', env: 'OMEDA_KNOWN_GAPS', default: '', shown: 'none', command: 'verify',
      help: 'verify: a JSON file of accepted differences, ' +
        '{ "gaps": [{ "entry"?, "endpoint"?, "kind"?, "path"?, "reason" }] }',
      set: (c, raw) => { c.knownGaps = raw === '' ? undefined : raw } },
    { flag: 'json', env: 'OMEDA_VERIFY_JSON', default: '', shown: 'none', command: 'verify',
      help: 'verify: also write the differences to this file as JSON',
      set: (c, raw) => { c.verifyJson = raw === '' ? undefined : raw } },
    { flag: 'junit', env: 'OMEDA_VERIFY_JUNIT', default: '', shown: 'none', command: 'verify',
      help: 'verify: also write a JUnit XML report to this file (a test case per exchange)',
      set: (c, raw) => { c.verifyJunit = raw === '' ? undefined : raw } },
    { flag: 'app-id', env: 'OMEDA_VERIFY_APP_ID', default: '', shown: "the fixtures' first app", command: 'verify',
      help: "verify: the app id the session's REDACTED-X-OMEDA-APPID-1 stands for in the replay",
      set: (c, raw) => { c.verifyAppId = raw === '' ? undefined : raw } },
  ]
}
