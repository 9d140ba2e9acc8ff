#!/usr/bin/env bash
# Fails when schema.graphql is stale (differs from what the type-graphql classes print)
# or when it does not cover the public contract in ../shared/contract/gateway.graphql.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
node -r ./scripts/ts-register.js src/schema/print-schema.ts > "$tmp"
if ! diff -u schema.graphql "$tmp" > /dev/null; then
  echo "schema.graphql is stale: run 'npm run schema' and commit it" >&2
  diff -u schema.graphql "$tmp" | head -40 >&2
  exit 1
fi
echo "schema.graphql is up to date"
if [ -f ../shared/contract/check.mjs ]; then
  node ../shared/contract/check.mjs schema.graphql
else
  echo "contract check skipped: ../shared/contract/check.mjs not found" >&2
fi
