#!/usr/bin/env bash
# The dashboard in a real browser: Debian's chromium (installed here if missing), driven by
# playwright-core, over the in-process server. The screenshots of the main views land in
# docs/images, where docs/testing.md shows them.
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/checks.sh

t "chromium"
if ! command -v chromium > /dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq > /tmp/omeda-apt.log 2>&1 && timeout 600 apt-get install -y -qq chromium >> /tmp/omeda-apt.log 2>&1
  status=$?
  [ $status = 0 ] || tail -n 20 /tmp/omeda-apt.log
fi
command -v chromium > /dev/null
check $? "chromium is installed ($(timeout 30 chromium --version 2> /dev/null || echo none))"
[ "$failed" = 0 ] || { summary browser; exit 1; }

t "dashboard tests"
# Fresh screenshots in a folder of their own, so the checks below see what this run took.
shots=$(mktemp -d)
log=$(mktemp)
SCREENSHOTS="$shots" CHROMIUM_PATH="$(command -v chromium)" timeout 700 \
  npx tap --reporter=tap --disable-coverage --timeout=600 test/browser/*.spec.ts > "$log" 2>&1
status=$?
line=$(grep -E '^# \{ total: [0-9]+' "$log" | tail -n 1)
[ $status = 0 ] || { grep -B2 -A25 '^\s*not ok' "$log" | head -n 120; tail -n 20 "$log"; }
check $status "the dashboard in chromium: ${line:-no tap summary line}"
mkdir -p docs/images
for shot in dashboard dashboard-journal dashboard-controls; do
  [ -s "$shots/$shot.png" ] && cp "$shots/$shot.png" docs/images/; check $? "screenshot docs/images/$shot.png, taken by this run"
done
rm -rf "$log" "$shots"
summary browser
[ "$failed" = 0 ]
