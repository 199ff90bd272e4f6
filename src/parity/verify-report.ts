// A verify run's report in three forms: a table per exchange for people, JSON for machines, and JUnit
// XML for CI (one test case per exchange; its differences are the failure).
import { XMLBuilder } from 'fast-xml-parser'
import type { AcceptedDifference, Difference, ExchangeResult, VerifyReport } from './verify.js'

/** A value as one table cell: JSON for anything but plain text, cut to a width a terminal shows. */
function cell(value: unknown, width = 40): string {
  const text = value === null || value === undefined ? '-' : typeof value === 'string' ? value : JSON.stringify(value)
  const line = text.replace(/\s+/g, ' ')
  return line.length > width ? `${line.slice(0, width - 1)}…` : line
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  return rows.map((row) => `  ${row.map((text, i) => text.padEnd(widths[i]!)).join('  ')}`.trimEnd())
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`

const HEAD = ['endpoint', 'kind', 'path', 'recorded', 'emulator']
const row = (d: Difference) => [d.endpoint, d.kind, cell(d.path, 50), cell(d.recorded), cell(d.emulator)]

function exchangeLines(result: ExchangeResult): string[] {
  const title = `#${result.index} ${result.method} ${cell(new URL(result.url).pathname, 80)}`
  if (result.skipped !== undefined) return [`${title}: skipped, ${result.skipped}`]
  const found = result.differences.length
  const lines = [`${title}: ${found === 0 ? 'same' : count(found, 'difference')}`]
  if (result.differences.length > 0) lines.push(...table([HEAD, ...result.differences.map(row)]))
  return lines
}

/** The report as people read it: each exchange, then the accepted gaps, the notes and a count. */
export function reportText(report: VerifyReport): string {
  const lines = report.results.flatMap(exchangeLines)
  if (report.accepted.length > 0) {
    lines.push('', `accepted as known gaps (${report.accepted.length}):`,
      ...table([['#', ...HEAD, 'reason'], ...report.accepted.map((a) => [`#${a.index}`, ...row(a), a.reason])]))
  }
  if (report.notes.length > 0) lines.push('', ...report.notes.map((note) => `note: ${note}`))
  const skipped = report.results.filter((r) => r.skipped !== undefined).length
  lines.push('', `${count(report.exchanges, 'exchange')}, ${count(report.differences.length, 'difference')}` +
    `${report.accepted.length > 0 ? `, ${report.accepted.length} accepted as known gaps` : ''}` +
    `${skipped > 0 ? `, ${skipped} skipped` : ''}`)
  return `${lines.join('\n')}\n`
}

const plain = ({ index, endpoint, kind, path, recorded, emulator }: Difference) =>
  ({ index, endpoint, kind, path, recorded: recorded ?? null, emulator: emulator ?? null })

/** `{ exchanges, differences, accepted, notes }`: differences as the issue's format gives them. */
export function reportJson(report: VerifyReport): string {
  return `${JSON.stringify({
    exchanges: report.exchanges,
    differences: report.differences.map(plain),
    accepted: report.accepted.map((a: AcceptedDifference) => ({ ...plain(a), reason: a.reason })),
    notes: report.notes,
  }, null, 2)}\n`
}

const describe = (d: Difference) => `${d.kind} at ${d.path}: ` +
  `recorded ${JSON.stringify(d.recorded ?? null)}, emulator ${JSON.stringify(d.emulator ?? null)}`

/** JUnit XML: a test suite for the session, a test case per exchange. */
export function reportJunit(report: VerifyReport, name = 'session'): string {
  const failures = report.results.filter((r) => r.differences.length > 0).length
  const skipped = report.results.filter((r) => r.skipped !== undefined).length
  const testcase = (r: ExchangeResult) => ({
    '@_name': `#${r.index} ${r.method} ${new URL(r.url).pathname}`,
    '@_classname': `omeda-emulator.verify.${r.endpoint}`,
    ...(r.skipped !== undefined ? { skipped: { '@_message': r.skipped } } : {}),
    ...(r.differences.length > 0
      ? {
          failure: {
            '@_message': `${count(r.differences.length, 'difference')} from the recorded answer`,
            '@_type': 'parity',
            '#text': r.differences.map(describe).join('\n'),
          },
        }
      : {}),
    ...(r.accepted.length > 0
      ? { 'system-out': r.accepted.map((a) => `accepted (${a.reason}): ${describe(a)}`).join('\n') }
      : {}),
  })
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'omeda-emulator verify', '@_tests': report.exchanges, '@_failures': failures,
      testsuite: {
        '@_name': name, '@_tests': report.exchanges, '@_failures': failures, '@_skipped': skipped, '@_errors': 0,
        testcase: report.results.map(testcase),
      },
    },
  }
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true })
  return builder.build(document) as string
}
