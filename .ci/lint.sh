#!/usr/bin/env bash
# Lint (`npm run lint`: neostandard with TypeScript, lines up to 120 characters). Prints the findings
# by rule, the first of them one a line, and `# lint: N passed, M failed`, counting files: a file
# passes when ESLint finds nothing in it. Needs `npm ci`.
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/checks.sh
report=$(mktemp)
trap 'rm -f "$report"' EXIT

t "eslint"
npx --no-install eslint --format json --output-file "$report" . 2> "$report.err"
status=$?
if [ ! -s "$report" ]; then
  cat "$report.err"; rm -f "$report.err"
  echo "eslint wrote no report (exit $status)"
  echo "# lint: 0 passed, 1 failed"
  exit 1
fi
rm -f "$report.err"
node - "$report" "$PWD/" <<'JS'
const [file, root] = process.argv.slice(2)
const results = JSON.parse(require('node:fs').readFileSync(file, 'utf8'))
const findings = results.flatMap((r) => r.messages.map((m) => ({ ...m, file: r.filePath.replace(root, '') })))
const byRule = new Map()
for (const f of findings) byRule.set(f.ruleId ?? '(parse error)', (byRule.get(f.ruleId ?? '(parse error)') ?? 0) + 1)
if (findings.length > 0) {
  console.log(`# ${findings.length} findings in ${results.filter((r) => r.messages.length > 0).length} files, by rule:`)
  for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1])) console.log(`#   ${String(n).padStart(5)} ${rule}`)
  for (const f of findings.slice(0, 50)) console.log(`${f.file}:${f.line}:${f.column} ${f.ruleId ?? ''} ${f.message}`)
  if (findings.length > 50) console.log(`… and ${findings.length - 50} more: npm run lint`)
}
const failed = results.filter((r) => r.messages.length > 0).length
console.log(`# lint: ${results.length - failed} passed, ${failed} failed`)
process.exitCode = failed > 0 ? 1 : 0
JS
