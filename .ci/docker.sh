#!/usr/bin/env bash
# Proves the Docker image on a fresh machine: installs an engine, builds a stand-in for
# node:22-bookworm-slim (Docker Hub is unreachable here), builds the image, and checks it as users
# run it: healthy without curl, every outcome over a socket with mounted fixtures, faults declared in
# a fixture file, a database on a volume that survives restarts, `docker stop` under 2 s with exit
# code 0 (five times), compose, record/verify/fixtures-from with a volume for the session file.
# Prints `ok`/`not ok` lines and `# docker: N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
IMAGE=omeda-emulator:ci
BASE=local/node:22-bookworm-slim
NODE_VERSION=${NODE_VERSION:-22.23.3}
PORT=3917
source .ci/checks.sh
ms() { date +%s%3N; }

started_dockerd=""
containers=()
cleanup() {
  for c in "${containers[@]}"; do docker rm -f "$c" > /dev/null 2>&1; done
  docker volume rm -f omeda-ci-data omeda-ci-upstream > /dev/null 2>&1
  docker network rm omeda-ci-parity > /dev/null 2>&1
  docker ps -aq --filter label=org.testcontainers=true --filter ancestor="$IMAGE" | xargs -r docker rm -f > /dev/null 2>&1
  [ -z "${tc_work:-}" ] || rm -rf "$tc_work"
  if [ -n "$started_dockerd" ]; then kill "$started_dockerd" 2> /dev/null; wait "$started_dockerd" 2> /dev/null; fi
}
trap cleanup EXIT
trap "exit 143" TERM INT

t "docker engine"
if ! command -v dockerd > /dev/null || ! command -v debootstrap > /dev/null || ! command -v docker-compose > /dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    docker.io debootstrap docker-compose > /tmp/omeda-apt.log 2>&1 || { tail -20 /tmp/omeda-apt.log; exit 1; }
fi
if ! docker info > /dev/null 2>&1; then
  dockerd > /tmp/omeda-dockerd.log 2>&1 &
  started_dockerd=$!
  for _ in $(seq 1 120); do docker info > /dev/null 2>&1 && break; sleep 0.5; done
fi
docker info > /dev/null 2>&1 || { echo "dockerd did not start"; tail -20 /tmp/omeda-dockerd.log; exit 1; }

t "base image $BASE (Node $NODE_VERSION)"
if ! docker image inspect "$BASE" > /dev/null 2>&1; then
  NODE_VERSION=$NODE_VERSION bash .ci/node-base.sh "$BASE" || exit 1
fi

t "build $IMAGE"
build_start=$(ms)
docker build -q --build-arg NODE_IMAGE="$BASE" -t "$IMAGE" . > /tmp/omeda-build.log 2>&1
status=$?
[ $status = 0 ] || tail -30 /tmp/omeda-build.log
check $status "docker build (classic builder, NODE_IMAGE=$BASE) in $(( ($(ms) - build_start) / 1000 )) s"
[ $status = 0 ] || exit 1
# The size docs/docker.md states: the whole image, and what it adds to its base.
size=$(docker image inspect -f '{{.Size}}' "$IMAGE"); base_size=$(docker image inspect -f '{{.Size}}' "$BASE")
echo "# image size: $((size / 1000000)) MB, $(((size - base_size) / 1000000)) MB over $BASE ($((base_size / 1000000)) MB)"
user=$(docker image inspect -f '{{.Config.User}}' "$IMAGE")
[ "$user" = node ]; check $? "runs as the node user (got '$user')"
docker run --rm --entrypoint sh "$IMAGE" -c '! command -v curl && ! command -v wget' > /dev/null
check $? "no curl or wget in the image"
# dist/main.js bundles Fastify and the rest: only what it leaves outside is in node_modules.
modules=$(docker run --rm --entrypoint sh "$IMAGE" -c 'ls node_modules | tr "\n" " "')
[ -n "$modules" ] && [[ " $modules" != *" fastify "* ]] && [[ " $modules" != *" prebuild-install "* ]] \
  && [[ " $modules" == *" better-sqlite3 "* ]] && [[ " $modules" == *" pino-pretty "* ]]
check $? "node_modules holds only what the bundle loads ($(wc -w <<<"$modules") entries, no fastify)"

wait_ready() { # start time (ms), url → ms from start until ready; fails after 30 s
  local start=$1 url=$2
  for _ in $(seq 1 600); do
    curl -sf -m 2 "$url/__admin/ready" > /dev/null 2>&1 && { echo $(( $(ms) - start )); return 0; }
    sleep 0.05
  done
  return 1
}
wait_healthy() {
  for _ in $(seq 1 300); do
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$1")" = healthy ] && return 0
    sleep 0.1
  done
  return 1
}

t "smoke test with mounted fixtures"
start=$(ms)
cid=$(docker run -d -p 127.0.0.1:$PORT:3000 -v "$ROOT/test/docker/fixtures:/fixtures:ro" -e OMEDA_FIXTURES=/fixtures "$IMAGE")
containers+=("$cid")
ready_ms=$(wait_ready "$start" "http://127.0.0.1:$PORT"); check $? "ready after docker run"
echo "# docker run to ready: ${ready_ms:-?} ms"
wait_healthy "$cid"; check $? "HEALTHCHECK (our healthcheck command) reports healthy"
# What compose's `service_healthy` waits for. Docker runs the first check one interval after the
# start, so the interval bounds it: 1 s (it was 2 s, and healthy came at about 2.9 s).
echo "# docker run → healthy: $(( $(ms) - start )) ms"
interval=$(docker image inspect -f '{{json .Config.Healthcheck.Interval}}' "$IMAGE")
[ "$interval" -le 1000000000 ]; check $? "the health check runs every second or more often (${interval} ns)"
timeout 120 node test/docker/smoke.mjs "http://127.0.0.1:$PORT"
check $? "black-box smoke test over a real socket"
docker logs "$cid" 2>&1 | grep -q 'ci-app-id'; [ $? != 0 ]; check $? "the app id never appears in the container log"

t "a container that boots unhappy: faults declared in a mounted fixture file"
docker rm -f "$cid" > /dev/null 2>&1  # the smoke test's container holds the port
start=$(ms)
ucid=$(docker run -d -p 127.0.0.1:$PORT:3000 -v "$ROOT/test/docker/fixtures:/fixtures:ro" \
  -v "$ROOT/test/docker/unhappy:/unhappy:ro" -e OMEDA_FIXTURES=/fixtures,/unhappy "$IMAGE")
containers+=("$ucid")
wait_ready "$start" "http://127.0.0.1:$PORT" > /dev/null; check $? "ready with the faults of /unhappy"
cancel_qa() {
  curl -s -m 10 -D /tmp/omeda-unhappy.head -o /tmp/omeda-unhappy.body -w '%{http_code}' \
    -H 'x-omeda-appid: ci-app-id' -H 'content-type: application/json' \
    -d '{"UserId":"ciOwner","TrackId":"QA261201001"}' "http://127.0.0.1:$PORT/webservices/rest/brand/QA/omail/deployment/cancel/*"
}
code=$(cancel_qa)
[ "$code" = 429 ] && grep -qi '^retry-after: 7' /tmp/omeda-unhappy.head; check $? "the first cancel meets the rate limit (got $code)"
code=$(cancel_qa); [ "$code" = 200 ]; check $? "the retry is served (got $code)"
code=$(curl -s -m 10 -o /tmp/omeda-unhappy.body -w '%{http_code} %{content_type}' -H 'x-omeda-appid: ci-app-id' \
  "http://127.0.0.1:$PORT/webservices/rest/brand/QA/omail/deployment/lookup/QA261201002/*")
[ "$code" = '504 text/html' ] && grep -q '504 Gateway Time-out' /tmp/omeda-unhappy.body
check $? "a lookup of QA261201002 gets the proxy's HTML page (got $code)"
docker rm -f "$ucid" > /dev/null

t "omeda-emulator/testcontainers from the packed tarball"
# The module as a user gets it: the tarball and testcontainers (the version this package is
# developed against) in a scratch project, test/container/omeda-container.test.mjs under node:test.
# TESTCONTAINERS_RYUK_DISABLED: Ryuk, the reaper that removes a crashed run's containers, is an
# image from Docker Hub, which CI cannot reach; the test stops its own, and cleanup removes any left.
tc_work=$(mktemp -d)
tc_version=$(node -p "require('./package.json').devDependencies.testcontainers")
tarball=$(npm pack --silent --pack-destination "$tc_work" 2> "$tc_work/pack.log" | tail -n 1)
[ -n "$tarball" ] && [ -f "$tc_work/$tarball" ]; status=$?; [ $status = 0 ] || tail -20 "$tc_work/pack.log"
check $status "npm pack ($tarball)"
mkdir "$tc_work/app" && cp test/container/omeda-container.test.mjs "$tc_work/app/" && cp -r test/docker/fixtures "$tc_work/app/"
printf '{ "name": "tc-scratch", "private": true, "type": "module" }\n' > "$tc_work/app/package.json"
(cd "$tc_work/app" && npm install --no-audit --no-fund "$tc_work/$tarball" "testcontainers@$tc_version") \
  > "$tc_work/install.log" 2>&1
status=$?; [ $status = 0 ] || tail -20 "$tc_work/install.log"
check $status "npm install of the tarball and testcontainers@$tc_version"
(cd "$tc_work/app" && TESTCONTAINERS_RYUK_DISABLED=true OMEDA_IMAGE=$IMAGE timeout 300 \
  node --test --test-reporter=spec omeda-container.test.mjs) > "$tc_work/test.log" 2>&1
status=$?; [ $status = 0 ] || tail -60 "$tc_work/test.log"
grep -o '# start() → ready: [0-9]* ms' "$tc_work/test.log" | sed 's/^# /# testcontainers /'
check $status "node --test omeda-container.test.mjs ($(grep -o 'ℹ pass [0-9]*' "$tc_work/test.log" | sed 's/^ℹ //'))"
left=$(docker ps -aq --filter label=org.testcontainers=true --filter ancestor="$IMAGE")
[ -z "$left" ]; check $? "the test left no container behind"
[ -z "$left" ] || docker rm -f $left > /dev/null
rm -rf "$tc_work"

t "start, drive, stop: five times, database on a volume"
# A run that was interrupted can leave a container holding the volume: start from nothing.
docker ps -aq --filter volume=omeda-ci-data | xargs -r docker rm -f > /dev/null
docker volume rm -f omeda-ci-data > /dev/null
for i in 1 2 3 4 5; do
  docker rm -f "$cid" > /dev/null 2>&1
  start=$(ms)
  cid=$(docker run -d -p 127.0.0.1:$PORT:3000 -v omeda-ci-data:/data -e OMEDA_DB=/data/omeda.db \
    -v "$ROOT/test/docker/fixtures:/fixtures:ro" -e OMEDA_FIXTURES=/fixtures "$IMAGE")
  containers+=("$cid")
  wait_ready "$start" "http://127.0.0.1:$PORT" > /dev/null || { check 1 "run $i: ready"; continue; }
  code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H 'x-omeda-appid: ci-app-id' -H 'content-type: application/json' \
    -d '{"UserId":"ciOwner","TrackId":"QA261201002"}' "http://127.0.0.1:$PORT/QA/omail/deployment/cancel/*")
  want=400; [ $i = 1 ] && want=200
  [ "$code" = "$want" ]; check $? "run $i: cancel answered $code (want $want: the volume keeps state)"
  # Wait for these curls by PID: a bare `wait` would also wait for the dockerd this script started.
  curls=()
  for _ in $(seq 1 40); do
    curl -s -m 10 -o /dev/null -H 'x-omeda-appid: ci-app-id' "http://127.0.0.1:$PORT/QA/omail/deployment/lookup/QA261201001/*" &
    curls+=($!)
  done
  wait "${curls[@]}"
  stop_start=$(ms)
  timeout 60 docker stop "$cid" > /dev/null
  took=$(( $(ms) - stop_start ))
  exit_code=$(docker inspect -f '{{.State.ExitCode}}' "$cid")
  [ "$took" -lt 2000 ]; check $? "run $i: docker stop took $took ms (< 2000)"
  [ "$exit_code" = 0 ]; check $? "run $i: exit code $exit_code after SIGTERM"
done

t "docker compose example"
export OMEDA_PORT=$PORT
docker rm -f "$cid" > /dev/null 2>&1
OMEDA_IMAGE=$IMAGE timeout 300 docker-compose -p omedaci -f test/docker/compose.yml up -d > /tmp/omeda-compose.log 2>&1
check $? "docker-compose up"
ccid=$(docker-compose -p omedaci -f test/docker/compose.yml ps -q emulator 2> /dev/null)
wait_healthy "$ccid"; check $? "compose service becomes healthy"
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H 'x-omeda-appid: ci-app-id' -H 'content-type: application/json' \
  -d '{"UserId":"ciOwner","TrackId":"QA261201001"}' "http://127.0.0.1:$PORT/webservices/rest/brand/QA/omail/deployment/cancel/*")
[ "$code" = 200 ]; check $? "compose service serves the mounted fixtures ($code)"
OMEDA_IMAGE=$IMAGE timeout 120 docker-compose -p omedaci -f test/docker/compose.yml down -v > /dev/null 2>&1
check $? "docker-compose down"

t "HTTPS recipe: an unchanged client reaches ows.omedastaging.com through compose"
recipe=docs/recipes/https/compose.yml
compose() { OMEDA_IMAGE=$IMAGE APP_IMAGE=$BASE timeout 300 docker-compose -p omedahttps -f "$recipe" "$@"; }
compose up --exit-code-from app > /tmp/omeda-https-compose.log 2>&1
status=$?; [ $status = 0 ] || tail -20 /tmp/omeda-https-compose.log
check $status "the hard-coded https://ows.omedastaging.com client gets its cancel answered (compose up --exit-code-from app)"
grep -q 'app[-_]1 .* 200 {"ResponseInfo":\[{"TrackId":"FOO261124002","Url":"https://ows.omedastaging.com/' /tmp/omeda-https-compose.log
check $? "200, with a lookup Url on https://ows.omedastaging.com"
compose run --rm --entrypoint cat app /omeda/tls/ca.pem > /tmp/omeda-app-ca.pem 2> /dev/null \
  && grep -q 'BEGIN CERTIFICATE' /tmp/omeda-app-ca.pem \
  && ! compose run --rm --entrypoint cat app /omeda/tls/ca-key.pem > /dev/null 2>&1
check $? "the application reads the CA certificate from the volume, but not the CA's key"
compose run --rm -e NODE_EXTRA_CA_CERTS= app > /tmp/omeda-https-untrusted.log 2>&1
[ $? != 0 ] && grep -q 'fetch failed' /tmp/omeda-https-untrusted.log
check $? "without the CA, the same client refuses the connection"
compose down -v > /dev/null 2>&1
check $? "docker-compose down"

t "parity in the image: record with a volume for the session, verify, fixtures-from"
# The image, serving HTTPS under the name "staging" on a network of its own, stands in for Omeda's
# staging host; the recorder trusts its CA through NODE_EXTRA_CA_CERTS and writes to a bind mount.
session_dir=$(mktemp -d); chmod 777 "$session_dir"
docker network create omeda-ci-parity > /dev/null
upcid=$(docker run -d --network omeda-ci-parity --network-alias staging -e OMEDA_TLS_PORT=3443 \
  -e OMEDA_TLS_NAMES=staging -v omeda-ci-upstream:/data "$IMAGE")
containers+=("$upcid")
wait_healthy "$upcid"; check $? "the stand-in upstream is healthy"
docker run --rm -v omeda-ci-upstream:/data "$IMAGE" ca > "$session_dir/staging-ca.pem"
start=$(ms)
reccid=$(docker run -d --network omeda-ci-parity -p 127.0.0.1:$PORT:3000 -v "$session_dir:/session" \
  -e NODE_EXTRA_CA_CERTS=/session/staging-ca.pem "$IMAGE" \
  record --upstream https://staging:3443 --upstream-allow-private --out /session/session.har)
containers+=("$reccid")
wait_ready "$start" "http://127.0.0.1:$PORT" > /dev/null; status=$?
[ $status = 0 ] || docker logs "$reccid" 2>&1 | tail -20
check $status "docker run … record is ready"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'x-omeda-appid: sandbox-app-id' -H 'content-type: application/json' \
  -d '{"UserId":"omailAccount1","TrackId":"FOO261124001"}' \
  "http://127.0.0.1:$PORT/webservices/rest/brand/FOO/omail/deployment/cancel/*")
[ "$code" = 200 ]; check $? "a cancel through the recorder gets staging's 200 (got $code)"
curl -s -o /dev/null -H 'x-omeda-appid: sandbox-app-id' \
  "http://127.0.0.1:$PORT/webservices/rest/brand/FOO/omail/deployment/lookup/FOO261124001/*"
docker stop -t 10 "$reccid" > /dev/null
[ "$(docker inspect -f '{{.State.ExitCode}}' "$reccid")" = 0 ] && grep -q REDACTED-X-OMEDA-APPID-1 "$session_dir/session.har" \
  && ! grep -q sandbox-app-id "$session_dir/session.har"
check $? "docker stop ends the recorder with exit 0 and the redacted session on the volume"
docker run --rm -v "$session_dir:/session" "$IMAGE" verify /session/session.har > /tmp/omeda-verify.log 2>&1
status=$?; [ $status = 0 ] || tail -20 /tmp/omeda-verify.log
check $status "docker run … verify /session/session.har finds no difference"
docker run --rm -v "$session_dir:/session" "$IMAGE" fixtures-from /session/session.har > "$session_dir/world.json" \
  && grep -q '"Status": "Cancelled"' "$session_dir/world.json"
check $? "docker run … fixtures-from writes the deployment the session looked up"
docker rm -f "$upcid" "$reccid" > /dev/null
docker network rm omeda-ci-parity > /dev/null; docker volume rm -f omeda-ci-upstream > /dev/null
rm -rf "$session_dir"

t "HTTPS recipe: /etc/hosts, docker run -p 127.0.0.1:443:3443 and NODE_EXTRA_CA_CERTS"
if [ -w /etc/hosts ] && ! (exec 3<> /dev/tcp/127.0.0.1/443) 2> /dev/null; then
  # Rewritten in place (not renamed): /etc/hosts may be a mount point.
  restore_hosts() { grep -v '# omeda-ci$' /etc/hosts > /tmp/omeda-hosts; cat /tmp/omeda-hosts > /etc/hosts; }
  trap 'restore_hosts; cleanup' EXIT
  echo '127.0.0.1 ows.omedastaging.com # omeda-ci' >> /etc/hosts
  docker volume rm -f omeda-ci-tls > /dev/null
  start=$(ms)
  hcid=$(docker run -d -e OMEDA_TLS_PORT=3443 -p 127.0.0.1:443:3443 -p 127.0.0.1:$PORT:3000 -v omeda-ci-tls:/data "$IMAGE")
  containers+=("$hcid")
  wait_ready "$start" "http://127.0.0.1:$PORT" > /dev/null; check $? "ready with HTTPS published on 127.0.0.1:443"
  docker run --rm -v omeda-ci-tls:/data "$IMAGE" ca > /tmp/omeda-ca.pem
  grep -q 'BEGIN CERTIFICATE' /tmp/omeda-ca.pem; check $? "docker run … ca prints the CA kept in the volume"
  NODE_EXTRA_CA_CERTS=/tmp/omeda-ca.pem OMEDA_APP_ID=sandbox-app-id timeout 60 node docs/recipes/https/client.mjs > /tmp/omeda-client.log 2>&1
  status=$?; [ $status = 0 ] || cat /tmp/omeda-client.log
  check $status "the unchanged client, with NODE_EXTRA_CA_CERTS, gets $(cut -c1-3 /tmp/omeda-client.log)"
  curl -sf -m 10 --cacert /tmp/omeda-ca.pem https://ows.omedastaging.com/__admin/health > /dev/null
  check $? "curl --cacert trusts it too"
  docker rm -f "$hcid" > /dev/null
  cid2=$(docker run -d -p 127.0.0.1:$PORT:3000 -v omeda-ci-tls:/data "$IMAGE")
  containers+=("$cid2")
  wait_ready "$(ms)" "http://127.0.0.1:$PORT" > /dev/null
  [ "$(docker run --rm -v omeda-ci-tls:/data "$IMAGE" ca)" = "$(cat /tmp/omeda-ca.pem)" ]
  check $? "a new container on the same volume keeps the CA"
  docker rm -f "$cid2" > /dev/null
  docker volume rm -f omeda-ci-tls > /dev/null
  restore_hosts
  ! grep -q 'omeda-ci$' /etc/hosts; check $? "/etc/hosts restored"
else
  check 1 "this recipe needs a writable /etc/hosts and a free port 443"
fi

summary docker
[ "$failed" = 0 ]
