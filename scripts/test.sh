#!/usr/bin/env bash
# `npm test`: type-check, schema and contract check, client codegen check, then the jest suites
# (unit, sandbox, journal on SQLite and on a throwaway PostgreSQL, API).
set -euo pipefail
cd "$(dirname "$0")/.."
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY

echo "== type-check"
npx tsc --noEmit -p .

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
npx jest --ci "$@"
