# What the CI stage scripts share: counted `ok`/`not ok` lines, a timestamped heading, and the
# closing `# {stage}: N passed, M failed` line that .ci/run adds up. Sourced, not run.
passed=0; failed=0
check() { if [ "$1" = 0 ]; then passed=$((passed + 1)); echo "ok - $2"; else failed=$((failed + 1)); echo "not ok - $2"; fi; }
t() { echo "# [$(date +%T)] $*"; }
summary() { echo "# $1: $passed passed, $failed failed"; }
