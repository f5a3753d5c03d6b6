#!/usr/bin/env bash
# make test-production: the stack up (scripts/stack.sh), the tests of tests/production against
# it over HTTPS, the stack down again whatever happened. Exits with the tests' status.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

started=$SECONDS
# The tests need no food catalog: a new database is left without it (make stack loads it).
STACK_CATALOG="${STACK_CATALOG:-0}" scripts/stack.sh up
trap 'scripts/stack.sh down' EXIT
echo "stack: up in $((SECONDS - started)) s"
tests_started=$SECONDS
status=0
.venv/bin/pytest tests/production -m production -p no:randomly -n 0 --durations=5 "$@" || status=$?
echo "stack: production tests took $((SECONDS - tests_started)) s"
exit $status
