#!/usr/bin/env bash
# Proves the package the way a user gets it: `npm pack` (prepack builds dist/), the tarball linted
# (publint, arethetypeswrong), installed with --engine-strict, then installed into a scratch project and used there: the bin through
# npx (--version, a start and a SIGTERM stop), an ESM consumer, and a strict TypeScript consumer
# (NodeNext, skipLibCheck off), the vitest example of docs/testing.md, and parity (record through a
# stand-in upstream, verify, fixtures-from). Prints `ok`/`not ok` lines and `# package: N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=3931
source .ci/checks.sh
show() { [ "$1" = 0 ] || tail -n 30 "$2"; }
work=$(mktemp -d)
server=""
upstream=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2> /dev/null; wait "$server" 2> /dev/null; fi
  if [ -n "$upstream" ]; then kill "$upstream" 2> /dev/null; wait "$upstream" 2> /dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
version=$(node -p "require('./package.json').version")

t "npm pack"
tarball=$(npm pack --silent --pack-destination "$work" 2> "$work/pack.log" | tail -n 1)
[ -n "$tarball" ] && [ -f "$work/$tarball" ]; status=$?; show $status "$work/pack.log"
check $status "npm pack builds and packs the package ($tarball)"
[ $status = 0 ] || { summary package; exit 1; }
# Listed to a file first: `grep -q` closing the pipe early would fail tar under pipefail.
tar -tzf "$work/$tarball" > "$work/files.txt"
grep -qx 'package/dist/index.d.ts' "$work/files.txt"; check $? "the tarball holds dist/ with its type declarations"
npx --no-install publint run "$work/$tarball" --strict > "$work/publint.log" 2>&1; status=$?; show $status "$work/publint.log"
check $status "publint --strict finds nothing"
npx --no-install attw "$work/$tarball" --profile esm-only > "$work/attw.log" 2>&1; status=$?; show $status "$work/attw.log"
check $status "arethetypeswrong (esm-only) finds nothing"

t "engine-strict install on node $(node --version)"
# Every runtime dependency must accept every Node that `engines` claims; .ci/node-versions.sh checks 22 and 24.
mkdir "$work/strict" && printf '{ "name": "strict", "private": true }\n' > "$work/strict/package.json"
(cd "$work/strict" && npm install --engine-strict --ignore-scripts --no-audit --no-fund "$work/$tarball") > "$work/strict.log" 2>&1
status=$?; show $status "$work/strict.log"
check $status "npm install --engine-strict of the tarball on node $(node --version)"

t "install into a scratch project"
mkdir "$work/app" && cp test/package/consumer.mjs test/package/consumer.ts test/package/tsconfig.json \
  test/examples/in-process.vitest.test.mjs "$work/app/"
cd "$work/app" || exit 1
printf '{ "name": "scratch", "private": true, "type": "module" }\n' > package.json
typescript=$(node -p "require('$ROOT/package.json').devDependencies.typescript")
types_node=$(node -p "require('$ROOT/package.json').devDependencies['@types/node']")
# The newest vitest that runs on every Node the package supports (vitest 5 needs Node 22).
npm install --no-audit --no-fund "$work/$tarball" "typescript@$typescript" "@types/node@$types_node" vitest@4.1.12 > install.log 2>&1
status=$?; show $status install.log; check $status "npm install of the tarball"

# Both names: omeda-emulator, and omeda-cancel-emulator for scripts written before the rename.
for bin in omeda-emulator omeda-cancel-emulator; do
  got=$(npx --no-install "$bin" --version 2>&1); [ "$got" = "$version" ]
  check $? "npx $bin --version prints $version (got '$got')"
  PORT=$PORT LOG_LEVEL=warn "./node_modules/.bin/$bin" > server.log 2>&1 &
  server=$!
  ready=1
  for _ in $(seq 1 300); do curl -sf -m 2 "http://127.0.0.1:$PORT/__admin/ready" > /dev/null 2>&1 && { ready=0; break; }; sleep 0.1; done
  show $ready server.log; check $ready "the installed bin $bin starts and is ready"
  kill -TERM "$server"; wait "$server"; code=$?; server=""
  [ "$code" = 0 ]; check $? "SIGTERM stops $bin with exit code 0 (got $code)"
done
t "parity from the tarball: record, verify, fixtures-from"
# The installed emulator, serving HTTPS, stands in for Omeda's staging host.
bin=./node_modules/.bin/omeda-emulator
mkdir "$work/up"
"$bin" --port $((PORT + 1)) --tls-port $((PORT + 2)) --db "$work/up/up.db" --log-level warn > upstream.log 2>&1 &
upstream=$!
wait_ok() { for _ in $(seq 1 300); do curl -sf -m 2 "$1" > /dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
wait_ok "http://127.0.0.1:$((PORT + 1))/__admin/ready"; check $? "the stand-in upstream serves HTTPS"
"$bin" ca --db "$work/up/up.db" > up-ca.pem
NODE_EXTRA_CA_CERTS=$PWD/up-ca.pem "$bin" record --upstream "https://127.0.0.1:$((PORT + 2))" --upstream-allow-private \
  --out "$work/session.har" --port $((PORT + 3)) --log-level warn > record.log 2>&1 &
server=$!
wait_ok "http://127.0.0.1:$((PORT + 3))/__admin/ready"; status=$?; show $status record.log
check $status "npx omeda-emulator record is ready, trusting the upstream through NODE_EXTRA_CA_CERTS"
E="http://127.0.0.1:$((PORT + 3))/webservices/rest/brand/FOO/omail/deployment"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'x-omeda-appid: sandbox-app-id' -H 'content-type: application/json' \
  -d '{"UserId":"omailAccount1","TrackId":"FOO261124001"}' "$E/cancel/*")
[ "$code" = 200 ]; check $? "a cancel through the recorder gets the upstream's 200 (got $code)"
curl -s -o /dev/null -H 'x-omeda-appid: sandbox-app-id' "$E/lookup/FOO261124001/*"
kill -TERM "$server"; wait "$server"; code=$?; server=""
entries=$(node -p "JSON.parse(require('fs').readFileSync('$work/session.har', 'utf8')).log.entries.length")
[ "$code" = 0 ] && [ "$entries" = 2 ]
check $? "SIGTERM stops the recorder (exit $code) with both exchanges in the session file (got $entries)"
! grep -q 'sandbox-app-id' "$work/session.har"; check $? "the session file holds no app id"
npx --no-install omeda-emulator verify "$work/session.har" > verify.log 2>&1; status=$?; show $status verify.log
check $status "npx omeda-emulator verify finds no difference (exit $status)"
npx --no-install omeda-emulator fixtures-from "$work/session.har" > world.json 2> fixtures-from.log
status=$?; show $status fixtures-from.log
[ $status = 0 ] && [ "$(node -p "require('./world.json').deployments[0].Status")" = Cancelled ]
check $? "npx omeda-emulator fixtures-from writes the cancelled deployment it saw"
kill -TERM "$upstream"; wait "$upstream"; upstream=""

node consumer.mjs > consumer.log 2>&1; status=$?; show $status consumer.log; check $status "an ESM consumer uses startEmulator (HTTP and HTTPS), buildApp and the client"
npx --no-install tsc -p tsconfig.json > tsc.log 2>&1; status=$?; show $status tsc.log
check $status "a strict TypeScript consumer type-checks against the declarations (skipLibCheck off)"

NO_COLOR=1 npx --no-install vitest run --reporter=verbose in-process.vitest.test.mjs > vitest.log 2>&1; status=$?; show $status vitest.log
[ $status = 0 ] && grep -q 'Tests  *2 passed' vitest.log; check $? "the vitest example of docs/testing.md passes with startEmulator"
summary package
[ "$failed" = 0 ]
