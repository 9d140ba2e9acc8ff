#!/usr/bin/env bash
# `npm test`: type-check, schema and contract check, client codegen check, then the jest suites
# (unit, sandbox, journal on SQLite and on a throwaway PostgreSQL, API).
set -euo pipefail
cd "$(dirname "$0")/.."
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY

# The type-check and the lint read the same files and need nothing of each other: run side by side.
mkdir -p .tmp
# (explorer/ is the explorer's browser code: its own tsconfig, with the DOM and JSX.)
{ npx tsc --noEmit -p . && npx tsc --noEmit -p explorer; } > .tmp/typecheck-output.txt 2>&1 & typecheck=$!
npm run lint --silent > .tmp/lint-output.txt 2>&1 & lint=$!
typecheck_status=0; wait "$typecheck" || typecheck_status=$?
lint_status=0; wait "$lint" || lint_status=$?
echo "== type-check"
cat .tmp/typecheck-output.txt
echo "== lint (layering: no import cycles, sandbox apart, services below the GraphQL layer, a pure planner)"
cat .tmp/lint-output.txt
if [ "$typecheck_status" != 0 ] || [ "$lint_status" != 0 ]; then exit 1; fi

echo "== schema.graphql and the public contract"
bash scripts/check-schema.sh

if [ -f codegen.yml ]; then
  echo "== client codegen from schema.graphql and examples/operations"
  bash scripts/check-codegen.sh
fi

if [ -z "${TEST_DATABASE_URL:-}" ] && [ -x scripts/postgres/ensure-postgres.sh ]; then
  echo "== PostgreSQL for the journal suites"
  if url=$(bash scripts/postgres/ensure-postgres.sh); then
    export TEST_DATABASE_URL="$url"
  else
    echo "PostgreSQL could not be started: the PostgreSQL variants of the journal suites will be skipped" >&2
  fi
fi

echo "== jest"
set +e
npx jest --ci "$@" 2>&1 | tee .tmp/jest-output.txt
status=${PIPESTATUS[0]}
set -e
# One plain closing line with jest's counts (CI reads "N passed, N failed").
tests_line=$(grep -E '^Tests:' .tmp/jest-output.txt | tail -n 1 || true)
count() { echo "$tests_line" | grep -oE "[0-9]+ $1" | grep -oE '^[0-9]+' || echo 0; }
if [ -n "$tests_line" ]; then
  skipped=$(count skipped)
  summary="$(count passed) passed, $(count failed) failed"
  [ "$skipped" != "0" ] && summary="$summary, $skipped skipped"
  echo "$summary" > .tmp/jest-summary
  echo "jest: $summary"
fi
exit "$status"
